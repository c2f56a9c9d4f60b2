"""A partner's impact report as one document: the page, its printable version and the Word file
all show this, so a wording is changed in one place."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.core.charts import bar_chart
from allies.core.documents import (
    Bullets,
    Chart,
    Dates,
    Document,
    Facts,
    Link,
    Paragraph,
    Section,
    Table,
)
from allies.recognition.impact import Impact


def impact_document(impact: Impact, today: datetime.date, *, links: bool = True) -> Document:
    """The report; `links` makes the partnership's name a link (on the page, not on paper)."""
    partner = impact.partner
    sections = [_summary(impact, links)]
    if not impact.is_empty:
        sections.append(
            Section(
                _("What each side gave"),
                [Chart(_chart(impact), "charts/bars.html", bars=impact.chart_rows())],
                anchor="chart-title",
            )
        )
    if impact.pilots:
        sections.append(_pilots(impact))
    if impact.community_events:
        sections.append(
            Section(
                _("Community events of %(partner)s") % {"partner": partner},
                [
                    Table(
                        [_("Event"), _("Date"), _("What the library offered")],
                        [
                            (
                                row.event.title,
                                _dates(row.event.starts_on, row.event.ends_on),
                                [
                                    f"{offer.offer} ({offer.get_status_display()})"
                                    for offer in row.offers
                                ]
                                or _("Nothing offered"),
                            )
                            for row in impact.community_events
                        ],
                    )
                ],
                anchor="community-title",
            )
        )
    if impact.library_events:
        sections.append(
            Section(
                _("Library events"),
                [
                    Table(
                        [_("Event"), _("Date"), _("Invited on"), _("They came")],
                        [
                            (row.event.title, row.event.starts_on, row.invited_on, _yes(row.came))
                            for row in impact.library_events
                        ],
                    )
                ],
                anchor="library-events-title",
            )
        )
    commitments = impact.commitment_rows(today)
    if commitments:
        sections.append(
            Section(
                _("Commitments"),
                [
                    Table(
                        [_("What was promised"), _("Who"), _("By when"), _("What became of it")],
                        [(c.what, who, c.due_on, state) for who, c, state in commitments],
                    )
                ],
                anchor="commitments-title",
            )
        )
    contacts = [
        *((contact, contact.get_support_kind_display()) for contact in impact.support),
        *((contact, contact.get_kind_display()) for contact in impact.thanks + impact.results),
    ]
    if contacts:
        sections.append(
            Section(
                _("Support, thanks and results shared"),
                [
                    Table(
                        [_("When"), _("What"), _("Note")],
                        [
                            (contact.happened_on, what or contact.get_kind_display(), contact.note)
                            for contact, what in sorted(
                                contacts, key=lambda row: row[0].happened_on
                            )
                        ],
                    )
                ],
                anchor="support-title",
            )
        )
    return Document(
        _("Impact report: %(partner)s") % {"partner": partner},
        subtitle=impact.period.label,
        sections=sections,
    )


def _summary(impact: Impact, links: bool) -> Section:
    blocks: list = [Paragraph(sentence) for sentence in impact.summary()]
    if impact.is_empty:
        blocks.append(
            Paragraph(
                _(
                    "Record what you do together and it shows here: a pilot, a community event "
                    "of theirs the library helps with, a commitment, or a contact (support "
                    "received, a thank-you, results shared)."
                )
            )
        )
        if links:
            url = reverse(
                "partnerships:detail",
                args=[impact.partnership.library.slug, impact.partnership.pk],
            )
            blocks.append(Bullets([Link(_("Go to the partnership"), url)]))
    return Section(
        _("In short, %(period)s") % {"period": impact.period.label}, blocks, anchor="summary-title"
    )


def _pilots(impact: Impact) -> Section:
    subsections = [
        Section(
            pilot.title,
            [
                Facts(
                    [
                        (_("Kind"), pilot.get_kind_display()),
                        (_("Dates"), _dates(pilot.starts_on, pilot.ends_on)),
                        (
                            _("Attendance"),
                            _("Not recorded") if pilot.attendance is None else pilot.attendance,
                        ),
                        (_("What the library did"), pilot.library_does),
                        (
                            _("What %(partner)s did") % {"partner": impact.partner},
                            pilot.partner_does,
                        ),
                        *([(_("Outcome"), pilot.outcome)] if pilot.outcome else []),
                        *([(_("Decided"), pilot.get_decision_display())] if pilot.decision else []),
                    ]
                )
            ],
        )
        for pilot in impact.pilots
    ]
    blocks = []
    if impact.attendance:
        blocks.append(
            Paragraph(
                ngettext(
                    "In all, %(count)s person attended.",
                    "In all, %(count)s people attended.",
                    impact.attendance,
                )
                % {"count": impact.attendance}
            )
        )
    return Section(_("Pilots"), blocks, subsections=subsections, anchor="pilots-title")


def _chart(impact: Impact):
    return bar_chart(
        _("What each side gave"),
        impact.chart_rows(),
        label_header=_("What"),
        value_header=_("Number"),
    )


def _dates(starts_on, ends_on) -> Dates | None:
    return Dates(starts_on, ends_on) if starts_on else None


def _yes(came: bool) -> str:
    return _("Yes") if came else ""
