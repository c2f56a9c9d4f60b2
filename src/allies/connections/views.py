"""Connections: my ties, the worksheet for a target, imports, and asking a colleague for help.

Privacy: a connection is shown to a user only when it is shared or they recorded it; only the
person who recorded a connection may change, share or remove it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.connections import forms, people
from allies.connections import importing as contact_importing
from allies.connections.models import (
    Connection,
    ContactImport,
    HelpStatus,
    IntroductionHelpRequest,
)
from allies.connections.vcard import NotAVCard, read_vcards
from allies.directory.importing import BadFile
from allies.directory.models import Affiliation, Organization, Person
from allies.libraries.access import library_view, require_edit
from allies.libraries.models import User

NOT_A_VCARD = {
    "empty": gettext_lazy("The file is empty: there are no contacts in it."),
    "binary": gettext_lazy(
        "This file is not a contacts file: it looks like a picture, a PDF or an archive. "
        "Export your contacts as a vCard (.vcf) file and upload that."
    ),
    "no-cards": gettext_lazy(
        "No contacts were found in this file. Export your contacts from your phone or mail "
        "program as a vCard (.vcf) file and upload that."
    ),
}


def _mine(request, connection_id: int) -> Connection:
    """A connection the signed-in member recorded; anyone else's is 404, shared or not."""
    return get_object_or_404(
        Connection, library=request.library, recorded_by=request.user, pk=connection_id
    )


def _back(request, fallback: str):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback, request.library.slug)


@library_view
def index(request):
    mine = list(
        Connection.objects.filter(library=request.library, recorded_by=request.user)
        .select_related("person_a", "person_b")
        .order_by("-updated_at", "-id")
    )
    me = Person.objects.filter(library=request.library, user=request.user).first()
    for connection in mine:  # me first, when I am one of the two
        flip = me is not None and connection.person_b_id == me.pk
        pair = (connection.person_a, connection.person_b)
        connection.one, connection.other_person = pair[::-1] if flip else pair
    query = request.GET.get("q", "").strip()
    shared = Connection.objects.for_library(request.library).filter(shared=True)
    for word in query.split()[:8]:
        shared = shared.filter(
            Q(person_a__name__icontains=word) | Q(person_b__name__icontains=word)
        )
    shared = shared.select_related("person_a", "person_b", "recorded_by").order_by(
        "person_a__name", "person_b__name", "id"
    )
    page = Paginator(shared, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "connections/index.html",
        {
            "mine": mine,
            "me": me,
            "private_count": sum(1 for c in mine if not c.shared),
            "query": query,
            "page_obj": page,
            "querystring_without_page": params.urlencode(),
            "asked_count": IntroductionHelpRequest.objects.filter(
                library=request.library, colleague=request.user, status=HelpStatus.ASKED
            ).count(),
        },
    )


@library_view(edit=True)
def add(request):
    require_edit(request)
    me = people.person_for(request.user, request.library)
    form = forms.ConnectionForm(
        request.POST if request.method == "POST" else None,
        library=request.library,
        initial={"person": me.pk, "other": request.GET.get("person")},
    )
    if request.method == "POST" and form.is_valid():
        connection, created = Connection.record(
            library=request.library,
            one=form.cleaned_data["person"],
            other=form.cleaned_data["other"],
            recorded_by=request.user,
            **form.connection_fields(),
        )
        text = (
            _("The connection between %(connection)s was recorded.")
            if created
            else _("You had already recorded %(connection)s: it was updated.")
        )
        messages.success(request, text % {"connection": _pair(connection)})
        return _back(request, "connections:index")
    return render(request, "connections/connection_form.html", {"form": form})


def _pair(connection) -> str:
    return f"{connection.person_a.name} – {connection.person_b.name}"


