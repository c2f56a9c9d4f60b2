"""The contact log and the reminders.

Anyone in the library may log a contact (a volunteer's read-write token too), through the quick
log's form. Reminders are derived from the record as on the reminders page; marking one done or
snoozing it uses the page's functions and questions, and is for staff and owners.
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from allies.api.access import api_access
from allies.api.errors import ApiError
from allies.api.forms import form_data, submit
from allies.api.pagination import Page, keyset_page, list_page
from allies.api.schemas import (
    REFUSALS,
    Day,
    Id,
    Paging,
    Syncing,
    changed_since,
)
from allies.libraries.access import MEMBERS, STAFF
from allies.partnerships.models import Partnership
from allies.stewardship import reminders as engine
from allies.stewardship.log_forms import ContactForm
from allies.stewardship.models import Contact, ContactKind, ProblemKind, SupportKind
from allies.stewardship.reminder_forms import SnoozeForm

router = Router(tags=["stewardship"])


class ContactOut(Schema):
    id: int
    partnership_id: int
    person_id: int | None
    kind: ContactKind
    support_kind: str
    problem_kind: str
    happened_on: datetime.date
    note: str
    outcome_due_on: datetime.date | None
    logged_by_id: int | None
    logged_at: datetime.datetime
    updated_at: datetime.datetime


class ContactPage(Page):
    items: list[ContactOut]


class ContactFilters(Syncing):
    partnership: Id | None = None
    kind: ContactKind | None = None
    since: Day | None = Field(None, description="Contacts that happened on or after.")
    until: Day | None = Field(None, description="Contacts that happened on or before.")


class ContactIn(Schema):
    """A contact with a partner: the quick log's questions."""

    partnership: Id = Field(description="An open partnership, or a closed one for a last word.")
    person: Id | None = Field(None, description="Someone who works there now.")
    kind: ContactKind
    support_kind: SupportKind | None = Field(None, description="Required for kind support.")
    problem_kind: ProblemKind | None = Field(None, description="Required for kind problem.")
    happened_on: Day | None = Field(None, description="Today if left out.")
    note: str = Field("", description="At most 5,000 characters.")
    outcome_due_on: Day | None = None


@router.get("/contacts", response={200: ContactPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_contacts(request, filters: Query[ContactFilters]):
    """The library's contact log, most recent first."""
    found = Contact.objects.filter(library=request.library)
    if filters.partnership is not None:
        found = found.filter(partnership_id=filters.partnership)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind.value)
    if filters.since is not None:
        found = found.filter(happened_on__gte=filters.since)
    if filters.until is not None:
        found = found.filter(happened_on__lte=filters.until)
    found = changed_since(found.order_by("-happened_on", "-id"), filters.updated_since)
    items, following = keyset_page(found, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post("/contacts", response={201: ContactOut, **REFUSALS})
@api_access(role=MEMBERS)
def log_contact(request, payload: ContactIn):
    """Log a contact, as the header's "Log a contact" box does (volunteers too)."""
    library = request.library
    data = form_data(payload)
    data["happened_on"] = data["happened_on"] or timezone.localdate()
    # A declined or ended partner may be chosen on purpose (a last thank-you), as from its page.
    chosen = Partnership.objects.for_library(library).filter(pk=payload.partnership).first()
    form = submit(ContactForm(data, library=library, partnership=chosen))
    return Status(201, form.log(by=request.user))


@router.get("/contacts/{contact_id}", response={200: ContactOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_contact(request, contact_id: Id):
    return get_object_or_404(Contact, library=request.library, pk=contact_id)


# Reminders ----------------------------------------------------------------------------------------


class ReminderOut(Schema):
    key: str = Field(description="Stable while the facts behind it stay the same.")
    kind: str
    partnership_id: int
    partner: str
    due: datetime.date
    overdue: bool
    text: str
    assignee_id: int | None = Field(description="The member who should act; null: the owners.")
    person_id: int | None = Field(description="Who to reach, when the reminder names someone.")


class ReminderPage(Page):
    items: list[ReminderOut]


class ReminderFilters(Paging):
    kind: str | None = Field(None, max_length=30, description="One kind of reminder.")
    person: str | None = Field(
        None, max_length=20, description="“me”, “nobody” (the owners'), or a member's id."
    )


class Snooze(Schema):
    until: Day | None = Field(None, description="A day in the next year; a week if left out.")


ReminderKey = Path(..., max_length=120, description="The reminder's key, from the list.")


def _reminder_out(reminder: engine.Reminder, day: datetime.date) -> dict:
    return {
        "key": reminder.key,
        "kind": reminder.kind,
        "partnership_id": reminder.partnership_id,
        "partner": reminder.partner,
        "due": reminder.due,
        "overdue": reminder.is_overdue(day),
        "text": reminder.text,
        "assignee_id": reminder.assignee_id,
        "person_id": reminder.person_id,
    }


@router.get("/reminders", response={200: ReminderPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_reminders(request, filters: Query[ReminderFilters]):
    """Every reminder of the library today, due first, as the reminders page lists them."""
    kind, person = filters.kind or "", filters.person or ""
    errors = []
    if kind and kind not in dict(engine.kind_choices()):
        errors.append({"field": "kind", "message": _("Choose one of the kinds of reminder.")})
    if person and person not in ("me", "nobody") and not (person.isascii() and person.isdigit()):
        errors.append({"field": "person", "message": _("Give “me”, “nobody” or a member's id.")})
    if errors:
        raise ApiError(400, errors[0]["message"], errors=errors)
    day = timezone.localdate()
    found = engine.filtered(
        engine.reminders_for(request.library, day=day), kind=kind, person=person, user=request.user
    )
    items, following = list_page(
        found, cursor=filters.cursor, limit=filters.limit, kind=f"reminders:{day}:{kind}:{person}"
    )
    return {"items": [_reminder_out(r, day) for r in items], "next_cursor": following}


def _waiting(request, key: str) -> engine.Reminder:
    reminder = engine.find(request.library, key, day=timezone.localdate())
    if reminder is None:
        raise ApiError(
            404, _("That reminder is no longer waiting: someone may have dealt with it already.")
        )
    return reminder


class DecisionOut(Schema):
    key: str
    action: str
    snoozed_until: datetime.date | None
    contact_id: int | None = Field(description="The contact that marking it done logged.")


@router.post("/reminders/{key}/done", response={200: DecisionOut, **REFUSALS})
@api_access(role=STAFF)
def reminder_done(request, key: str = ReminderKey):
    """Mark a reminder done: it logs the matching contact (or keeps the library's promise)."""
    reminder = _waiting(request, key)
    return engine.mark_done(request.library, reminder, by=request.user, day=timezone.localdate())


@router.post("/reminders/{key}/snooze", response={200: DecisionOut, **REFUSALS})
@api_access(role=STAFF)
def reminder_snooze(request, payload: Snooze, key: str = ReminderKey):
    """Put a reminder off until a day (a week by default); it shows again on that day."""
    reminder = _waiting(request, key)
    form = submit(SnoozeForm({"until": payload.until}))
    return engine.snooze(
        request.library, reminder, by=request.user, until=form.cleaned_data["until"]
    )
