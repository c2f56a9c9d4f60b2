"""Reminders derived from the record: nothing here is stored except what people decided.

Each rule is a small function that reads the contact log (and pilots, events, commitments) with a
fixed number of queries, whatever the size of the library, never a query per partnership: "was
there a thank-you after this support?" compares the support's day with the latest thank-you of its
partnership, read for every partnership at once by one aggregate (Max per partnership and kind).
Only facts from the last LOOKBACK_DAYS (a year) give reminders; commitments, the cadence and the
date to try again have no such limit.

Follow-up windows: a thank-you and congratulations are due `thank_within_days` after the support or
the news; results, the outcome of a decision and reaching out after a leadership change are due
`evidence_within_days` after the end, the decision or the change (the same window the habits count).
Invitations are due two weeks before the event (or on the day the event was added, if later).

A reminder's `key` is stable while the facts behind it stay the same, so a decision about it (done,
snoozed, dismissed; `ReminderDecision`) is found again by (library, key).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, Max, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.directory.models import Organization
from allies.libraries.models import Membership, Role
from allies.outreach.models import OfferStatus, Pilot, SupportOffer
from allies.partnerships.models import (
    Commitment,
    CommitmentStatus,
    Partnership,
    Side,
    Stage,
    StageChange,
)
from allies.stewardship.models import (
    Contact,
    ContactKind,
    LibraryEvent,
    ReminderAction,
    ReminderDecision,
    StewardshipSettings,
)


class Kind:
    """The kinds of reminder (also the values of the list's "kind" filter)."""

    THANK = "thank"
    CONGRATULATE = "congratulate"
    SHARE_RESULTS = "share_results"
    LEADERSHIP = "leadership"
    KEEP_IN_TOUCH = "keep_in_touch"
    TRY_AGAIN = "try_again"
    COMMITMENT = "commitment"
    INVITE = "invite"


def kind_choices() -> list[tuple[str, str]]:
    return [
        (Kind.THANK, _("Say thank you")),
        (Kind.CONGRATULATE, _("Congratulate")),
        (Kind.SHARE_RESULTS, _("Share results")),
        (Kind.LEADERSHIP, _("New leadership")),
        (Kind.KEEP_IN_TOUCH, _("Keep in touch")),
        (Kind.TRY_AGAIN, _("Try again")),
        (Kind.COMMITMENT, _("Promises due")),
        (Kind.INVITE, _("Invite to an event")),
    ]


# Support, news, a leadership change, a pilot or an event older than this gives no reminder: a
# thank-you a year late is no longer a to-do (the habits still count it as missed). This also keeps
# the work per call bounded as the log grows over the years.
LOOKBACK_DAYS = 365
COMMITMENT_SOON_DAYS = 7
INVITE_AHEAD_DAYS = 30
INVITE_DUE_BEFORE_DAYS = 14
# Without a named person, reaching out after a leadership change means one of these.
REACH_OUT_KINDS = [
    ContactKind.MEETING,
    ContactKind.CALL,
    ContactKind.VISIT,
    ContactKind.TOUR,
    ContactKind.INVITATION,
]
NOT_A_TOUCH = [ContactKind.LEADERSHIP_CHANGE]
FOLLOW_UP_KINDS = [ContactKind.THANKS, ContactKind.CONGRATULATIONS, ContactKind.RESULTS]


@dataclass(frozen=True)
class Reminder:
    """One thing to do for a partner, derived from the record."""

    kind: str
    partnership_id: int
    due: datetime.date
    text: str
    key: str
    assignee_id: int | None
    partner: str = ""
    person_id: int | None = None  # who to reach (a leadership change's new person)

    def is_overdue(self, day: datetime.date) -> bool:
        return self.due < day


@dataclass
class _Context:
    library: object
    day: datetime.date
    settings: StewardshipSettings
    scope: Q  # which partnerships, as a filter on Partnership
    partnerships: dict  # id -> row of the partnerships in scope (not archived)
    months: dict = field(default_factory=dict)
    latest: dict = field(default_factory=dict)
    source_rows: dict | None = None

    def last(self, kind: str) -> dict[int, datetime.date]:
        """The day of the latest contact of `kind` (a follow-up kind) per partnership, since the
        horizon, up to the day. One aggregate query for every follow-up kind, kept for the call."""
        if not self.latest:
            self.latest = {kind: {} for kind in FOLLOW_UP_KINDS}
            rows = (
                Contact.objects.filter(
                    self.scoped(),
                    library=self.library,
                    kind__in=FOLLOW_UP_KINDS,
                    happened_on__gte=self.horizon,
                    happened_on__lte=self.day,
                )
                .order_by()
                .values("partnership_id", "kind")
                .annotate(last=Max("happened_on"))
                .values_list("partnership_id", "kind", "last")
            )
            for partnership_id, found_kind, last in rows:
                self.latest[found_kind][partnership_id] = last
        return self.latest[kind]

    def followed(self, kind: str, partnership_id: int, since: datetime.date) -> bool:
        """Whether a contact of `kind` was logged on or after `since` (since >= the horizon)."""
        last = self.last(kind).get(partnership_id)
        return last is not None and last >= since

    def sources(self, kind: str) -> list[tuple]:
        """Support received and partner news since the horizon, which may call for a follow-up,
        fetched in one query: (id, partnership_id, happened_on, support_kind, note,
        outcome_due_on) per contact."""
        if self.source_rows is None:
            self.source_rows = {ContactKind.SUPPORT: [], ContactKind.PARTNER_NEWS: []}
            rows = (
                Contact.objects.filter(
                    self.scoped(),
                    library=self.library,
                    kind__in=list(self.source_rows),
                    happened_on__gte=self.horizon,
                    happened_on__lte=self.day,
                )
                .order_by()
                .values_list(
                    "kind",
                    "id",
                    "partnership_id",
                    "happened_on",
                    "support_kind",
                    "note",
                    "outcome_due_on",
                )
            )
            for found_kind, *row in rows:
                self.source_rows[found_kind].append(tuple(row))
        return self.source_rows[kind]

    def on(self, day: datetime.date) -> str:
        """The date as reminders write it ("5 Mar 2026"); month names are looked up once per
        call, as there may be thousands of reminders."""
        if not self.months:
            self.months = {m: date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)}
        return f"{day.day} {self.months[day.month]} {day.year}"

    @cached_property
    def horizon(self) -> datetime.date:
        """Facts older than this give no reminder any more (see LOOKBACK_DAYS)."""
        return self.day - _days(LOOKBACK_DAYS)

    def name(self, partnership_id: int) -> str:
        row = self.partnerships.get(partnership_id)
        return row["organization__name"] if row else ""

    def scoped(self, prefix: str = "partnership__") -> Q:
        """The scope as a filter on a model that points at a partnership through `prefix`."""
        children = []
        for child in self.scope.children:
            if isinstance(child, Q):
                children.append(_prefixed(child, prefix))
            else:
                name, value = child
                children.append(Q(**{prefix + name: value}))
        query = Q(*children, _connector=self.scope.connector)
        query.negated = self.scope.negated
        return query

    def make(self, kind, partnership_id, due, text, key, person_id=None) -> Reminder | None:
        row = self.partnerships.get(partnership_id)
        if row is None:  # archived, or not in this person's scope
            return None
        return Reminder(
            kind=kind,
            partnership_id=partnership_id,
            due=due,
            text=text,
            key=key,
            assignee_id=row["lead_id"],
            partner=row["organization__name"],
            person_id=person_id,
        )


