"""Importing spreadsheets of organizations and people: checks, all or nothing, re-import, history."""

import pytest

from allies.directory.importing import BadFile, plan_table, read_table, run_import
from allies.directory.models import Affiliation, Audience, Organization, Person

PARTNERS = (
    "Organization,City,ZIP,E-mail,Website,Sector,Audiences,Resources,EIN\n"
    "Riverton Rotary Club,Riverton,05602,rotary@example.org,rotary.example.org,Service club,"
    "Teens; Seniors,Funding,\n"
    "Riverton Community Foundation,Riverton,05602-2957,,,foundation,Families,Funding,030179421\n"
    'Riverton High School,Riverton,,,,School,"Teens, Students",,\n'
)


def run(library, text, kind="organizations", **kwargs):
    return run_import(text.encode(), library, kind, filename="partners.csv", **kwargs)


def run_taking_the_files_values(library, text, kind="organizations", user=None):
    """An import where staff chose "take the file's value" for every filled field."""
    table = read_table(text.encode(), "partners.csv")
    plan = plan_table(table, library, kind, filename="partners.csv")
    plan.choose(take_all=True)
    return plan.apply(user=user)


@pytest.mark.django_db
def test_organizations_are_created_with_their_fields(library, staff):
    report = run(library, PARTNERS, user=staff)
    assert (report.created, report.updated, report.skipped, report.errors) == (3, 0, 0, [])
    rotary = Organization.objects.get(library=library, name="Riverton Rotary Club")
    assert rotary.sector == "service_club"
    assert rotary.website == "https://rotary.example.org"
    assert rotary.zip_code == "05602"
    assert sorted(a.name for a in rotary.audiences.all()) == ["Seniors", "Teens"]
    assert [r.name for r in rotary.resources.all()] == ["Funding"]
    assert "riverton rotary club" in rotary.search_text
    foundation = Organization.objects.get(library=library, ein="030179421")
    assert foundation.sector == "foundation"
    assert foundation.zip_code == "05602-2957"
    school = Organization.objects.get(library=library, name="Riverton High School")
    assert sorted(a.name for a in school.audiences.all()) == ["Students", "Teens"]


@pytest.mark.django_db
def test_history_records_the_import_with_its_reason_user_and_audiences(library, staff):
    run(library, PARTNERS, user=staff)
    rotary = Organization.objects.get(library=library, name="Riverton Rotary Club")
    record = rotary.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == "Import of partners.csv"
    assert record.history_user == staff
    assert sorted(a.audience.name for a in record.audiences.all()) == ["Seniors", "Teens"]


