"""The commitments of a partnership for its page: each with its state in words."""

from __future__ import annotations

from django import template
from django.utils import timezone

from allies.partnerships.commitments import STATE_LABELS, state_of

register = template.Library()


@register.simple_tag
def commitments_of(partnership) -> dict:
    """{"library": [...], "partner": [...]}, each item {"commitment", "state", "label"}; open
    ones first by due date, then the settled ones, latest first."""
    today = timezone.localdate()
    sides: dict[str, list] = {"library": [], "partner": []}
    for commitment in partnership.commitments.order_by("due_on", "id"):
        state = state_of(commitment, today)
        sides.setdefault(commitment.owed_by, []).append(
            {"commitment": commitment, "state": state, "label": STATE_LABELS[state]}
        )
    for items in sides.values():
        items.sort(key=lambda item: item["commitment"].status != "open")
    return sides
