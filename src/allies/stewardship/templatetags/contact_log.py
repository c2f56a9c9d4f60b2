"""The contact log and the give and take on a partnership's page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.stewardship.give_and_take import COMMITMENTS_KEPT, give_and_take
from allies.stewardship.models import ContactKind, SupportKind

register = template.Library()
BAR_WIDTH = 180  # pixels of the longer bar in the give-and-take chart


@register.simple_tag
def latest_contacts(partnership, count: int = 10) -> list:
    """The partnership's latest contacts, newest first, in one query."""
    return list(
        partnership.contacts.select_related("person", "logged_by").order_by("-happened_on", "-id")[
            :count
        ]
    )


def _rows(by_kind: dict[str, int], labels: dict[str, str], kept_label: str) -> list[tuple]:
    rows = [(labels[key], n) for key, n in by_kind.items() if key != COMMITMENTS_KEPT]
    rows.sort(key=lambda row: (-row[1], str(row[0])))
    if by_kind.get(COMMITMENTS_KEPT):
        rows.append((kept_label, by_kind[COMMITMENTS_KEPT]))
    return rows


@register.simple_tag
def give_and_take_of(partnership) -> dict:
    """The last twelve months each way, with rows (label, count) and bar widths in pixels."""
    result = give_and_take(partnership, timezone.localdate())
    largest = max(result.partner_gave, result.library_gave, 1)
    return {
        "result": result,
        "partner_rows": _rows(
            result.partner_by_kind,
            dict(SupportKind.choices),
            _("Their commitments kept"),
        ),
        "library_rows": _rows(
            result.library_by_kind, dict(ContactKind.choices), _("Our commitments kept")
        ),
        "partner_width": round(BAR_WIDTH * result.partner_gave / largest),
        "library_width": round(BAR_WIDTH * result.library_gave / largest),
    }
