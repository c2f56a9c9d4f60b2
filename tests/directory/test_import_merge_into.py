"""A row that looks like an organization under another name: "merge into it" or "create new" (the
default), chosen per row in the preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allies.directory.importing import run_import
from allies.directory.models import ImportBatch, Organization

SHEET = (
    "Name,City,E-mail,Notes\n"
    "Lantern House,Riverton,director@lantern.example.org,Runs a warming shelter for homeless teens\n"
    "Riverton Garden Club,Riverton,,Plants the library's beds\n"
)


def url(name, *args, slug="riverton"):
    return reverse(f"directory:{name}", args=[slug, *args])


@pytest.fixture
def shelter(library):
    return Organization.objects.create(
        library=library,
        name="Lantern House Youth Shelter",
        city="Riverton",
        email="info@lantern.example.org",
    )


def run(library, **options):
    return run_import(SHEET.encode(), library, "organizations", filename="p.csv", **options)


@pytest.mark.django_db
def test_create_new_stays_the_default(library, shelter):
    report = run(library)
    assert report.created == 2 and report.possible_duplicates == 1 and report.merged == 0
    row = report.rows[0]
    assert row["duplicate_of"]["id"] == shelter.pk and not row.get("merged")
    assert Organization.objects.filter(library=library).count() == 3


@pytest.mark.django_db
def test_merge_into_updates_that_record_field_by_field(library, shelter):
    row = run(library, dry_run=True).rows[0]["row"]
    report = run(library, merge_rows=[row])
    assert (report.created, report.updated, report.merged) == (1, 1, 1)
    assert report.rows[0]["merged"] and report.rows[0]["duplicate_of"]["id"] == shelter.pk
    assert report.summary()["merged"] == 1
    shelter.refresh_from_db()
    # Filled fields keep what staff have; empty ones take the file's value.
    assert shelter.name == "Lantern House Youth Shelter"
    assert shelter.email == "info@lantern.example.org"
    assert shelter.notes == "Runs a warming shelter for homeless teens"
    assert Organization.objects.filter(library=library).count() == 2
    changes = {c["field"]: c for c in report.rows[0]["changes"]}
    assert changes["name"]["kept"] and changes["email"]["kept"]
    assert not changes["notes"]["filled"]
    assert shelter.history.first().history_change_reason == "Import of p.csv"


@pytest.mark.django_db
def test_a_row_that_looks_like_nothing_cannot_be_merged(library, shelter):
    report = run(library, merge_rows=[3])  # the garden club looks like no record
    assert (report.created, report.merged) == (2, 0)


def upload(client):
    client.post(
        url("import"),
        {"kind": "organizations", "file": SimpleUploadedFile("p.csv", SHEET.encode())},
    )
    return ImportBatch.objects.get()


@pytest.mark.django_db
def test_preview_offers_the_choice_and_the_import_merges(staff_client, library, shelter):
    batch = upload(staff_client)
    html = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "Row 2: Lantern House is probably the same as Lantern House Youth Shelter" in html
    assert 'name="merge-2" value="new" id="merge-2-new" form="import-form" checked' in html
    assert "Merge into Lantern House Youth Shelter" in html

    # "Show what merging changes" keeps the choice and shows the row as an update.
    response = staff_client.post(url("import_preview", batch.pk), {"merge-2": "merge"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.merge_rows == [2]
    html = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert 'value="merge" id="merge-2-merge" form="import-form" checked' in html
    assert "merged into Lantern House Youth Shelter" in html
    assert 'name="take" value="2:organization.name"' in html  # the name is staff's: kept

    staff_client.post(
        url("import_run", batch.pk), {"merge-2": "merge", "take": "2:organization.email"}
    )
    shelter.refresh_from_db()
    assert shelter.email == "director@lantern.example.org"  # ticked: the file's value
    assert shelter.notes.startswith("Runs a warming shelter")
    assert Organization.objects.filter(library=library).count() == 2
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "Merged into an organization they looked like" in report


@pytest.mark.django_db
def test_the_form_sent_with_create_new_creates(staff_client, library, shelter):
    batch = upload(staff_client)
    staff_client.post(url("import_preview", batch.pk), {"merge-2": "merge"})
    staff_client.post(url("import_run", batch.pk), {"merge-2": "new"})  # changed their mind
    assert Organization.objects.filter(library=library).count() == 3


@pytest.mark.django_db
def test_another_librarys_user_gets_404(outsider_client, library, shelter, staff):
    batch = ImportBatch.objects.create(
        library=library, filename="p.csv", kind="organizations", data=SHEET.encode()
    )
    assert (
        outsider_client.post(url("import_preview", batch.pk), {"merge-2": "merge"}).status_code
        == 404
    )
    assert (
        outsider_client.post(url("import_run", batch.pk), {"merge-2": "merge"}).status_code == 404
    )
    batch.refresh_from_db()
    assert batch.merge_rows == [] and batch.status == ImportBatch.Status.UPLOADED
