"""Partnership health: signals for the four common challenges, and drifting apart.

Each signal carries its evidence (numbers and dates) and a suggested next step. The rules, all over
the twelve months up to the day asked about (`day - 365 days` to `day`, both included):

- one-sided: what each side gave is counted. The partner gave: "Support received" contacts and the
  partner's commitments kept. The library gave: the library's commitments kept, and "Tour given",
  "Meeting space offered or provided", "Results shared", "Library news shared" and "Invitation
  sent" contacts (the same counts as `give_and_take`, aggregated here for the whole library at
  once). The signal shows when one side gave more than three times what the other gave
  (3 to 1 is not beyond, 4 to 1 is) and together they gave at least MIN_GIVE_AND_TAKE, so that 1 to 0
  means nothing yet. A "Problem noted: one-sided" contact raises it as well.
- obligations unfulfilled: commitments missed (due in the twelve months) or still open more than
  OVERDUE_DAYS after their date, by either side; a "Problem noted: obligation missed" contact too.
- miscommunication, controlling partner: "Problem noted" contacts of that kind.
- drifting: no contact for longer than the partnership's keep-in-touch cadence (its own, or the
  library's setting). Not for prospects (not in touch yet), paused, declined or ended partnerships.

Challenges are looked for on open partnerships (prospect to paused, not archived). The whole library
takes four queries, aggregated per partnership in the database.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.partnerships.models import (
    OPEN_STAGES,
    Commitment,
    CommitmentStatus,
    Partnership,
    Side,
    Stage,
)
from allies.stewardship.models import (
    TOUCH_KINDS,
    Contact,
    ContactKind,
    ProblemKind,
    StewardshipSettings,
)

YEAR_DAYS = 365
LOPSIDED_RATIO = 3
MIN_GIVE_AND_TAKE = 4
OVERDUE_DAYS = 30
NOT_DRIFTING_STAGES = [Stage.PROSPECT, Stage.PAUSED, Stage.DECLINED, Stage.ENDED]
LIBRARY_GIVES = [
    ContactKind.TOUR,
    ContactKind.SPACE,
    ContactKind.RESULTS,
    ContactKind.LIBRARY_NEWS,
    ContactKind.INVITATION,
]

SIGNALS = {
    "one_sided": gettext_lazy("One-sided"),
    "obligations": gettext_lazy("Obligations unfulfilled"),
    "miscommunication": gettext_lazy("Miscommunication"),
    "controlling": gettext_lazy("Partner becoming controlling"),
    "drifting": gettext_lazy("Drifting apart"),
}


@dataclass
class Signal:
    """One challenge seen on a partnership: which, what shows it, what to do next."""

    kind: str
    # Builds (evidence, next step) when first shown: a long list formats only the page it shows.
    words: Callable[[], tuple[str, str]] = field(repr=False, compare=False)

    @cached_property
    def _text(self) -> tuple[str, str]:
        return self.words()

    @property
    def evidence(self) -> str:
        return self._text[0]

    @property
    def next_step(self) -> str:
        return self._text[1]

    @property
    def label(self) -> str:
        return str(SIGNALS[self.kind])


@dataclass
class Health:
    """A partnership and its signals (empty when all is well)."""

    partnership: Partnership
    signals: list[Signal] = field(default_factory=list)
    partner_gave: int = 0
    library_gave: int = 0
    last_contact: datetime.date | None = None

    @property
    def kinds(self) -> list[str]:
        return [signal.kind for signal in self.signals]


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _contact_tallies(library, start, day, ids=None):
    problem = {kind: Q(kind=ContactKind.PROBLEM, problem_kind=kind) for kind in ProblemKind.values}
    # Only the kinds counted here, so the (library, kind, day) index skips the bulk of the log.
    queryset = Contact.objects.filter(
        library=library,
        kind__in=[ContactKind.SUPPORT, ContactKind.PROBLEM, *LIBRARY_GIVES],
        happened_on__gte=start,
        happened_on__lte=day,
    )
    if ids is not None:
        queryset = queryset.filter(partnership_id__in=ids)
    rows = (
        queryset.order_by()
        .values("partnership_id")
        .annotate(
            support=Count("id", filter=Q(kind=ContactKind.SUPPORT)),
            library_gave=Count("id", filter=Q(kind__in=LIBRARY_GIVES)),
            **{f"problem_{kind}": Count("id", filter=problem[kind]) for kind in ProblemKind.values},
            **{
                f"last_{kind}": Max("happened_on", filter=problem[kind])
                for kind in ProblemKind.values
            },
        )
    )
    return {row["partnership_id"]: row for row in rows}


def _commitment_tallies(library, start, day, ids=None):
    # Kept (late too: it was given) on a day in the twelve months, as give_and_take counts it.
    kept_in_year = Q(status=CommitmentStatus.KEPT, done_on__gte=start, done_on__lte=day)
    missed = Q(status=CommitmentStatus.MISSED, due_on__gte=start, due_on__lte=day)
    overdue = Q(
        status=CommitmentStatus.OPEN, due_on__lt=day - datetime.timedelta(days=OVERDUE_DAYS)
    )
    queryset = Commitment.objects.filter(library=library)
    if ids is not None:
        queryset = queryset.filter(partnership_id__in=ids)
    rows = (
        queryset.filter(kept_in_year | missed | overdue)
        .order_by()
        .values("partnership_id")
        .annotate(
            partner_kept=Count("id", filter=kept_in_year & Q(owed_by=Side.PARTNER)),
            library_kept=Count("id", filter=kept_in_year & Q(owed_by=Side.LIBRARY)),
            library_missed=Count("id", filter=missed & Q(owed_by=Side.LIBRARY)),
            partner_missed=Count("id", filter=missed & Q(owed_by=Side.PARTNER)),
            library_overdue=Count("id", filter=overdue & Q(owed_by=Side.LIBRARY)),
            partner_overdue=Count("id", filter=overdue & Q(owed_by=Side.PARTNER)),
            oldest_overdue=Min("due_on", filter=overdue),
        )
    )
    return {row["partnership_id"]: row for row in rows}


def last_contact_subquery(day: datetime.date):
    """The day of a partnership's latest contact up to `day` (read backwards along its index)."""
    return Subquery(
        Contact.objects.filter(
            partnership_id=OuterRef("pk"), kind__in=TOUCH_KINDS, happened_on__lte=day
        )
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )


