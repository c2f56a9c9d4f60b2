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


# What each 501(c) subsection is, in the words of IRS Publication 557 ("Tax-Exempt Status for Your
# Organization", its headings for each subsection). The fit ranking reads them as the category of
# an organization that has no NTEE code (46% of a state's list): a 501(c)(14) is a credit union,
# a 501(c)(19) a veterans' post. 03 (charities) says nothing about what an organization does.
SUBSECTION_TITLES = {
    "02": "Title-holding corporations for exempt organizations",
    "04": "Civic leagues and social welfare organizations, local associations of employees",
    "05": "Labor, agricultural and horticultural organizations",
    "06": "Business leagues, chambers of commerce, real estate boards",
    "07": "Social and recreational clubs",
    "08": "Fraternal beneficiary societies and associations",
    "09": "Voluntary employees' beneficiary associations",
    "10": "Domestic fraternal societies and associations",
    "12": "Local benevolent life insurance associations, mutual ditch or irrigation companies, "
    "mutual or cooperative telephone companies",
    "13": "Cemetery companies",
    "14": "Credit unions and other mutual financial organizations",
    "19": "Veterans' organizations: posts of past or present members of the armed forces",
}


def subsection_title(subsection: str) -> str:
    """What a 501(c) subsection is ('' for 03 and unknown codes)."""
    return SUBSECTION_TITLES.get((subsection or "").strip().zfill(2), "")
