"""When rows are bad: "Import the N good rows" (an explicit second choice) and the rows to fix."""

import csv
import io

import pytest
from openpyxl import load_workbook

from allies.directory.importing import plan_table, read_table, run_import
from allies.directory.models import ImportBatch, Organization
from tests.directory.test_import_changes import upload as upload_sheet
from tests.directory.test_import_changes import url

SHEET = (
    "Name,City,ZIP,E-mail\n"
    "Lantern House,Riverton,05602,info@lantern.example.org\n"
    "Riverton Rotary Club,Riverton,0560,rotary@example.org\n"
    "Maple Ford Food Shelf,Maple Ford,05050,food shelf at example\n"
    "Hillside Church,Riverton,05602,\n"
)


def upload(client):
    return upload_sheet(client, SHEET)


@pytest.mark.django_db
def test_import_the_good_rows_writes_exactly_those(library):
    assert not run_import(SHEET.encode(), library, "organizations", filename="p.csv").written
    assert not Organization.objects.exists()
    plan = plan_table(read_table(SHEET.encode(), "p.csv"), library, "organizations", filename="p")
    assert plan.good_rows == 2
    report = plan.apply(good_rows_only=True)
    assert report.written and report.good_rows_only
    assert (report.created, report.rows_to_fix) == (2, 2)
    assert sorted(Organization.objects.values_list("name", flat=True)) == [
        "Hillside Church",
        "Lantern House",
    ]


@pytest.mark.django_db
def test_the_preview_offers_the_good_rows_as_a_second_choice(staff_client, library):
    batch = upload(staff_client)
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "Import the 2 good rows" in preview
    assert 'name="good_rows" value="1"' in preview
    assert preview.index("Upload a corrected file") < preview.index("Import the 2 good rows")
    # The plain import (what the form sends without the choice) still writes nothing.
    staff_client.post(url("import_run", batch.pk))
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_importing_the_good_rows_from_the_preview(staff_client, library):
    batch = upload(staff_client)
    staff_client.post(url("import_run", batch.pk), {"good_rows": "1"})
    assert Organization.objects.count() == 2
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "the 2 rows to fix were left out" in report
    assert url("import_bad_rows", batch.pk) in report
    # The file is dropped, the rows to fix are still there to download.
    response = staff_client.get(url("import_bad_rows", batch.pk) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["What to fix", "Name", "City", "ZIP", "E-mail"]
    assert [row[1] for row in rows[1:]] == ["Riverton Rotary Club", "Maple Ford Food Shelf"]
    assert rows[1][0].startswith("Row 3: the ZIP code '0560' is too short")


@pytest.mark.django_db
def test_the_rows_to_fix_open_as_a_workbook(staff_client, library):
    batch = upload(staff_client)
    response = staff_client.get(url("import_bad_rows", batch.pk))
    assert response["Content-Disposition"] == 'attachment; filename="partners-rows-to-fix.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["What to fix", "Name", "City", "ZIP", "E-mail"]
    assert rows[1][1:] == ["Riverton Rotary Club", "Riverton", "0560", "rotary@example.org"]
    assert "e-mail address 'food shelf at example' is not valid" in rows[2][0]


@pytest.mark.django_db
def test_another_librarys_user_gets_404(outsider_client, library):
    batch = ImportBatch.objects.create(
        library=library, filename="partners.csv", kind="organizations", file_format="csv",
        data=SHEET.encode(), mapping=["name", "city", "zip_code", "email"],
    )  # fmt: skip
    assert outsider_client.get(url("import_bad_rows", batch.pk)).status_code == 404


@pytest.mark.django_db
def test_no_rows_to_fix_is_404(staff_client, library):
    good = ImportBatch.objects.create(
        library=library, filename="ok.csv", kind="organizations", file_format="csv",
        data=b"Name\nRotary\n", mapping=["name"],
    )  # fmt: skip
    assert staff_client.get(url("import_bad_rows", good.pk)).status_code == 404


@pytest.mark.django_db
def test_good_rows_keep_what_we_have_except_the_ticked_fields(staff_client, library):
    org = Organization.objects.create(
        library=library, name="Lantern House", city="Riverton", email="staff@example.org"
    )
    batch = upload(staff_client)
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert 'form="import-form"' in preview and 'id="import-form"' in preview
    staff_client.post(url("import_run", batch.pk), {"good_rows": "1"})
    org.refresh_from_db()
    assert (org.email, org.zip_code) == ("staff@example.org", "05602")