def _prefixed(query: Q, prefix: str) -> Q:
    children = [
        _prefixed(c, prefix) if isinstance(c, Q) else Q(**{prefix + c[0]: c[1]})
        for c in query.children
    ]
    result = Q(*children, _connector=query.connector)
    result.negated = query.negated
    return result


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# The rules ---------------------------------------------------------------------------------------


def _pending(ctx: _Context, source: str, follow_up: str) -> dict[int, list[tuple]]:
    """Per partnership, its `source` contacts since the horizon with no `follow_up` on or after
    their day, oldest first. One follow-up answers every source before it, so a partnership gets
    one reminder, however many of them wait."""
    waiting: dict[int, list[tuple]] = {}
    for row in ctx.sources(source):
        _pk, partnership_id, happened_on = row[:3]
        if happened_on < ctx.horizon or ctx.followed(follow_up, partnership_id, happened_on):
            continue
        waiting.setdefault(partnership_id, []).append(row)
    for rows in waiting.values():
        rows.sort(key=lambda row: (row[2], row[0]))
    return waiting


def _more(text: str, earlier: int) -> str:
    if not earlier:
        return text
    more = ngettext(
        "(And %(count)s earlier time not yet thanked.)",
        "(And %(count)s earlier times not yet thanked.)",
        earlier,
    ) % {"count": earlier}
    return f"{text} {more}"


