"""Importing organizations and people from spreadsheets: read, map columns, plan, then write.

The steps are separate so that the upload page can show each one:

1. `read_table` turns the uploaded bytes into rows, or raises `BadFile` with a message a librarian
   can act on (too big, empty, not a spreadsheet, damaged workbook, no recognisable columns).
2. `auto_mapping` guesses which field each column holds from its heading.
3. `plan_table` checks every row and decides what would happen to it (created, updated, unchanged,
   skipped, or an error to fix) without writing anything: that is the preview and the dry run.
4. `ImportPlan.apply` writes everything in one transaction, or nothing at all when any row has an
   error. Records are written with bulk queries, and simple-history's bulk helpers record each
   creation and change with the reason "Import of <file name>".
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from allies.directory.models import (
    Affiliation,
    Audience,
    Organization,
    Person,
    Resource,
    Sector,
)

log = logging.getLogger(__name__)

ORGANIZATIONS = "organizations"
PEOPLE = "people"
KINDS = (ORGANIZATIONS, PEOPLE)
FORMATS = ("auto", "csv", "xlsx", "irs-bmf")
BATCH_SIZE = 500
# Chunk for `id__in` lookups: SQLite builds may limit a query to 999 parameters.
IN_CHUNK = 900

Progress = Callable[[int], object]


class BadFile(Exception):
    """The file cannot be imported at all; `message` says why in words a librarian understands."""

    def __init__(self, message) -> None:
        self.message = str(message)
        super().__init__(self.message)


# Reading files -------------------------------------------------------------------------------


@dataclass
class Table:
    """A spreadsheet's headings and its non-blank rows, each with its row number in the sheet."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str

    def cell(self, cells: list[str], index: int) -> str:
        return cells[index] if index < len(cells) else ""

    def samples(self, index: int, count: int = 3) -> list[str]:
        """The first few non-empty values of a column, to help the librarian map it."""
        found = []
        for _number, cells in self.rows:
            value = self.cell(cells, index)
            if value:
                found.append(value)
                if len(found) == count:
                    break
        return found


NOT_A_SPREADSHEET = gettext_lazy(
    "This file is not a spreadsheet Allies can read. Save it from your spreadsheet program as "
    "CSV (comma-separated values) or as an Excel workbook (.xlsx), then upload it again."
)
DAMAGED_WORKBOOK = gettext_lazy(
    "This file could not be opened as an Excel workbook (.xlsx): it may be damaged or saved in "
    "another format. Open it in your spreadsheet program and save it again as .xlsx or as CSV."
)
OLD_EXCEL = gettext_lazy(
    "This is an old Excel 97-2003 workbook (.xls). In Excel choose File, Save As, and save it as "
    "an Excel Workbook (.xlsx) or CSV UTF-8, then upload that file."
)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


