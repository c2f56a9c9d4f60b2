"""Reading an uploaded file into a `Table`, or refusing it with a `BadFile` a librarian can act on.

CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma, semicolon or tab) and XLSX are read; the IRS
exempt-organization extract is a CSV recognised by its headings.

Limits, so that no file ties up the server: at most MAX_ROWS rows, cells of at most MAX_CELL
characters (Excel's own limit), and an XLSX whose parts unpack to at most MAX_UNPACKED_BYTES (a
small file can hide a huge sheet). Both formats are read row by row (the csv module, openpyxl's
read-only mode) and reading stops at the first row over a limit; an XLSX that declares more rows
than allowed is refused before its rows are read.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

FORMATS = ("auto", "csv", "xlsx", "irs-bmf")


class BadFile(Exception):
    """The file cannot be imported at all; `message` says why in words a librarian understands."""

    def __init__(self, message) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass
class Table:
    """A spreadsheet's headings and its non-blank rows, each with its row number in the sheet."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str
    # Data rows in the whole file when only the first ones were kept (`read_table(limit=...)`);
    # for a workbook, counted from its XML, so blank rows count too.
    total_rows: int | None = None

    @property
    def row_count(self) -> int:
        return len(self.rows) if self.total_rows is None else max(self.total_rows, len(self.rows))

    @property
    def partial(self) -> bool:
        """Only the first rows were read: the preview of a large file."""
        return self.row_count > len(self.rows)

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
MAX_ROWS = 200_000
MAX_CELL = 32_767
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024


def _too_many_rows() -> BadFile:
    return BadFile(
        _(
            "The file has more than %(limit)s rows, the most Allies imports at once. Split it into "
            "smaller files and import each one."
        )
        % {"limit": f"{MAX_ROWS:,}"}
    )


def _cell_too_long(number: int) -> BadFile:
    return BadFile(
        _(
            "Row %(row)s has a cell of more than %(limit)s characters, more than a spreadsheet "
            "cell can hold. Shorten it, then upload the file again."
        )
        % {"row": number, "limit": f"{MAX_CELL:,}"}
    )


def _check_cells(number: int, cells: list[str]) -> None:
    if any(len(cell) > MAX_CELL for cell in cells):
        raise _cell_too_long(number)


BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


def too_large(size: int) -> str | None:
    """What to tell someone whose file is over the upload limit, or None when it is within it."""
    limit = settings.MAX_IMPORT_BYTES
    if size <= limit:
        return None
    return _(
        "The file is %(size)s; the largest file Allies can import is %(limit)s. "
        "Split it into smaller files and import each one."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}


ReadProgress = Callable[[int], object]
PROGRESS_EVERY = 1000


def read_table(
    data: bytes,
    filename: str = "",
    file_format: str = "auto",
    *,
    limit: int | None = None,
    progress: ReadProgress | None = None,
) -> Table:
    """Read CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma, semicolon or tab) or XLSX.

    With `limit`, keep only the first `limit` data rows (the steps before the import of a large
    file) and count the others; `progress` is called with the rows read so far, every
    PROGRESS_EVERY rows (a background import's progress bar)."""
    problem = too_large(len(data))
    if problem:
        raise BadFile(problem)
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise BadFile(_("The file is empty. Choose the spreadsheet that holds your list."))
    if file_format not in FORMATS:
        raise BadFile(_("Unknown file format %(format)r.") % {"format": file_format})
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadFile(OLD_EXCEL)
    is_zip = data.startswith(b"PK\x03\x04")
    wants_xlsx = filename.lower().endswith((".xlsx", ".xlsm"))
    if file_format == "xlsx" or (file_format == "auto" and (is_zip or wants_xlsx)):
        table = _read_xlsx(data, limit, progress)
    elif is_zip:
        raise BadFile(NOT_A_SPREADSHEET)
    else:
        table = _read_csv(decode(data), limit, progress)
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


def decode(data: bytes) -> str:
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


def _read_csv(text: str, limit: int | None = None, progress: ReadProgress | None = None) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    counted = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            _check_cells(number, cells)
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if headers is None:
                headers = cells
                continue
            counted += 1
            if limit is None or counted <= limit:
                rows.append((number, cells))
            if progress and counted % PROGRESS_EVERY == 0:
                progress(counted)
    except csv.Error as error:
        if "field limit" in str(error):  # a cell over csv.field_size_limit() (131,072)
            raise _cell_too_long(reader.line_num) from None
        raise BadFile(NOT_A_SPREADSHEET) from None
    return Table(headers or [], rows, "csv", total_rows=counted if limit is not None else None)


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


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than the limits, before openpyxl reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise BadFile(DAMAGED_WORKBOOK) from None
    total = sum(part.file_size for part in parts)
    shared = sum(part.file_size for part in parts if part.filename.endswith("sharedStrings.xml"))
    if total > MAX_UNPACKED_BYTES or shared > MAX_SHARED_STRINGS_BYTES:
        raise BadFile(
            _(
                "This workbook unpacks to %(size)s, more than Allies reads at once (%(limit)s). "
                "Split it into smaller files, or save it as CSV, and import each one."
            )
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(MAX_UNPACKED_BYTES),
            }
        )


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _count_sheet_rows(data: bytes) -> int:
    """Count the first sheet's rows by scanning its XML as it unpacks (no parsing, little memory),
    and refuse a sheet with too many, whatever its <dimension> says or whether it has one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)
        )
        if not names:
            return 0
        rows, tail = 0, b""
        with archive.open(names[0]) as sheet:
            while chunk := sheet.read(1024 * 1024):
                block = tail + chunk
                rows += len(ROW_TAG.findall(block))
                tail = block[-16:]
                rows -= len(ROW_TAG.findall(tail))  # counted again with the next block
                if rows > MAX_ROWS + 1:
                    raise _too_many_rows()
        return rows + len(ROW_TAG.findall(tail))


def _size_from_dimension_only(worksheet) -> None:
    """openpyxl's read-only sheet looks for <dimension> by parsing up to the end of <sheetData>,
    which for a sheet without one means the whole sheet, kept in memory; stop at its start."""
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # the same parser openpyxl itself uses

    source = worksheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == f"{{{SHEET_MAIN_NS}}}dimension":
                boundaries = SheetDimension.from_tree(element).boundaries
                if boundaries is not None:
                    (
                        worksheet._min_column,
                        worksheet._min_row,
                        worksheet._max_column,
                        worksheet._max_row,
                    ) = boundaries
                return
            if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData":
                return
    finally:
        source.close()


def _read_xlsx(
    data: bytes, limit: int | None = None, progress: ReadProgress | None = None
) -> Table:
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _size_from_dimension_only
    _check_unpacked_size(data)
    sheet_rows = _count_sheet_rows(data)
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
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            cells = [_cell_text(value) for value in values]
            _check_cells(number, cells)
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if headers is None:
                headers = cells
                continue
            rows.append((number, cells))
            if progress and len(rows) % PROGRESS_EVERY == 0:
                progress(len(rows))
            if limit is not None and len(rows) >= limit:
                break
    except BadFile:
        raise
    except Exception:
        log.info("Unreadable workbook uploaded", exc_info=True)
        raise BadFile(DAMAGED_WORKBOOK) from None
    finally:
        workbook.close()
    total = None
    if limit is not None and len(rows) >= limit:
        total = max(len(rows), sheet_rows - 1)  # less the heading row
    return Table(headers or [], rows, "xlsx", total_rows=total)
