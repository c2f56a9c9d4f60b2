"""Text arrives clean: control characters (other than tab and line breaks), lone surrogates and
non-characters are removed from every string of a JSON body and of the query string, as a form
on the pages would never carry them. Such characters would break exports, or the database."""

from __future__ import annotations

import json
import re

from ninja.parser import Parser

_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(value):
    """`value` with every string in it cleaned (dicts and lists walked)."""
    if isinstance(value, str):
        return _UNWANTED.sub("", value)
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