def read_table(data: bytes, filename: str = "", file_format: str = "auto") -> Table:
    """Read CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma, semicolon or tab) or XLSX."""
    limit = settings.MAX_IMPORT_BYTES
    if len(data) > limit:
        raise BadFile(
            _(
                "The file is %(size)s; the largest file Allies can import is %(limit)s. "
                "Split it into smaller files and import each one."
            )
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise BadFile(_("The file is empty. Choose the spreadsheet that holds your list."))
    if file_format not in FORMATS:
        raise BadFile(_("Unknown file format %(format)r.") % {"format": file_format})
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile(OLD_EXCEL)
    is_zip = data.startswith(b"PK\x03\x04")
    wants_xlsx = filename.lower().endswith((".xlsx", ".xlsm"))
    if file_format == "xlsx" or (file_format == "auto" and (is_zip or wants_xlsx)):
        table = _read_xlsx(data)
    elif is_zip:
        raise BadFile(NOT_A_SPREADSHEET)
    else:
        table = _read_csv(_decode(data))
    if not any(table.headers):
        raise BadFile(
            _(
                "The file has no column headings. The first row should name each column, "
                "for example Name, City, ZIP code, E-mail."
            )
        )
    from allies.directory import irs

    if file_format == "irs-bmf" or (file_format == "auto" and irs.looks_like_irs(table.headers)):
        if not irs.looks_like_irs(table.headers):
            raise BadFile(
                _(
                    "This file does not have the columns of the IRS exempt-organization extract "
                    "(EIN, NAME, ICO, STREET, CITY, STATE, ZIP, ... NTEE_CD)."
                )
            )
        table.file_format = "irs-bmf"
    return table


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Windows writes Windows-1252 ("ANSI")."""
    if data.startswith(BINARY_MAGIC) or b"\x00" in data:
        raise BadFile(NOT_A_SPREADSHEET)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise BadFile(NOT_A_SPREADSHEET) from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(3, len(sample) // 1000):
        raise BadFile(NOT_A_SPREADSHEET)
    return text


def detect_delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab outside quotes in the heading row.

    Excel writes semicolons where the comma is the decimal separator (much of Europe)."""
    first_line = re.sub(r'"[^"]*"', "", text.lstrip("\r\n").split("\n", 1)[0])
    counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if headers is None:
                headers = cells
            else:
                rows.append((number, cells))
    except csv.Error:
        raise BadFile(NOT_A_SPREADSHEET) from None
    return Table(headers or [], rows, "csv")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        log.info("Unreadable workbook uploaded", exc_info=True)
        raise BadFile(DAMAGED_WORKBOOK) from None
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        if not workbook.worksheets:
            raise BadFile(DAMAGED_WORKBOOK)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if headers is None:
                headers = cells
            else:
                rows.append((number, cells))
    except BadFile:
        raise
    except Exception:
        log.info("Unreadable workbook uploaded", exc_info=True)
        raise BadFile(DAMAGED_WORKBOOK) from None
    finally:
        workbook.close()
    return Table(headers or [], rows, "xlsx")


# Columns and their meaning ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A field a column can be imported into, with the headings that mean it."""

    key: str
    label: str
    synonyms: tuple[str, ...]


def heading_key(heading: str) -> str:
    """'E-mail address' -> 'emailaddress': headings compared without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", heading.casefold())


ORGANIZATION_COLUMNS = [
    Column(
        "name",
        gettext_lazy("Name"),
        (
            "name",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "orgname",
            "partner",
            "partnername",
            "company",
            "business",
            "businessname",
        ),
    ),
    Column(
        "sector",
        gettext_lazy("Sector"),
        ("sector", "type", "kind", "category", "organizationtype", "organisationtype"),
    ),
    Column("ntee_code", gettext_lazy("NTEE code"), ("ntee", "nteecode", "nteecd")),
    Column("ein", gettext_lazy("EIN"), ("ein", "taxid", "fein", "employeridentificationnumber")),
    Column(
        "mission", gettext_lazy("Mission"), ("mission", "missionstatement", "about", "description")
    ),
    Column(
        "current_interests",
        gettext_lazy("What they care about now"),
        ("currentinterests", "interests", "priorities", "whattheycareaboutnow"),
    ),
    Column(
        "website",
        gettext_lazy("Website"),
        ("website", "url", "web", "site", "homepage", "webaddress", "websiteurl"),
    ),
    Column(
        "address",
        gettext_lazy("Street address"),
        ("address", "streetaddress", "street", "address1", "addressline1"),
    ),
    Column("city", gettext_lazy("City or town"), ("city", "town", "cityortown", "municipality")),
    Column("state", gettext_lazy("State"), ("state", "st", "province")),
    Column(
        "zip_code",
        gettext_lazy("ZIP code"),
        ("zip", "zipcode", "postcode", "postalcode", "zip5", "zippostalcode"),
    ),
    Column(
        "phone",
        gettext_lazy("Phone"),
        ("phone", "telephone", "tel", "phonenumber", "telephonenumber"),
    ),
    Column("email", gettext_lazy("E-mail"), ("email", "emailaddress", "mail")),
    Column(
        "audiences",
        gettext_lazy("Audiences they reach"),
        ("audiences", "audience", "audiencestheyreach", "whotheyreach", "serves"),
    ),
    Column(
        "resources",
        gettext_lazy("Resources and skills they could offer"),
        (
            "resources",
            "resource",
            "resourcesandskills",
            "skills",
            "resourcesandskillstheycouldoffer",
            "whattheycanoffer",
            "offers",
        ),
    ),
    Column("needs", gettext_lazy("Their needs"), ("needs", "theirneeds")),
    Column("notes", gettext_lazy("Notes"), ("notes", "note", "comments", "comment", "remarks")),
]

PEOPLE_COLUMNS = [
    Column(
        "name",
        gettext_lazy("Name"),
        ("name", "fullname", "person", "contact", "contactname", "personname"),
    ),
    Column("first_name", gettext_lazy("First name"), ("firstname", "givenname", "first")),
    Column("last_name", gettext_lazy("Last name"), ("lastname", "surname", "familyname", "last")),
    Column("email", gettext_lazy("E-mail"), ("email", "emailaddress", "mail")),
    Column(
        "phone",
        gettext_lazy("Phone"),
        ("phone", "telephone", "tel", "phonenumber", "mobile", "cell"),
    ),
    Column(
        "organization",
        gettext_lazy("Organization"),
        (
            "organization",
            "organisation",
            "org",
            "company",
            "employer",
            "affiliation",
            "organizationname",
        ),
    ),
    Column("role", gettext_lazy("Role or title"), ("role", "title", "jobtitle", "position")),
    Column("notes", gettext_lazy("Notes"), ("notes", "note", "comments", "comment", "remarks")),
]


def columns_for(kind: str) -> list[Column]:
    return ORGANIZATION_COLUMNS if kind == ORGANIZATIONS else PEOPLE_COLUMNS


def auto_mapping(headers: list[str], kind: str) -> list[str]:
    """For each heading, the field it most likely holds ('' when none); each field used once."""
    lookup = {}
    for column in columns_for(kind):
        for synonym in column.synonyms:
            lookup.setdefault(synonym, column.key)
    used: set[str] = set()
    mapping = []
    for heading in headers:
        key = lookup.get(heading_key(heading), "")
        if key in used:
            key = ""
        used.add(key)
        mapping.append(key)
    return mapping


def check_mapping(mapping: list[str], kind: str) -> None:
    """Refuse a mapping that imports nothing, or cannot name the records it creates."""
    chosen = {key for key in mapping if key}
    if not chosen:
        raise BadFile(
            _(
                "None of the column headings was recognised. The first row should name each "
                "column, for example Name, City, ZIP code, E-mail."
            )
        )
    if "name" not in chosen and not (kind == PEOPLE and chosen & {"first_name", "last_name"}):
        raise BadFile(
            _("No column holds the name. Add a column headed Name (or choose which column it is).")
        )
    known = {column.key for column in columns_for(kind)}
    repeated = [key for key in chosen if mapping.count(key) > 1]
    if repeated or not chosen <= known:
        raise BadFile(_("Each field can be chosen for one column only."))


# Checking values --------------------------------------------------------------------------


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
    for model in (Organization, Person)
    for f in model._meta.get_fields()
    if getattr(f, "max_length", None) and not f.is_relation
}
email_validator = EmailValidator()
url_validator = URLValidator(schemes=["http", "https"])


def clean_zip(value: str, outcome: RowOutcome) -> str:
    """'05602', '05602-2957'; a four-digit ZIP from a spreadsheet that dropped its zero is mended."""
    zip_code = value.strip()
    digits = zip_code.replace("-", "").replace(" ", "")
    if digits.isdigit() and len(digits) in (4, 8) and not digits.startswith("0"):
        mended = "0" + digits
        mended = mended if len(mended) == 5 else f"{mended[:5]}-{mended[5:]}"
        outcome.warnings.append(
            _(
                "the ZIP code '%(zip)s' was read as %(mended)s (a spreadsheet probably dropped "
                "its leading zero)"
            )
            % {"zip": zip_code, "mended": mended}
        )
        return mended
    if digits.isdigit() and len(digits) == 9 and "-" not in zip_code:
        return f"{digits[:5]}-{digits[5:]}"
    if re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
        return zip_code
    if digits.isdigit() and len(digits) < 5:
        outcome.errors.append(
            _("the ZIP code '%(zip)s' is too short: a ZIP code has five digits, like 05602")
            % {"zip": zip_code}
        )
    else:
        outcome.errors.append(
            _(
                "the ZIP code '%(zip)s' is not a ZIP code: write five digits, like 05602 or 05602-2957"
            )
            % {"zip": zip_code}
        )
    return ""


def clean_email(value: str, outcome: RowOutcome) -> str:
    email = value.strip().removeprefix("mailto:")
    try:
        email_validator(email)
    except ValidationError:
        outcome.errors.append(
            _("the e-mail address '%(email)s' is not valid (it should look like name@example.org)")
            % {"email": value}
        )
        return ""
    return email


def clean_website(value: str, outcome: RowOutcome) -> str:
    website = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", website, re.IGNORECASE):
        website = "https://" + website
    try:
        url_validator(website)
    except ValidationError:
        outcome.errors.append(
            _("the website '%(url)s' is not a web address (like www.example.org)") % {"url": value}
        )
        return ""
    return website


def clean_ein(value: str, outcome: RowOutcome) -> str:
    """Nine digits, leading zeros kept; a spreadsheet that stored it as a number lost them."""
    digits = re.sub(r"[\s-]", "", value)
    if digits.isdigit() and 7 <= len(digits) < 9:
        outcome.warnings.append(
            _("the EIN '%(ein)s' was read as %(mended)s (leading zeros restored)")
            % {"ein": value, "mended": digits.zfill(9)}
        )
        digits = digits.zfill(9)
    if not (digits.isdigit() and len(digits) == 9):
        outcome.errors.append(
            _("the EIN '%(ein)s' is not an EIN: it has nine digits, like 03-0179421")
            % {"ein": value}
        )
        return ""
    return digits


def clean_state(value: str, outcome: RowOutcome) -> str:
    state = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", state):
        return state.upper()
    code = STATES.get(state.casefold().rstrip("."))
    if code:
        return code
    outcome.warnings.append(
        _("the state '%(state)s' was left out: write its two-letter code, like VT")
        % {"state": value}
    )
    return ""


def clean_sector(value: str, outcome: RowOutcome) -> str:
    sector = SECTOR_WORDS.get(value.strip().casefold())
    if sector:
        return str(sector)
    outcome.warnings.append(
        _("the sector '%(sector)s' is not one Allies knows (%(choices)s); the sector was not set")
        % {"sector": value, "choices": ", ".join(str(label) for label in Sector.labels)}
    )
    return ""


def clean_ntee(value: str, outcome: RowOutcome) -> str:
    code = value.strip().upper()
    if re.fullmatch(r"[A-Z][0-9A-Z]{1,4}", code):
        return code
    outcome.warnings.append(
        _("the NTEE code '%(code)s' was left out: it should look like B70 or O50") % {"code": value}
    )
    return ""


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
        outcome.errors.append(
            _("the %(field)s is too long (%(length)s characters; at most %(limit)s)")
            % {"field": _field_label(key), "length": len(value), "limit": limit}
        )
        return ""
    return value


def _field_label(key: str) -> str:
    for column in ORGANIZATION_COLUMNS + PEOPLE_COLUMNS:
        if column.key == key:
            return str(column.label).lower()
    return key


def split_terms(value: str) -> list[str]:
    """'Teens; Seniors, Families' -> ['Teens', 'Seniors', 'Families']."""
    return [term.strip() for term in re.split(r"[;,\n]", value) if term.strip()]


def spreadsheet_candidates(table: Table, mapping: list[str], kind: str) -> list[Candidate]:
    """Each row's values by field, cleaned and checked. Rows without a name are errors."""
    pairs = [(index, key) for index, key in enumerate(mapping) if key]
    candidates = []
    for number, cells in table.rows:
        outcome = RowOutcome(row=number)
        candidate = Candidate(outcome)
        for index, key in pairs:
            raw = unprotect(table.cell(cells, index).strip())
            if key in ("audiences", "resources"):
                setattr(candidate, key, split_terms(raw))
            elif key in ("organization", "role"):
                setattr(candidate, key, raw.strip())
            elif key in ("first_name", "last_name"):
                continue
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
        candidates.append(candidate)
    return candidates


# The plan: what would happen to each row -------------------------------------------------


@dataclass
class ImportReport:
    """The row-by-row result of an import (or of its preview), kept as JSON on the ImportBatch."""

    kind: str
    filename: str
    file_format: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def rows_to_fix(self) -> int:
        return len({error["row"] for error in self.errors})

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})

    def summary(self) -> dict:
        """The object `allies import --json` prints."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "warnings": self.warnings,
            "written": self.written,
            "dry_run": self.dry_run,
        }

    @classmethod
    def for_bad_file(cls, kind: str, filename: str, message: str) -> ImportReport:
        return cls(kind=kind, filename=filename, errors=[{"row": None, "message": message}])


@dataclass
class ImportPlan:
    """Everything an import would write, decided row by row before anything is written."""

    kind: str
    library: object
    filename: str
    file_format: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)
    changed_organizations: dict[int, tuple[Organization, set[str]]] = field(default_factory=dict)
    # (organization, m2m field name, term id) to add; the organization may not be saved yet.
    terms_to_add: list[tuple[Organization, str, int]] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    changed_people: dict[int, tuple[Person, set[str]]] = field(default_factory=dict)
    # (person, organization, role) for affiliations to create; either may not be saved yet.
    new_affiliations: list[tuple[Person, Organization, str]] = field(default_factory=list)
    changed_affiliations: list[Affiliation] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(outcome.errors for outcome in self.outcomes)

    def report(self, *, written: bool = False, dry_run: bool = False) -> ImportReport:
        report = ImportReport(kind=self.kind, filename=self.filename, file_format=self.file_format)
        report.written, report.dry_run = written, dry_run
        for outcome in self.outcomes:
            if outcome.errors:
                outcome.action = "error"
            report.rows.append(outcome.as_dict())
            report.errors += [{"row": outcome.row, "message": m} for m in outcome.errors]
            report.warnings += [{"row": outcome.row, "message": m} for m in outcome.warnings]
            if outcome.action in ("created", "updated", "unchanged", "skipped"):
                setattr(report, outcome.action, getattr(report, outcome.action) + 1)
        if report.errors and not dry_run:
            report.created = report.updated = report.unchanged = 0
        return report

    def apply(self, user=None, progress: Progress | None = None) -> ImportReport:
        """Write the whole plan in one transaction, or nothing when any row has an error."""
        if self.has_errors:
            return self.report()
        reason = _("Import of %(filename)s") % {"filename": self.filename}
        with transaction.atomic():
            writer = _Writer(user=user, reason=reason, progress=progress)
            writer.organizations(
                self.new_organizations,
                self.changed_organizations,
                self.terms_to_add,
                advance=self.kind == ORGANIZATIONS,
            )
            if self.kind == PEOPLE:
                writer.people(self.new_people, self.changed_people)
                writer.affiliations(self.new_affiliations, self.changed_affiliations)
        if progress:
            progress(max(0, len(self.outcomes) - writer.reported))
        return self.report(written=True)


def _chunks(items: list, size: int = IN_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    """Bulk writes with history: one '+' or '~' history record per record touched."""

    def __init__(self, *, user, reason: str, progress: Progress | None) -> None:
        self.user = user
        self.reason = reason
        self.progress = progress
        self.now = timezone.now()
        self.reported = 0

    def _advance(self, count: int) -> None:
        if self.progress and count:
            self.progress(count)
            self.reported += count

    def _create(self, objects: list, model, advance: bool = True) -> None:
        for chunk in _chunks(objects, BATCH_SIZE):
            bulk_create_with_history(
                chunk,
                model,
                batch_size=BATCH_SIZE,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )
            if advance:
                self._advance(len(chunk))

    def _update(self, objects: list, model, fields: set[str], advance: bool = True) -> None:
        if not objects:
            return
        for chunk in _chunks(objects, BATCH_SIZE):
            bulk_update_with_history(
                chunk,
                model,
                sorted(fields),
                batch_size=BATCH_SIZE,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )
            if advance:
                self._advance(len(chunk))

    def organizations(self, new: list, changed: dict, terms: list, advance: bool = True) -> None:
        for organization in new:
            organization.search_text = organization.build_search_text()
        self._create(new, Organization, advance)
        fields: set[str] = set()
        for organization, names in changed.values():
            organization.updated_at = self.now
            organization.search_text = organization.build_search_text()
            fields |= names
        fields = (fields - {"audiences", "resources"}) | {"updated_at", "search_text"}
        # Terms go in before the history is written below, so history shows the final lists.
        for name in ("audiences", "resources"):
            through = getattr(Organization, name).through
            column = "audience_id" if name == "audiences" else "resource_id"
            through.objects.bulk_create(
                [
                    through(organization_id=org.pk, **{column: term_id})
                    for org, field_name, term_id in terms
                    if field_name == name
                ],
                batch_size=BATCH_SIZE,
                ignore_conflicts=True,
            )
        self._update([org for org, _names in changed.values()], Organization, fields, advance)
        touched = {org.pk for org in new} | set(changed)
        self._term_history(sorted(touched))

    def _term_history(self, organization_ids: list[int]) -> None:
        """Copy each touched organization's audiences and resources into its new history record."""
        history_model = Organization.history.model
        for name in ("audiences", "resources"):
            model_field = Organization._meta.get_field(name)
            through = model_field.remote_field.through
            term_column = model_field.m2m_reverse_field_name() + "_id"
            history_terms = HistoricalRecords.m2m_models[model_field]
            for chunk in _chunks(organization_ids):
                rows = list(
                    through.objects.filter(organization_id__in=chunk).values_list(
                        "id", "organization_id", term_column
                    )
                )
                if not rows:
                    continue
                with_terms = sorted({org_id for _id, org_id, _term in rows})
                history_ids = dict(
                    history_model.objects.filter(
                        id__in=with_terms, history_date=self.now
                    ).values_list("id", "history_id")
                )
                history_terms.objects.bulk_create(
                    [
                        history_terms(
                            id=row_id,
                            organization_id=org_id,
                            history_id=history_ids[org_id],
                            **{term_column: term_id},
                        )
                        for row_id, org_id, term_id in rows
                        if org_id in history_ids
                    ],
                    batch_size=BATCH_SIZE,
                )

    def people(self, new: list, changed: dict) -> None:
        self._create(new, Person)
        fields: set[str] = {"updated_at"}
        for person, names in changed.values():
            person.updated_at = self.now
            fields |= names
        self._update([person for person, _names in changed.values()], Person, fields)

    def affiliations(self, new: list, changed: list) -> None:
        created = [
            Affiliation(person_id=person.pk, organization_id=organization.pk, role=role)
            for person, organization, role in new
        ]
        self._create(created, Affiliation, advance=False)
        self._update(changed, Affiliation, {"role"}, advance=False)


