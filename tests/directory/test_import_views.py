"""The upload page, column mapping, preview, import and report, end to end with the Django client."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allies.directory.models import ImportBatch, Organization, Person

PARTNERS = (
    "Organisation;Town;Postcode;Email;Kind\n"
    "Riverton Rotary Club;Riverton;05602;rotary@example.org;Service club\n"
    "Riverton Community Foundation;Riverton;05602;;Foundation\n"
).encode("cp1252")


def url(name, *args):
    return reverse(f"directory:{name}", args=["riverton", *args])


def upload(client, data=PARTNERS, name="partners.csv", kind="organizations"):
    return client.post(url("import"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_the_whole_flow(staff_client, library, staff):
    page = staff_client.get(url("import"))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content

    response = upload(staff_client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("import_columns", batch.pk)
    assert batch.created_by == staff and batch.library == library and bytes(batch.data) == PARTNERS

    columns = staff_client.get(url("import_columns", batch.pk))
    assert columns.status_code == 200
    html = columns.content.decode()
    assert "Organisation" in html and "For example: Riverton Rotary Club" in html
    assert '<option value="name" selected>' in html  # pre-filled from the heading

    response = staff_client.post(
        url("import_columns", batch.pk),
        {"column_0": "name", "column_1": "city", "column_2": "zip_code", "column_3": "email",
         "column_4": ""},
    )  # fmt: skip
    assert response["Location"] == url("import_preview", batch.pk)
    batch.refresh_from_db()
    assert batch.mapping == ["name", "city", "zip_code", "email", ""]

    preview = staff_client.get(url("import_preview", batch.pk))
    assert preview.status_code == 200
    assert "Import 2 organizations" in preview.content.decode()
    assert "will be created" in preview.content.decode()
    assert not Organization.objects.exists()

    response = staff_client.post(url("import_run", batch.pk))
    assert response["Location"] == url("import_report", batch.pk)
    assert Organization.objects.filter(library=library).count() == 2
    assert set(Organization.objects.values_list("sector", flat=True)) == {
        "nonprofit"
    }  # Kind ignored
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.report["created"] == 2 and bytes(batch.data) == b""
    rotary = Organization.objects.get(name="Riverton Rotary Club")
    assert rotary.history.get().history_user == staff

    report = staff_client.get(url("import_report", batch.pk))
    assert report.status_code == 200
    assert "The import is done: 2 created" in report.content.decode()

    # A second click does not import twice.
    staff_client.post(url("import_run", batch.pk))
    assert Organization.objects.count() == 2
    # Finished batches send the earlier steps to the report.
    assert staff_client.get(url("import_preview", batch.pk))["Location"] == url(
        "import_report", batch.pk
    )


@pytest.mark.django_db
def test_error_rows_import_nothing_and_the_report_says_which(staff_client, library):
    data = b"Name,ZIP\nGood,05602\nBad,0560\n"
    upload(staff_client, data)
    batch = ImportBatch.objects.get()
    staff_client.post(url("import_columns", batch.pk), {"column_0": "name", "column_1": "zip_code"})
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "Row 3: the ZIP code &#x27;0560&#x27; is too short" in preview
    assert "Import 2" not in preview  # no import button while rows need fixing
    staff_client.post(url("import_run", batch.pk))
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert not Organization.objects.exists()
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "Nothing was imported" in report and "Row 3:" in report


@pytest.mark.django_db
def test_the_import_button_writes_a_large_count_as_the_language_does(staff_client, library):
    rows = "".join(f"Riverton Club {number},Riverton\n" for number in range(1200))
    upload(staff_client, ("Organization,City\n" + rows).encode())
    batch = ImportBatch.objects.get()
    preview = staff_client.get(url("import_preview", batch.pk))
    assert "Import 1,200 organizations" in preview.content.decode()
    french = staff_client.get(url("import_preview", batch.pk), HTTP_ACCEPT_LANGUAGE="fr")
    assert re.search(r"Importer 1\W200 organismes", french.content.decode())


@pytest.mark.django_db
def test_irs_file_goes_straight_to_the_preview(staff_client, library):
    from pathlib import Path

    data = (Path(__file__).parent / "files" / "irs-eo-bmf-vt-300.csv").read_bytes()
    response = upload(staff_client, data, "irs-eo-bmf-vt.csv")
    batch = ImportBatch.objects.get()
    assert batch.file_format == "irs-bmf"
    assert response["Location"] == url("import_preview", batch.pk)
    assert (
        "Import 300 organizations"
        in staff_client.get(url("import_preview", batch.pk)).content.decode()
    )
    staff_client.post(url("import_run", batch.pk))
    assert Organization.objects.filter(library=library, source="irs-bmf").count() == 300


@pytest.mark.django_db
def test_people_upload(staff_client, library):
    data = (
        b"Name,E-mail,Organization,Role\nDana Reyes,dana@example.org,Riverton Rotary Club,Chair\n"
    )
    upload(staff_client, data, kind="people")
    batch = ImportBatch.objects.get()
    staff_client.post(url("import_columns", batch.pk), {f"column_{i}": k for i, k in enumerate(
        ["name", "email", "organization", "role"])})  # fmt: skip
    assert "Import 1 person" in staff_client.get(url("import_preview", batch.pk)).content.decode()
    staff_client.post(url("import_run", batch.pk))
    assert Person.objects.get().affiliations.get().role == "Chair"


@pytest.mark.django_db
def test_mapping_must_name_the_records(staff_client, library):
    upload(staff_client)
    batch = ImportBatch.objects.get()
    response = staff_client.post(url("import_columns", batch.pk), {"column_1": "city"})
    assert response.status_code == 200
    assert "No column holds the name" in response.content.decode()
    response = staff_client.post(
        url("import_columns", batch.pk), {"column_0": "name", "column_1": "name"}
    )
    assert "one column only" in response.content.decode()


def xlsx(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"Foo,Bar\n1,2\n", "foo.csv", "None of the column headings was recognised"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "photo.csv", "not a spreadsheet"),
        (b"PK\x03\x04garbage", "partners.xlsx", "could not be opened as an Excel workbook"),
        (b"Name,City\n", "headings.csv", "no rows below them"),
    ],
)
@pytest.mark.django_db
def test_bad_files_get_a_clear_message_and_change_nothing(staff_client, data, name, expected):
    response = upload(staff_client, data, name)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_file_over_the_limit(staff_client, settings):
    settings.MAX_IMPORT_BYTES = 100
    response = upload(staff_client, b"Name\n" + b"A\n" * 100)
    assert "largest file Allies can import is 100" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_xlsx_upload(staff_client, library):
    upload(staff_client, xlsx([["Name", "ZIP"], ["Rotary", 5602]]), "partners.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.file_format == "xlsx"
    staff_client.post(url("import_columns", batch.pk), {"column_0": "name", "column_1": "zip_code"})
    staff_client.post(url("import_run", batch.pk))
    assert Organization.objects.get().zip_code == "05602"


# Access ---------------------------------------------------------------------------------


@pytest.fixture
def batch(library, staff):
    return ImportBatch.objects.create(
        library=library, created_by=staff, filename="partners.csv", kind="organizations",
        file_format="csv", data=b"Name\nRotary\n", mapping=["name"],
    )  # fmt: skip


def every_view(batch):
    return [
        url("import"),
        url("import_columns", batch.pk),
        url("import_preview", batch.pk),
        url("import_run", batch.pk),
        url("import_report", batch.pk),
        url("import_bad_rows", batch.pk),
        url("export") + "?what=organizations&format=csv",
    ]


@pytest.mark.django_db
def test_outsiders_get_404_everywhere(outsider_client, batch):
    for path in every_view(batch):
        assert outsider_client.get(path).status_code == 404, path
        assert outsider_client.post(path).status_code == 404, path
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_volunteers_get_403_everywhere(volunteer_client, batch):
    for path in every_view(batch):
        assert volunteer_client.get(path).status_code == 403, path
        assert volunteer_client.post(path).status_code == 403, path
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_another_librarys_batch_is_404(client, other_library, outsider, batch):
    mine = ImportBatch.objects.create(library=other_library, filename="x.csv", kind="people")
    client.force_login(outsider)
    assert (
        client.get(reverse("directory:import_report", args=["elsewhere", batch.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("directory:import_report", args=["elsewhere", mine.pk])).status_code
        == 302
    )


@pytest.mark.django_db
def test_owner_can_import(owner_client, batch):
    owner_client.post(url("import_run", batch.pk))
    assert Organization.objects.get().name == "Rotary"


@pytest.mark.django_db
def test_run_only_accepts_post(staff_client, batch):
    assert staff_client.get(url("import_run", batch.pk)).status_code == 405
    assert not Organization.objects.exists()
