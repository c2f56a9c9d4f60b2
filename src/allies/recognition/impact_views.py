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
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from allies.core import documents
from allies.core.languages import in_library_language
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived
from allies.recognition.impact import MAX_YEARS, Period, default_period, impact_for
from allies.recognition.impact_document import impact_document
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


@library_view(role=MEMBERS)
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
            "document": impact_document(impact, today, links=not printing),
            "today": today,
            "period_query": query,
            "printing": printing,
        },
    )


@library_view(role=MEMBERS)
@in_library_language
def impact_report_docx(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    today = timezone.localdate()
    impact = impact_for(partnership, _period_form(request.GET, today).period())
    document = documents.to_docx(impact_document(impact, today, links=False), request.library)
    name = f"impact-{partnership.organization.name}-{impact.period.since}-{impact.period.until}"
    return documents.docx_response(document, name)


@library_view(role=STAFF)
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
