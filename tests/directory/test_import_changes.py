"""Updates shown field by field, and "keep what we have" (the default) or "take the file's value"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allies.directory.importing import run_import
from allies.directory.models import ImportBatch, Organization, Person


def run(library, text, kind="organizations"):
    return run_import(text.encode(), library, kind, filename="partners.csv")


def url(name, *args):
    return reverse(f"directory:{name}", args=["riverton", *args])


def upload(client, text=None):
    """Upload an organizations sheet (this file's SHEET by default) and return its batch."""
    client.post(
        url("import"),
        {
            "kind": "organizations",
            "file": SimpleUploadedFile("partners.csv", (text or SHEET).encode()),
        },
    )
    return ImportBatch.objects.get()


@pytest.fixture
def staff_typed(library):
    """What staff typed by hand: the organization and its contact."""
    org = Organization.objects.create(
        library=library,
        name="Lantern House",
        city="Riverton",
        email="info@lantern.example.org",
        phone="802-555-0100",
        notes="Ask for Dana on Tuesdays",
    )
    person = Person.objects.create(
        library=library,
        name="Dana Pike",
        email="dana@example.org",
        phone="802-555-0111",
        notes="Prefers e-mail",
    )
    return org, person


SHEET = (
    "Name,City,E-mail,Phone,Notes,Website\n"
    "Lantern House,Riverton,director@lantern.example.org,802-555-0199,From the old list,"
    "lantern.example.org\n"
)
PEOPLE = "Name,E-mail,Phone,Notes\nDana Pike,dana@example.org,802-555-0999,Met at the fair\n"


@pytest.mark.django_db
def test_keep_what_we_have_leaves_staffs_values_and_fills_empty_fields(library, staff_typed):
    report = run(library, SHEET)
    assert report.updated == 1
    org = Organization.objects.get(pk=staff_typed[0].pk)
    assert (org.email, org.phone, org.notes) == (
        "info@lantern.example.org",
        "802-555-0100",
        "Ask for Dana on Tuesdays",
    )
    assert org.website == "https://lantern.example.org"  # was empty: filled
    changes = {c["field"]: c for c in report.rows[0]["changes"]}
    assert changes["email"]["old"] == "info@lantern.example.org"
    assert changes["email"]["new"] == "director@lantern.example.org"
    assert changes["email"]["label"] == "E-mail"
    assert changes["email"]["filled"] and changes["email"]["kept"]
    assert not changes["website"]["filled"] and not changes["website"]["kept"]


@pytest.mark.django_db
def test_keep_what_we_have_for_people(library, staff_typed):
    report = run(library, PEOPLE, kind="people")
    assert report.unchanged == 1
    person = Person.objects.get(pk=staff_typed[1].pk)
    assert (person.phone, person.notes) == ("802-555-0111", "Prefers e-mail")
    assert person.history.count() == 1  # nothing written


@pytest.mark.django_db
def test_contact_columns_keep_the_persons_phone(library, staff_typed):
    sheet = "Name,City,Contact,Email,Phone\nLantern House,Riverton,Dana Pike,dana@example.org,1\n"
    report = run(library, sheet)
    assert Person.objects.get(pk=staff_typed[1].pk).phone == "802-555-0111"
    assert report.people_created == 0
    assert report.people_updated == 1  # the new affiliation


@pytest.mark.django_db
def test_the_preview_shows_each_change_and_staff_choose(staff_client, library, staff_typed):
    batch = upload(staff_client)
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "<del>info@lantern.example.org</del> → <ins>director@lantern.example.org</ins>" in (
        preview
    )
    assert 'value="2:organization.email"' in preview
    assert 'id="filled-keep" checked' in preview
    staff_client.post(
        url("import_run", batch.pk), {"filled": "keep", "take": ["2:organization.email"]}
    )
    org = Organization.objects.get(pk=staff_typed[0].pk)
    assert org.email == "director@lantern.example.org"  # ticked
    assert (org.phone, org.notes) == ("802-555-0100", "Ask for Dana on Tuesdays")  # kept
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "kept what we had" in report, report[report.find("<main") :][:3000]
    assert "took the file" in report


@pytest.mark.django_db
def test_take_the_files_value_for_every_field(staff_client, library, staff_typed):
    batch = upload(staff_client)
    staff_client.post(url("import_run", batch.pk), {"filled": "take"})
    org = Organization.objects.get(pk=staff_typed[0].pk)
    assert (org.email, org.phone, org.notes) == (
        "director@lantern.example.org",
        "802-555-0199",
        "From the old list",
    )


@pytest.mark.django_db
def test_the_command_line_keeps_unless_told_to_take(library, staff_typed, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "partners.csv"
    path.write_text(SHEET)
    command = ["import", "organizations", str(path), "--library", "riverton"]
    call_command(*command, stdout=StringIO(), stderr=StringIO())
    assert Organization.objects.get(pk=staff_typed[0].pk).phone == "802-555-0100"
    call_command(*command, "--take-file-values", stdout=StringIO(), stderr=StringIO())
    assert Organization.objects.get(pk=staff_typed[0].pk).phone == "802-555-0199"
