"""The annual partnership report for the board as one document: the page, its printable version
and the Word file all show this, so a wording is changed in one place."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.core.charts import bar_chart, column_chart, stacked_bar_chart
from allies.core.documents import (
    Bullets,
    Chart,
    Dates,
    Document,
    Paragraph,
    Section,
    Table,
    text_of,
)
from allies.core.documents import Link as _Link
from allies.recognition import reports

REMINDERS_NOTE = gettext_lazy(
    "A reminder counts in the month someone marked it done: on time when done by the day it was "
    "due (reminders done before Allies kept that day are left out). A promise counts in the month "
    "the library kept one of its own commitments: on time when kept by its date."
)


def chart_for(table: reports.Table):
    """The chart the table says it is drawn as, from exactly the numbers in its rows."""
    label = table.headers[0]
    if table.chart == "columns":
        rows = table.drawn_rows()
        categories = [row_label for row_label, _values in rows]
        series = [
            (name, [values[index] for _label, values in rows])
            for index, name in enumerate(table.series)
        ]
        return column_chart(table.title, categories, series, label_header=label)
    if table.chart == "stacked":
        return stacked_bar_chart(
            table.title,
            table.series,
            table.drawn_rows(),
            label_header=label,
            colours=table.colours,
        )
    return bar_chart(
        table.title,
        [(row[0], row[1]) for row in table.rows],
        label_header=label,
        value_header=table.headers[1],
    )


def figure(table: reports.Table) -> Chart:
    """A figure of the report: its chart on the page; in Word, bars or its table."""
    numbers = range(1, len(table.headers))
    return Chart(
        chart_for(table),
        f"charts/{table.chart}.html",
        bars=[(row[0], row[1]) for row in table.rows] if table.chart == "bars" else None,
        table=Table(table.headers, table.rows, caption=table.title, numbers=numbers),
    )


def habit_rates(rates) -> list[tuple[str, str]]:
    return [
        (label, f"{round(100 * rate)}%" if rate is not None else _("no chance yet"))
        for label, rate in rates
    ]


def annual_document(library, report: reports.Report, lists: dict, *, links: bool) -> Document:
    """The report for the period; `links` makes partners' names links (on the page only)."""

    def partner(partnership):
        if not links:
            return partnership.organization.name
        url = reverse("partnerships:detail", args=[library.slug, partnership.pk])
        return _Link(partnership.organization.name, url)

    return Document(
        _("Annual partnership report %(period)s") % {"period": report.period.label},
        sections=[
            Section(_("In brief"), [Bullets(reports.summary(report))], anchor="in-brief"),
            Section(
                _("Partners we worked with"),
                [
                    Table(
                        [_("Partner"), _("Stage today"), _("Working together since"), _("Lead")],
                        [
                            (partner(p), p.get_stage_display(), p.started_on, p.lead)
                            for p in lists["worked"]
                        ],
                    )
                ]
                if lists["worked"]
                else [],
                empty=_(
                    "No partner was in a pilot or active in this period. Record a pilot with a "
                    "partner to see it here."
                ),
                anchor="worked",
            ),
            Section(
                _("New partnerships, and those that ended"),
                anchor="joined-left",
                subsections=[
                    Section(
                        _("Started working with us"),
                        _bullets(
                            f"{p.organization.name} · {_day(p.started_on)}"
                            + (f": {p.start_reason}" if p.start_reason else "")
                            for p in lists["started"]
                        ),
                        empty=_("No new partnership started in this period."),
                    ),
                    Section(
                        _("Ended or declined"),
                        _bullets(
                            f"{e.partnership.organization.name} · {e.stage} {_day(e.on)}"
                            + (f": {e.reason}" if e.reason else "")
                            for e in lists["endings"]
                        ),
                        empty=_("No partnership ended and nobody declined in this period."),
                    ),
                ],
            ),
            _pilots_and_events(lists),
            Section(
                _("Thank-yous sent"),
                _bullets(
                    ngettext("%(name)s: one thank-you", "%(name)s: %(count)s thank-yous", count)
                    % {"name": name, "count": count}
                    for name, count in lists["thanks"]
                ),
                empty=_(
                    "No thank-you was logged in this period. Log one from a partner's page when "
                    "you send it."
                ),
                anchor="thanks",
            ),
            Section(
                _("Each habit over the period, from the contact log"),
                [
                    Table(
                        [_("Habit"), _("Chances followed")],
                        habit_rates(report.habit_rates),
                        numbers=[1],
                    )
                ],
                anchor="habit-rates",
            ),
            Section(
                _("The figures"),
                [Paragraph(str(REMINDERS_NOTE))],
                anchor="figures",
                subsections=[
                    Section(
                        table.title,
                        [figure(table)],
                        anchor=f"figure-{table.key}",
                        css="report-figure",
                    )
                    for table in report.tables
                ],
            ),
        ],
    )


def _pilots_and_events(lists: dict) -> Section:
    events = [
        Section(
            _("The library's events"),
            _bullets(f"{event.title} · {_day(event.starts_on)}" for event in lists["events"]),
        )
    ]
    return Section(
        _("Pilots and events"),
        [
            Table(
                [_("Pilot"), _("Partner"), _("Dates"), _("Attendance"), _("Outcome")],
                [
                    (
                        pilot.title,
                        pilot.partnership.organization.name,
                        Dates(pilot.starts_on, pilot.ends_on),
                        pilot.attendance,
                        pilot.outcome,
                    )
                    for pilot in lists["pilots"]
                ],
                numbers=[3],
            )
        ]
        if lists["pilots"]
        else [Paragraph(_("No pilot ran in this period."))],
        anchor="pilots-events",
        subsections=events if lists["events"] else [],
    )


def _bullets(items) -> list:
    items = list(items)
    return [Bullets(items)] if items else []


def _day(day) -> str:
    return text_of(day)
