"""A partner's impact report: what the library and one partner did together over a period.

Everything comes from the record the library already keeps (pilots, community events and the
library's offers of help, library events and invitations, commitments, the contact log); nothing is
typed twice. One query per kind of record, whatever the number of rows. What counts, exactly, is in
docs/impact.md; the rules are written once here, in `impact_for`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.outreach.models import CommunityEvent, OfferStatus, Pilot, SupportOffer
from allies.partnerships.models import Commitment, CommitmentStatus, Partnership, Side
from allies.stewardship.models import Contact, ContactKind, LibraryEvent

MAX_YEARS = 5
# An invitation is for the library's next event, when that event is at most this many days later.
INVITATION_AHEAD_DAYS = 60
# Contacts that mean we saw them: logged on the day of a library event, they came to it.
MET_KINDS = (ContactKind.VISIT, ContactKind.MEETING, ContactKind.CHAT)


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: datetime.date
    until: datetime.date

    @property
    def label(self) -> str:
        return (
            f"{date_format(self.since, 'DATE_FORMAT')} – {date_format(self.until, 'DATE_FORMAT')}"
        )

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.since <= day <= self.until

    @property
    def is_too_long(self) -> bool:
        """Longer than MAX_YEARS: `since` is earlier than the same day MAX_YEARS before `until`."""
        return self.since < years_before(self.until, MAX_YEARS)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (28 February for a 29 February with no twin), never before
    the first day the calendar knows."""
    if day.year <= years:
        return datetime.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def default_period(today: datetime.date) -> Period:
    """The last twelve months up to today: from the day after the same day last year."""
    since = years_before(today, 1) + datetime.timedelta(days=1)
    return Period(since=min(since, today), until=today)


@dataclass
class CommunityEventRow:
    """One of the partner's community events, with what the library offered for it."""

    event: CommunityEvent
    offers: list[SupportOffer]

    @property
    def library_helped(self) -> bool:
        return any(offer.status == OfferStatus.ACCEPTED for offer in self.offers)


@dataclass
class LibraryEventRow:
    """One of the library's events, and whether the partner was invited and came."""

    event: LibraryEvent
    invited_on: datetime.date | None
    came: bool


@dataclass
class Promises:
    """One side's commitments in the period, by what became of them."""

    side: str
    on_time: list[Commitment] = field(default_factory=list)
    late: list[Commitment] = field(default_factory=list)
    missed: list[Commitment] = field(default_factory=list)
    open: list[Commitment] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return len(self.on_time) + len(self.late)

    @property
    def total(self) -> int:
        return self.kept + len(self.missed) + len(self.open)

    def add(self, commitment: Commitment) -> None:
        if commitment.status == CommitmentStatus.KEPT:
            (self.late if commitment.was_late else self.on_time).append(commitment)
        elif commitment.status == CommitmentStatus.MISSED:
            self.missed.append(commitment)
        else:
            self.open.append(commitment)