# Organizations ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _vocabulary(model, library) -> dict[str, int]:
    terms = {}
    for term_id, name, slug in model.objects.filter(library=library).values_list(
        "id", "name", "slug"
    ):
        terms.setdefault(_fold(name), term_id)
        terms.setdefault(slug, term_id)
    return terms


def _in_bulk(model, ids: Iterable[int]) -> dict[int, object]:
    found = {}
    for chunk in _chunks(sorted(set(ids))):
        found.update(model.objects.in_bulk(chunk))
    return found


def plan_organizations(
    candidates: list[Candidate],
    library,
    *,
    filename: str,
    file_format: str,
    source: str = "",
    only_when_new: frozenset[str] = frozenset(),
    merge_notes: Callable[[str, str], str] | None = None,
    warn_unknown_terms: bool = True,
) -> ImportPlan:
    """Match each row to an existing organization (EIN, else name and city) and plan the change.

    Empty cells never erase what is already there; audiences and resources are added, never
    removed; fields in `only_when_new` are set only on organizations the import creates.
    """
    plan = ImportPlan(ORGANIZATIONS, library, filename, file_format)
    by_ein: dict[str, int] = {}
    by_name_city: dict[tuple[str, str], int] = {}
    by_name_city_without_ein: dict[tuple[str, str], int] = {}
    existing = Organization.objects.filter(library=library).order_by("id")
    for org_id, ein, name, city in existing.values_list("id", "ein", "name", "city"):
        key = (_fold(name), _fold(city))
        if ein:
            by_ein.setdefault(ein, org_id)
        else:
            by_name_city_without_ein.setdefault(key, org_id)
        by_name_city.setdefault(key, org_id)

    matches: dict[int, int] = {}  # candidate index -> existing organization id
    seen: dict[object, int] = {}  # match key -> row number of the first row with it
    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        plan.outcomes.append(outcome)
        if outcome.errors or outcome.action == "skipped":
            continue
        values = candidate.values
        key = (_fold(values["name"]), _fold(values.get("city", "")))
        ein = values.get("ein", "")
        org_id = (
            (by_ein.get(ein) or by_name_city_without_ein.get(key)) if ein else by_name_city.get(key)
        )
        identity = ("id", org_id) if org_id else (("ein", ein) if ein else ("name", key))
        if identity in seen:
            outcome.action = "skipped"
            outcome.warnings.append(
                _("skipped: the same organization as row %(row)s") % {"row": seen[identity]}
            )
            continue
        seen[identity] = outcome.row
        if org_id:
            matches[index] = org_id

    found = _in_bulk(Organization, matches.values())
    current_terms: dict[tuple[int, str], set[int]] = {}
    for name in ("audiences", "resources"):
        through = getattr(Organization, name).through
        column = "audience_id" if name == "audiences" else "resource_id"
        for chunk in _chunks(sorted(found)):
            for org_id, term_id in through.objects.filter(organization_id__in=chunk).values_list(
                "organization_id", column
            ):
                current_terms.setdefault((org_id, name), set()).add(term_id)
    vocabularies = {
        "audiences": _vocabulary(Audience, library),
        "resources": _vocabulary(Resource, library),
    }
    noun = {"audiences": _("audience"), "resources": _("resource")}

    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        if outcome.errors or outcome.action == "skipped":
            continue
        organization = found.get(matches.get(index))
        is_new = organization is None
        changed: set[str] = set()
        if is_new:
            organization = Organization(library_id=library.pk, source=source, **candidate.values)
        for name, value in () if is_new else candidate.values.items():
            if name in only_when_new and not is_new:
                continue
            if name == "notes" and merge_notes:
                value = merge_notes(organization.notes, value)
            if getattr(organization, name) != value:
                setattr(organization, name, value)
                changed.add(name)
        for name in ("audiences", "resources"):
            have = current_terms.get((organization.pk, name), set()) if not is_new else set()
            for term in getattr(candidate, name):
                term_id = vocabularies[name].get(_fold(term))
                if term_id is None:
                    if warn_unknown_terms:
                        outcome.warnings.append(
                            _(
                                "the %(noun)s '%(term)s' is not in your library's list and was "
                                "left out (add it in Settings, then import again)"
                            )
                            % {"noun": noun[name], "term": term}
                        )
                elif term_id not in have:
                    have.add(term_id)
                    plan.terms_to_add.append((organization, name, term_id))
                    changed.add(name)
        if is_new:
            plan.new_organizations.append(organization)
            outcome.action = "created"
        elif changed:
            plan.changed_organizations[organization.pk] = (organization, changed)
            outcome.action = "updated"
        else:
            outcome.action = "unchanged"
    return plan


