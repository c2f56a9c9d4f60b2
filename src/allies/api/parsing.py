"""Text arrives clean: in every string of a JSON body and of the query string, control characters
(other than tab and line breaks) become spaces, and lone surrogates and non-characters become the
replacement character, as a form on the pages would never carry them (they would break exports, or
the database). Each is replaced one for one, so a text's length, which the description limits, is
what the client sent."""

from __future__ import annotations

import json
import re

from ninja.parser import Parser

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVALID = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def clean(value):
    """`value` with every string in it cleaned (dicts and lists walked)."""
    if isinstance(value, str):
        return _INVALID.sub("\ufffd", _CONTROL.sub(" ", value))
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    return value


class CleanParser(Parser):
    def parse_body(self, request):
        return clean(json.loads(request.body.decode("utf-8")))

    def parse_querydict(self, data, list_fields, request):
        return clean(super().parse_querydict(data, list_fields, request))