@dataclass
class Impact:
    """What one partnership did with the library over one period (see `impact_for`)."""

    partnership: Partnership
    period: Period
    pilots: list[Pilot]
    community_events: list[CommunityEventRow]
    library_events: list[LibraryEventRow]
    partner_promises: Promises
    library_promises: Promises
    support: list[Contact]
    thanks: list[Contact]
    results: list[Contact]

    @property
    def partner(self) -> str:
        return self.partnership.organization.name

    @property
    def attendance(self) -> int:
        """Everyone who came to the pilots, as recorded on each pilot (none recorded counts 0)."""
        return sum(pilot.attendance or 0 for pilot in self.pilots)

    @property
    def outcomes(self) -> list[Pilot]:
        return [pilot for pilot in self.pilots if pilot.outcome.strip()]

    @property
    def events_helped(self) -> list[CommunityEventRow]:
        return [row for row in self.community_events if row.library_helped]

    @property
    def events_invited(self) -> list[LibraryEventRow]:
        return [row for row in self.library_events if row.invited_on]

    @property
    def events_attended(self) -> list[LibraryEventRow]:
        return [row for row in self.library_events if row.came]

    @property
    def is_empty(self) -> bool:
        return not (
            self.pilots
            or self.community_events
            or self.library_events
            or self.partner_promises.total
            or self.library_promises.total
            or self.support
            or self.thanks
            or self.results
        )

    def commitment_rows(self, today: datetime.date) -> list[tuple[str, Commitment, str]]:
        """Every commitment counted, the partner's first: (who owed it, commitment, its state)."""
        return [
            (label, commitment, commitment_state(commitment, today))
            for label, promises in (
                (self.partner, self.partner_promises),
                (_("The library"), self.library_promises),
            )
            for commitment in sorted(
                promises.on_time + promises.late + promises.missed + promises.open,
                key=lambda c: (c.due_on, c.pk),
            )
        ]

    def chart_rows(self) -> list[tuple[str, int]]:
        """What each side gave in the period, as (label, number): the chart and its table."""
        return [
            (_("Pilots run together"), len(self.pilots)),
            (_("Their events we helped"), len(self.events_helped)),
            (_("Invited to our events"), len(self.events_invited)),
            (_("Commitments they kept"), self.partner_promises.kept),
            (_("Commitments we kept"), self.library_promises.kept),
            (_("Times they supported us"), len(self.support)),
            (_("Thank-yous we sent"), len(self.thanks)),
            (_("Results we shared"), len(self.results)),
        ]

    def summary(self) -> list[str]:
        """The report in a few plain sentences, only about what happened (no "0 pilots")."""
        name = self.partner
        sentences = [
            self._pilots_sentence(),
            self._events_sentence(),
            self._promises_sentence(),
        ]
        if self.support:
            sentences.append(
                ngettext(
                    "%(partner)s supported the library once.",
                    "%(partner)s supported the library %(count)s times.",
                    len(self.support),
                )
                % {"partner": name, "count": len(self.support)}
            )
        if self.thanks or self.results:
            sentences.append(self._courtesy_sentence())
        sentences = [sentence for sentence in sentences if sentence]
        if not sentences:
            return [
                _("Nothing done with %(partner)s was recorded between %(since)s and %(until)s.")
                % {
                    "partner": name,
                    "since": date_format(self.period.since, "j F Y"),
                    "until": date_format(self.period.until, "j F Y"),
                }
            ]
        return sentences

    def _pilots_sentence(self) -> str:
        count = len(self.pilots)
        if not count:
            return ""
        values = {"count": count, "people": self.attendance}
        if not self.attendance:
            return (
                ngettext(
                    "Together we ran %(count)s pilot.", "Together we ran %(count)s pilots.", count
                )
                % values
            )
        pilots = (
            ngettext("Together we ran %(count)s pilot", "Together we ran %(count)s pilots", count)
            % values
        )
        attended = (
            ngettext("%(people)s person attended", "%(people)s people attended", self.attendance)
            % values
        )
        return _("%(pilots)s that %(attended)s.") % {"pilots": pilots, "attended": attended}

    def _events_sentence(self) -> str:
        parts = []
        helped, invited = len(self.events_helped), len(self.events_invited)
        if helped:
            parts.append(
                ngettext(
                    "The library helped with %(count)s community event organized by %(partner)s.",
                    "The library helped with %(count)s community events organized by %(partner)s.",
                    helped,
                )
                % {"count": helped, "partner": self.partner}
            )
        came = len(self.events_attended)
        if invited:
            invitation = ngettext(
                "We invited %(partner)s to %(count)s library event",
                "We invited %(partner)s to %(count)s library events",
                invited,
            ) % {"partner": self.partner, "count": invited}
            if came:
                parts.append(
                    _("%(invitation)s; they came to %(came)s.")
                    % {"invitation": invitation, "came": came}
                )
            else:
                parts.append(_("%(invitation)s.") % {"invitation": invitation})
        elif came:
            parts.append(
                ngettext(
                    "%(partner)s came to %(count)s library event.",
                    "%(partner)s came to %(count)s library events.",
                    came,
                )
                % {"partner": self.partner, "count": came}
            )
        return " ".join(parts)

    def _promises_sentence(self) -> str:
        return " ".join(
            _promises_sentence(promises, self.partner)
            for promises in (self.partner_promises, self.library_promises)
            if promises.total
        )

    def _courtesy_sentence(self) -> str:
        thanks, results = len(self.thanks), len(self.results)
        thanked = ngettext("thanked them once", "thanked them %(count)s times", thanks) % {
            "count": thanks
        }
        shared = ngettext(
            "shared results with them once",
            "shared results with them %(count)s times",
            results,
        ) % {"count": results}
        if thanks and results:
            return _("The library %(thanked)s and %(shared)s.") % {
                "thanked": thanked,
                "shared": shared,
            }
        return _("The library %(done)s.") % {"done": thanked if thanks else shared}