@library_view(edit=True)
def edit(request, connection_id):
    require_edit(request)
    connection = _mine(request, connection_id)
    form = forms.EditConnectionForm(
        request.POST if request.method == "POST" else None, instance=connection
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        return redirect("connections:index", request.library.slug)
    return render(
        request, "connections/connection_edit.html", {"form": form, "connection": connection}
    )


@library_view(edit=True)
def remove(request, connection_id):
    require_edit(request)
    connection = _mine(request, connection_id)
    if request.method == "POST":
        label = _pair(connection)
        connection.delete()
        messages.success(request, _("The connection %(pair)s was removed.") % {"pair": label})
        return redirect("connections:index", request.library.slug)
    return render(request, "connections/connection_remove.html", {"connection": connection})


@library_view(edit=True)
def share(request, connection_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    connection = _mine(request, connection_id)
    connection.shared = request.POST.get("shared") == "1"
    connection.save(update_fields=["shared", "updated_at"])
    text = (
        _("%(pair)s is now shared with the library.")
        if connection.shared
        else _("%(pair)s is now private: only you see it.")
    )
    messages.success(request, text % {"pair": _pair(connection)})
    return _back(request, "connections:index")


@library_view(edit=True)
def share_all(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    private = Connection.objects.filter(
        library=request.library, recorded_by=request.user, shared=False
    )
    count = 0
    for connection in private:  # one save each, so the graph's version moves as for any edit
        connection.shared = True
        connection.save(update_fields=["shared", "updated_at"])
        count += 1
    messages.success(
        request, _("%(count)s connections are now shared with the library.") % {"count": count}
    )
    return redirect("connections:index", request.library.slug)


@library_view
def people_search(request):
    """A short list of directory people matching `q`, for the worksheet's type-ahead."""
    query = request.GET.get("q", "").strip()
    found = _people_matching(request.library, query)
    return render(request, "connections/_people_matches.html", {"matches": found, "query": query})


def _people_matching(library, query: str, limit: int = 10) -> list:
    if len(query) < 2:
        return []
    current = Affiliation.objects.current().select_related("organization")
    return list(
        Person.objects.filter(library=library)
        .search(query)
        .prefetch_related(
            _prefetch_current(current),
        )[:limit]
    )


def _prefetch_current(queryset):
    return Prefetch("affiliations", queryset=queryset, to_attr="current_affiliations")


@library_view(edit=True)
def worksheet(request, organization_id):
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    me = Person.objects.filter(library=request.library, user=request.user).first()
    leading = people.worksheet_connections(request.user, request.library, organization, me)
    inside = (
        Affiliation.objects.current()
        .filter(organization=organization)
        .select_related("person")
        .order_by("person__name")
    )
    form = None
    if request.membership.can_edit:
        me = people.person_for(request.user, request.library)
        on_sheet = {me.pk} | {c.person_a_id for c in leading} | {c.person_b_id for c in leading}
        known_by = Person.objects.filter(library=request.library, pk__in=on_sheet).order_by("name")
        form = forms.WorksheetForm(
            request.POST if request.method == "POST" else None,
            library=request.library,
            known_by=known_by,
            initial={"known_by": me.pk},
        )
        if request.method == "POST" and form.is_valid():
            added = _add_from_worksheet(request, form.cleaned_data, organization)
            if added:
                return redirect("connections:worksheet", request.library.slug, organization.pk)
    query = request.GET.get("q", "").strip()
    colleagues = User.objects.filter(memberships__library=request.library).exclude(
        pk=request.user.pk
    )
    return render(
        request,
        "connections/worksheet.html",
        {
            "organization": organization,
            "inside": inside,
            "leading": leading,
            "form": form,
            "query": query,
            "matches": _people_matching(request.library, query),
            "colleagues": colleagues.order_by("full_name", "email"),
        },
    )


def _add_from_worksheet(request, data, organization) -> bool:
    person = data["person"]
    if person is None:
        person = Person.objects.create(library=request.library, name=data["new_name"].strip())
        organization_name = data["new_organization"].strip()
        if organization_name:
            contact_importing._affiliate(request.library, person, organization_name, "", {})
    try:
        connection, _created = Connection.record(
            library=request.library,
            one=data["known_by"],
            other=person,
            recorded_by=request.user,
            kind=data["kind"],
            strength=data["strength"],
            worksheet=organization,
        )
    except ValidationError:
        messages.error(request, _("A person cannot be connected to themselves."))
        return False
    messages.success(request, _("Added to your worksheet: %(pair)s.") % {"pair": _pair(connection)})
    return True


@library_view
def organization_ties(request, organization_id):
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    ties = people.staff_ties(request.user, request.library, organization)
    template = (
        "connections/_organization_ties.html"
        if request.headers.get("HX-Request")
        else "connections/organization_ties.html"
    )
    return render(request, template, {"organization": organization, "ties": ties})


# Imports -------------------------------------------------------------------------------------


@library_view(edit=True)
def import_contacts(request):
    require_edit(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        problem = _check_file(request, data, upload.name, form.cleaned_data["file_format"])
        if problem:
            form.add_error("file", problem)
        else:
            batch = ContactImport.objects.create(
                library=request.library,
                created_by=request.user,
                filename=upload.name[:255],
                file_format=form.cleaned_data["file_format"],
                kind=form.cleaned_data["kind"],
                strength=form.cleaned_data["strength"],
                data=data,
            )
            return redirect("connections:import_preview", request.library.slug, batch.pk)
    return render(request, "connections/import.html", {"form": form})


def _check_file(request, data: bytes, filename: str, file_format: str) -> str:
    """A message saying why the file cannot be imported, or "" when it can."""
    try:
        if file_format == ContactImport.Format.VCARD:
            read_vcards(data)
        else:
            contact_importing.plan_connections(data, filename, request.library, request.user)
    except NotAVCard as problem:
        return NOT_A_VCARD[problem.reason]
    except BadFile as problem:
        return problem.message
    return ""


def _plan(batch: ContactImport, user):
    data = bytes(batch.data)
    if batch.file_format == ContactImport.Format.VCARD:
        return contact_importing.plan_contacts(
            read_vcards(data), batch.library, user, kind=batch.kind, strength=batch.strength
        )
    return contact_importing.plan_connections(data, batch.filename, batch.library, user)


def _batch(request, contact_import_id) -> ContactImport:
    require_edit(request)
    return get_object_or_404(
        ContactImport, library=request.library, created_by=request.user, pk=contact_import_id
    )


@library_view(edit=True)
def import_preview(request, contact_import_id):
    batch = _batch(request, contact_import_id)
    if batch.status != ContactImport.Status.UPLOADED:
        return redirect("connections:import_report", request.library.slug, batch.pk)
    if request.method == "POST":
        return _run_import(request, batch)
    try:
        plan = _plan(batch, request.user)
    except (NotAVCard, BadFile):
        messages.error(request, _("This file can no longer be read. Upload it again."))
        return redirect("connections:import", request.library.slug)
    report = plan.report()
    return render(request, "connections/import_preview.html", {"batch": batch, "report": report})


def _run_import(request, batch: ContactImport):
    # Claim the upload so a double click or a second process cannot import it twice.
    claimed = ContactImport.objects.filter(
        pk=batch.pk, status=ContactImport.Status.UPLOADED
    ).update(status=ContactImport.Status.FAILED)
    if claimed:
        try:
            report = _plan(batch, request.user).apply(batch.filename)
        except (NotAVCard, BadFile):
            report = {
                "written": False,
                "errors": [{"row": None, "message": _("The file could not be read.")}],
                "rows": [],
            }
        batch.report = report
        batch.status = (
            ContactImport.Status.IMPORTED if report["written"] else ContactImport.Status.FAILED
        )
        batch.finished_at = timezone.now()
        batch.data = b""
        batch.save(update_fields=["report", "status", "finished_at", "data"])
    return redirect("connections:import_report", request.library.slug, batch.pk)


@library_view(edit=True)
def import_report(request, contact_import_id):
    batch = _batch(request, contact_import_id)
    if batch.status == ContactImport.Status.UPLOADED:
        return redirect("connections:import_preview", request.library.slug, batch.pk)
    return render(
        request, "connections/import_report.html", {"batch": batch, "report": batch.report}
    )


# Asking a colleague --------------------------------------------------------------------------


@library_view(edit=True)
def ask_colleague(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    colleague = User.objects.filter(
        pk=_int(request.POST.get("colleague")), memberships__library=request.library
    ).first()
    organization = Organization.objects.filter(
        library=request.library, pk=_int(request.POST.get("organization"))
    ).first()
    person = Person.objects.filter(
        library=request.library, pk=_int(request.POST.get("person"))
    ).first()
    if colleague is None or colleague == request.user or not (organization or person):
        messages.error(
            request,
            _(
                "Choose a colleague from this library, and the organization or person you want to reach."
            ),
        )
        return _back(request, "connections:help_requests")
    help_request = IntroductionHelpRequest.objects.create(
        library=request.library,
        asked_by=request.user,
        colleague=colleague,
        organization=organization,
        person=None if organization else person,
        message=request.POST.get("message", "").strip()[:2000],
    )
    _email_colleague(request, help_request)
    messages.success(
        request,
        _("%(colleague)s was asked, by e-mail and on their requests page.")
        % {"colleague": colleague.display_name},
    )
    return _back(request, "connections:help_requests")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _email_colleague(request, help_request) -> None:
    link = request.build_absolute_uri(
        reverse("connections:help_requests", args=[request.library.slug])
    )
    body = _(
        "Hello %(colleague)s,\n\n"
        "%(asker)s is looking for an introduction to %(target)s and Allies thinks some of the "
        "connections you keep private may lead there.\n\n"
        "%(message)s"
        "You choose what to share, if anything. Answer here:\n%(link)s\n\n"
        "Allies, for %(library)s\n"
    ) % {
        "colleague": help_request.colleague.display_name,
        "asker": request.user.display_name,
        "target": help_request.target,
        "message": f"“{help_request.message}”\n\n" if help_request.message else "",
        "link": link,
        "library": request.library.name,
    }
    subject = _("%(asker)s asks for your help reaching %(target)s") % {
        "asker": request.user.display_name,
        "target": help_request.target,
    }
    send_mail(subject, body, None, [help_request.colleague.email], fail_silently=True)


@library_view
def help_requests(request):
    base = IntroductionHelpRequest.objects.filter(library=request.library).select_related(
        "asked_by", "colleague", "organization", "person"
    )
    return render(
        request,
        "connections/help_requests.html",
        {
            "received": base.filter(colleague=request.user),
            "sent": base.filter(asked_by=request.user),
        },
    )


@library_view(edit=True)
def help_request_answer(request, help_request_id):
    require_edit(request)
    help_request = get_object_or_404(
        IntroductionHelpRequest,
        library=request.library,
        colleague=request.user,
        pk=help_request_id,
    )
    if help_request.status != HelpStatus.ASKED:
        messages.info(request, _("You have already answered this request."))
        return redirect("connections:help_requests", request.library.slug)
    candidates = people.help_candidates(
        request.user, request.library, people.target_people(help_request)
    )
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        _answer(help_request, form.cleaned_data)
        messages.success(
            request,
            _("Your answer was sent to %(asker)s.") % {"asker": help_request.asked_by.display_name},
        )
        return redirect("connections:help_requests", request.library.slug)
    return render(
        request,
        "connections/help_request_answer.html",
        {"help_request": help_request, "form": form, "candidates": candidates},
    )


def _answer(help_request, data) -> None:
    if data["decision"] == "share":
        for connection in data["connections"]:
            connection.shared = True
            connection.save(update_fields=["shared", "updated_at"])
        help_request.status = HelpStatus.REVEALED
    else:
        help_request.status = HelpStatus.DECLINED
    help_request.answer = data["answer"].strip()
    help_request.answered_at = timezone.now()
    help_request.save(update_fields=["status", "answer", "answered_at"])