# People ----------------------------------------------------------------------------------


def plan_people(
    candidates: list[Candidate], library, *, filename: str, file_format: str
) -> ImportPlan:
    """Match each row to a person (e-mail, else name) and to the organization it names.

    An organization not yet in the directory is created; one named by several organizations is
    ambiguous and left for the librarian to link by hand.
    """
    plan = ImportPlan(PEOPLE, library, filename, file_format)
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    by_name_without_email: dict[str, int] = {}
    people = Person.objects.filter(library=library).order_by("id")
    for person_id, name, email in people.values_list("id", "name", "email"):
        if email:
            by_email.setdefault(email.casefold(), person_id)
        else:
            by_name_without_email.setdefault(_fold(name), person_id)
        by_name.setdefault(_fold(name), person_id)
    organizations: dict[str, list[int]] = {}
    for org_id, name in Organization.objects.filter(library=library).values_list("id", "name"):
        organizations.setdefault(_fold(name), []).append(org_id)

    matches: dict[int, int] = {}
    seen: dict[object, int] = {}
    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        plan.outcomes.append(outcome)
        if outcome.errors:
            continue
        name = _fold(candidate.values["name"])
        email = candidate.values.get("email", "").casefold()
        if email:
            person_id = by_email.get(email) or by_name_without_email.get(name)
        else:
            person_id = by_name.get(name)
        identity = (
            ("id", person_id) if person_id else (("email", email) if email else ("name", name))
        )
        if identity in seen:
            first = seen[identity]
            if candidate.organization:
                matches[index] = -first  # a further affiliation of the person on an earlier row
                continue
            outcome.action = "skipped"
            outcome.warnings.append(_("skipped: the same person as row %(row)s") % {"row": first})
            continue
        seen[identity] = outcome.row
        if person_id:
            matches[index] = person_id

    found = _in_bulk(Person, [pid for pid in matches.values() if pid > 0])
    current: dict[tuple[int, int], Affiliation] = {}
    for chunk in _chunks(sorted(found)):
        for affiliation in Affiliation.objects.current().filter(person_id__in=chunk):
            current.setdefault((affiliation.person_id, affiliation.organization_id), affiliation)
    named = {_fold(c.organization) for c in candidates if c.organization}
    org_objects = _in_bulk(
        Organization, [organizations[n][0] for n in named if len(organizations.get(n, [])) == 1]
    )
    new_orgs: dict[str, Organization] = {}
    by_row: dict[int, Person] = {}
    linked: set[tuple[int, object]] = set()

    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        if outcome.errors or outcome.action == "skipped":
            continue
        person_id = matches.get(index)
        changed: set[str] = set()
        if person_id is not None and person_id < 0:
            # The person of an earlier row again, with one more organization.
            person = by_row[-person_id]
            outcome.action = "unchanged"
        else:
            person = found.get(person_id) if person_id else None
            is_new = person is None
            if is_new:
                person = Person(library=library)
            for name, value in candidate.values.items():
                if getattr(person, name) != value:
                    setattr(person, name, value)
                    changed.add(name)
            if is_new:
                plan.new_people.append(person)
                outcome.action = "created"
            elif changed:
                plan.changed_people[person.pk] = (person, changed)
                outcome.action = "updated"
            else:
                outcome.action = "unchanged"
            by_row[outcome.row] = person
        if not candidate.organization:
            continue
        folded = _fold(candidate.organization)
        ids = organizations.get(folded, [])
        if len(ids) > 1:
            outcome.warnings.append(
                _(
                    "%(count)s organizations are called '%(name)s', so this person was not linked "
                    "to one; link them by hand on their page"
                )
                % {"count": len(ids), "name": candidate.organization}
            )
            continue
        if ids:
            organization = org_objects[ids[0]]
        else:
            organization = new_orgs.get(folded)
            if organization is None:
                organization = Organization(
                    library=library, name=candidate.organization[:300], source="import"
                )
                new_orgs[folded] = organization
                outcome.warnings.append(
                    _("the organization '%(name)s' is not in the directory yet and will be added")
                    % {"name": candidate.organization}
                )
        link = (id(person), id(organization))
        if link in linked:
            continue
        linked.add(link)
        existing = (
            current.get((person.pk, organization.pk)) if person.pk and organization.pk else None
        )
        if existing is None:
            plan.new_affiliations.append((person, organization, candidate.role[:200]))
            if outcome.action == "unchanged":
                outcome.action = "updated"
        elif candidate.role and existing.role != candidate.role[:200]:
            existing.role = candidate.role[:200]
            plan.changed_affiliations.append(existing)
            if outcome.action == "unchanged":
                outcome.action = "updated"
    plan.new_organizations = list(new_orgs.values())
    return plan