def is_lopsided(partner_gave: int, library_gave: int) -> bool:
    """Beyond 3 to 1 either way, once there is enough give and take to judge."""
    if partner_gave + library_gave < MIN_GIVE_AND_TAKE:
        return False
    more, less = max(partner_gave, library_gave), min(partner_gave, library_gave)
    return more > LOPSIDED_RATIO * less


def _one_sided(health: Health, tally: dict) -> Signal | None:
    gave, took = health.partner_gave, health.library_gave
    problems = tally.get("problem_one_sided", 0)
    if not is_lopsided(gave, took) and not problems:
        return None

    def words() -> tuple[str, str]:
        parts = [
            _("Over the last twelve months they gave %(partner)s, the library gave %(library)s.")
            % {"partner": gave, "library": took}
        ]
        if problems:
            parts.append(
                ngettext(
                    "A one-sided problem was noted on %(date)s.",
                    "%(count)s one-sided problems noted, the last on %(date)s.",
                    problems,
                )
                % {"count": problems, "date": _day(tally["last_one_sided"])}
            )
        if gave > took:
            step = _(
                "They have given much more than they received. Ask what would help them now, "
                "and offer something concrete: space, a tour, a spot in the newsletter."
            )
        elif took > gave:
            step = _(
                "The library gives most of what passes between you. Talk about what each side "
                "expects, and ask plainly for one thing that would help the library."
            )
        else:
            step = _("Talk together about whether the partnership still feels fair to both sides.")
        return " ".join(parts), step

    return Signal("one_sided", words)


def _obligations(tally: dict, commitments: dict) -> Signal | None:
    missed_library = commitments.get("library_missed", 0)
    missed_partner = commitments.get("partner_missed", 0)
    overdue = commitments.get("library_overdue", 0) + commitments.get("partner_overdue", 0)
    problems = tally.get("problem_obligation_missed", 0)
    if not (missed_library or missed_partner or overdue or problems):
        return None

    def words() -> tuple[str, str]:
        parts = []
        if missed_library or missed_partner:
            parts.append(
                _(
                    "Missed in the last twelve months: %(library)s by the library, "
                    "%(partner)s by them."
                )
                % {"library": missed_library, "partner": missed_partner}
            )
        if overdue:
            parts.append(
                ngettext(
                    "%(count)s promise still open more than %(days)s days after its date "
                    "(since %(date)s).",
                    "%(count)s promises still open more than %(days)s days after their date "
                    "(the oldest since %(date)s).",
                    overdue,
                )
                % {
                    "count": overdue,
                    "days": OVERDUE_DAYS,
                    "date": _day(commitments["oldest_overdue"]),
                }
            )
        if problems:
            parts.append(
                _("A missed obligation was noted on %(date)s.")
                % {"date": _day(tally["last_obligation_missed"])}
            )
        if missed_library or commitments.get("library_overdue"):
            step = _(
                "Own the library's part first: say what happened, and agree on a new date you "
                "can keep."
            )
        else:
            step = _(
                "Ask kindly whether the promise still fits them. Agree on a smaller one, or "
                "close it together so nobody carries it."
            )
        return " ".join(parts), step

    return Signal("obligations", words)


