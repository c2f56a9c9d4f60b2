"""Introduction requests: ask a connector on a path, follow the request to a meeting (or a no)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from allies.connections.path_views import worksheet_url
from allies.directory.models import Person
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.outreach import introductions
from allies.outreach.introduction_forms import AskForm, StepForm
from allies.outreach.models import IntroductionRequest, IntroductionStatus
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived

PAGE_SIZE = 50


def _introduction(request, introduction_id):
    return get_object_or_404(
        IntroductionRequest.objects.visible_to(request.user).select_related(
            "partnership__organization", "connector__user", "target", "asked_by"
        ),
        library=request.library,
        pk=introduction_id,
    )


def _detail_url(introduction) -> str:
    return reverse(
        "outreach:introduction", args=[introduction.partnership.library.slug, introduction.pk]
    )


def _choose(request, partnership, status=200, error=""):
    choices, found = introductions.path_choices(
        request.library, request.user, partnership.organization
    )
    helpers = {
        colleague.pk: colleague
        for entry in found.colleagues_may_help
        for colleague in entry.colleagues
        if colleague != request.user
    }
    return render(
        request,
        "outreach/introduction_paths.html",
        {
            "partnership": partnership,
            "choices": choices,
            "found": found,
            "helpers": list(helpers.values()),
            "organization": partnership.organization,
            "target_name": partnership.organization.name,
            "worksheet_url": worksheet_url(request.library, partnership.organization),
            "ask_url": reverse("connections:ask_colleague", args=[request.library.slug]),
            "error": error,
        },
        status=status,
    )


def _people_on(request, choice):
    """The connector and the target of a chosen path, from this library's directory."""
    if choice is None:
        return None
    wanted = [choice.connector.id, choice.target.id]
    people = Person.objects.filter(library=request.library).in_bulk(wanted)
    if len(people) != len(set(wanted)):
        return None
    return people[choice.connector.id], people[choice.target.id]


def _ask_form_page(request, partnership, form, choice, status=200):
    return render(
        request,
        "outreach/introduction_form.html",
        {"partnership": partnership, "form": form, "choice": choice},
        status=status,
    )


@library_view(role=STAFF)
def introduction_new(request, partnership_id):
    """Choose a path (no `path` yet), then write the message to its connector and save."""
    partnership = partnership_or_404(request, partnership_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    key = (request.POST if request.method == "POST" else request.GET).get("path", "")
    if request.method != "POST" and not key:
        return _choose(request, partnership)
    choice = introductions.find_choice(request.library, request.user, partnership.organization, key)
    if request.method != "POST":
        if choice is None:
            error = _("That path is not one you can ask through any more. Choose another one.")
            return _choose(request, partnership, status=400, error=error)
        sender = request.user.full_name or request.user.display_name
        initial = {
            "path": choice.key,
            "message": introductions.draft_message(choice, partnership, sender=sender),
            "asked_on": timezone.localdate(),
        }
        return _ask_form_page(
            request, partnership, AskForm(initial=initial, path_is_valid=True), choice
        )
    people = _people_on(request, choice)
    form = AskForm(request.POST, path_is_valid=people is not None)
    if not form.is_valid():
        return _ask_form_page(request, partnership, form, choice, status=400)
    connector, target = people
    introduction = introductions.ask(
        partnership,
        choice,
        connector,
        target,
        message=form.cleaned_data["message"],
        asked_on=form.cleaned_data["asked_on"],
        by=request.user,
        link=_detail_url,
    )
    messages.success(
        request,
        _("Saved: you asked %(name)s for an introduction. Record here what happens next.")
        % {"name": introduction.connector.name},
    )
    return redirect(
        "outreach:introduction", library_slug=request.library.slug, introduction_id=introduction.pk
    )


def _mailto(introduction) -> str:
    connector = introduction.connector
    email = connector.email or (connector.user.email if connector.user_id else "")
    if not email:
        return ""
    subject = _("An introduction to %(name)s?") % {"name": introductions.target_name(introduction)}
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject)}&body={quote(introduction.message)}"


def _detail(request, introduction, form=None, status=200):
    can_record = (
        request.membership.can_edit
        and not introduction.partnership.is_archived
        and bool(introductions.NEXT_STEPS[introduction.status])
    )
    if can_record and form is None:
        form = StepForm(introduction=introduction)
    return render(
        request,
        "outreach/introduction_detail.html",
        {
            "introduction": introduction,
            "partnership": introduction.partnership,
            "people": introduction.path_names.split(" → ") if introduction.path_names else [],
            "target_name": introductions.target_name(introduction),
            "mailto": _mailto(introduction),
            "form": form if can_record else None,
        },
        status=status,
    )


@library_view(role=MEMBERS)
def introduction_detail(request, introduction_id):
    return _detail(request, _introduction(request, introduction_id))


@library_view(role=STAFF)
@require_POST
def introduction_step(request, introduction_id):
    introduction = _introduction(request, introduction_id)
    if refusal := refuse_if_archived(request, introduction.partnership):
        return refusal
    if not introductions.NEXT_STEPS[introduction.status]:
        messages.error(
            request,
            _("This introduction is %(status)s: there is no next step to record.")
            % {"status": introduction.get_status_display().lower()},
        )
        return _detail(request, introduction, status=400)
    form = StepForm(request.POST, introduction=introduction)
    if not form.is_valid():
        return _detail(request, introduction, form=form, status=400)
    recorded = introductions.record_step(
        introduction,
        form.cleaned_data["step"],
        form.cleaned_data["on"],
        form.cleaned_data["note"],
        by=request.user,
        link=_detail_url(introduction),
    )
    if recorded:
        messages.success(
            request, _("Recorded: %(status)s.") % {"status": introduction.get_status_display()}
        )
    else:
        messages.error(
            request, _("Someone recorded a step meanwhile. Here is where it stands now.")
        )
    return redirect(
        "outreach:introduction", library_slug=request.library.slug, introduction_id=introduction.pk
    )


STATUS_FILTERS = [
    ("open", gettext_lazy("Waiting (asked or introduced)")),
    *IntroductionStatus.choices,
    ("all", gettext_lazy("All")),
]


@library_view(role=MEMBERS)
def introduction_list(request):
    status = request.GET.get("status", "open")
    if status not in dict(STATUS_FILTERS):
        status = "open"
    mine = request.GET.get("mine") == "1"
    queryset = (
        IntroductionRequest.objects.visible_to(request.user)
        .filter(library=request.library)
        .select_related("partnership__organization", "connector", "target", "asked_by")
    )
    if status == "open":
        queryset = queryset.filter(status__in=introductions.OPEN_STATUSES)
    elif status != "all":
        queryset = queryset.filter(status=status)
    if mine:
        queryset = queryset.filter(asked_by=request.user)
    queryset = queryset.order_by("-asked_on", "-id")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outreach/introduction_list.html",
        {
            "page_obj": page,
            "querystring_without_page": query.urlencode(),
            "status": status,
            "statuses": [(code, str(label)) for code, label in STATUS_FILTERS],
            "mine": mine,
            "filtered": status != "open" or mine,
        },
    )
