"""Reminders: the library's list, and deciding about one (done, snoozed, dismissed).

The reminder's key travels in the POST body and is checked against the reminders the record gives
today for this library: a key that does not come out of the record is refused.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import MEMBERS, STAFF, library_view, safe_next
from allies.libraries.models import Membership
from allies.stewardship import reminders as engine
from allies.stewardship.models import ReminderAction, ReminderDecision
from allies.stewardship.reminder_forms import SNOOZE_DAYS, DismissForm, SnoozeForm

PAGE_SIZE = 50


def _next(request) -> str:
    """Where to go after a decision: a `next` path inside Allies, else the reminders list."""
    return safe_next(request) or reverse("stewardship:reminders", args=[request.library.slug])


def _people(library) -> list[tuple[str, str]]:
    members = (
        Membership.objects.filter(library=library, role__in=["owner", "staff"])
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [(str(m.user_id), str(m.user)) for m in members]


@library_view(role=MEMBERS)
def reminder_list(request):
    """Every reminder of the library, due first; filter by kind and by person."""
    library, day = request.library, timezone.localdate()
    kind = request.GET.get("kind", "")
    person = request.GET.get("person", "")
    people = _people(library)
    names = dict(people)
    kind = kind if kind in dict(engine.kind_choices()) else ""
    person = person if person in ("me", "nobody", *names) else ""
    found = engine.filtered(
        engine.reminders_for(library, day=day), kind=kind, person=person, user=request.user
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, names.get(str(r.assignee_id), "")) for r in page.object_list]
    return render(
        request,
        "stewardship/reminder_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "kinds": engine.kind_choices(),
            "kind": kind,
            "people": people,
            "person": person,
            "filtered": bool(kind or person),
            "today": day,
            "querystring_without_page": urlencode({"kind": kind, "person": person}),
        },
    )


def _reminder(request) -> engine.Reminder | None:
    """The reminder named by the posted key, if the record still gives it today."""
    key = request.POST.get("key") or request.GET.get("key")
    return engine.find(request.library, key, day=timezone.localdate())


def _gone(request) -> HttpResponseRedirect:
    messages.warning(
        request,
        _("That reminder is no longer waiting: someone may have dealt with it already."),
    )
    return redirect(_next(request))


@library_view(role=STAFF)
@require_POST
def reminder_done(request):
    """Mark a reminder done: it logs the matching contact (or keeps the library's promise)."""
    reminder = _reminder(request)
    if reminder is None:
        return _gone(request)
    how = request.POST.get("how", "")
    decision = engine.mark_done(
        request.library, reminder, by=request.user, day=timezone.localdate(), how=how
    )
    if decision.contact_id is None:  # a promise kept: nothing logged to take back
        messages.success(request, _("Done, and logged: %(text)s") % {"text": reminder.text})
        return redirect(_next(request))
    done_url = reverse("stewardship:reminder_undo", args=[request.library.slug, decision.pk])
    return redirect(f"{done_url}?{urlencode({'next': _next(request)})}")


@library_view(role=STAFF)
def reminder_undo(request, reminder_decision_id):
    """The confirmation of a "Done" that logged a contact, with "Undo" for a minute (POST)."""
    decision = get_object_or_404(
        ReminderDecision.objects.select_related("contact", "partnership__organization"),
        library=request.library,
        pk=reminder_decision_id,
        action=ReminderAction.DONE,
    )
    if request.method == "POST":
        if engine.undo_done(request.library, decision.pk, by=request.user):
            messages.success(request, _("Undone: the reminder is back and nothing was logged."))
        else:
            messages.warning(request, _("Too late to undo: open the contact log to change it."))
        return redirect(_next(request))
    age = (timezone.now() - decision.decided_at).total_seconds()
    context = {
        "decision": decision,
        "can_undo": decision.contact_id is not None
        and decision.decided_by_id == request.user.pk
        and age <= engine.UNDO_SECONDS,
        "seconds": engine.UNDO_SECONDS,
        "next": _next(request),
    }
    return render(request, "stewardship/reminder_done.html", context)


def _decide_page(request, reminder, form, action: str, status: int = 200):
    return render(
        request,
        "stewardship/reminder_decide.html",
        {"reminder": reminder, "form": form, "action": action, "next": _next(request)},
        status=status,
    )


@library_view(role=STAFF)
def reminder_snooze(request):
    """Put a reminder off until a day (a week by default); it shows again on that day.
    GET asks which day."""
    reminder = _reminder(request)
    if reminder is None:
        return _gone(request)
    if request.method != "POST":
        week = timezone.localdate() + datetime.timedelta(days=SNOOZE_DAYS)
        return _decide_page(request, reminder, SnoozeForm(initial={"until": week}), "snooze")
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _decide_page(request, reminder, form, "snooze", status=400)
    until = form.cleaned_data["until"]
    engine.snooze(request.library, reminder, by=request.user, until=until)
    messages.success(
        request,
        _("Snoozed until %(date)s: %(text)s")
        % {"date": date_format(until, "DATE_FORMAT"), "text": reminder.text},
    )
    return redirect(_next(request))


@library_view(role=STAFF)
def reminder_dismiss(request):
    """Dismiss a reminder for good, with a reason (GET shows the question)."""
    reminder = _reminder(request)
    if reminder is None:
        return _gone(request)
    form = DismissForm(request.POST or None)
    if request.method != "POST":
        return _decide_page(request, reminder, form, "dismiss")
    if not form.is_valid():
        return _decide_page(request, reminder, form, "dismiss", status=400)
    engine.dismiss(request.library, reminder, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Dismissed: %(text)s") % {"text": reminder.text})
    return redirect(_next(request))