def _promises_sentence(promises: Promises, partner: str) -> str:
    """One side's commitments in words: all kept, or how many were kept, missed, still open."""
    who = partner if promises.side == Side.PARTNER else _("The library")
    count, kept = promises.total, promises.kept
    missed, still_open = len(promises.missed), len(promises.open)
    values = {"who": who, "count": count}
    if kept == count:
        return (
            ngettext(
                "%(who)s kept its commitment.",
                "%(who)s kept all %(count)s of its commitments.",
                count,
            )
            % values
        )
    if count == 1:
        if missed:
            return _("%(who)s missed its commitment.") % values
        return _("%(who)s has a commitment still open.") % values
    parts = [
        ngettext("%(count)s was kept", "%(count)s were kept", n) % {"count": n}
        if what == "kept"
        else ngettext("%(count)s was missed", "%(count)s were missed", n) % {"count": n}
        if what == "missed"
        else ngettext("%(count)s is still open", "%(count)s are still open", n) % {"count": n}
        for what, n in (("kept", kept), ("missed", missed), ("open", still_open))
        if n
    ]
    return _("%(who)s made %(count)s commitments: %(parts)s.") % {
        **values,
        "parts": get_text_list(parts, _("and")),
    }


def impact_for(partnership: Partnership, period: Period) -> Impact:
    """Gather what the library and `partnership` did together in `period` (both days included).

    - pilots of this partnership that ran at any time in the period (started on or before `until`
      and ended on or after `since`);
    - community events organized by the partner's organization, or for which the library made an
      offer that became one of this partnership's pilots, held in the period (first or last day in
      it, or spanning it), with the library's offers; the library helped when an offer was accepted;
    - the library's events held in the period: invited when an invitation to this partner was logged
      on the event's day or before it, the event being the library's first one after the
      invitation and at most INVITATION_AHEAD_DAYS later; came when a visit, a meeting or a chat
      with them (MET_KINDS) was logged on the event's day;
    - commitments of either side: a kept one counts on the day it was kept (its due day when no day
      was recorded), a missed or still open one on its due day;
    - contacts of kind support, thanks and results logged in the period.
    Six queries, whatever the number of records. Everything is scoped to the partnership's library.
    """
    since, until = period.since, period.until
    scope = {"library_id": partnership.library_id}
    pilots = list(
        Pilot.objects.filter(
            partnership=partnership, starts_on__lte=until, ends_on__gte=since, **scope
        ).order_by("starts_on", "id")
    )
    events = (
        CommunityEvent.objects.filter(
            Q(organizer_id=partnership.organization_id) | Q(offers__pilot__partnership=partnership),
            Q(ends_on__gte=since) | Q(ends_on__isnull=True, starts_on__gte=since),
            starts_on__lte=until,
            **scope,
        )
        .distinct()
        .order_by("starts_on", "id")
        .prefetch_related(
            Prefetch("offers", queryset=SupportOffer.objects.order_by("offered_on", "id"))
        )
    )
    contacts = list(
        Contact.objects.filter(
            partnership=partnership,
            happened_on__gte=_days_before(since, INVITATION_AHEAD_DAYS),
            happened_on__lte=until,
            **scope,
        )
        .select_related("person", "logged_by")
        .order_by("happened_on", "id")
    )
    partner_promises, library_promises = Promises(Side.PARTNER), Promises(Side.LIBRARY)
    for commitment in Commitment.objects.filter(
        Q(status=CommitmentStatus.KEPT, done_on__gte=since, done_on__lte=until)
        | Q(
            ~Q(status=CommitmentStatus.KEPT) | Q(done_on__isnull=True),
            due_on__gte=since,
            due_on__lte=until,
        ),
        partnership=partnership,
        **scope,
    ).order_by("due_on", "id"):
        (partner_promises if commitment.owed_by == Side.PARTNER else library_promises).add(
            commitment
        )

    def logged(kind: str) -> list[Contact]:
        return [c for c in contacts if c.kind == kind and c.happened_on in period]

    return Impact(
        partnership=partnership,
        period=period,
        pilots=pilots,
        community_events=[CommunityEventRow(event, list(event.offers.all())) for event in events],
        library_events=_library_events(partnership, period, contacts),
        partner_promises=partner_promises,
        library_promises=library_promises,
        support=logged(ContactKind.SUPPORT),
        thanks=logged(ContactKind.THANKS),
        results=logged(ContactKind.RESULTS),
    )


