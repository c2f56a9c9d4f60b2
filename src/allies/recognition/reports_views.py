"""The dashboard and the annual report for the board: charts, their tables, CSV and Word."""

from __future__ import annotations

import io

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from allies import documents
from allies.charts import bar_chart, column_chart, stacked_bar_chart
from allies.directory.exporting import write_csv
from allies.libraries.access import library_view
from allies.partnerships.models import Partnership, Stage
from allies.recognition import reports
from allies.stewardship.models import Contact, ContactKind


def _chart(table: reports.Table):
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


def _report(request, *, page: bool = True) -> reports.Report:
    """The figures for the period asked for; on a page, a message when it could not be read
    (a download has nowhere to show one, and it would linger until the next page)."""
    today = timezone.localdate()
    period, problem = reports.period_from(request.GET, today)
    if problem and page:
        messages.warning(request, problem)
    return reports.build(request.library, period, today=today)


def _figures(report: reports.Report) -> list[dict]:
    return [
        {"table": table, "chart": _chart(table), "template": f"charts/{table.chart}.html"}
        for table in report.tables
    ]


def _csv(request, report: reports.Report, key: str) -> HttpResponse:
    if key not in report.keys:
        raise Http404("No such table")
    table = report.table(key)
    text = io.StringIO(newline="")
    write_csv([table.headers, *table.rows], text)
    response = HttpResponse(text.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{request.library.slug}-{key}-{report.period.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _years(today, period: reports.Period) -> list[int]:
    """The last six years to choose from, and the year shown if it is older."""
    years = list(range(today.year, today.year - 6, -1))
    if period.is_year and period.since.year not in years:
        years.append(period.since.year)
    return years


@library_view
def dashboard(request):
    download = request.GET.get("download")
    report = _report(request, page=not download)
    if download:
        return _csv(request, report, download)
    today = timezone.localdate()
    return render(
        request,
        "recognition/dashboard.html",
        {
            "report": report,
            "figures": _figures(report),
            "years": _years(today, report.period),
            "query": _period_query(report.period),
        },
    )


def _period_query(period: reports.Period) -> str:
    if period.is_year:
        return f"year={period.since.year}"
    return f"since={period.since.isoformat()}&until={period.until.isoformat()}"


@library_view
def annual_report(request):
    report = _report(request)
    printing = bool(request.GET.get("print"))
    return render(
        request,
        "recognition/annual_report_print.html" if printing else "recognition/annual_report.html",
        {
            "report": report,
            "figures": _figures(report),
            "sentences": reports.summary(report),
            "habit_rates": _habit_rates(report.habit_rates),
            "lists": reports.annual_lists(request.library, report.period),
            "years": _years(timezone.localdate(), report.period),
            "query": _period_query(report.period),
            "printing": printing,
        },
    )


@library_view
def annual_report_docx(request):
    report = _report(request, page=False)
    lists = reports.annual_lists(request.library, report.period)
    title = _("Annual partnership report %(period)s") % {"period": report.period.label}
    document = documents.new_document(title, request.library)
    documents.add_heading(document, _("In brief"))
    documents.add_bullets(document, reports.summary(report))
    documents.add_heading(document, _("Figures"))
    for table in report.tables:
        if table.chart == "bars":
            documents.add_bar_chart(document, table.title, [(row[0], row[1]) for row in table.rows])
        else:
            documents.add_paragraph(document, bold_lead=table.title)
            documents.add_table(document, table.headers, table.rows)
    documents.add_heading(document, _("Each habit over the period, from the contact log"))
    documents.add_table(
        document, [_("Habit"), _("Chances followed")], _habit_rates(report.habit_rates)
    )
    _docx_lists(document, lists)
    return documents.docx_response(
        document, f"{request.library.slug}-annual-report-{report.period.slug}"
    )


def _habit_rates(rates) -> list[tuple[str, str]]:
    return [
        (label, f"{round(100 * rate)}%" if rate is not None else _("no chance yet"))
        for label, rate in rates
    ]


def _day(day) -> str:
    return date_format(day, "j M Y")


def _docx_lists(document, lists: dict) -> None:
    documents.add_heading(document, _("Partners we worked with"))
    documents.add_table(
        document,
        [_("Partner"), _("Stage today"), _("Since")],
        [(p.organization.name, p.get_stage_display(), _day(p.started_on)) for p in lists["worked"]],
    )
    documents.add_heading(document, _("New partnerships"))
    documents.add_bullets(
        document,
        [
            f"{p.organization.name} ({_day(p.started_on)})"
            + (f": {p.start_reason}" if p.start_reason else "")
            for p in lists["started"]
        ]
        or [_("None this year.")],
    )
    documents.add_heading(document, _("Partnerships that ended or were declined"))
    documents.add_table(
        document,
        [_("Partner"), _("What happened"), _("When"), _("Why")],
        [
            (e.partnership.organization.name, e.stage, _day(e.on), e.reason)
            for e in lists["endings"]
        ],
    )
    documents.add_heading(document, _("Pilots and events"))
    documents.add_table(
        document,
        [_("Pilot"), _("Partner"), _("Dates"), _("Attendance"), _("Outcome")],
        [
            (
                pilot.title,
                pilot.partnership.organization.name,
                f"{_day(pilot.starts_on)} – {_day(pilot.ends_on)}",
                "" if pilot.attendance is None else pilot.attendance,
                pilot.outcome,
            )
            for pilot in lists["pilots"]
        ],
    )
    documents.add_bullets(
        document, [f"{event.title} ({_day(event.starts_on)})" for event in lists["events"]]
    )
    documents.add_heading(document, _("Thank-yous sent"))
    documents.add_table(document, [_("Partner"), _("Thank-yous")], lists["thanks"])


@library_view
def partner_reports(request):
    """The partners an impact report can be made for: everyone the library has worked with."""
    results = Contact.objects.filter(partnership=OuterRef("pk"), kind=ContactKind.RESULTS).order_by(
        "-happened_on"
    )
    partnerships = (
        Partnership.objects.for_library(request.library)
        .exclude(stage__in=[Stage.PROSPECT, Stage.REACHING_OUT, Stage.DECLINED])
        .select_related("organization")
        .annotate(results_shared_on=Subquery(results.values("happened_on")[:1]))
        .order_by("organization__name", "id")
    )
    return render(request, "recognition/partner_reports.html", {"partnerships": partnerships})
