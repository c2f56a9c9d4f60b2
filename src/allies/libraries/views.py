"""Signing in, choosing a library, the library's settings, members and invitations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView, redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from allies.core.languages import supported
from allies.libraries import invitations, throttling
from allies.libraries.access import MEMBERS, OWNERS, library_view
from allies.libraries.forms import (
    BranchForm,
    InvitationForm,
    JoinForm,
    LibraryProfileForm,
    ProfileForm,
    RoleForm,
)
from allies.libraries.members import LastOwnerError, change_role, remove_member
from allies.libraries.models import Branch, Invitation, Library, Membership, Role, User


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset view, with the form counting the links asked for (libraries/throttling.py)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.request = self.request
        return form


def home(request):
    """Send a signed-in person to the library they used last (or their first one)."""
    if not request.user.is_authenticated:
        return redirect("login")
    libraries = Library.objects.for_user(request.user)
    last = request.session.get("library_slug")
    library = libraries.filter(slug=last).first() if last else None
    library = library or libraries.first()
    if library is None:
        return render(request, "libraries/no_library.html")
    return redirect("today", library_slug=library.slug)


@login_required
@require_GET
def switch_library(request):
    library = Library.objects.for_user(request.user).filter(slug=request.GET.get("library")).first()
    if library is None:
        raise Http404("No such library")
    return redirect("today", library_slug=library.slug)


# Library profile and branches -------------------------------------------------------------


@library_view(role=MEMBERS)
def settings_page(request):
    branches = Branch.objects.filter(library=request.library)
    return render(request, "libraries/settings.html", {"branches": branches})


@library_view(role=OWNERS)
def settings_edit(request):
    form = LibraryProfileForm(request.POST or None, instance=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Library profile saved."))
        return redirect("libraries:settings", library_slug=request.library.slug)
    return render(request, "libraries/settings_edit.html", {"form": form})


@library_view(role=OWNERS)
def branch_add(request):
    return _branch_form(request, Branch(library=request.library))


@library_view(role=OWNERS)
def branch_edit(request, pk):
    return _branch_form(request, get_object_or_404(Branch, library=request.library, pk=pk))


def _branch_form(request, branch):
    adding = branch.pk is None
    form = BranchForm(request.POST or None, instance=branch)
    if request.method == "POST" and form.is_valid():
        form.save()
        text = _("Branch “%(name)s” added.") if adding else _("Branch “%(name)s” saved.")
        messages.success(request, text % {"name": branch.name})
        return redirect("libraries:settings", library_slug=request.library.slug)
    return render(request, "libraries/branch_form.html", {"form": form, "branch": branch})


@library_view(role=OWNERS)
def branch_remove(request, pk):
    branch = get_object_or_404(Branch, library=request.library, pk=pk)
    if request.method == "POST":
        branch.delete()
        messages.success(request, _("Branch “%(name)s” removed.") % {"name": branch.name})
        return redirect("libraries:settings", library_slug=request.library.slug)
    return render(request, "libraries/branch_remove.html", {"branch": branch})


# The member's own profile -----------------------------------------------------------------


@library_view(role=MEMBERS)
def my_profile(request):
    """The signed-in member's name and language (the language holds in every library)."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Answer in the language just chosen (or the browser's, for "the same as my browser").
        translation.activate(
            supported(user.language) or translation.get_language_from_request(request)
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("libraries:my_profile", library_slug=request.library.slug)
    return render(request, "libraries/my_profile.html", {"form": form})


# Members and invitations -------------------------------------------------------------------


ROLE_NAMES = {
    Role.OWNER: gettext_lazy("Owner"),
    Role.STAFF: gettext_lazy("Staff"),
    Role.VOLUNTEER: gettext_lazy("Volunteer"),
}


@library_view(role=MEMBERS)
def members(request):
    memberships = list(
        Membership.objects.filter(library=request.library)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    for membership in memberships:
        membership.role_name = ROLE_NAMES[membership.role]
    context = {"memberships": memberships, "roles": list(ROLE_NAMES.items())}
    if request.membership.is_owner:
        context["invitations"] = Invitation.objects.filter(
            library=request.library, accepted_at=None, revoked_at=None
        ).select_related("invited_by")
        context["expiry"] = timezone.now() - invitations.max_age()
        context["lockouts"] = throttling.recent_lockouts(request.library)
    return render(request, "libraries/members.html", context)


@library_view(role=OWNERS)
@require_POST
def member_role(request, pk):
    membership = get_object_or_404(Membership, library=request.library, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles: owner, staff or volunteer."))
    else:
        try:
            if change_role(membership, form.cleaned_data["role"]):
                membership.refresh_from_db()
                messages.success(
                    request,
                    _("%(name)s is now %(role)s.")
                    % {"name": membership.user, "role": membership.get_role_display()},
                )
        except LastOwnerError as error:
            messages.error(request, error.message)
    return redirect("libraries:members", library_slug=request.library.slug)


@library_view(role=OWNERS)
def member_remove(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("user"), library=request.library, pk=pk
    )
    if request.method != "POST":
        return render(request, "libraries/member_remove.html", {"member": membership})
    try:
        remove_member(membership)
    except LastOwnerError as error:
        messages.error(request, error.message)
        return redirect("libraries:members", library_slug=request.library.slug)
    messages.success(
        request,
        _("%(name)s no longer has access to %(library)s.")
        % {"name": membership.user, "library": request.library},
    )
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("libraries:members", library_slug=request.library.slug)


@library_view(role=OWNERS)
def invite(request):
    form = InvitationForm(request.POST or None, library=request.library)
    if request.method == "POST" and form.is_valid():
        wait = throttling.invitation_wait(request, form.cleaned_data["email"])
        if wait:
            form.add_error("email", throttling.wait_message(wait))
            context = {"form": form, "days": settings.INVITATION_MAX_AGE_DAYS}
            return render(request, "libraries/invite.html", context)
        invitation = form.save(commit=False)
        invitation.library = request.library
        invitation.invited_by = request.user
        invitation.save()
        invitations.send_invitation(invitation, request)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("libraries:members", library_slug=request.library.slug)
    context = {"form": form, "days": settings.INVITATION_MAX_AGE_DAYS}
    return render(request, "libraries/invite.html", context)


def _open_invitation(request, pk):
    return get_object_or_404(
        Invitation, library=request.library, pk=pk, accepted_at=None, revoked_at=None
    )


@library_view(role=OWNERS)
@require_POST
def invitation_revoke(request, pk):
    invitation = _open_invitation(request, pk)
    invitations.revoke(invitation)
    messages.success(
        request,
        _("The invitation to %(email)s was withdrawn; its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("libraries:members", library_slug=request.library.slug)


@library_view(role=OWNERS)
@require_POST
def invitation_resend(request, pk):
    invitation = _open_invitation(request, pk)
    wait = throttling.invitation_wait(request, invitation.email)
    if wait:
        messages.error(request, throttling.wait_message(wait))
        return redirect("libraries:members", library_slug=request.library.slug)
    invitation.created_at = timezone.now()
    invitation.save(update_fields=["created_at"])
    invitations.send_invitation(invitation, request)
    messages.success(
        request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("libraries:members", library_slug=request.library.slug)


def accept_invitation(request, token):
    """The link in the invitation e-mail: join with a new account, or sign in and accept."""
    try:
        invitation = invitations.invitation_for_token(token)
    except invitations.InvitationProblem as problem:
        return _invitation_problem(request, problem)
    account = User.objects.filter(email__iexact=invitation.email).first()
    if account is None:
        return _join_with_new_account(request, invitation, token)
    if not request.user.is_authenticated:
        messages.info(
            request,
            _("Sign in as %(email)s to accept the invitation to %(library)s.")
            % {"email": invitation.email, "library": invitation.library},
        )
        return redirect_to_login(request.get_full_path())
    if request.user.pk != account.pk:
        return render(
            request,
            "libraries/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )
    if request.method == "POST":
        try:
            _membership, created = invitations.accept(invitation, request.user)
        except invitations.InvitationProblem as problem:
            return _invitation_problem(request, problem)
        _welcome(request, invitation, created)
        return redirect("today", library_slug=invitation.library.slug)
    return render(request, "libraries/invitation_accept.html", {"invitation": invitation})


def _join_with_new_account(request, invitation, token):
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    invitation.email,
                    form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
                invitations.accept(invitation, user)
        except IntegrityError:
            # The same link was used twice at once: the account exists now, so sign in instead.
            return redirect("accept_invitation", token=token)
        except invitations.InvitationProblem as problem:
            return _invitation_problem(request, problem)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        _welcome(request, invitation, True)
        return redirect("today", library_slug=invitation.library.slug)
    return render(
        request, "libraries/invitation_join.html", {"invitation": invitation, "form": form}
    )


def _welcome(request, invitation, created):
    if created:
        text = _("Welcome to %(library)s in Allies.")
    else:
        text = _("You were already a member of %(library)s; your role is unchanged.")
    messages.success(request, text % {"library": invitation.library})


def _invitation_problem(request, problem):
    status = 404 if problem.reason == "invalid" else 410
    context = {"reason": problem.reason, "invitation": problem.invitation}
    return render(request, "libraries/invitation_problem.html", context, status=status)


# Error pages -------------------------------------------------------------------------------


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # Rendered without the request: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
