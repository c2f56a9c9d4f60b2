"""Organizations sheets with contact columns: people and their affiliations, in the same import."""

import pytest

from allies.directory.importing import auto_mapping, run_import
from allies.directory.models import Affiliation, Organization, Person

SHEET = (
    "Organization,City,Contact,Email,Phone,Title\n"
    "Lantern House,Riverton,Dana Pike,dana@lantern.example.org,802-555-0101,Director\n"
    "Riverton Rotary Club,Riverton,Sam Ortiz,,802-555-0102,President\n"
    "Maple Ford Food Shelf,Maple Ford,,,,\n"
)


def run(library, text, **kwargs):
    return run_import(text.encode(), library, "organizations", filename="partners.csv", **kwargs)


def test_the_column_step_proposes_the_contact_columns():
    headings = ["Organization", "City", "Contact", "Email", "Phone", "Title"]
    assert auto_mapping(headings, "organizations") == [
        "name",
        "city",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_role",
    ]
    # Another column names the contact's e-mail: the plain E-mail is the organization's.
    headings = ["Name", "E-mail", "Contact name", "Contact e-mail", "Role"]
    assert auto_mapping(headings, "organizations") == [
        "name",
        "email",
        "contact_name",
        "contact_email",
        "contact_role",
    ]
    # Without a contact column nothing changes.
    assert auto_mapping(["Name", "Email", "Phone"], "organizations") == ["name", "email", "phone"]


@pytest.mark.django_db
def test_contacts_become_people_with_a_current_affiliation(library, staff):
    report = run(library, SHEET, user=staff)
    assert report.errors == []
    assert (report.created, report.people_created, report.people_updated) == (3, 2, 0)
    assert report.summary()["people_created"] == 2
    dana = Person.objects.get(library=library, name="Dana Pike")
    assert (dana.email, dana.phone) == ("dana@lantern.example.org", "802-555-0101")
    affiliation = Affiliation.objects.current().get(person=dana)
    assert affiliation.organization.name == "Lantern House"
    assert affiliation.role == "Director"
    sam = Person.objects.get(library=library, name="Sam Ortiz")
    assert sam.affiliations.get().organization.name == "Riverton Rotary Club"
    # The contact's e-mail is the person's, not the organization's.
    assert Organization.objects.get(library=library, name="Lantern House").email == ""
    assert dana.history.get().history_change_reason == "Import of partners.csv"
    assert [row.get("contact") for row in report.rows] == ["created", "created", None]


@pytest.mark.django_db
def test_reimporting_the_sheet_creates_no_duplicate_people(library, staff):
    run(library, SHEET, user=staff)
    again = run(library, SHEET, user=staff)
    assert (again.created, again.people_created, again.people_updated) == (0, 0, 0)
    assert Person.objects.filter(library=library).count() == 2
    assert Affiliation.objects.count() == 2
    # Matched on the e-mail (a new name spelling), else on the name within the organization.
    changed = SHEET.replace("Dana Pike", "Dana J. Pike").replace("President", "Treasurer")
    report = run(library, changed, user=staff)
    assert (report.people_created, report.people_updated) == (0, 1)
    assert Person.objects.filter(library=library).count() == 2
    sam = Person.objects.get(library=library, name="Sam Ortiz")
    assert sam.affiliations.get().role == "Treasurer"


@pytest.mark.django_db
def test_the_same_name_at_another_organization_is_another_person(library, staff):
    run(library, SHEET, user=staff)
    other = "Organization,City,Contact\nHillside Church,Riverton,Sam Ortiz\n"
    report = run(library, other, user=staff)
    assert report.people_created == 1
    assert Person.objects.filter(library=library, name="Sam Ortiz").count() == 2


@pytest.mark.django_db
def test_one_person_contact_of_two_organizations(library, staff):
    sheet = (
        "Organization,Contact,Contact email\n"
        "Lantern House,Dana Pike,dana@example.org\n"
        "Riverton Shelter,Dana Pike,DANA@example.org\n"
    )
    report = run(library, sheet, user=staff)
    assert report.errors == []
    assert report.people_created == 1
    dana = Person.objects.get(library=library)
    assert sorted(a.organization.name for a in dana.affiliations.all()) == [
        "Lantern House",
        "Riverton Shelter",
    ]


@pytest.mark.django_db
def test_a_bad_contact_e_mail_writes_nothing(library, staff):
    sheet = SHEET.replace("dana@lantern.example.org", "dana at lantern")
    report = run(library, sheet, user=staff)
    assert [error["row"] for error in report.errors] == [2]
    assert not report.written
    assert Organization.objects.filter(library=library).count() == 0
    assert Person.objects.filter(library=library).count() == 0


@pytest.mark.django_db
def test_contact_details_without_a_name_are_an_error(library, staff):
    sheet = "Organization,Contact,Email\nLantern House,,dana@example.org\n"
    report = run(library, sheet, user=staff)
    assert report.errors and "no name" in report.errors[0]["message"]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_the_web_flow_proposes_and_imports_the_contacts(staff_client, library):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from allies.directory.models import ImportBatch

    def url(name, *args):
        return reverse(f"directory:{name}", args=["riverton", *args])

    staff_client.post(
        url("import"),
        {"kind": "organizations", "file": SimpleUploadedFile("partners.csv", SHEET.encode())},
    )
    batch = ImportBatch.objects.get()
    assert batch.mapping[2:] == ["contact_name", "contact_email", "contact_phone", "contact_role"]
    columns = staff_client.get(url("import_columns", batch.pk)).content.decode()
    assert "Contact person&#x27;s name" in columns or "Contact person's name" in columns
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "Contact people to create" in preview
    staff_client.post(url("import_run", batch.pk))
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "Contact people created" in report
    assert Person.objects.filter(library=library).count() == 2


@pytest.mark.django_db
def test_the_command_line_counts_the_contact_people(library, tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "partners.csv"
    path.write_text(SHEET)
    out = StringIO()
    call_command("import", "organizations", str(path), "--library", "riverton", stdout=out)
    assert "Contact people: 2 created, 0 updated." in out.getvalue()
    out = StringIO()
    call_command(
        "import", "organizations", str(path), "--library", "riverton", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert (result["people_created"], result["people_updated"]) == (0, 0)


@pytest.mark.django_db
def test_a_role_too_long_is_refused_with_its_name(library, staff):
    report = run(library, SHEET.replace("Director", "D" * 201), user=staff)
    assert "role or title is too long" in report.errors[0]["message"]
