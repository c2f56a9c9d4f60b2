"""The NTEE taxonomy (../shared/data/ntee.json, shipped in the package) as plain lookups."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

NTEE_FILE = Path(__file__).with_name("ntee.json")


@cache
def ntee_codes() -> dict[str, dict]:
    """code -> {"title", "description", "keywords"} for every code and every major-group letter."""
    return json.loads(NTEE_FILE.read_text(encoding="utf-8"))


def normalize(code: str | None) -> str:
    """'c40z' -> 'C40Z'; NTEE codes are a letter, two digits, and sometimes a letter."""
    return (code or "").strip().upper()


def ntee_entry(code: str | None) -> dict | None:
    """The most specific entry known for a code: C40Z falls back to C40, then C."""
    code = normalize(code)
    codes = ntee_codes()
    for candidate in (code, code[:3], code[:1]):
        if candidate and candidate in codes:
            return codes[candidate]
    return None


def ntee_title(code: str | None) -> str:
    entry = ntee_entry(code)
    return entry["title"].strip() if entry else ""


def ntee_description(code: str | None) -> str:
    entry = ntee_entry(code)
    return entry["description"].strip() if entry else ""
