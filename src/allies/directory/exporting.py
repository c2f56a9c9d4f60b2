"""Export a library's organizations and people as CSV or XLSX.

The column headings are the ones the importer recognises, so an exported file can be edited in a
spreadsheet and imported again. Cells that a spreadsheet program would run as a formula (text
starting with = + - @, a tab or a carriage return) get a leading apostrophe, in both formats.
Control characters other than tab and newline are left out (XLSX cannot hold them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.core.text import for_files
from allies.directory.models import Affiliation, Organization, Person

ORGANIZATIONS = "organizations"
PEOPLE = "people"
WHAT = (ORGANIZATIONS, PEOPLE)
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Text a spreadsheet will show as text, never run as a formula, without the control
    characters the file format cannot hold (allies/core/text.py)."""
    text = for_files(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def organization_rows(library) -> Iterator[list[str]]:
    """The heading row, then one row per organization of this library."""
    yield [
        _("Name"), _("Sector"), _("NTEE code"), _("EIN"), _("Mission"), _("Current interests"),
        _("Website"), _("Address"), _("City"), _("State"), _("ZIP code"), _("Phone"), _("E-mail"),
        _("Audiences"), _("Resources"), _("Needs"), _("Notes"),
    ]  # fmt: skip
    organizations = (
        Organization.objects.filter(library=library)
        .order_by("name", "id")
        .prefetch_related("audiences", "resources")
    )
    for org in organizations.iterator(chunk_size=2000):
        yield [
            org.name, org.get_sector_display(), org.ntee_code, org.ein, org.mission,
            org.current_interests, org.website, org.address, org.city, org.state, org.zip_code,
            org.phone, org.email, "; ".join(a.name for a in org.audiences.all()),
            "; ".join(r.name for r in org.resources.all()), org.needs, org.notes,
        ]  # fmt: skip


def people_rows(library) -> Iterator[list[str]]:
    """One row per person and current affiliation, so that importing the file back restores both."""
    yield [_("Name"), _("E-mail"), _("Phone"), _("Organization"), _("Role"), _("Notes")]
    current = Affiliation.objects.current().select_related("organization").order_by("id")
    people = (
        Person.objects.filter(library=library)
        .order_by("name", "id")
        .prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current"))
    )
    for person in people.iterator(chunk_size=2000):
        for affiliation in person.current or [None]:
            yield [
                person.name,
                person.email,
                person.phone,
                affiliation.organization.name if affiliation else "",
                affiliation.role if affiliation else "",
                person.notes,
            ]


def rows_for(library, what: str) -> Iterator[list[str]]:
    return organization_rows(library) if what == ORGANIZATIONS else people_rows(library)


def write_csv(rows: Iterable[list], stream: io.TextIOBase) -> None:
    """UTF-8 with a byte-order mark, which Excel needs to read accents correctly."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])


def write_xlsx(rows: Iterable[list], stream, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"  # always text: never a formula, never a number losing its zeros
            cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)


def export_bytes(library, what: str, file_format: str) -> bytes:
    rows = rows_for(library, what)
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer, title=_("Organizations") if what == ORGANIZATIONS else _("People"))
        return buffer.getvalue()
    text = io.StringIO(newline="")
    write_csv(rows, text)
    return text.getvalue().encode("utf-8")


def filename_for(library, what: str, file_format: str) -> str:
    return f"{library.slug}-{what}-{timezone.localdate():%Y-%m-%d}.{file_format}"
