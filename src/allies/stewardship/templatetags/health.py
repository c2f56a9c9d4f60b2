"""A partnership's health signals, for its page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from allies.stewardship.health import Health, signals_for

register = template.Library()


@register.simple_tag
def partnership_health(partnership) -> Health:
    """Signals of the four challenges and drifting, as of today (five aggregate queries)."""
    return signals_for(partnership, timezone.localdate())
