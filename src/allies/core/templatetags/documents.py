"""How a cell of a `allies.core.documents.Table` (or a list item, or a fact) shows on a page."""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from allies.core.documents import Dates, Link, text_of

register = template.Library()


@register.filter
def document_cell(value):
    """Dates as <time>, links as links, lists one per line, nothing as a dash; the words are the
    ones `text_of` gives Word."""
    if isinstance(value, list | tuple):
        lines = ((document_cell(item),) for item in value)
        return format_html_join(mark_safe("<br>"), "{}", lines)  # noqa: S308 - a constant tag
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, value.text)
    if isinstance(value, Dates):
        if value.end is None or value.end == value.start:
            return document_cell(value.start)
        return format_html("{} – {}", document_cell(value.start), document_cell(value.end))
    if isinstance(value, datetime.date):
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "DATE_FORMAT")
        )
    return text_of(value)
