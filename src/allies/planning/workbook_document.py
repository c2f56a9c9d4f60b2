"""An action plan as one document: its printable page and its Word file both show this, so a
wording is changed in one place. (The plan's working page, with its forms, is separate.)"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from allies.core.charts import bar_chart
from allies.core.dates import full_date
from allies.core.documents import Bullets, Chart, Document, Paragraph, Section, Table
from allies.planning import workbook
from allies.planning.models import ItemKind


def plan_document(plan, items, today: datetime.date) -> Document:
    if plan.is_finished and plan.finished_on:
        status = _("Finished on %(day)s") % {"day": full_date(plan.finished_on)}
    else:
        status = _("Draft, as of %(day)s") % {"day": full_date(today)}
    sections = [
        Section(
            _("Which partners could help, and why?"),
            [Paragraph(line) for line in plan.partners_who_could_help.splitlines() if line.strip()],
            empty=_("Not answered yet."),
        ),
        _items(
            _("New opportunities to explore"),
            [item for item in items if item.kind == ItemKind.OPPORTUNITY],
            first=_("Prospect"),
            empty=_(
                "None yet. Pick a prospect (or an organization from the directory) you could "
                "approach for this plan."
            ),
        ),
        _items(
            _("Things to do for current partners"),
            [item for item in items if item.kind == ItemKind.FOR_PARTNER],
            first=_("Partner"),
            empty=_(
                "None yet. Name something to do for a partner you already work with, and by when."
            ),
        ),
    ]
    lacking = workbook.missing(plan, items)
    if lacking:
        sections.append(Section(_("Still missing"), [Bullets(lacking)]))
    progress = [(label, count) for _value, label, count in workbook.progress_summary(items)]
    chart = bar_chart(_("Progress"), progress, label_header=_("Progress"), value_header=_("Items"))
    sections.append(Section(_("Progress"), [Chart(chart, "charts/bars.html", bars=progress)]))
    return Document(str(plan), subtitle=status, sections=sections)


def _items(title: str, items, *, first: str, empty: str) -> Section:
    rows = [
        (
            [item.partnership.organization.name, item.partnership.get_stage_display()],
            item.what,
            item.why,
            item.due_on,
            item.get_current_progress_display(),
        )
        for item in items
    ]
    headers = [first, _("What to do"), _("Why"), _("By when"), _("Progress")]
    return Section(title, [Table(headers, rows)] if rows else [], empty=empty)
