"""A partner's impact report: the page, its printable version, the Word export, and "shared".

The numbers come from `recognition.impact`; these views only choose the period, draw and export.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from allies import documents
from allies.charts import bar_chart
from allies.libraries.access import library_view
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived
from allies.recognition.impact import MAX_YEARS, Impact, Period, default_period, impact_for
from allies.stewardship.models import Contact, ContactKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BAD_DATE = gettext_lazy("Enter a real date, for example 2026-03-31.")


class PeriodForm(forms.Form):
    """The period of the report; an empty end is today, an empty start twelve months earlier."""

    since = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=DATE,
        error_messages={"invalid": BAD_DATE},
    )
    until = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=DATE,
        error_messages={"invalid": BAD_DATE},
    )

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        default = default_period(today)
        super().__init__(data, initial={"since": default.since, "until": default.until})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        until = data.get("until") or self.today
        since = data.get("since") or default_period(until).since
        if until < since:
            self.add_error("until", _("The end of the period must be on or after its start."))
        elif Period(since, until).is_too_long:
            self.add_error(
                "since",
                _("A report covers at most %(years)s years: choose a later start.")
                % {"years": MAX_YEARS},
            )
        else:
            data["period"] = Period(since, until)
        return data

    def period(self) -> Period:
        """The period asked for, or the last twelve months when nothing (or nothing valid) was."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return default_period(self.today)


def _period_form(data, today) -> PeriodForm:
    asked = data is not None and ("since" in data or "until" in data)
    return PeriodForm(data if asked else None, today=today)


def _report_url(request, partnership, period: Period, **extra) -> str:
    url = reverse("recognition:impact_report", args=[request.library.slug, partnership.pk])
    query = {"since": period.since.isoformat(), "until": period.until.isoformat(), **extra}
    return f"{url}?{urlencode(query)}"


def _chart(impact: Impact):
    return bar_chart(
        _("What each side gave"),
        impact.chart_rows(),
        label_header=_("What"),
        value_header=_("Number"),
    )


@library_view
def impact_report(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    today = timezone.localdate()
    form = _period_form(request.GET, today)
    period = form.period()
    impact = impact_for(partnership, period)
    printing = bool(request.GET.get("print"))
    query = urlencode({"since": period.since.isoformat(), "until": period.until.isoformat()})
    return render(
        request,
        "recognition/impact_report_print.html" if printing else "recognition/impact_report.html",
        {
            "partnership": partnership,
            "form": form,
            "period": period,
            "impact": impact,
            "chart": _chart(impact),
            "commitments": impact.commitment_rows(today),
            "today": today,
            "period_query": query,
            "printing": printing,
        },
    )


@library_view
def impact_report_docx(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    today = timezone.localdate()
    impact = impact_for(partnership, _period_form(request.GET, today).period())
    document = _document(request.library, impact, today)
    name = f"impact-{partnership.organization.name}-{impact.period.since}-{impact.period.until}"
    return documents.docx_response(document, name)


@library_view(edit=True)
@require_POST
def impact_report_shared(request, partnership_id):
    """Log that the report was shared with the partner: a "results shared" contact, today."""
    partnership = partnership_or_404(request, partnership_id)
    refused = refuse_if_archived(request, partnership)
    if refused:
        return refused
    period = _period_form(request.POST, timezone.localdate()).period()
    Contact.objects.create(
        library=request.library,
        partnership=partnership,
        kind=ContactKind.RESULTS,
        happened_on=timezone.localdate(),
        note=_("Impact report %(period)s") % {"period": period.label},
        logged_by=request.user,
    )
    messages.success(
        request,
        _(
            "Logged: the impact report was shared with %(partner)s today. "
            "Any reminder to share results with them is answered."
        )
        % {"partner": partnership.organization.name},
    )
    return redirect(_report_url(request, partnership, period))


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j M Y") if day else ""


def _document(library, impact: Impact, today: datetime.date):
    """The report as a Word document: the same sections, numbers and words as the page."""
    document = documents.new_document(
        _("Impact report: %(partner)s") % {"partner": impact.partner},
        library,
        subtitle=impact.period.label,
    )
    documents.add_heading(document, _("In short"))
    for sentence in impact.summary():
        documents.add_paragraph(document, sentence)
    documents.add_bar_chart(document, _("What each side gave"), impact.chart_rows())
    if impact.pilots:
        documents.add_heading(document, _("Pilots"))
        documents.add_table(
            document,
            [_("Pilot"), _("Dates"), _("Attendance"), _("Who did what"), _("Outcome")],
            [
                (
                    pilot.title,
                    f"{_day(pilot.starts_on)} – {_day(pilot.ends_on)}",
                    "" if pilot.attendance is None else str(pilot.attendance),
                    [
                        _("The library: %(what)s") % {"what": pilot.library_does},
                        _("%(partner)s: %(what)s")
                        % {"partner": impact.partner, "what": pilot.partner_does},
                    ],
                    pilot.outcome,
                )
                for pilot in impact.pilots
            ],
        )
    if impact.community_events:
        documents.add_heading(document, _("Their community events"))
        documents.add_table(
            document,
            [_("Event"), _("Date"), _("What the library offered")],
            [
                (
                    row.event.title,
                    _day(row.event.starts_on),
                    [f"{offer.offer} ({offer.get_status_display()})" for offer in row.offers],
                )
                for row in impact.community_events
            ],
        )
    if impact.library_events:
        documents.add_heading(document, _("Library events"))
        documents.add_table(
            document,
            [_("Event"), _("Date"), _("Invited on"), _("They came")],
            [
                (
                    row.event.title,
                    _day(row.event.starts_on),
                    _day(row.invited_on),
                    _("Yes") if row.came else "",
                )
                for row in impact.library_events
            ],
        )
    commitments = impact.commitment_rows(today)
    if commitments:
        documents.add_heading(document, _("Commitments"))
        documents.add_table(
            document,
            [_("Who"), _("What was promised"), _("By when"), _("What became of it")],
            [(who, c.what, _day(c.due_on), state) for who, c, state in commitments],
        )
    contacts = [
        *((contact, contact.get_support_kind_display()) for contact in impact.support),
        *((contact, contact.get_kind_display()) for contact in impact.thanks + impact.results),
    ]
    if contacts:
        documents.add_heading(document, _("Support, thanks and results"))
        documents.add_table(
            document,
            [_("When"), _("What"), _("Note")],
            [
                (_day(contact.happened_on), what or contact.get_kind_display(), contact.note)
                for contact, what in sorted(contacts, key=lambda row: row[0].happened_on)
            ],
        )
    return document
