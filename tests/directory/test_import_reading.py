"""Reading uploaded files: encodings, delimiters, XLSX, and every kind of bad file."""

import io

import openpyxl
import pytest

from allies.directory.importing import BadFile, auto_mapping, detect_delimiter, read_table

PARTNERS = "Name;City;ZIP code;E-mail\nCafé Crème;Montréal;05602;info@cafe.example\n"


def test_utf8_is_read():
    table = read_table(PARTNERS.encode("utf-8"), "partners.csv")
    assert table.headers == ["Name", "City", "ZIP code", "E-mail"]
    assert table.rows == [(2, ["Café Crème", "Montréal", "05602", "info@cafe.example"])]
    assert table.file_format == "csv"


def test_utf8_with_bom_loses_the_bom():
    table = read_table(b"\xef\xbb\xbf" + PARTNERS.encode("utf-8"), "partners.csv")
    assert table.headers[0] == "Name"
    assert table.rows[0][1][0] == "Café Crème"


def test_windows_1252_as_excel_writes_it():
    data = "Name,City,Notes\r\nCafé Crème,Montréal,“Quoted” – dash\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data, "partners.csv")
    assert table.rows[0][1] == ["Café Crème", "Montréal", "“Quoted” – dash"]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Name,City\nA,B\n", ","),
        ("Name;City\nA;B\n", ";"),
        ("Name\tCity\nA\tB\n", "\t"),
        ('"Name, full";City\n"A, B";C\n', ";"),
    ],
)
def test_delimiter_is_detected(text, delimiter):
    assert detect_delimiter(text) == delimiter
    table = read_table(text.encode(), "x.csv")
    assert len(table.headers) == 2
    assert len(table.rows[0][1]) == 2


def test_semicolon_file_keeps_commas_inside_cells():
    table = read_table(b"Name;Audiences\nRotary;Teens, Seniors\n", "x.csv")
    assert table.rows[0][1] == ["Rotary", "Teens, Seniors"]


def test_quoted_newlines_and_blank_rows():
    data = b'Name,Notes\n"Rotary","line one\nline two"\n\n,\nLions,\n'
    table = read_table(data, "x.csv")
    assert [cells[0] for _row, cells in table.rows] == ["Rotary", "Lions"]
    assert table.rows[0][1][1] == "line one\nline two"
    assert (
        table.rows[1][0] == 5
    )  # the row number Excel shows: blank rows count, a cell's lines do not


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_is_read_with_numbers_as_text():
    data = xlsx_bytes(
        [
            ["Name", "ZIP", "EIN", "Phone"],
            ["Rotary Club", 5602, 30179421, None],
            [None, None, None, None],
            ["Lions", "05401", "010180687", "802-555-0100"],
        ]
    )
    table = read_table(data, "partners.xlsx")
    assert table.file_format == "xlsx"
    assert table.headers == ["Name", "ZIP", "EIN", "Phone"]
    assert table.rows[0] == (2, ["Rotary Club", "5602", "30179421"])
    assert table.rows[1] == (4, ["Lions", "05401", "010180687", "802-555-0100"])


def test_xlsx_is_recognised_by_content_whatever_its_name():
    data = xlsx_bytes([["Name"], ["Rotary"]])
    assert read_table(data, "partners.csv").file_format == "xlsx"


def test_irs_extract_is_recognised_by_its_headings():
    data = b"EIN,NAME,ICO,STREET,CITY,STATE,ZIP,NTEE_CD\n010180687,X,,,,VT,05089,S30\n"
    assert read_table(data, "whatever.csv").file_format == "irs-bmf"


# Bad files: each says what to do -----------------------------------------------------------


def message(data, filename="x.csv", file_format="auto"):
    with pytest.raises(BadFile) as caught:
        read_table(data, filename, file_format)
    return caught.value.message


def test_file_over_the_limit(settings):
    settings.MAX_IMPORT_BYTES = 1000
    text = message(b"Name\n" + b"x" * 1200)
    assert "largest file Allies can import is 1000" in text


def test_real_limit_is_20_mb(settings):
    assert settings.MAX_IMPORT_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    assert "empty" in message(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        bytes(range(256)) * 10,
        "Name\nRotary\n".encode("utf-16"),
    ],
    ids=["png", "pdf", "random", "utf16"],
)
def test_binary_file_renamed_csv(data):
    assert "not a spreadsheet Allies can read" in message(data, "partners.csv")


def test_corrupt_xlsx():
    data = xlsx_bytes([["Name"], ["Rotary"]])
    assert "could not be opened as an Excel workbook" in message(data[:200], "partners.xlsx")
    assert "could not be opened" in message(b"not a zip at all", "partners.xlsx")


def test_old_xls():
    assert ".xls" in message(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "partners.xls")


def test_wrong_forced_format():
    assert "IRS" in message(b"Name,City\nA,B\n", "x.csv", "irs-bmf")


def test_headings_are_mapped_by_synonym():
    headers = ["Organisation", "Zip code", "E-mail", "URL", "Postcode", "Town", "Misc"]
    assert auto_mapping(headers, "organizations") == [
        "name",
        "zip_code",
        "email",
        "website",
        "",  # a second ZIP column is not mapped twice
        "city",
        "",
    ]
    people = auto_mapping(
        ["First name", "Last name", "Email", "Organization", "Job title"], "people"
    )
    assert people == ["first_name", "last_name", "email", "organization", "role"]