def thank_rule(ctx: _Context) -> list[Reminder]:
    """Support received with no thank-you on or after its day: one reminder per partnership, due
    after its oldest support waiting, keyed by its newest (new support brings a dismissed one back)."""
    labels = {k: str(v).lower() for k, v in Contact._meta.get_field("support_kind").choices}
    with_what = _("Thank %(partner)s for their support on %(date)s (%(what)s).")
    plain = _("Thank %(partner)s for their support on %(date)s.")
    found = []
    for partnership_id, rows in _pending(ctx, ContactKind.SUPPORT, ContactKind.THANKS).items():
        pk, _partnership_id, happened_on, support_kind, _note, _due = rows[-1]
        values = {"partner": ctx.name(partnership_id), "date": ctx.on(happened_on)}
        what = labels.get(support_kind)
        text = (with_what % {**values, "what": what}) if what else (plain % values)
        due = rows[0][2] + _days(ctx.settings.thank_within_days)
        key = f"thank:contact:{pk}"
        found.append(ctx.make(Kind.THANK, partnership_id, due, _more(text, len(rows) - 1), key))
    return found


def congratulate_rule(ctx: _Context) -> list[Reminder]:
    """Partner news noted with no congratulations on or after its day (one per partnership)."""
    with_news = _("Congratulate %(partner)s on their news of %(date)s: “%(news)s”.")
    plain = _("Congratulate %(partner)s on their news of %(date)s.")
    found = []
    pending = _pending(ctx, ContactKind.PARTNER_NEWS, ContactKind.CONGRATULATIONS)
    for partnership_id, rows in pending.items():
        pk, _partnership_id, happened_on, _kind, note, _due = rows[-1]
        values = {"partner": ctx.name(partnership_id), "date": ctx.on(happened_on)}
        if note.strip():
            values["news"] = Truncator(" ".join(note.split())).chars(80)
            text = with_news % values
        else:
            text = plain % values
        due = rows[0][2] + _days(ctx.settings.thank_within_days)
        found.append(
            ctx.make(Kind.CONGRATULATE, partnership_id, due, text, f"congratulate:contact:{pk}")
        )
    return found


def pilot_results_rule(ctx: _Context) -> list[Reminder]:
    """A pilot that ended with no results shared since its last day."""
    rows = Pilot.objects.filter(
        ctx.scoped(), library=ctx.library, ends_on__gte=ctx.horizon, ends_on__lt=ctx.day
    ).values_list("id", "partnership_id", "ends_on", "title")
    message = _(
        "Share the results of the pilot “%(title)s” with %(partner)s (it ended on %(date)s)."
    )
    found = []
    for pk, partnership_id, ends_on, title in rows:
        if ctx.followed(ContactKind.RESULTS, partnership_id, ends_on):
            continue
        values = {"title": title, "partner": ctx.name(partnership_id), "date": ctx.on(ends_on)}
        due = ends_on + _days(ctx.settings.evidence_within_days)
        key = f"results:pilot:{pk}"
        found.append(ctx.make(Kind.SHARE_RESULTS, partnership_id, due, message % values, key))
    return found


