"""The dashboard and the annual report for the board: charts, their tables, CSV and Word."""

from __future__ import annotations

import io

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from allies.core import documents
from allies.core.languages import in_library_language
from allies.core.page_cache import member_page
from allies.directory.exporting import write_csv
from allies.libraries.access import MEMBERS, library_view
from allies.partnerships.models import Partnership, Stage
from allies.recognition import reports
from allies.recognition.annual_document import REMINDERS_NOTE, annual_document, chart_for
from allies.stewardship.models import Contact, ContactKind


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
        {"table": table, "chart": chart_for(table), "template": f"charts/{table.chart}.html"}
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


@library_view(role=MEMBERS)
@member_page
def dashboard(request):
    download = request.GET.get("download")
    report = _report(request, page=not download)
    if download:
        return _csv(request, report, download)
    today = timezone.localdate()
    query = _period_query(report.period)
    dashboard_url = reverse("recognition:dashboard", args=[request.library.slug])
    return render(
        request,
        "recognition/dashboard.html",
        {
            "report": report,
            "figures": _figures(report),
            "reminders_note": REMINDERS_NOTE,
            "years": _years(today, report.period),
            "query": query,
            "download_url": f"{dashboard_url}?{query}",  # reversed once, not once a figure
        },
    )


def _period_query(period: reports.Period) -> str:
    if period.is_year:
        return f"year={period.since.year}"
    return f"since={period.since.isoformat()}&until={period.until.isoformat()}"


@library_view(role=MEMBERS)
def annual_report(request):
    report = _report(request)
    printing = bool(request.GET.get("print"))
    lists = reports.annual_lists(request.library, report.period)
    return render(
        request,
        "recognition/annual_report_print.html" if printing else "recognition/annual_report.html",
        {
            "report": report,
            "document": annual_document(request.library, report, lists, links=not printing),
            "years": _years(timezone.localdate(), report.period),
            "query": _period_query(report.period),
            "printing": printing,
        },
    )


@library_view(role=MEMBERS)
@in_library_language
def annual_report_docx(request):
    report = _report(request, page=False)
    lists = reports.annual_lists(request.library, report.period)
    document = annual_document(request.library, report, lists, links=False)
    return documents.docx_response(
        documents.to_docx(document, request.library),
        f"{request.library.slug}-annual-report-{report.period.slug}",
    )


@library_view(role=MEMBERS)
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
