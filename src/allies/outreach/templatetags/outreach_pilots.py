"""`pilot|pilot_status` for templates: where a pilot stands today, as a key and a label."""

from django import template
from django.utils import timezone

from allies.outreach import pilots

register = template.Library()


@register.filter
def pilot_status(pilot) -> dict:
    key = pilots.status(pilot, timezone.localdate())
    label = pilot.get_decision_display() if key == "reviewed" else pilots.STATUS_LABELS[key]
    return {"key": key, "label": label}


@register.filter
def pilot_reviewable(pilot) -> bool:
    """From its last day on, once, while the partnership is open."""
    return pilots.can_review(pilot, timezone.localdate()) and pilot.partnership.is_open