def event_results_rule(ctx: _Context) -> list[Reminder]:
    """A community event the library helped with (offer accepted) that ended, no results shared.

    An accepted offer that became a pilot is left to the pilot's reminder.
    """
    offers = (
        SupportOffer.objects.filter(
            library=ctx.library,
            status=OfferStatus.ACCEPTED,
            pilot__isnull=True,
            event__organizer__isnull=False,
            event__starts_on__lt=ctx.day,
            event__starts_on__gte=ctx.horizon - _days(LOOKBACK_DAYS),  # long events end later
        )
        .values_list(
            "event_id", "event__title", "event__starts_on", "event__ends_on", "event__organizer_id"
        )
        .distinct()
    )
    by_organization = {row["organization_id"]: pk for pk, row in ctx.partnerships.items()}
    events = {}
    for event_id, title, starts_on, ends_on, organizer_id in offers:
        end = ends_on or starts_on
        partnership_id = by_organization.get(organizer_id)
        if ctx.horizon <= end < ctx.day and partnership_id is not None:
            events[event_id] = (title, end, partnership_id)
    if not events:
        return []
    message = _("Tell %(partner)s how “%(title)s” went for the library (it ended on %(date)s).")
    found = []
    for event_id, (title, end, partnership_id) in events.items():
        if ctx.followed(ContactKind.RESULTS, partnership_id, end):
            continue
        values = {"partner": ctx.name(partnership_id), "title": title, "date": ctx.on(end)}
        due = end + _days(ctx.settings.evidence_within_days)
        key = f"results:event:{event_id}"
        found.append(ctx.make(Kind.SHARE_RESULTS, partnership_id, due, message % values, key))
    return found


def outcome_rule(ctx: _Context) -> list[Reminder]:
    """Support for a decision (a budget meeting, a letter) whose date passed, no results shared.

    Only support received within LOOKBACK_DAYS counts, like every other reminder from the log.
    """
    message = _(
        "Tell %(partner)s how the decision they helped with turned out "
        "(it was expected on %(date)s)."
    )
    found = []
    for pk, partnership_id, _on, _kind, _note, outcome_due_on in ctx.sources(ContactKind.SUPPORT):
        if outcome_due_on is None or not ctx.horizon <= outcome_due_on < ctx.day:
            continue
        if ctx.followed(ContactKind.RESULTS, partnership_id, outcome_due_on):
            continue
        values = {"partner": ctx.name(partnership_id), "date": ctx.on(outcome_due_on)}
        due = outcome_due_on + _days(ctx.settings.evidence_within_days)
        key = f"outcome:contact:{pk}"
        found.append(ctx.make(Kind.SHARE_RESULTS, partnership_id, due, message % values, key))
    return found


def leadership_rule(ctx: _Context) -> list[Reminder]:
    """A leadership change with nobody reaching the new person (or anyone, if unnamed) since.

    "Since" is strict: a call logged earlier the same day does not answer the change.
    """
    later = Contact.objects.filter(
        Q(happened_on__gt=OuterRef("happened_on"))
        | Q(happened_on=OuterRef("happened_on"), pk__gt=OuterRef("pk")),
        partnership=OuterRef("partnership"),
        happened_on__lte=ctx.day,
    ).exclude(kind=ContactKind.LEADERSHIP_CHANGE)
    changes = Contact.objects.filter(
        ctx.scoped(),
        library=ctx.library,
        kind=ContactKind.LEADERSHIP_CHANGE,
        happened_on__gte=ctx.horizon,
        happened_on__lte=ctx.day,
    )
    fields = ["id", "partnership_id", "happened_on", "person_id", "person__name"]
    # CASE evaluates only the check that applies to each change.
    reached = Case(
        When(person__isnull=True, then=Exists(later.filter(kind__in=REACH_OUT_KINDS))),
        default=Exists(later.filter(person=OuterRef("person"))),
        output_field=BooleanField(),
    )
    rows = changes.alias(reached=reached).filter(reached=False).order_by().values_list(*fields)
    named = _("Reach out to %(person)s, new at %(partner)s, and offer them a tour of the library.")
    unnamed = _(
        "%(partner)s has new leadership: reach out to the new person and offer a tour of the library."
    )
    found = []
    for pk, partnership_id, happened_on, person_id, person_name in rows:
        values = {"partner": ctx.name(partnership_id), "person": person_name}
        text = (named if person_id else unnamed) % values
        due = happened_on + _days(ctx.settings.evidence_within_days)
        key = f"leadership:contact:{pk}"
        found.append(ctx.make(Kind.LEADERSHIP, partnership_id, due, text, key, person_id))
    return found


