"""The dashboard's and the annual report's figures for one library and one period.

Each figure is a `Table`: a title, column headings and rows (a label, then numbers). The views draw
a chart from each, print it beside the chart, offer it as CSV, and write it into the Word report.
Every figure is one or two aggregate queries (the habits: a few per quarter), never one per row.
What each figure counts, exactly, is in docs/reports.md.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.directory.models import Audience, Organization, Sector
from allies.partnerships.models import (
    OPEN_STAGES,
    Commitment,
    CommitmentStatus,
    Partnership,
    Side,
    Stage,
    StageChange,
)
from allies.stewardship import habits
from allies.stewardship.models import Frequency, ReminderAction, ReminderDecision, SurveyAnswer

FIRST_YEAR = 2000
LONGEST_PERIOD_DAYS = 5 * 366
WORKING_STAGES = [Stage.PILOT, Stage.ACTIVE]
ENDING_STAGES = [Stage.ENDED, Stage.DECLINED]


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: datetime.date
    until: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        """Exactly one calendar year."""
        return self == Period.year(self.since.year)

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.since.year)
        return _("%(since)s to %(until)s") % {
            "since": date_format(self.since, "DATE_FORMAT"),
            "until": date_format(self.until, "DATE_FORMAT"),
        }

    @property
    def slug(self) -> str:
        return str(self.since.year) if self.is_year else f"{self.since:%Y%m%d}-{self.until:%Y%m%d}"

    def start(self) -> datetime.datetime:
        """The first moment of the period, in the library's time zone."""
        return _midnight(self.since)

    def end(self) -> datetime.datetime:
        """The first moment after the period (excluded)."""
        return _midnight(self.until + datetime.timedelta(days=1))

    def months(self) -> list[datetime.date]:
        """The first day of each calendar month the period touches."""
        first, months = self.since.replace(day=1), []
        while first <= self.until:
            months.append(first)
            first = (first + datetime.timedelta(days=32)).replace(day=1)
        return months

    def quarters(self, today: datetime.date) -> list[tuple[datetime.date, datetime.date, str]]:
        """Calendar quarters inside the period, cut at its edges and at today; none in the future."""
        last = min(self.until, today)
        blocks = []
        start = datetime.date(self.since.year, 3 * ((self.since.month - 1) // 3) + 1, 1)
        while start <= last:
            natural_end = (start + datetime.timedelta(days=93)).replace(day=1) - datetime.timedelta(
                days=1
            )
            since, until = max(start, self.since), min(natural_end, last)
            label = _("Q%(number)s %(year)s") % {
                "number": (start.month - 1) // 3 + 1,
                "year": start.year,
            }
            if since != start:
                label += " " + _("(from %(day)s)") % {"day": date_format(since, "j M")}
            if until != natural_end:
                label += " " + _("(to %(day)s)") % {"day": date_format(until, "j M")}
            blocks.append((since, until, label))
            start = natural_end + datetime.timedelta(days=1)
        return blocks


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def period_from(params, today: datetime.date) -> tuple[Period, str]:
    """The period asked for (?year=2025, or ?since=2025-03-01&until=2025-08-31) and an error message.

    Anything that is not a sensible period gives the current year and says so; never an error page.
    """
    this_year = Period.year(today.year)
    since, until = (params.get("since") or "").strip(), (params.get("until") or "").strip()
    if since or until:
        try:
            period = Period(datetime.date.fromisoformat(since), datetime.date.fromisoformat(until))
        except ValueError:
            return this_year, _("Give both dates as YYYY-MM-DD. Showing this year instead.")
        if period.since > period.until:
            return this_year, _("The first day comes after the last. Showing this year instead.")
        too_long = (period.until - period.since).days > LONGEST_PERIOD_DAYS
        if too_long or period.since.year < FIRST_YEAR:
            return this_year, _(
                "Choose a period of at most five years, from %(first)s on. Showing this year instead."
            ) % {"first": FIRST_YEAR}
        return period, ""
    year = (params.get("year") or "").strip()
    if not year:
        return this_year, ""
    if not re.fullmatch(r"[0-9]{4}", year) or not FIRST_YEAR <= int(year) <= today.year + 1:
        return this_year, _(
            "“%(year)s” is not a year Allies can report on (%(first)s to %(last)s). "
            "Showing %(this)s instead."
        ) % {"year": year[:20], "first": FIRST_YEAR, "last": today.year + 1, "this": today.year}
    return Period.year(int(year)), ""


@dataclass
class Table:
    """One figure: headings, then rows of a label and numbers. `chart` says how to draw it:
    "bars" (one number per row), "columns" (grouped, one series per column) or "stacked";
    `drawn` is how many number columns the chart uses (the rest are only in the table and CSV);
    `colours` names each drawn series' meaning (allies.core.charts.MEANINGS), so that an answer has one
    colour on every chart. Labels and headings are plain strings, translated once: a lazy label
    is translated again wherever a chart prints it (four times per bar)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: str = "bars"
    drawn: int | None = None
    colours: list[str] | None = None

    @property
    def series(self) -> list[str]:
        return self.headers[1 : 1 + self.drawn] if self.drawn else self.headers[1:]

    def drawn_rows(self) -> list[tuple[str, list]]:
        width = len(self.series)
        return [(row[0], list(row[1 : 1 + width])) for row in self.rows]

    @property
    def total(self) -> int:
        return sum(value for row in self.rows for value in row[1 : 1 + len(self.series)])


@dataclass
class Report:
    """Every figure for one period, in the order the pages show them."""

    period: Period
    tables: list[Table] = field(default_factory=list)
    habit_rates: list[tuple[str, float | None]] = field(default_factory=list)
    ongoing: bool = False  # the period has not ended yet: "at the end" means today

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    @property
    def is_empty(self) -> bool:
        """No partnership existed by the end of the period."""
        return not self.table("stages").total

    @property
    def keys(self) -> list[str]:
        return [table.key for table in self.tables]


def build(library, period: Period, *, today: datetime.date | None = None) -> Report:
    """Every figure of the dashboard for the library over the period."""
    today = today or timezone.localdate()
    said, log, rates = habits_over_time(library, period, today)
    then = partnerships_then(library, period)
    return Report(
        period=period,
        ongoing=period.until >= today,
        tables=[
            stages(library, period, then),
            sectors(library, period, then),
            new_and_ended(library, period),
            audiences(library, period, then),
            reminders_by_month(library, period),
            said,
            log,
        ],
        habit_rates=rates,
    )


# Partnerships -------------------------------------------------------------------------------------


def partnerships_at_end(library, period: Period):
    """The library's partnerships that existed at the end of the period, each annotated with
    `stage_then`: its stage at that moment, read from the stage history (the last change before
    the end; else the stage the first later change left; else today's stage)."""
    end = period.end()
    changes = StageChange.objects.filter(partnership=OuterRef("pk"))
    before = changes.filter(changed_at__lt=end).order_by("-changed_at", "-id").values("to_stage")
    after = changes.filter(changed_at__gte=end).order_by("changed_at", "id").values("from_stage")
    stage_then = Coalesce(Subquery(before[:1]), NullIf(Subquery(after[:1]), Value("")), F("stage"))
    return (
        Partnership.objects.for_library(library)
        .filter(created_at__lt=end)
        .annotate(stage_then=stage_then)
        .order_by()
    )


def partnerships_then(library, period: Period) -> list[tuple[str, str, int]]:
    """(stage then, sector, organization) of each partnership at the end of the period: one query
    the stages, sectors and audiences figures count in Python (a library has hundreds of
    partnerships at most; building three queries with their subqueries cost more)."""
    return list(
        partnerships_at_end(library, period).values_list(
            "stage_then", "organization__sector", "organization_id"
        )
    )


def stages(library, period: Period, then: list | None = None) -> Table:
    """`then`: `partnerships_then(library, period)` when the caller has it already."""
    then = partnerships_then(library, period) if then is None else then
    counts = Counter(stage for stage, _sector, _organization in then)
    return Table(
        key="stages",
        title=_("Partnerships by stage at the end of the period"),
        headers=[_("Stage"), _("Partnerships")],
        rows=[[str(label), counts.get(stage, 0)] for stage, label in Stage.choices],
    )


def sectors(library, period: Period, then: list | None = None) -> Table:
    then = partnerships_then(library, period) if then is None else then
    counts = Counter(sector for stage, sector, _organization in then if stage in OPEN_STAGES)
    return Table(
        key="sectors",
        title=_("Open partnerships by sector"),
        headers=[_("Sector"), _("Open partnerships")],
        rows=[[str(label), counts.get(sector, 0)] for sector, label in Sector.choices],
    )


def new_and_ended(library, period: Period) -> Table:
    start, end = period.start(), period.end()
    begun = Partnership.objects.for_library(library).aggregate(
        added=Count("id", filter=Q(created_at__gte=start, created_at__lt=end)),
        started=Count("id", filter=Q(started_on__gte=period.since, started_on__lte=period.until)),
    )
    ending = dict(
        StageChange.objects.filter(
            partnership__library=library,
            partnership__archived_at__isnull=True,
            to_stage__in=ENDING_STAGES,
            changed_at__gte=start,
            changed_at__lt=end,
        )
        .order_by()
        .values("to_stage")
        .annotate(n=Count("partnership", distinct=True))
        .values_list("to_stage", "n")
    )
    return Table(
        key="new-and-ended",
        title=_("New and ended partnerships"),
        headers=[_("What happened"), _("Partnerships")],
        rows=[
            [_("Added as a prospect"), begun["added"]],
            [_("Started working together (pilot or active)"), begun["started"]],
            [_("Ended"), ending.get(Stage.ENDED, 0)],
            [_("Declined"), ending.get(Stage.DECLINED, 0)],
        ],
    )


def audiences(library, period: Period, then: list | None = None) -> Table:
    then = partnerships_then(library, period) if then is None else then
    working = Counter(
        organization for stage, _sector, organization in then if stage in WORKING_STAGES
    )
    reached: Counter = Counter()
    if working:
        links = Organization.audiences.through.objects.filter(organization_id__in=list(working))
        for organization, audience in links.values_list("organization_id", "audience_id"):
            reached[audience] += working[organization]
    rows = [
        [name, reached.get(pk, 0)]
        for pk, name in Audience.objects.filter(library=library).values_list("pk", "name")
    ]
    rows.sort(key=lambda row: (-row[1], row[0].lower()))
    return Table(
        key="audiences",
        title=_("Audiences reached through active and pilot partners"),
        headers=[_("Audience"), _("Partners reaching it")],
        rows=rows,
    )


# Reminders and promises ---------------------------------------------------------------------------


def reminders_by_month(library, period: Period) -> Table:
    """Reminders done and promises the library kept, on time and late, by month.

    The rows (a few hundred a year) are counted in Python: two plain queries cost less than two
    built with month truncations and filtered counts.
    """
    done = (
        ReminderDecision.objects.filter(
            library=library,
            action=ReminderAction.DONE,
            due_on__isnull=False,
            decided_at__gte=period.start(),
            decided_at__lt=period.end(),
        )
        .order_by()
        .values_list("decided_at", "due_on")
    )
    kept = (
        Commitment.objects.filter(
            library=library,
            owed_by=Side.LIBRARY,
            status=CommitmentStatus.KEPT,
            done_on__gte=period.since,
            done_on__lte=period.until,
        )
        .order_by()
        .values_list("done_on", "due_on")
    )
    by_month: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for decided_at, due_on in done:
        day = timezone.localtime(decided_at).date()
        by_month[day.year, day.month][0 if day <= due_on else 1] += 1
    for day, due_on in kept:
        by_month[day.year, day.month][2 if day <= due_on else 3] += 1
    return Table(
        key="reminders",
        title=_("Reminders done and promises kept, on time and late, by month"),
        headers=[
            _("Month"),
            _("Reminders done on time"),
            _("Reminders done late"),
            _("Promises kept on time"),
            _("Promises kept late"),
        ],
        rows=[
            [date_format(month, "M Y"), *by_month.get((month.year, month.month), [0, 0, 0, 0])]
            for month in period.months()
        ],
        chart="columns",
    )


# The seven habits ---------------------------------------------------------------------------------

ANSWERS = [Frequency.ALWAYS, Frequency.SOMETIMES, Frequency.NEVER]


def _answers_as_of(library, quarters) -> list[dict[str, int]]:
    """For each quarter: how many of the current members' latest answers (one per person and
    habit, given by the quarter's last day) say Always, Sometimes, Never. One query."""
    if not quarters:
        return []
    rows = (
        SurveyAnswer.objects.filter(
            library=library,
            user__memberships__library=library,
            answered_at__lt=_midnight(quarters[-1][1] + datetime.timedelta(days=1)),
        )
        .order_by("answered_at", "id")
        .values_list("user_id", "habit", "answer", "answered_at")
    )
    rows = list(rows)
    spreads, latest, position = [], {}, 0
    for _since, until, _label in quarters:
        edge = _midnight(until + datetime.timedelta(days=1))
        while position < len(rows) and rows[position][3] < edge:
            user_id, habit, answer, _when = rows[position]
            latest[user_id, habit] = answer
            position += 1
        spread = dict.fromkeys(ANSWERS, 0)
        for answer in latest.values():
            if answer in spread:
                spread[answer] += 1
        spreads.append(spread)
    return spreads


def habits_over_time(library, period: Period, today: datetime.date):
    """Two tables by quarter (what staff say, what the log shows) and each habit's rate over
    the whole period (for the annual report's sentences)."""
    quarters = period.quarters(today)
    spreads = _answers_as_of(library, quarters)
    # The quarters and the whole period in one pass over the log (habits.assess_many).
    periods = [(since, until) for since, until, _label in quarters]
    if quarters:
        periods.append((quarters[0][0], quarters[-1][1]))
    assessed = habits.assess_many(library, periods, today=today)
    said_rows, log_rows = [], []
    for (_since, _until, label), spread, evidence in zip(
        quarters, spreads, assessed[: len(quarters)], strict=True
    ):
        said_rows.append([label, *(spread[answer] for answer in ANSWERS)])
        chances = sum(item.opportunities for item in evidence)
        followed = sum(item.followed for item in evidence)
        rate = round(100 * followed / chances) if chances else ""
        log_rows.append([label, followed, chances - followed, rate])
    rates = []
    if quarters:
        rates = [(item.label, item.rate) for item in assessed[-1]]
    said = Table(
        key="habits-said",
        title=_("The seven habits: what staff say, by quarter"),
        headers=[_("Quarter"), *(str(answer.label) for answer in ANSWERS)],
        rows=said_rows,
        chart="stacked",
        colours=[answer.value for answer in ANSWERS],
    )
    log = Table(
        key="habits-log",
        title=_("The seven habits: what the contact log shows, by quarter"),
        headers=[_("Quarter"), _("Chances followed"), _("Chances missed"), _("Followed (%)")],
        rows=log_rows,
        chart="stacked",
        drawn=2,
        colours=["followed", "missed"],
    )
    return said, log, rates


# The annual report's sentences --------------------------------------------------------------------


def summary(report: Report) -> list[str]:
    """The figures in a few plain sentences, for the board."""
    period = report.period.label
    stages_then = dict(
        zip(Stage.values, (row[1] for row in report.table("stages").rows), strict=True)
    )
    working = stages_then[Stage.ACTIVE] + stages_then[Stage.PILOT]
    _added, started, ended, declined = (row[1] for row in report.table("new-and-ended").rows)
    if report.ongoing:
        working_now = ngettext(
            "Today the library works with %(count)s partner (active or in a pilot).",
            "Today the library works with %(count)s partners (active or in a pilot).",
            working,
        )
    else:
        working_now = ngettext(
            "At the end of %(period)s the library was working with %(count)s partner "
            "(active or in a pilot).",
            "At the end of %(period)s the library was working with %(count)s partners "
            "(active or in a pilot).",
            working,
        )
    comings_and_goings = _("In %(period)s: %(started)s, %(ended)s and %(declined)s.") % {
        "period": period,
        "started": ngettext(
            "%(count)s organization started working with the library",
            "%(count)s organizations started working with the library",
            started,
        )
        % {"count": started},
        "ended": ngettext("%(count)s partnership ended", "%(count)s partnerships ended", ended)
        % {"count": ended},
        "declined": ngettext(
            "%(count)s organization declined", "%(count)s organizations declined", declined
        )
        % {"count": declined},
    }
    sentences = [working_now % {"period": period, "count": working}, comings_and_goings]
    reached = [row for row in report.table("audiences").rows if row[1]]
    if reached:
        sentences.append(
            ngettext(
                "Through them the library reaches %(count)s audience; most partners reach "
                "%(top)s (%(partners)s).",
                "Through them the library reaches %(count)s audiences; most partners reach "
                "%(top)s (%(partners)s).",
                len(reached),
            )
            % {"count": len(reached), "top": reached[0][0], "partners": reached[0][1]}
        )
    reminders = report.table("reminders")
    on_time = sum(row[1] for row in reminders.rows)
    late = sum(row[2] for row in reminders.rows)
    if on_time + late:
        sentences.append(
            _("Of %(total)s reminders done, %(on_time)s were done on time.")
            % {"total": on_time + late, "on_time": on_time}
        )
    log = [row for row in report.table("habits-log").rows if row[3] != ""]
    if log:
        sentences.append(
            _(
                "The contact log shows the seven habits followed at %(first)s%% of chances in %(from)s and %(last)s%% in %(to)s."
            )
            % {"first": log[0][3], "from": log[0][0], "last": log[-1][3], "to": log[-1][0]}
        )
    return sentences


# The annual report's lists ------------------------------------------------------------------------


@dataclass
class Ending:
    partnership: Partnership
    stage: str
    on: datetime.date
    reason: str


def annual_lists(library, period: Period) -> dict:
    """What the board reads beside the charts: who we worked with, who joined and left and why,
    pilots with their attendance, the library's events, and the thank-yous sent."""
    from allies.outreach.models import Pilot
    from allies.partnerships.models import Refusal
    from allies.stewardship.models import Contact, ContactKind, LibraryEvent

    start, end = period.start(), period.end()
    mine = Partnership.objects.for_library(library).select_related("organization", "lead")
    worked = mine.filter(started_on__lte=period.until).exclude(ended_on__lt=period.since)
    started = list(
        mine.filter(started_on__gte=period.since, started_on__lte=period.until).order_by(
            "started_on", "organization__name"
        )
    )
    starts = StageChange.objects.filter(
        partnership__in=[p.pk for p in started], to_stage__in=WORKING_STAGES
    ).order_by("-changed_at", "-id")
    why_started = {change.partnership_id: change.reason for change in starts}  # the earliest
    for partnership in started:
        partnership.start_reason = why_started.get(partnership.pk, "")
    changes = (
        StageChange.objects.filter(
            partnership__in=mine,
            to_stage__in=ENDING_STAGES,
            changed_at__gte=start,
            changed_at__lt=end,
        )
        .select_related("partnership__organization")
        .order_by("changed_at", "id")
    )
    refusals = {
        refusal.partnership_id: refusal
        for refusal in Refusal.objects.filter(
            library=library, recorded_at__gte=start, recorded_at__lt=end
        ).order_by("recorded_at", "id")
    }
    endings = []
    for change in changes:
        partnership = change.partnership
        refusal = refusals.get(partnership.pk) if change.to_stage == Stage.DECLINED else None
        reason = change.reason or partnership.end_reason
        if refusal is not None:
            reason = f"{refusal.get_reason_display()}: {refusal.lessons}"
        endings.append(
            Ending(
                partnership=partnership,
                stage=Stage(change.to_stage).label,
                on=timezone.localtime(change.changed_at).date(),
                reason=reason,
            )
        )
    thanks = (
        Contact.objects.filter(
            library=library,
            kind=ContactKind.THANKS,
            happened_on__gte=period.since,
            happened_on__lte=period.until,
        )
        .order_by()
        .values("partnership__organization__name")
        .annotate(n=Count("id"))
        .order_by("-n", "partnership__organization__name")
        .values_list("partnership__organization__name", "n")
    )
    return {
        "worked": list(worked.in_pipeline_order()),
        "started": started,
        "endings": endings,
        "pilots": list(
            Pilot.objects.filter(
                library=library, starts_on__lte=period.until, ends_on__gte=period.since
            )
            .select_related("partnership__organization")
            .order_by("starts_on", "id")
        ),
        "events": list(
            LibraryEvent.objects.filter(
                library=library, starts_on__gte=period.since, starts_on__lte=period.until
            ).order_by("starts_on", "id")
        ),
        "thanks": list(thanks),
    }