def _problem(kind: str, tally: dict) -> Signal | None:
    count = tally.get(f"problem_{kind}", 0)
    if not count:
        return None

    def words() -> tuple[str, str]:
        evidence = ngettext(
            "Noted once in the last twelve months, on %(date)s.",
            "Noted %(count)s times in the last twelve months, the last on %(date)s.",
            count,
        ) % {"count": count, "date": _day(tally[f"last_{kind}"])}
        if kind == "miscommunication":
            step = _(
                "Meet in person and agree on who speaks for each side, how you keep each other "
                "informed, and write it down."
            )
        else:
            step = _(
                "Go back to what each side expects, written on the partnership's page. Say "
                "kindly where the library's decisions stay its own."
            )
        return evidence, step

    return Signal(kind, words)


def _drifting(health: Health, cadence: int, day: datetime.date) -> Signal | None:
    partnership = health.partnership
    if partnership.stage in NOT_DRIFTING_STAGES or partnership.archived_at:
        return None
    last = health.last_contact
    began = partnership.started_on or partnership.created_at.date()
    quiet = (day - (last or began)).days
    if quiet <= cadence:
        return None

    def words() -> tuple[str, str]:
        if last is not None:
            evidence = _(
                "Last contact on %(date)s, %(days)s days ago; the aim is every %(cadence)s days."
            ) % {"date": _day(last), "days": quiet, "cadence": cadence}
        else:
            evidence = _("No contact logged in the last %(cadence)s days.") % {"cadence": cadence}
        step = _(
            "Get in touch this week: a short call, or a chat at their next event. Share a piece "
            "of library news while you are at it."
        )
        return evidence, step

    return Signal("drifting", words)


def _assess(partnerships, library, day, ids=None) -> list[Health]:
    # `library` may be a Library or its id; the defaults when it never changed its settings.
    settings = StewardshipSettings.objects.filter(library=library).first() or StewardshipSettings()
    start = day - datetime.timedelta(days=YEAR_DAYS)
    contacts = _contact_tallies(library, start, day, ids)
    commitments = _commitment_tallies(library, start, day, ids)
    result = []
    for partnership in partnerships:
        tally = contacts.get(partnership.pk, {})
        promised = commitments.get(partnership.pk, {})
        health = Health(
            partnership=partnership,
            partner_gave=tally.get("support", 0) + promised.get("partner_kept", 0),
            library_gave=tally.get("library_gave", 0) + promised.get("library_kept", 0),
            last_contact=partnership.last_contact,
        )
        found = [
            _one_sided(health, tally),
            _obligations(tally, promised),
            _problem("miscommunication", tally),
            _problem("controlling", tally),
            _drifting(health, partnership.keep_in_touch_days or settings.keep_in_touch_days, day),
        ]
        health.signals = [signal for signal in found if signal is not None]
        result.append(health)
    return result


def signals_for(partnership: Partnership, day: datetime.date) -> Health:
    """One partnership's health on `day` (open partnerships only; others have no signals)."""
    if partnership.archived_at or partnership.stage not in OPEN_STAGES:
        return Health(partnership=partnership)
    partnership.last_contact = (
        Contact.objects.filter(partnership=partnership, kind__in=TOUCH_KINDS, happened_on__lte=day)
        .order_by("-happened_on")
        .values_list("happened_on", flat=True)
        .first()
    )
    return _assess([partnership], partnership.library_id, day, ids=[partnership.pk])[0]


def needing_attention(library, day: datetime.date, signal: str | None = None) -> list[Health]:
    """Open partnerships with at least one signal (or with `signal`), most signals first."""
    partnerships = list(
        Partnership.objects.for_library(library)
        .open()
        .select_related("organization", "lead")
        .annotate(last_contact=last_contact_subquery(day))
    )
    found = [health for health in _assess(partnerships, library, day) if health.signals]
    if signal:
        found = [health for health in found if signal in health.kinds]
    found.sort(key=lambda health: (-len(health.signals), health.partnership.organization.name))
    return found


def signal_counts(found: list[Health]) -> Counter:
    """How many partnerships show each signal."""
    return Counter(kind for health in found for kind in health.kinds)