@pytest.mark.django_db
def test_reimport_creates_no_duplicates_and_updates_what_changed(library, staff):
    run(library, PARTNERS, user=staff)
    again = run(library, PARTNERS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Organization.objects.filter(library=library).count() == 3

    changed = PARTNERS.replace("rotary@example.org", "hello@rotary.example.org").replace(
        "Families,Funding", "Families; Job seekers,Funding"
    )
    changed = changed.replace("Riverton Rotary Club", "RIVERTON ROTARY CLUB")
    # By default what staff have is kept: only the new audience is added.
    report = run(library, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Organization.objects.get(library=library, name="Riverton Rotary Club").email == (
        "rotary@example.org"
    )
    report = run_taking_the_files_values(library, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Organization.objects.filter(library=library).count() == 3
    rotary = Organization.objects.get(library=library, email="hello@rotary.example.org")
    assert rotary.name == "RIVERTON ROTARY CLUB"  # matched on name and city, any case
    history = list(rotary.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].email == "rotary@example.org"  # the old value is kept
    assert sorted(a.audience.name for a in history[1].audiences.all()) == ["Seniors", "Teens"]
    foundation = Organization.objects.get(library=library, ein="030179421")
    assert sorted(a.name for a in foundation.audiences.all()) == ["Families", "Job seekers"]


@pytest.mark.django_db
def test_ein_matches_before_name(library):
    run(library, PARTNERS)
    renamed = "Name,City,EIN,Mission\nThe Community Foundation,Elsewhere,03-0179421,Grants\n"
    report = run(library, renamed)  # keeps the name and city staff have, fills the mission
    assert (report.created, report.updated) == (0, 1)
    kept = Organization.objects.get(library=library, ein="030179421")
    assert [kept.name, kept.city, kept.mission] == [
        "Riverton Community Foundation",
        "Riverton",
        "Grants",
    ]
    report = run_taking_the_files_values(library, renamed)
    assert (report.created, report.updated) == (0, 1)
    foundation = Organization.objects.get(library=library, ein="030179421")
    assert (foundation.name, foundation.city, foundation.mission) == (
        "The Community Foundation",
        "Elsewhere",
        "Grants",
    )


@pytest.mark.django_db
def test_empty_cells_never_erase(library):
    run(library, PARTNERS)
    report = run(library, "Name,City,ZIP,E-mail\nRiverton Rotary Club,Riverton,,\n")
    assert report.unchanged == 1
    rotary = Organization.objects.get(library=library, name="Riverton Rotary Club")
    assert rotary.email == "rotary@example.org"


@pytest.mark.django_db
def test_other_libraries_records_are_never_matched(library, other_library):
    run(other_library, PARTNERS)
    report = run(library, PARTNERS)
    assert report.created == 3
    assert Organization.objects.filter(library=other_library).count() == 3


@pytest.mark.django_db
def test_an_error_on_the_last_row_leaves_the_database_unchanged(library):
    run(library, PARTNERS)
    before = list(Organization.objects.order_by("id").values())
    history_before = Organization.history.count()
    bad = PARTNERS.replace("rotary@example.org", "new@example.org") + (
        "New Partner,Riverton,0560,new@example.org,,,,,\n"
    )
    report = run(library, bad)
    assert report.written is False
    assert report.errors == [
        {
            "row": 5,
            "message": "the ZIP code '0560' is too short: a ZIP code has five digits, like 05602",
        }
    ]
    assert (report.created, report.updated) == (0, 0)
    assert list(Organization.objects.order_by("id").values()) == before
    assert Organization.history.count() == history_before


@pytest.mark.django_db
def test_invalid_email_is_an_error_with_its_row(library):
    report = run(library, "Name,E-mail\nA,a@example.org\nB,not-an-address\n")
    assert [e["row"] for e in report.errors] == [3]
    assert "not-an-address" in report.errors[0]["message"]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_row_without_a_name_is_an_error(library):
    report = run(library, "Name,City\nA,Riverton\n,Riverton\n")
    assert report.errors == [{"row": 3, "message": "the name is empty; every row needs one"}]


@pytest.mark.django_db
def test_spreadsheet_damage_is_mended_with_a_warning(library):
    report = run(library, "Name,ZIP,EIN,State\nA,5602,30179421,Vermont\n")
    assert report.errors == []
    organization = Organization.objects.get()
    assert (organization.zip_code, organization.ein, organization.state) == (
        "05602",
        "030179421",
        "VT",
    )
    assert len(report.warnings) == 2


@pytest.mark.django_db
def test_unknown_audience_is_a_warning_and_is_left_out(library):
    report = run(library, "Name,Audiences\nA,Teens; Dragons\n")
    assert report.created == 1
    assert report.warnings == [
        {
            "row": 2,
            "message": "the audience 'Dragons' is not in your library's list and was left out "
            "(add it in Settings, then import again)",
        }
    ]
    assert [a.name for a in Organization.objects.get().audiences.all()] == ["Teens"]
    assert not Audience.objects.filter(name="Dragons").exists()


@pytest.mark.django_db
def test_same_organization_twice_in_a_file_is_skipped(library):
    report = run(library, "Name,City\nRotary,Riverton\nROTARY,riverton\n")
    assert (report.created, report.skipped) == (1, 1)
    assert "row 2" in report.warnings[0]["message"]


@pytest.mark.django_db
def test_dry_run_writes_nothing(library):
    report = run(library, PARTNERS, dry_run=True)
    assert report.created == 3 and report.dry_run and not report.written
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_custom_mapping(library):
    report = run(library, "Col A,Col B\nRotary,Riverton\n", mapping=["name", "city"])
    assert report.created == 1
    assert Organization.objects.get().city == "Riverton"


@pytest.mark.django_db
def test_file_without_recognisable_columns(library):
    with pytest.raises(BadFile, match="None of the column headings"):
        run(library, "Foo,Bar\n1,2\n")
    with pytest.raises(BadFile, match="No column holds the name"):
        run(library, "City,ZIP\nRiverton,05602\n")
    with pytest.raises(BadFile, match="no rows"):
        run(library, "Name,City\n")


@pytest.mark.django_db
def test_too_long_value_is_an_error(library):
    report = run(library, "Name,Phone\nA," + "1" * 50 + "\n")
    assert "too long" in report.errors[0]["message"]


# People ---------------------------------------------------------------------------------

PEOPLE = (
    "Name,E-mail,Phone,Organization,Role,Notes\n"
    "Dana Reyes,dana@example.org,802-555-0101,Riverton Rotary Club,President,Met at the fair\n"
    "Sam Ortiz,,802-555-0102,Riverton Makerspace,Director,\n"
    "Dana Reyes,dana@example.org,,Riverton Community Foundation,Board member,\n"
)


@pytest.mark.django_db
def test_people_with_affiliations(library):
    run(library, PARTNERS)
    report = run(library, PEOPLE, kind="people")
    assert report.errors == []
    assert (report.created, report.updated) == (2, 1)
    dana = Person.objects.get(library=library, email="dana@example.org")
    assert dana.phone == "802-555-0101" and dana.notes == "Met at the fair"
    roles = {(a.organization.name, a.role) for a in dana.affiliations.all()}
    assert roles == {
        ("Riverton Rotary Club", "President"),
        ("Riverton Community Foundation", "Board member"),
    }
    makerspace = Organization.objects.get(library=library, name="Riverton Makerspace")
    assert makerspace.history.get().history_change_reason == "Import of partners.csv"
    assert any("Riverton Makerspace" in w["message"] for w in report.warnings)


@pytest.mark.django_db
def test_people_reimport_keeps_affiliations_and_creates_no_duplicates(library):
    run(library, PARTNERS)
    run(library, PEOPLE, kind="people")
    report = run(library, PEOPLE.replace("President", "Past president"), kind="people")
    assert report.created == 0
    assert Person.objects.filter(library=library).count() == 2
    assert Affiliation.objects.filter(person__library=library).count() == 3
    assert Organization.objects.filter(library=library, name="Riverton Makerspace").count() == 1
    dana = Person.objects.get(email="dana@example.org")
    rotary_role = dana.affiliations.get(organization__name="Riverton Rotary Club")
    assert rotary_role.role == "Past president"
    assert rotary_role.history.count() == 2


@pytest.mark.django_db
def test_people_match_on_email_then_name(library):
    Person.objects.create(library=library, name="Dana Reyes")
    report = run(library, "Name,E-mail\ndana reyes,dana@example.org\n", kind="people")
    assert (report.created, report.updated) == (0, 1)
    assert Person.objects.get().email == "dana@example.org"


@pytest.mark.django_db
def test_people_first_and_last_name_columns(library):
    report = run(library, "Last name,First name\nReyes,Dana\n", kind="people")
    assert report.created == 1
    assert Person.objects.get().name == "Dana Reyes"


@pytest.mark.django_db
def test_people_with_a_bad_email_change_nothing(library):
    report = run(library, PEOPLE + "Lee,lee@@example,,,,\n", kind="people")
    assert report.errors[0]["row"] == 5
    assert not Person.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_irs_file_cannot_be_imported_as_people(library):
    table = read_table(b"EIN,NAME,ICO,STREET,CITY,STATE,ZIP,NTEE_CD\n1,X,,,,,,\n", "irs.csv")
    assert table.file_format == "irs-bmf"
    with pytest.raises(BadFile, match="import it as organizations"):
        run(library, "EIN,NAME,ICO,STREET,CITY,STATE,ZIP,NTEE_CD\n1,X,,,,,,\n", kind="people")


@pytest.mark.django_db
def test_history_panel_shows_exactly_what_an_import_changed(library):
    run(library, "Name,City,Audiences\nA,Riverton,Teens\n")
    run_import(
        b"Name,City,Audiences,Phone\nA,Riverton,Seniors,802-555-0100\n",
        library,
        "organizations",
        filename="update.csv",
    )
    from allies.core.history import history_entries

    latest = history_entries(Organization.objects.get())[0]
    assert latest["reason"] == "Import of update.csv"
    changes = {c["field"]: (c["old"], c["new"]) for c in latest["changes"]}
    assert changes == {
        "audiences they reach": ("Teens", "Seniors, Teens"),
        "phone": ("", "802-555-0100"),
    }


@pytest.mark.django_db
def test_people_import_refuses_a_role_or_organization_too_long_instead_of_cutting_it(library):
    role = "Chair of the " + "very " * 50 + "long committee"
    organization = "The " + "Great " * 60 + "Society"
    report = run(
        library,
        f"Name,Organization,Role\nDana Reyes,Riverton Rotary Club,{role}\nSam Ortiz,{organization},\n",
        kind="people",
    )
    messages = {error["row"]: error["message"] for error in report.errors}
    assert f"The role has {len(role)} characters" in messages[2]
    assert "at most 200" in messages[2] and "nothing was cut" in messages[2]
    assert "The organization's name" in messages[3] and "at most 300" in messages[3]
    assert not Person.objects.exists() and not Organization.objects.exists()
