"""Export to CSV and XLSX: only this library's records, formulas neutralised, re-importable."""

import csv
import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from allies.directory.exporting import export_bytes, neutralise
from allies.directory.importing import run_import
from allies.directory.models import Affiliation, Audience, Organization, Person

DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\tx"]


@pytest.fixture
def directory(library, other_library):
    rotary = Organization.objects.create(
        library=library, name="Riverton Rotary Club", city="Riverton", zip_code="05602",
        ein="010180687", sector="service_club", notes="=1+1",
    )  # fmt: skip
    rotary.audiences.set(Audience.objects.filter(library=library, name__in=["Teens", "Seniors"]))
    Organization.objects.create(library=library, name="@Evil Corp", mission="-cmd|' /C calc'!A0")
    Organization.objects.create(library=other_library, name="Elsewhere Secret Society")
    dana = Person.objects.create(library=library, name="Dana Reyes", email="dana@example.org")
    Affiliation.objects.create(person=dana, organization=rotary, role="President")
    Person.objects.create(library=other_library, name="Someone Elsewhere")
    return rotary


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Rotary", "05602", "a=b", "", None, 42])
def test_safe_values_are_unchanged(value):
    assert neutralise(value) == ("" if value is None else str(value))


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.mark.django_db
def test_csv_export_of_organizations(directory, library):
    rows = read_csv(export_bytes(library, "organizations", "csv"))
    header, *body = rows
    assert header[:4] == ["Name", "Sector", "NTEE code", "EIN"]
    names = [row[0] for row in body]
    assert names == ["'@Evil Corp", "Riverton Rotary Club"]
    rotary = dict(zip(header, body[1], strict=True))
    assert rotary["EIN"] == "010180687"
    assert rotary["Sector"] == "Service club"
    assert rotary["Audiences"] == "Seniors; Teens"
    assert rotary["Notes"] == "'=1+1"
    evil = dict(zip(header, body[0], strict=True))
    assert evil["Mission"] == "'-cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_xlsx_export_writes_text_never_formulas(directory, library):
    rows, sheet = read_xlsx(export_bytes(library, "organizations", "xlsx"))
    header, *body = rows
    assert [row[0] for row in body] == ["'@Evil Corp", "Riverton Rotary Club"]
    rotary = dict(zip(header, body[1], strict=True))
    assert rotary["EIN"] == "010180687"  # text: the leading zero stays
    assert rotary["ZIP code"] == "05602"
    assert rotary["Notes"] == "'=1+1"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


@pytest.mark.django_db
def test_people_export_has_one_row_per_current_affiliation(directory, library):
    rows = read_csv(export_bytes(library, "people", "csv"))
    assert rows == [
        ["Name", "E-mail", "Phone", "Organization", "Role", "Notes"],
        ["Dana Reyes", "dana@example.org", "", "Riverton Rotary Club", "President", ""],
    ]


@pytest.mark.django_db
def test_exports_import_back_unchanged(directory, library):
    for what in ("organizations", "people"):
        for file_format in ("csv", "xlsx"):
            data = export_bytes(library, what, file_format)
            report = run_import(data, library, what, filename=f"export.{file_format}")
            assert report.errors == [], (what, file_format)
            assert (report.created, report.updated) == (0, 0), (what, file_format, report.rows)


@pytest.mark.django_db
def test_export_view(staff_client, directory):
    url = reverse("directory:export", args=["riverton"])
    response = staff_client.get(url, {"what": "organizations", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="riverton-organizations-' in response["Content-Disposition"]
    assert b"Riverton Rotary Club" in response.content
    assert b"Elsewhere" not in response.content
    response = staff_client.get(url, {"what": "people", "format": "xlsx"})
    assert response.status_code == 200
    rows, _sheet = read_xlsx(response.content)
    assert [row[0] for row in rows[1:]] == ["Dana Reyes"]
    assert staff_client.get(url, {"what": "secrets", "format": "csv"}).status_code == 404
    assert staff_client.get(url, {"what": "people", "format": "pdf"}).status_code == 404


EXPORT_URL = "/l/riverton/directory/export/?what=organizations&format=csv"


@pytest.mark.django_db
def test_export_is_404_for_outsiders(outsider_client, directory):
    assert outsider_client.get(EXPORT_URL).status_code == 404


@pytest.mark.django_db
def test_export_is_403_for_volunteers(volunteer_client, directory):
    assert volunteer_client.get(EXPORT_URL).status_code == 403


@pytest.mark.django_db
def test_export_command(directory, tmp_path):
    path = tmp_path / "orgs.xlsx"
    err = StringIO()
    call_command(
        "export", "organizations", "--library", "riverton", "--format", "xlsx",
        "--output", str(path), stderr=err,
    )  # fmt: skip
    rows, _sheet = read_xlsx(path.read_bytes())
    assert len(rows) == 3
    assert "Wrote" in err.getvalue()
    path = tmp_path / "people.csv"
    call_command("export", "people", "--library", "riverton", "--output", str(path), stderr=err)
    assert read_csv(path.read_bytes())[1][0] == "Dana Reyes"
    with pytest.raises(CommandError, match="No library"):
        call_command("export", "people", "--library", "nowhere", "--output", str(path))


def test_the_lists_offer_downloads_to_staff_only(staff_client, volunteer, client, library):
    from allies.directory.models import Organization, Person

    Organization.objects.create(library=library, name="Riverton Rotary Club")
    Person.objects.create(library=library, name="Dana Reyes")
    for path, what in (("organizations", "organizations"), ("people", "people")):
        page = staff_client.get(f"/l/riverton/directory/{path}/").content.decode()
        assert f"export/?what={what}&amp;format=csv" in page
        assert f"export/?what={what}&amp;format=xlsx" in page
    client.force_login(volunteer)
    assert "format=csv" not in client.get("/l/riverton/directory/organizations/").content.decode()
