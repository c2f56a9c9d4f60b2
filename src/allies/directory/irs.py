"""The IRS exempt-organization extract (EO BMF) as organizations in the directory.

The extract lists every tax-exempt organization of a state, one per row, in upper case and with
USPS abbreviations. This module turns a row into an organization a librarian can read: names in
title case with acronyms kept ("VT", "YMCA", "VFW"), towns written out ("S BURLINGTON" -> "South
Burlington"), the in-care-of person as a note, the NTEE code turned into a sector, and the IRS
figures and codes (income, assets, subsection, foundation, activity) kept as they are. The audiences
and resources an organization probably has are not written as tags: they are inferred, with their
evidence, by `directory.inference` (docs/fit.md), so staff's own tags stay theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from allies.directory.importing import (
    BadFile,
    Candidate,
    ImportPlan,
    ImportReport,
    RowOutcome,
    Table,
    clean_value,
    plan_organizations,
    read_table,
)
from allies.directory.models import Sector

REQUIRED_HEADERS = {"EIN", "NAME", "ICO", "STREET", "CITY", "STATE", "ZIP", "NTEE_CD"}
SOURCE = "irs-bmf"
CARE_OF = "In care of: "


def looks_like_irs(headers: list[str]) -> bool:
    return {header.strip().upper() for header in headers} >= REQUIRED_HEADERS


# Readable names --------------------------------------------------------------------------

# Kept in capitals: states, acronyms of well-known organizations, Roman numerals, trust terms.
ACRONYMS = {
    "VT",
    "RI",
    "NH",
    "MA",
    "CT",
    "NY",
    "NJ",
    "US",
    "USA",
    "YMCA",
    "YWCA",
    "YMHA",
    "PTA",
    "PTO",
    "PTSA",
    "PTG",
    "VFW",
    "LLC",
    "LLP",
    "II",
    "III",
    "IV",
    "VI",
    "VII",
    "VIII",
    "IX",
    "XI",
    "XII",
    "AARP",
    "NAACP",
    "AFL",
    "CIO",
    "AFSCME",
    "IBEW",
    "UAW",
    "BPOE",
    "IOOF",
    "GFWC",
    "PO",
    "RR",
    "FBO",
    "UW",
    "UA",
    "TUA",
    "TUW",
    "UD",
    "UI",
    "DBA",
    "NEA",
    "AAUW",
    "CEO",
    "USBC",
    "ABC",
    "EMS",
    "TV",
    "FM",
    "AM",
    "4H",
    "HOA",
    "UVM",
    "VSC",
    "NE",
}
# Abbreviations without vowels that are words, not acronyms: written "St", "Jr", "Ctr".
ABBREVIATIONS = {
    "ST",
    "MT",
    "MTN",
    "MNTN",
    "JR",
    "SR",
    "DR",
    "DRS",
    "MR",
    "MRS",
    "MS",
    "FT",
    "PT",
    "CTR",
    "CNTR",
    "JCT",
    "JT",
    "BLVD",
    "RD",
    "HWY",
    "DEPT",
    "SVC",
    "SVCS",
    "BLDG",
    "SCH",
    "SCHL",
    "NATL",
    "INTL",
    "ASSN",
    "CMNTY",
    "CMTY",
    "CNTY",
    "TWP",
    "CT",
    "TR",
    "LTD",
    "BK",
    "FDN",
    "FND",
    "FDTN",
    "FNDTN",
    "DTD",
    "CH",
    "CHS",
    "CL",
    "PL",
    "LN",
    "SQ",
    "STS",
    "FLS",
    "SPG",
    "SPGS",
    "SPRG",
    "BND",
    "LWR",
    "STA",
    "RIV",
    "GRN",
    "PK",
    "PKWY",
    "HTS",
    "XING",
    "LT",
    "MTR",
    "BRG",
    "WY",
    "CRT",
}
# Kept in lower case inside a name (never as its first word).
SMALL_WORDS = {
    "of",
    "and",
    "the",
    "for",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "or",
    "an",
    "as",
    "from",
    "into",
    "nor",
    "per",
    "via",
    "de",
    "du",
    "des",
    "del",
}
VOWELS = set("AEIOUY")
TOKEN = re.compile(r"[A-Za-z0-9'.]+")


def _word(word: str, first: bool) -> str:
    """One word of an upper-case name, made readable."""
    upper = word.upper()
    if not upper:
        return word
    if any(ch.isdigit() for ch in upper):
        return upper.lower() if re.fullmatch(r"\d+(ST|ND|RD|TH)", upper) else upper
    if upper in ACRONYMS:
        return upper
    if not first and upper.lower() in SMALL_WORDS:
        return upper.lower()
    if len(upper) == 1:
        return upper
    if upper not in ABBREVIATIONS and len(upper) <= 5 and not VOWELS & set(upper):
        return upper  # "FD", "HCSR", "NMJ": letters that are surely an acronym
    if "'" in upper:
        head, _sep, tail = upper.partition("'")
        if head in ("O", "D") and len(tail) > 1:
            return f"{head}'{tail.capitalize()}"
        return head.capitalize() + "'" + tail.lower()
    if upper.startswith("MC") and len(upper) > 3:
        return "Mc" + upper[2:].capitalize()
    return upper.capitalize()


def readable_name(text: str) -> str:
    """'FRIENDS OF THE ST ALBANS YMCA INC' -> 'Friends of the St Albans YMCA Inc'.

    Title case, small words lower inside the name, acronyms and initials kept in capitals,
    ordinals in lower case ('1st'), 'O'BRIEN' -> 'O'Brien', 'MCDONAGH' -> 'McDonagh'.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    if any(ch.islower() for ch in text):
        return text  # already written by a person: leave it alone
    position = 0

    def replace(match: re.Match) -> str:
        nonlocal position
        token = match.group(0)
        first = position == 0
        position += 1
        core = token.strip(".")
        if "." in core and all(len(part) <= 1 for part in core.split(".")):
            return token.upper()  # U.S.A., J.P.
        start = token[: len(token) - len(token.lstrip("."))]
        end = token[len(start) + len(core) :]
        return start + _word(core, first) + end

    return TOKEN.sub(replace, text)


