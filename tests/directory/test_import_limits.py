"""Hostile files are refused quickly and in little memory: too many rows, a huge cell, a workbook
that unpacks to far more than it weighs. Each big case runs in its own process, which reports its
time and peak memory."""

import json
import subprocess
import sys
import zipfile

import pytest

from allies.directory.importing.reading import MAX_CELL, MAX_ROWS, BadFile, read_table

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET_START = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'


def write_xlsx(path, rows: int, *, dimension: bool, cell: str = "Org") -> None:
    """A workbook of `rows` rows written straight as XML (openpyxl would take minutes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            ref = f'<dimension ref="A1:A{rows}"/>' if dimension else ""
            sheet.write(SHEET_START.format(dimension=ref).encode())
            sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>')
            chunk = []
            for number in range(2, rows + 1):
                chunk.append(
                    f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{cell}</t></is></c></row>'
                )
                if len(chunk) == 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode())
            sheet.write(b"</sheetData></worksheet>")


MEASURE = """
import json, resource, sys, time, os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
django.setup()
from allies.directory.importing.reading import BadFile, read_table
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    read_table(data, sys.argv[1])
    outcome = "read"
except BadFile as error:
    outcome = error.message
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("dimension", [True, False])
def test_a_three_million_row_workbook_is_refused_quickly_in_little_memory(tmp_path, dimension):
    path = tmp_path / "huge.xlsx"
    write_xlsx(path, 3_000_000, dimension=dimension)
    assert path.stat().st_size < 20 * 1024 * 1024
    found = measure(path)
    assert "more than 200,000 rows" in found["outcome"]
    assert found["seconds"] < 5, found
    assert found["peak_mb"] < 300, found


def test_a_400_mb_cell_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "cell.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START.format(dimension="").encode())
            sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
            block = b"a" * (1024 * 1024)
            for _ in range(400):
                sheet.write(block)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    found = measure(path)
    assert "unpacks to" in found["outcome"], found
    assert found["seconds"] < 5 and found["peak_mb"] < 300, found


def test_a_million_row_csv_is_refused(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("Name\n" + "Org\n" * 1_000_000)
    found = measure(path)
    assert "more than 200,000 rows" in found["outcome"], found
    assert found["seconds"] < 5 and found["peak_mb"] < 300, found


def test_rows_up_to_the_limit_are_read():
    table = read_table(("Name\n" + "Org\n" * 1000).encode(), "a.csv")
    assert len(table.rows) == 1000 and MAX_ROWS >= 200_000


@pytest.mark.parametrize("size", [MAX_CELL + 1, 200_000])
def test_a_cell_longer_than_a_spreadsheet_holds_is_refused(size):
    with pytest.raises(BadFile, match="more than 32,767 characters"):
        read_table(("Name,Notes\nOrg," + "x" * size + "\n").encode(), "a.csv")


def test_a_long_cell_in_a_workbook_is_refused(tmp_path):
    path = tmp_path / "long.xlsx"
    write_xlsx(path, 3, dimension=True, cell="y" * (MAX_CELL + 1))
    with pytest.raises(BadFile, match="more than 32,767 characters"):
        read_table(path.read_bytes(), "long.xlsx")


def test_a_vcard_file_of_too_many_contacts_is_refused():
    from allies.connections.vcard import MAX_CARDS, NotAVCard, read_vcards

    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n"
    assert len(read_vcards(card * 3)) == 3
    with pytest.raises(NotAVCard) as refused:
        read_vcards(card * (MAX_CARDS + 1))
    assert refused.value.reason == "too-many"