KEEP_IN_TOUCH_STAGES = [
    Stage.PROSPECT,
    Stage.REACHING_OUT,
    Stage.EXPLORING,
    Stage.PILOT,
    Stage.ACTIVE,
]


def keep_in_touch_rule(ctx: _Context) -> list[Reminder]:
    """Open partnerships (not paused) with no contact for longer than their cadence.

    The count starts from the latest of: the last contact, the day the partnership started (or was
    created), and the day it was last resumed after a pause, so a pause is never counted as drift.
    """
    last_contact = _("Get back in touch with %(partner)s: the last contact was on %(date)s.")
    no_contact = _("Get in touch with %(partner)s: no contact logged since %(date)s.")
    found = []
    for pk, row in ctx.partnerships.items():
        if row["stage"] not in KEEP_IN_TOUCH_STAGES:
            continue
        cadence = row["keep_in_touch_days"] or ctx.settings.keep_in_touch_days
        since = [row["started_on"] or timezone.localdate(row["created_at"]), row["last_touch"]]
        if row["resumed_at"]:
            since.append(timezone.localdate(row["resumed_at"]))
        since = [day for day in since if day is not None and day <= ctx.day]
        if not since:
            continue
        reference = max(since)
        if (ctx.day - reference).days <= cadence:
            continue
        message = last_contact if reference == row["last_touch"] else no_contact
        text = message % {"partner": row["organization__name"], "date": ctx.on(reference)}
        key = f"keep_in_touch:partnership:{pk}:{reference.isoformat()}"
        found.append(ctx.make(Kind.KEEP_IN_TOUCH, pk, reference + _days(cadence), text, key))
    return found


def try_again_rule(ctx: _Context) -> list[Reminder]:
    """Declined partnerships whose date to try again has come."""
    message = _(
        "Try %(partner)s again: they said no, and the date you chose to ask again has come "
        "(%(date)s)."
    )
    found = []
    for pk, row in ctx.partnerships.items():
        date = row["try_again_on"]
        if row["stage"] != Stage.DECLINED or date is None or date > ctx.day:
            continue
        text = message % {"partner": row["organization__name"], "date": ctx.on(date)}
        key = f"try_again:partnership:{pk}:{date.isoformat()}"
        found.append(ctx.make(Kind.TRY_AGAIN, pk, date, text, key))
    return found


def commitment_rule(ctx: _Context) -> list[Reminder]:
    """Open promises due within a week or overdue: ours to do, theirs to check on."""
    rows = Commitment.objects.filter(
        ctx.scoped(),
        library=ctx.library,
        status=CommitmentStatus.OPEN,
        due_on__lte=ctx.day + _days(COMMITMENT_SOON_DAYS),
    ).values_list("id", "partnership_id", "owed_by", "what", "due_on")
    messages = {
        (Side.LIBRARY, True): _(
            "Do what the library promised %(partner)s: %(what)s (it was due on %(date)s)."
        ),
        (Side.LIBRARY, False): _(
            "Do what the library promised %(partner)s: %(what)s (due on %(date)s)."
        ),
        (Side.PARTNER, True): _(
            "Check in with %(partner)s about what they promised: %(what)s (it was due on %(date)s)."
        ),
        (Side.PARTNER, False): _(
            "Check in with %(partner)s about what they promised: %(what)s (due on %(date)s)."
        ),
    }
    found = []
    for pk, partnership_id, owed_by, what, due_on in rows:
        side = Side.LIBRARY if owed_by == Side.LIBRARY else Side.PARTNER
        values = {"partner": ctx.name(partnership_id), "what": what, "date": ctx.on(due_on)}
        text = messages[side, due_on < ctx.day] % values
        key = f"commitment:{pk}:{due_on.isoformat()}"
        found.append(ctx.make(Kind.COMMITMENT, partnership_id, due_on, text, key))
    return found


