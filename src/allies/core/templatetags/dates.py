"""`{{ day|full_date }}` ("3 December 2026") and `{{ day|weekday_date }}` ("Thursday 3 December
2026"), in the reader's language and its word order (allies.core.dates)."""

from django import template

from allies.core import dates

register = template.Library()


@register.filter
def full_date(value):
    return dates.full_date(value)


@register.filter
def weekday_date(value):
    return dates.full_date(value, weekday=True)
