"""Checking values: each row's cells cleaned into a `Candidate`, problems noted on its `RowOutcome`.

A value that can be mended (a ZIP code that lost its leading zero) is mended with a warning; one
that cannot is an error that names the row, the value and what it should look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from allies.core.text import has_controls, strip_controls
from allies.directory.importing.columns import (
    CONTACT_FIELDS,
    ORGANIZATION_COLUMNS,
    PEOPLE,
    PEOPLE_COLUMNS,
)
from allies.directory.importing.reading import Table
from allies.directory.models import Affiliation, Organization, Person, Sector
from allies.libraries.zipcodes import ZipError, mend_zip


@dataclass
class RowOutcome:
    """What happens to one row: 'created', 'updated', 'unchanged', 'skipped' or 'error'."""

    row: int
    name: str = ""
    detail: str = ""
    action: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "name": self.name,
            "detail": self.detail,
            "action": self.action,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class Candidate:
    """One row's cleaned values, before it is matched to the directory."""

    outcome: RowOutcome
    values: dict[str, str] = field(default_factory=dict)
    audiences: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    organization: str = ""
    role: str = ""
    # On an organizations sheet: the contact person's "name", "email", "phone" and "role".
    contact: dict[str, str] = field(default_factory=dict)


STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "puerto rico": "PR",
    "guam": "GU",
    "virgin islands": "VI",
}
SECTOR_WORDS = {
    **{value: value for value in Sector.values},
    **{str(label).casefold(): value for value, label in Sector.choices},
    "college": Sector.COLLEGE,
    "university": Sector.COLLEGE,
    "government": Sector.GOVERNMENT,
    "church": Sector.FAITH,
    "faith": Sector.FAITH,
    "service club": Sector.SERVICE_CLUB,
    "club": Sector.SERVICE_CLUB,
    "non-profit": Sector.NONPROFIT,
    "charity": Sector.NONPROFIT,
    "company": Sector.BUSINESS,
    "school district": Sector.SCHOOL,
    "hospital": Sector.HEALTH,
}
MAX_LENGTHS = {
    f.name: f.max_length
    for model in (Organization, Person, Affiliation)
    for f in model._meta.get_fields()
    if getattr(f, "max_length", None) and not f.is_relation
}
email_validator = EmailValidator()
url_validator = URLValidator(schemes=["http", "https"])


def _refuse(outcome: RowOutcome, problem: str) -> str:
    """Record an error the librarian must fix; the value is not used."""
    outcome.errors.append(problem)
    return ""


def _leave_out(outcome: RowOutcome, problem: str) -> str:
    """Record a warning: the row is still imported, without this value."""
    outcome.warnings.append(problem)
    return ""


def _is_valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def clean_zip(value: str, outcome: RowOutcome) -> str:
    """'05602', '05602-2957'; a four-digit ZIP from a spreadsheet that dropped its zero is mended
    (the rule of every form too: allies.libraries.zipcodes)."""
    try:
        mended, was_mended = mend_zip(value)
    except ZipError as error:
        if error.short:
            return _refuse(
                outcome,
                _("the ZIP code '%(zip)s' is too short: a ZIP code has five digits, like 05602")
                % {"zip": error.value},
            )
        return _refuse(
            outcome,
            _(
                "the ZIP code '%(zip)s' is not a ZIP code: write five digits, like 05602 or "
                "05602-2957"
            )
            % {"zip": error.value},
        )
    if was_mended:
        outcome.warnings.append(
            _(
                "the ZIP code '%(zip)s' was read as %(mended)s (a spreadsheet probably dropped "
                "its leading zero)"
            )
            % {"zip": value.strip(), "mended": mended}
        )
    return mended


def clean_email(value: str, outcome: RowOutcome) -> str:
    email = value.strip().removeprefix("mailto:")
    if _is_valid(email_validator, email):
        return email
    return _refuse(
        outcome,
        _("the e-mail address '%(email)s' is not valid (it should look like name@example.org)")
        % {"email": value},
    )


def clean_website(value: str, outcome: RowOutcome) -> str:
    website = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", website, re.IGNORECASE):
        website = "https://" + website
    if _is_valid(url_validator, website):
        return website
    return _refuse(
        outcome,
        _("the website '%(url)s' is not a web address (like www.example.org)") % {"url": value},
    )


def clean_ein(value: str, outcome: RowOutcome) -> str:
    """Nine digits, leading zeros kept; a spreadsheet that stored it as a number lost them."""
    digits = re.sub(r"[\s-]", "", value)
    if digits.isdigit() and 7 <= len(digits) < 9:
        outcome.warnings.append(
            _("the EIN '%(ein)s' was read as %(mended)s (leading zeros restored)")
            % {"ein": value, "mended": digits.zfill(9)}
        )
        digits = digits.zfill(9)
    if digits.isdigit() and len(digits) == 9:
        return digits
    return _refuse(
        outcome,
        _("the EIN '%(ein)s' is not an EIN: it has nine digits, like 03-0179421") % {"ein": value},
    )