def invite_rule(ctx: _Context) -> list[Reminder]:
    """Upcoming library events x active partnerships (reaching the event's audiences, if it names
    any) not sent an invitation since the event was added."""
    events = list(
        LibraryEvent.objects.filter(
            library=ctx.library,
            starts_on__gte=ctx.day,
            starts_on__lte=ctx.day + _days(INVITE_AHEAD_DAYS),
        ).values_list("id", "title", "starts_on", "created_at")
    )
    active = {pk: row for pk, row in ctx.partnerships.items() if row["stage"] == Stage.ACTIVE}
    if not events or not active:
        return []
    audiences: dict[int, set[int]] = {}
    for event_id, audience_id in LibraryEvent.audiences.through.objects.filter(
        libraryevent_id__in=[event[0] for event in events]
    ).values_list("libraryevent_id", "audience_id"):
        audiences.setdefault(event_id, set()).add(audience_id)
    reaching: dict[int, set[int]] = {}  # organization -> the wanted audiences it reaches
    wanted = set().union(*audiences.values())
    if wanted:
        for organization_id, audience_id in Organization.audiences.through.objects.filter(
            audience_id__in=wanted, organization__library=ctx.library
        ).values_list("organization_id", "audience_id"):
            reaching.setdefault(organization_id, set()).add(audience_id)
    earliest = min(timezone.localdate(created_at) for *_rest, created_at in events)
    last_invited = dict(
        Contact.objects.filter(
            library=ctx.library,
            kind=ContactKind.INVITATION,
            happened_on__gte=earliest,
            happened_on__lte=ctx.day,
        )
        .values("partnership_id")
        .annotate(last=Max("happened_on"))
        .values_list("partnership_id", "last")
    )
    message = _("Invite %(partner)s to “%(event)s” on %(date)s.")
    found = []
    for event_id, title, starts_on, created_at in events:
        added_on = timezone.localdate(created_at)
        due = min(starts_on, max(added_on, starts_on - _days(INVITE_DUE_BEFORE_DAYS)))
        event_audiences = audiences.get(event_id)
        for pk, row in active.items():
            if (
                event_audiences
                and not reaching.get(row["organization_id"], set()) & event_audiences
            ):
                continue
            invited = last_invited.get(pk)
            if invited is not None and invited >= added_on:
                continue
            values = {
                "partner": row["organization__name"],
                "event": title,
                "date": ctx.on(starts_on),
            }
            key = f"invite:event:{event_id}:partnership:{pk}"
            found.append(ctx.make(Kind.INVITE, pk, due, message % values, key))
    return found


RULES = [
    thank_rule,
    congratulate_rule,
    pilot_results_rule,
    event_results_rule,
    outcome_rule,
    leadership_rule,
    keep_in_touch_rule,
    try_again_rule,
    commitment_rule,
    invite_rule,
]


# Putting it together -----------------------------------------------------------------------------


def _scope(library, user) -> Q | None:
    """Which partnerships' reminders `user` gets: the ones they lead, and unled ones for owners.

    None when the user is not a member of the library, or a volunteer.
    """
    if user is None:
        return Q()
    role = (
        Membership.objects.filter(library=library, user=user).values_list("role", flat=True).first()
    )
    if role is None or role == Role.VOLUNTEER:
        return None  # volunteers log contacts; the reminders are the staff's to act on
    if role == Role.OWNER:
        # Owners also get the partnerships nobody on staff leads: no lead, or a lead who is a
        # volunteer or has left the library.
        return Q(lead=user) | Q(lead__isnull=True) | ~Q(lead__in=_editors(library))
    return Q(lead=user)


