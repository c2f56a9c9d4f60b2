"""People: list, search, pages, forms, affiliations that become former when someone leaves."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Affiliation, Organization, Person


def url(name, library, *args):
    return reverse(f"directory:{name}", args=[library.slug, *args])


@pytest.fixture
def rotary(library):
    return Organization.objects.create(library=library, name="Riverton Rotary Club")


@pytest.fixture
def ada(library):
    return Person.objects.create(library=library, name="Ada Lovelace", email="ada@example.org")


@pytest.fixture
def ada_at_rotary(ada, rotary):
    return Affiliation.objects.create(
        person=ada, organization=rotary, role="President", started_on=datetime.date(2020, 1, 1)
    )


# Access -----------------------------------------------------------------------------------------


def test_outsider_gets_404_everywhere(outsider_client, library, ada, ada_at_rotary):
    for target in [
        url("people", library),
        url("person_create", library),
        url("person", library, ada.pk),
        url("person_edit", library, ada.pk),
        url("affiliation_create", library, ada.pk),
        url("affiliation_end", library, ada_at_rotary.pk),
    ]:
        assert outsider_client.get(target).status_code == 404, target
        assert outsider_client.post(target, {"name": "X"}).status_code == 404, target
    ada_at_rotary.refresh_from_db()
    assert ada_at_rotary.ended_on is None


def test_volunteer_reads_but_gets_403_on_every_change(
    volunteer_client, library, ada, ada_at_rotary
):
    assert volunteer_client.get(url("people", library)).status_code == 200
    assert volunteer_client.get(url("person", library, ada.pk)).status_code == 200
    for target in [
        url("person_create", library),
        url("person_edit", library, ada.pk),
        url("affiliation_create", library, ada.pk),
        url("affiliation_end", library, ada_at_rotary.pk),
    ]:
        assert volunteer_client.get(target).status_code == 403, target
        assert volunteer_client.post(target, {"name": "X"}).status_code == 403, target
    ada.refresh_from_db()
    assert ada.name == "Ada Lovelace"


def test_another_librarys_person_is_404(staff_client, library, other_library):
    theirs = Person.objects.create(library=other_library, name="Oscar")
    assert staff_client.get(url("person", library, theirs.pk)).status_code == 404
    assert staff_client.get(url("person_edit", library, theirs.pk)).status_code == 404
    assert staff_client.get(url("affiliation_create", library, theirs.pk)).status_code == 404


# List and search --------------------------------------------------------------------------------


def test_empty_list_says_what_to_do_first(staff_client, library):
    page = staff_client.get(url("people", library)).content.decode()
    assert "Add the people you know" in page


def test_list_shows_current_affiliation_only(staff_client, library, ada, ada_at_rotary):
    other = Organization.objects.create(library=library, name="Old Employer Inc")
    Affiliation.objects.create(
        person=ada, organization=other, role="Clerk", ended_on=datetime.date(2019, 1, 1)
    )
    page = staff_client.get(url("people", library)).content.decode()
    assert "President, Riverton Rotary Club" in page
    assert "Old Employer Inc" not in page


def names(client, library, **params):
    response = client.get(url("people", library), params)
    return [p.name for p in response.context["page_obj"].object_list]


def test_search_by_name_and_email(staff_client, library, ada):
    Person.objects.create(library=library, name="Grace Hopper", email="amazing@navy.example")
    assert names(staff_client, library, q="lovelace") == ["Ada Lovelace"]
    assert names(staff_client, library, q="navy.example") == ["Grace Hopper"]
    assert names(staff_client, library, q="ada lovelace") == ["Ada Lovelace"]
    assert names(staff_client, library, q="nobody") == []
    assert (
        "Nobody matches" in staff_client.get(url("people", library), {"q": "zzz"}).content.decode()
    )


def test_search_never_shows_another_librarys_people(staff_client, library, other_library):
    Person.objects.create(library=other_library, name="Ada Elsewhere")
    assert names(staff_client, library, q="ada") == []


def test_people_paginate(staff_client, library):
    Person.objects.bulk_create(Person(library=library, name=f"Person {n:03}") for n in range(75))
    assert len(names(staff_client, library)) == 50
    assert names(staff_client, library, page=2)[0] == "Person 050"
    assert len(names(staff_client, library, page=2)) == 25


# Create, edit, history --------------------------------------------------------------------------


def test_staff_adds_and_edits_a_person_and_history_shows_it(staff_client, library):
    response = staff_client.post(
        url("person_create", library), {"name": "  Ada Lovelace ", "email": "ada@example.org"}
    )
    person = Person.objects.get(library=library)
    assert response["Location"] == url("person", library, person.pk)
    assert person.name == "Ada Lovelace"
    form = staff_client.get(url("person_edit", library, person.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["phone"] = "802-555-0100"
    assert staff_client.post(url("person_edit", library, person.pk), data).status_code == 302
    page = staff_client.get(url("person", library, person.pk)).content.decode()
    assert "802-555-0100" in page
    assert "History" in page and "Sam Staff" in page
    assert "created" in page and "changed" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": ""}, "Enter the person"),
        ({"name": "Ada", "email": "ada@"}, "like name@example.org"),
    ],
)
def test_bad_person_input_is_explained_and_nothing_saved(staff_client, library, data, message):
    response = staff_client.post(url("person_create", library), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


# Affiliations -----------------------------------------------------------------------------------


def test_affiliation_form_searches_organizations_of_this_library(
    staff_client, library, other_library, ada, rotary
):
    Organization.objects.create(library=other_library, name="Rotary Elsewhere")
    response = staff_client.get(url("affiliation_create", library, ada.pk), {"search": "rotary"})
    choices = [o.name for o in response.context["form"].fields["organization"].queryset]
    assert choices == ["Riverton Rotary Club"]
    missing = staff_client.get(url("affiliation_create", library, ada.pk), {"search": "zebra"})
    assert "No organization matches" in missing.content.decode()


def test_staff_adds_an_affiliation(staff_client, library, ada, rotary):
    response = staff_client.post(
        url("affiliation_create", library, ada.pk),
        {
            "search": "rotary",
            "organization": rotary.pk,
            "role": "Treasurer",
            "started_on": "2022-03-01",
        },
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person=ada)
    assert (affiliation.organization, affiliation.role) == (rotary, "Treasurer")
    assert affiliation.is_current
    page = staff_client.get(url("organization", library, rotary.pk)).content.decode()
    assert "Ada Lovelace" in page and "Treasurer" in page


def test_forged_organization_from_another_library_is_refused(
    staff_client, library, other_library, ada
):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Lions")
    response = staff_client.post(
        url("affiliation_create", library, ada.pk), {"organization": theirs.pk, "role": "Spy"}
    )
    assert response.status_code == 200
    assert "Choose one of this library" in response.content.decode()
    assert not Affiliation.objects.exists()


def test_affiliation_without_organization_is_explained(staff_client, library, ada):
    response = staff_client.post(url("affiliation_create", library, ada.pk), {"role": "Chair"})
    assert "Choose the organization" in response.content.decode()
    assert not Affiliation.objects.exists()


def test_has_left_makes_the_affiliation_former_not_overwritten(
    staff_client, library, ada, rotary, ada_at_rotary
):
    page = staff_client.get(url("person", library, ada.pk)).content.decode()
    assert url("affiliation_end", library, ada_at_rotary.pk) in page
    response = staff_client.post(
        url("affiliation_end", library, ada_at_rotary.pk), {"ended_on": "2024-06-30"}
    )
    assert response.status_code == 302
    ada_at_rotary.refresh_from_db()
    assert ada_at_rotary.ended_on == datetime.date(2024, 6, 30)
    assert ada_at_rotary.role == "President"
    assert Affiliation.objects.filter(person=ada).count() == 1
    # A new role at the same place is a new affiliation; the old one stays former.
    staff_client.post(
        url("affiliation_create", library, ada.pk),
        {"organization": rotary.pk, "role": "Board member", "started_on": "2025-01-01"},
    )
    assert list(Affiliation.objects.current().values_list("role", flat=True)) == ["Board member"]
    assert list(Affiliation.objects.former().values_list("role", flat=True)) == ["President"]
    page = staff_client.get(url("person", library, ada.pk)).content.decode()
    now, before = page.split("Before", 1)
    assert "Board member" in now and "President" not in now
    assert "President" in before
    # An ended affiliation cannot be ended again.
    assert staff_client.get(url("affiliation_end", library, ada_at_rotary.pk)).status_code == 404


@pytest.mark.parametrize(
    ("ended_on", "message"),
    [
        ("2019-12-31", "cannot have left before they started"),
        ("", "Enter the date they left"),
        ("31/31/2024", "Enter a valid date"),
        ((timezone.localdate() + datetime.timedelta(days=3)).isoformat(), "in the future"),
    ],
)
def test_bad_leaving_dates_are_explained(staff_client, library, ada_at_rotary, ended_on, message):
    response = staff_client.post(
        url("affiliation_end", library, ada_at_rotary.pk), {"ended_on": ended_on}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    ada_at_rotary.refresh_from_db()
    assert ada_at_rotary.ended_on is None


def test_another_librarys_affiliation_cannot_be_ended(staff_client, library, other_library):
    person = Person.objects.create(library=other_library, name="Oscar")
    org = Organization.objects.create(library=other_library, name="Elsewhere Lions")
    theirs = Affiliation.objects.create(person=person, organization=org)
    response = staff_client.post(
        url("affiliation_end", library, theirs.pk), {"ended_on": "2024-01-01"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None


def test_search_by_role_and_organization(staff_client, library, ada, ada_at_rotary):
    Person.objects.create(library=library, name="Grace Hopper")
    assert names(staff_client, library, q="rotary") == ["Ada Lovelace"]
    assert names(staff_client, library, q=ada_at_rotary.role.split()[0]) == ["Ada Lovelace"]
    assert names(staff_client, library, q="ada rotary") == ["Ada Lovelace"]
    assert names(staff_client, library, q="grace rotary") == []