def clean_state(value: str, outcome: RowOutcome) -> str:
    state = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", state):
        return state.upper()
    code = STATES.get(state.casefold().rstrip("."))
    if code:
        return code
    return _leave_out(
        outcome,
        _("the state '%(state)s' was left out: write its two-letter code, like VT")
        % {"state": value},
    )


def clean_sector(value: str, outcome: RowOutcome) -> str:
    sector = SECTOR_WORDS.get(value.strip().casefold())
    if sector:
        return str(sector)
    return _leave_out(
        outcome,
        _("the sector '%(sector)s' is not one Allies knows (%(choices)s); the sector was not set")
        % {"sector": value, "choices": ", ".join(str(label) for label in Sector.labels)},
    )


def clean_ntee(value: str, outcome: RowOutcome) -> str:
    code = value.strip().upper()
    if re.fullmatch(r"[A-Z][0-9A-Z]{1,4}", code):
        return code
    return _leave_out(
        outcome,
        _("the NTEE code '%(code)s' was left out: it should look like B70 or O50")
        % {"code": value},
    )


CLEANERS = {
    "zip_code": clean_zip,
    "email": clean_email,
    "website": clean_website,
    "ein": clean_ein,
    "state": clean_state,
    "sector": clean_sector,
    "ntee_code": clean_ntee,
}


def unprotect(value: str) -> str:
    """Drop the apostrophe our export puts before text a spreadsheet would run as a formula."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def clean_value(key: str, value: str, outcome: RowOutcome) -> str:
    """A cell's value for a field, or '' with an error or a warning recorded on the row."""
    value = unprotect(value.strip())
    if not value:
        return ""
    if key in CLEANERS:
        value = CLEANERS[key](value, outcome)
    limit = MAX_LENGTHS.get(key)
    if limit and len(value) > limit:
        return _refuse(
            outcome,
            _("the %(field)s is too long (%(length)s characters; at most %(limit)s)")
            % {"field": _field_label(key), "length": len(value), "limit": limit},
        )
    return value


def _field_label(key: str) -> str:
    for column in ORGANIZATION_COLUMNS + PEOPLE_COLUMNS:
        if column.key == key:
            return str(column.label).lower()
    return key


def split_terms(value: str) -> list[str]:
    """'Teens; Seniors, Families' -> ['Teens', 'Seniors', 'Families']."""
    return [term.strip() for term in re.split(r"[;,\n]", value) if term.strip()]


def without_control_characters(cells: list[str], outcome: RowOutcome) -> list[str]:
    """The row's cells without control characters (tab and newline kept, allies/core/text.py), with a
    warning on the row when some were there: they are invisible and no export could hold them."""
    if not any(has_controls(cell) for cell in cells):
        return cells
    outcome.warnings.append(
        _("invisible control characters (such as a vertical tab or an escape) were left out")
    )
    return [strip_controls(cell) for cell in cells]


def spreadsheet_candidates(table: Table, mapping: list[str], kind: str) -> list[Candidate]:
    """Each row's values by field, cleaned and checked. Rows without a name are errors."""
    pairs = [(index, key) for index, key in enumerate(mapping) if key]
    candidates = []
    for number, cells in table.rows:
        outcome = RowOutcome(row=number)
        cells = without_control_characters(cells, outcome)
        candidate = Candidate(outcome)
        for index, key in pairs:
            raw = unprotect(table.cell(cells, index).strip())
            if key in ("audiences", "resources"):
                setattr(candidate, key, split_terms(raw))
            elif key in ("organization", "role"):
                setattr(candidate, key, raw.strip())
            elif key in ("first_name", "last_name"):
                continue
            elif key in CONTACT_FIELDS:
                name = CONTACT_FIELDS[key]
                value = clean_value(name, raw, outcome)
                if value:
                    candidate.contact[name] = value
            else:
                value = clean_value(key, raw, outcome)
                if value:
                    candidate.values[key] = value
        if kind == PEOPLE and "name" not in candidate.values:
            parts = [
                table.cell(cells, i).strip()
                for wanted in ("first_name", "last_name")
                for i, k in pairs
                if k == wanted
            ]
            name = clean_value("name", " ".join(p for p in parts if p), outcome)
            if name:
                candidate.values["name"] = name
        outcome.name = candidate.values.get("name", "")
        outcome.detail = candidate.values.get("city", "") or candidate.organization
        if not outcome.name and not outcome.errors:
            outcome.errors.append(_("the name is empty; every row needs one"))
        if candidate.contact and "name" not in candidate.contact:
            outcome.errors.append(
                _(
                    "the contact person has an e-mail, phone or role but no name: write their "
                    "name in the contact column (or empty the other contact cells)"
                )
            )
        candidates.append(candidate)
    return candidates