# USPS abbreviations in town names, written out.
TOWN_WORDS = {
    "CTR": "Center",
    "JCT": "Junction",
    "JT": "Junction",
    "FLS": "Falls",
    "FL": "Falls",
    "BND": "Bend",
    "SPG": "Springs",
    "SPGS": "Springs",
    "SPRG": "Springs",
    "LWR": "Lower",
    "ISL": "Island",
    "STA": "Station",
    "RIV": "River",
    "MTN": "Mountain",
    "COR": "Corners",
    "CM": "Common",
    "PROV": "Providence",
    "MT": "Mount",
    "FT": "Fort",
    "PT": "Point",
}
TOWN_FIRST_WORDS = {
    "N": "North",
    "NO": "North",
    "S": "South",
    "SO": "South",
    "E": "East",
    "W": "West",
    "L": "Little",
}


def readable_town(text: str) -> str:
    """'S BURLINGTON' -> 'South Burlington', 'ESSEX JCT' -> 'Essex Junction', 'ST ALBANS' -> 'St Albans'."""
    words = text.upper().split()
    if not words or any(ch.islower() for ch in text):
        return " ".join(text.split())
    out = []
    for index, word in enumerate(words):
        if index == 0 and word in TOWN_FIRST_WORDS and len(words) > 1:
            out.append(TOWN_FIRST_WORDS[word])
        elif word == "CT" and index == len(words) - 1 and index > 0:
            out.append("Center")
        elif word in TOWN_WORDS:
            out.append(TOWN_WORDS[word])
        elif word == "MC" and index + 1 < len(words):
            out.append("MC")
        else:
            out.append(readable_name(word))
    town = " ".join(out)
    return re.sub(r"\bMC (\w)", lambda m: "Mc" + m.group(1).upper(), town)