def _library_events(partnership, period: Period, contacts: list[Contact]) -> list[LibraryEventRow]:
    """The library's events in the period to which the partner was invited or came.

    An invitation is for the library's first event on or after the day it was logged, at most
    INVITATION_AHEAD_DAYS later; events just before the period are loaded so that an invitation to
    one of them is not mistaken for one to an event in the period.
    """
    events = list(
        LibraryEvent.objects.filter(
            library_id=partnership.library_id,
            starts_on__gte=_days_before(period.since, INVITATION_AHEAD_DAYS),
            starts_on__lte=period.until,
        ).order_by("starts_on", "id")
    )
    ahead = datetime.timedelta(days=INVITATION_AHEAD_DAYS)
    invited: dict[int, datetime.date] = {}
    for contact in contacts:
        if contact.kind != ContactKind.INVITATION:
            continue
        day = contact.happened_on
        event = next((e for e in events if day <= e.starts_on and e.starts_on - day <= ahead), None)
        if event is not None:
            invited[event.pk] = max(invited.get(event.pk, day), day)
    met_on = {c.happened_on for c in contacts if c.kind in MET_KINDS}
    return [
        LibraryEventRow(
            event=event, invited_on=invited.get(event.pk), came=event.starts_on in met_on
        )
        for event in events
        if event.starts_on in period and (event.pk in invited or event.starts_on in met_on)
    ]


def _days_before(day: datetime.date, days: int) -> datetime.date:
    if day - datetime.date.min <= datetime.timedelta(days=days):
        return datetime.date.min
    return day - datetime.timedelta(days=days)


def commitment_state(commitment: Commitment, today: datetime.date) -> str:
    """What became of a commitment, in words: kept on time or late (and when), missed, open."""
    if commitment.status == CommitmentStatus.KEPT:
        if not commitment.done_on:
            return _("Kept")
        values = {"date": date_format(commitment.done_on, "DATE_FORMAT")}
        if commitment.was_late:
            return _("Kept late, on %(date)s") % values
        return _("Kept on time, on %(date)s") % values
    if commitment.status == CommitmentStatus.MISSED:
        return _("Missed")
    if commitment.is_overdue(today):
        return _("Open, overdue")
    return _("Open")
