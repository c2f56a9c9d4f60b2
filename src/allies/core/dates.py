"""Dates written out in full in the reader's language, word order included.

Django's formats name the short date (DATE_FORMAT: "3 Dec 2026", "3 de diciembre de 2026") but no
full date with or without the weekday, so each language's word order is written here:
"Thursday 3 December 2026", "jueves 3 de diciembre de 2026", "jeudi 3 décembre 2026".
"""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.dateformat import format as format_date

FULL = {"en": "j F Y", "es": r"j \d\e F \d\e Y", "fr": "j F Y"}


def full_date(value: datetime.date | None, *, weekday: bool = False) -> str:
    """The date in words ("3 December 2026"), after its weekday when asked; "" for no date."""
    if not value:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    pattern = FULL.get(language, FULL["en"])
    return format_date(value, f"l {pattern}" if weekday else pattern)