def readable_care_of(text: str) -> str:
    """'% HAROLD PYKE' -> 'Harold Pyke'; also strips 'C/O' and 'ATTN'."""
    text = re.sub(r"^\s*(%|C/O\b|ATTN:?)\s*", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^(%|C/O\b)\s*", "", text, flags=re.IGNORECASE)
    return readable_name(text)


def without_care_of(notes: str) -> str:
    """The notes without the in-care-of line the IRS import writes: a person's or a firm's name
    for the mail, which says nothing of what the organization does ("In care of: Compucount"
    made every such organization speak of "care")."""
    if not notes or CARE_OF not in notes:
        return notes or ""
    return "\n".join(ln for ln in notes.splitlines() if not ln.startswith(CARE_OF)).strip()


def merge_care_of(notes: str, line: str) -> str:
    """Put the in-care-of line into the notes, replacing an older one and keeping the rest."""
    return "\n".join([line, without_care_of(notes)]).strip()


# NTEE code -> sector ----------------------------------------------------------------------

# The longest matching prefix of the NTEE code wins; a code with no rule stays a nonprofit.
NTEE_SECTORS = {
    "B2": Sector.SCHOOL,  # elementary, secondary, preschools, charter schools
    "B3": Sector.SCHOOL,  # vocational and technical schools
    "B94": Sector.SCHOOL,  # parent and teacher groups (PTA, PTO)
    "B4": Sector.COLLEGE,  # higher education
    "B5": Sector.COLLEGE,  # graduate and professional schools
    "T2": Sector.FOUNDATION,  # private grantmaking foundations
    "T3": Sector.FOUNDATION,  # public and community foundations
    "X": Sector.FAITH,  # religion-related
    "S8": Sector.SERVICE_CLUB,  # community, women's and men's service clubs
    "Y4": Sector.SERVICE_CLUB,  # fraternal societies
    "S40": Sector.BUSINESS,  # business and industry
    "S41": Sector.BUSINESS,  # chambers of commerce and business leagues
    "S46": Sector.BUSINESS,  # boards of trade
    "S47": Sector.BUSINESS,  # real estate associations
    "W6": Sector.BUSINESS,  # financial institutions, credit unions
    "Y2": Sector.BUSINESS,  # insurance providers
    "E": Sector.HEALTH,  # health care
    "F": Sector.HEALTH,  # mental health and crisis intervention
    "G": Sector.HEALTH,  # voluntary health associations
    "H": Sector.HEALTH,  # medical research
    "A3": Sector.MEDIA,  # media and communications: film, TV, publishing, radio
}
# When the NTEE code says nothing, well-known service-club names do.
SERVICE_CLUB_NAMES = re.compile(
    r"\b(ROTARY|LIONS CLUBS?|LIONS INTERNATIONAL|KIWANIS|OPTIMIST|SOROPTIMIST|ZONTA|RURITAN|"
    r"JAYCEES|EXCHANGE CLUB|CIVITAN)\b",
    re.IGNORECASE,
)
# Then the 501(c) subsection: 06 business leagues, 08 and 10 fraternal societies.
SUBSECTION_SECTORS = {"06": Sector.BUSINESS, "08": Sector.SERVICE_CLUB, "10": Sector.SERVICE_CLUB}


def _longest_prefix(code: str, table: dict):
    for length in range(len(code), 0, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def ntee_sector(code: str, name: str = "", subsection: str = "") -> str:
    """The sector of an organization from its NTEE code, else its name, else its subsection."""
    sector = _longest_prefix(code.upper(), NTEE_SECTORS) if code else None
    if sector is None and SERVICE_CLUB_NAMES.search(name):
        sector = Sector.SERVICE_CLUB
    if sector is None:
        sector = SUBSECTION_SECTORS.get(subsection.strip().zfill(2))
    return str(sector or Sector.NONPROFIT)


# Rows -> plan -----------------------------------------------------------------------------


def irs_amount(text: str) -> int | None:
    """A dollar amount of the extract ('7980411', '-1200') as an integer; None when empty."""
    text = text.strip()
    if re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    return None


def irs_code(text: str, width: int) -> str:
    """A numeric IRS code with its leading zeros ('3' -> '03'); empty when not a code, or when it
    is all zeros (the extract's way of saying 'none')."""
    text = text.strip()
    if not text.isdigit() or len(text) > width:
        return ""
    text = text.zfill(width)
    return "" if set(text) == {"0"} else text


def irs_candidates(table: Table) -> list[Candidate]:
    """Each row as organization values. Rows without a usable name or EIN are skipped."""
    index = {header.strip().upper(): position for position, header in enumerate(table.headers)}
    width = len(table.headers)
    candidates = []
    for number, cells in table.rows:

        def cell(column: str, cells=cells) -> str:
            position = index.get(column)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        outcome = RowOutcome(row=number)
        candidate = Candidate(outcome)
        candidates.append(candidate)
        raw_name = cell("NAME")
        outcome.name = readable_name(raw_name)
        skip = None
        if len(cells) != width:
            skip = _("the row has %(found)s columns instead of %(expected)s") % {
                "found": len(cells),
                "expected": width,
            }
        elif not raw_name:
            skip = _("the row has no name")
        else:
            ein = re.sub(r"[\s-]", "", cell("EIN"))
            if ein.isdigit() and 7 <= len(ein) < 9:
                ein = ein.zfill(9)  # opened and saved in a spreadsheet, which dropped the zeros
            if not (ein.isdigit() and len(ein) == 9):
                skip = _("the EIN '%(ein)s' is not nine digits") % {"ein": cell("EIN")}
        if skip:
            outcome.action = "skipped"
            outcome.warnings.append(_("skipped: %(reason)s") % {"reason": skip})
            continue
        # Problems in single values do not lose the organization: the value is left out.
        check = RowOutcome(row=number)
        code = cell("NTEE_CD").upper()
        values = {
            "name": clean_value("name", outcome.name, check),
            "ein": ein,
            "address": clean_value("address", readable_name(cell("STREET")), check),
            "city": clean_value("city", readable_town(cell("CITY")), check),
            "state": clean_value("state", cell("STATE"), check),
            "zip_code": clean_value("zip_code", cell("ZIP"), check),
            "ntee_code": clean_value("ntee_code", code, check),
            "sector": ntee_sector(code, raw_name, cell("SUBSECTION")),
            "income": irs_amount(cell("INCOME_AMT")),
            "assets": irs_amount(cell("ASSET_AMT")),
            "irs_subsection": irs_code(cell("SUBSECTION"), 2),
            "irs_foundation": irs_code(cell("FOUNDATION"), 2),
            "irs_activity": irs_code(cell("ACTIVITY"), 9),
        }
        care_of = readable_care_of(cell("ICO"))
        if care_of:
            values["notes"] = CARE_OF + care_of
        outcome.warnings += check.warnings + [
            _("%(problem)s; it was left out") % {"problem": problem} for problem in check.errors
        ]
        if not values["name"]:
            outcome.action = "skipped"
            outcome.warnings.append(_("skipped: the name is not usable"))
            continue
        candidate.values = {
            key: value for key, value in values.items() if value is not None and value != ""
        }
        outcome.detail = values["city"]
    return candidates


def plan_irs(table: Table, library, *, filename: str) -> ImportPlan:
    """Match on EIN. Name and sector are set only when the organization is new, so a name the
    library corrected by hand is not undone by the next import of the extract. A row whose EIN
    no record has is linked to a record staff made without an EIN when it is surely the same
    (name, city, ZIP, fuzzy): only its EIN, NTEE code and IRS figures are filled in."""
    return plan_organizations(
        irs_candidates(table),
        library,
        filename=filename,
        file_format="irs-bmf",
        source=SOURCE,
        only_when_new=frozenset({"name", "sector"}),
        merge_notes=merge_care_of,
        warn_unknown_terms=False,
        link_hand_made=True,
    )


def import_irs_bmf(
    path_or_fileobj: str | Path | IO[bytes],
    library,
    *,
    user=None,
    progress: Callable[[int], object] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import an IRS EO BMF extract into a library's directory, all or nothing.

    Returns the report (`.created`, `.updated`, `.skipped`, `.errors`); raises BadFile when the
    file is not the extract. `progress(n)` is called as rows are written.
    """
    if isinstance(path_or_fileobj, str | Path):
        path = Path(path_or_fileobj)
        data, filename = path.read_bytes(), path.name
    else:
        data = path_or_fileobj.read()
        filename = Path(getattr(path_or_fileobj, "name", "") or "irs-extract.csv").name
    table = read_table(data, filename, "irs-bmf")
    if table.file_format != "irs-bmf":
        raise BadFile(_("This file is not the IRS exempt-organization extract."))
    plan = plan_irs(table, library, filename=filename)
    if dry_run:
        return plan.report(dry_run=True)
    return plan.apply(user=user, progress=progress)
