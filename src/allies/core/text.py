"""Control characters: kept out of what people type and files bring, and out of every export.

Only tab and newline are kept (a carriage return becomes a newline). The others, U+0000-U+001F and
U+007F-U+009F, are invisible, and one of them in a name used to break the Excel export for everyone
(XML refuses most of them). `install()` (run by the project's AppConfig) makes every form field that
cleans text (forms.CharField and its kin: e-mail, URL, slug, the text of every ModelForm) drop them,
except password fields, whose characters are the user's own secret.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Also refused by XML 1.0 and by the encoders: lone surrogates and the two non-characters.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_controls(value: str) -> str:
    """`value` without control characters other than tab and newline (CR LF and CR become LF)."""
    if not value:
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value)


def for_files(value) -> str:
    """Text any export format can hold: a string without control characters (tab and newline
    kept) and without the code points XML and UTF-8 refuse."""
    text = "" if value is None else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return NOT_IN_XML.sub("", text)


def has_controls(value: str) -> bool:
    return bool(value) and (("\r" in value) or CONTROL_CHARACTERS.search(value) is not None)


def install() -> None:
    """Make forms.CharField (and every field built on it) strip control characters."""
    from django import forms

    if getattr(forms.CharField.to_python, "strips_controls", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = strip_controls(value)  # before the field strips the ends of spaces
        return original(self, value)

    to_python.strips_controls = True
    forms.CharField.to_python = to_python