# Putting it together ---------------------------------------------------------------------


def plan_table(
    table: Table, library, kind: str, *, filename: str, mapping: list[str] | None = None
) -> ImportPlan:
    """The plan for a table read by `read_table`: the IRS importer, or the mapped spreadsheet."""
    if kind not in KINDS:
        raise BadFile(_("Choose whether the file holds organizations or people."))
    if table.file_format == "irs-bmf":
        if kind != ORGANIZATIONS:
            raise BadFile(_("The IRS extract lists organizations: import it as organizations."))
        from allies.directory import irs

        return irs.plan_irs(table, library, filename=filename)
    if mapping is None:
        mapping = auto_mapping(table.headers, kind)
    check_mapping(mapping, kind)
    if not table.rows:
        raise BadFile(
            _("The file has headings but no rows below them: there is nothing to import.")
        )
    candidates = spreadsheet_candidates(table, mapping, kind)
    if kind == ORGANIZATIONS:
        return plan_organizations(
            candidates, library, filename=filename, file_format=table.file_format, source="import"
        )
    return plan_people(candidates, library, filename=filename, file_format=table.file_format)


def run_import(
    data: bytes,
    library,
    kind: str,
    *,
    filename: str = "",
    file_format: str = "auto",
    mapping: list[str] | None = None,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, plan and (unless dry_run) write; raises BadFile when the file cannot be imported."""
    table = read_table(data, filename, file_format)
    plan = plan_table(table, library, kind, filename=filename, mapping=mapping)
    if dry_run:
        return plan.report(dry_run=True)
    return plan.apply(user=user, progress=progress)