def _editors(library):
    """The members who act on reminders: owners and staff (a subquery)."""
    return Membership.objects.filter(library=library, role__in=[Role.OWNER, Role.STAFF]).values(
        "user_id"
    )


def _partnerships(library, day, scope: Q) -> dict[int, dict]:
    last_touch = (
        Contact.objects.filter(partnership=OuterRef("pk"), happened_on__lte=day)
        .exclude(kind__in=NOT_A_TOUCH)
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    resumed = (
        StageChange.objects.filter(partnership=OuterRef("pk"), from_stage=Stage.PAUSED)
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    rows = (
        Partnership.objects.for_library(library)
        .filter(scope)
        .annotate(last_touch=Subquery(last_touch), resumed_at=Subquery(resumed))
        .values(
            "id",
            "organization_id",
            "organization__name",
            "lead_id",
            "stage",
            "keep_in_touch_days",
            "started_on",
            "created_at",
            "try_again_on",
            "last_touch",
            "resumed_at",
        )
    )
    editors = set(_editors(library).values_list("user_id", flat=True))
    rows = list(rows)
    for row in rows:
        if row["lead_id"] not in editors:
            row["lead_id"] = None  # led by nobody on staff: the owners' to do
    return {row["id"]: row for row in rows}


def hidden_keys(library, day: datetime.date) -> set[str]:
    """Keys decided about: done or dismissed for good, snoozed until after `day`."""
    latest: dict[str, tuple[str, datetime.date | None]] = {}
    for key, action, until in (
        ReminderDecision.objects.filter(library=library)
        .order_by("decided_at", "id")
        .values_list("key", "action", "snoozed_until")
    ):
        latest[key] = (action, until)
    return {
        key
        for key, (action, until) in latest.items()
        if action != ReminderAction.SNOOZED or (until is not None and until > day)
    }


def reminders_for(library, *, day: datetime.date, user=None) -> list[Reminder]:
    """Every reminder of the library on `day` (user=None), or those of one member: the ones for
    partnerships they lead, plus the unassigned ones when they are an owner. Due first."""
    scope = _scope(library, user)
    if scope is None:
        return []
    ctx = _Context(
        library=library,
        day=day,
        settings=StewardshipSettings.for_library(library),
        scope=scope,
        partnerships=_partnerships(library, day, scope),
    )
    if not ctx.partnerships:
        return []
    hidden = hidden_keys(library, day)
    found = [
        reminder
        for rule in RULES
        for reminder in rule(ctx)
        if reminder is not None and reminder.key not in hidden
    ]
    return sorted(found, key=lambda r: (r.due, r.partner.lower(), r.key))


def filtered(
    reminders: list[Reminder], *, kind: str = "", person: str = "", user
) -> list[Reminder]:
    """The reminders of one kind (all when empty) for one person: "me" (`user`), "nobody" (no
    one on staff leads the partnership) or a member's id; everyone's when empty."""
    if kind:
        reminders = [r for r in reminders if r.kind == kind]
    if person == "me":
        return [r for r in reminders if r.assignee_id == user.pk]
    if person == "nobody":
        return [r for r in reminders if r.assignee_id is None]
    if person.isascii() and person.isdigit():
        return [r for r in reminders if r.assignee_id == int(person)]
    return reminders


def assigned_to(reminders: list[Reminder], user, *, is_owner: bool) -> list[Reminder]:
    """The part of a library's reminders that is one member's (see `reminders_for`)."""
    return [
        r for r in reminders if r.assignee_id == user.pk or (is_owner and r.assignee_id is None)
    ]


# A decision keeps the key in ReminderDecision.key (120 characters); no real key is longer.
KEY_LENGTH = ReminderDecision._meta.get_field("key").max_length


def find(library, key: str | None, *, day: datetime.date) -> Reminder | None:
    """The reminder with this key, if the record still gives it today (never trust a posted key)."""
    key = (key or "").strip()
    if not key or len(key) > KEY_LENGTH:
        return None
    return next((r for r in reminders_for(library, day=day) if r.key == key), None)


# Decisions ---------------------------------------------------------------------------------------

# What "done" logs for each kind of reminder (commitments the library owed are marked kept instead).
DONE_CONTACT = {
    Kind.THANK: ContactKind.THANKS,
    Kind.CONGRATULATE: ContactKind.CONGRATULATIONS,
    Kind.SHARE_RESULTS: ContactKind.RESULTS,
    Kind.LEADERSHIP: ContactKind.CALL,
    Kind.KEEP_IN_TOUCH: ContactKind.CALL,
    Kind.TRY_AGAIN: ContactKind.CALL,
    Kind.COMMITMENT: ContactKind.CALL,
    Kind.INVITE: ContactKind.INVITATION,
}


def _decide(library, reminder: Reminder, by, **fields) -> ReminderDecision:
    return ReminderDecision.objects.create(
        library=library,
        key=reminder.key,
        kind=reminder.kind,
        partnership_id=reminder.partnership_id,
        due_on=reminder.due,
        decided_by=by,
        **fields,
    )


# How a thank-you or congratulations was given, asked with one tap beside "Done".
HOW = {
    "email": gettext_lazy("by e-mail"),
    "card": gettext_lazy("with a card"),
    "call": gettext_lazy("by phone"),
    "in_person": gettext_lazy("in person"),
}
ASKS_HOW = {Kind.THANK, Kind.CONGRATULATE}
UNDO_SECONDS = 60


def mark_done(
    library, reminder: Reminder, *, by, day: datetime.date, how: str = ""
) -> ReminderDecision:
    """Record the reminder as done: log the matching contact (today, by `by`) or, for a promise
    the library made, mark it kept. `how` (a key of HOW) says how a thank-you was given."""
    contact = None
    if reminder.kind == Kind.COMMITMENT and reminder.key.startswith("commitment:"):
        commitment = Commitment.objects.filter(
            library=library, pk=int(reminder.key.split(":")[1])
        ).first()
        if commitment is not None and commitment.owed_by == Side.LIBRARY:
            commitment.status = CommitmentStatus.KEPT
            commitment.done_on = day
            commitment._change_reason = "Done from a reminder"
            commitment.save()
            return _decide(library, reminder, by, action=ReminderAction.DONE)
    contact = Contact.objects.create(
        library=library,
        partnership_id=reminder.partnership_id,
        person_id=reminder.person_id,
        kind=DONE_CONTACT[reminder.kind],
        happened_on=day,
        note=(
            _("Given %(how)s. ") % {"how": HOW[how]}
            if reminder.kind in ASKS_HOW and how in HOW
            else ""
        )
        + _("Done from the reminder: %(text)s") % {"text": reminder.text},
        logged_by=by,
    )
    return _decide(library, reminder, by, action=ReminderAction.DONE, contact=contact)


def undo_done(library, decision_id, *, by, now=None) -> bool:
    """Take back a "Done" of the last minute by the same person: its contact and the decision go,
    so the reminder shows again. False when it is too late or not theirs."""
    since = (now or timezone.now()) - datetime.timedelta(seconds=UNDO_SECONDS)
    decision = ReminderDecision.objects.filter(
        library=library,
        pk=decision_id,
        action=ReminderAction.DONE,
        decided_by=by,
        decided_at__gte=since,
        contact__isnull=False,
    ).first()
    if decision is None:
        return False
    with transaction.atomic():
        Contact.objects.filter(library=library, pk=decision.contact_id).delete()
        decision.delete()
    return True


def snooze(library, reminder: Reminder, *, by, until: datetime.date) -> ReminderDecision:
    """Hide the reminder until `until` (it shows again on that day)."""
    return _decide(library, reminder, by, action=ReminderAction.SNOOZED, snoozed_until=until)


def dismiss(library, reminder: Reminder, *, by, reason: str) -> ReminderDecision:
    """Hide the reminder for good, keeping why."""
    if not reason.strip():
        raise ValueError("A dismissal needs a reason")
    return _decide(library, reminder, by, action=ReminderAction.DISMISSED, reason=reason.strip())
