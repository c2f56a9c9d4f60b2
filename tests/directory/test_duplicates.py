"""Finding duplicates: normalisation and scoring on hand-made pairs (and the pairs that must not
match), the "Possible duplicates" page, "Not duplicates" remembered, and `allies duplicates`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from allies.directory import duplicates
from allies.directory.duplicates import OrganizationRecord as Org
from allies.directory.duplicates import PersonRecord
from allies.directory.models import Affiliation, NotDuplicate, Organization, Person


def test_names_are_normalised():
    assert duplicates.normalise_name(
        "The St. Mary's Food Shelf, Inc."
    ) == duplicates.normalise_name("saint marys food shelf")
    assert duplicates.normalise_name("Barre Lions & Rotary") == "barre lions rotary"
    assert duplicates.normalise_name("Maple Ford Rotary") == duplicates.normalise_name(
        "ROTARY CLUB OF MAPLE FORD INC"
    ).replace("club ", "")
    assert duplicates.normalise_phone("+1 (802) 555-1212") == "8025551212"
    assert duplicates.website_domain("https://www.lantern.org/about") == "lantern.org"
    assert duplicates.website_domain("https://facebook.com/lantern") == ""
    assert duplicates.email_domain("jo@gmail.com") == ""
    assert duplicates.normalise_address("12 Main St.") == duplicates.normalise_address(
        "12 MAIN STREET"
    )


def _pair_ids(records, **kwargs):
    return {(p.a, p.b) for p in duplicates.find_organization_duplicates(records, **kwargs)}


MUST_MATCH = [
    (
        Org(1, "Lantern House Youth Shelter", city="Maple Ford"),
        Org(2, "Lantern House", city="Maple Ford"),
    ),
    (
        Org(1, "ROTARY CLUB OF MAPLE FORD INC", ein="123456789", city="MAPLE FORD"),
        Org(2, "Maple Ford Rotary", city="Maple Ford"),
    ),
    (Org(1, "St. Mary's Food Shelf", city="Barre"), Org(2, "Saint Marys Food Shelf", city="Barre")),
    (Org(1, "Kellogg Hubbard Library"), Org(2, "Kelogg-Hubbard Library", zip_code="05602")),
    (
        Org(1, "Green Mountain Habitat for Humanity", phone="802-555-1000"),
        Org(2, "GM Habitat for Humanity", phone="(802) 555 1000"),
    ),
    (
        Org(1, "Onion River Arts Council", website="https://onionriverarts.org"),
        Org(2, "Onion River Arts", email="info@onionriverarts.org", city="Montpelier"),
    ),
    (
        Org(1, "VT Historical Society", city="Barre"),
        Org(2, "Vermont Historical Soc.", city="Barre"),
    ),
]
MUST_NOT_MATCH = [
    (Org(1, "Barre Lions Club", city="Barre"), Org(2, "Montpelier Lions Club", city="Montpelier")),
    (
        Org(1, "American Legion Post 12", city="Barre"),
        Org(2, "American Legion Post 21", city="Barre"),
    ),
    (
        Org(1, "Friends of the Barre Library", ein="111111111", city="Barre"),
        Org(2, "Friends of the Barre Library", ein="222222222", city="Barre"),
    ),
    (
        Org(1, "First Baptist Church", city="Barre"),
        Org(2, "First Congregational Church", city="Barre"),
    ),
    (
        Org(1, "Lantern House", website="https://facebook.com/lantern", city="Barre"),
        Org(2, "Maple Ford Rotary", website="https://facebook.com/rotary", city="Barre"),
    ),
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_pairs_that_must_match(a, b):
    assert _pair_ids([a, b]) == {(1, 2)}


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_pairs_that_must_not_match(a, b):
    assert _pair_ids([a, b]) == set()


def test_pairs_come_best_first_with_reasons_and_excluded_pairs_stay_out():
    records = [
        Org(1, "Lantern House", city="Barre"),
        Org(2, "Lantern House", city="Barre", phone="8025550000"),
        Org(3, "Lantern House Shelter", city="Barre", phone="8025550000"),
    ]
    pairs = duplicates.find_organization_duplicates(records)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    assert (pairs[0].a, pairs[0].b) == (2, 3)
    assert {r.code for r in pairs[0].reasons} >= {"same_phone", "same_city"}
    assert (1, 2) not in _pair_ids(records, exclude=[(2, 1)])


def test_people_nicknames_initials_email_phone():
    people = [
        PersonRecord(1, "Robert Smith", "bob@lantern.org"),
        PersonRecord(2, "Bob Smith"),
        PersonRecord(3, "Smith, J.", phone="802-555-1212", organization_ids=(7,)),
        PersonRecord(4, "John Smith", phone="8025551212", organization_ids=(7,)),
        PersonRecord(5, "Jane Doe", email="bob@lantern.org"),
        PersonRecord(6, "Mary Jones"),
    ]
    found = {(p.a, p.b) for p in duplicates.find_person_duplicates(people)}
    assert {(1, 2), (3, 4)} <= found
    assert (1, 5) not in found  # a shared mailbox is not one person
    assert not any(6 in pair for pair in found)
    assert (2, 4) not in found  # Bob and John Smith are two people


def test_blocking_never_compares_all_pairs():
    # 3,000 distinct names: the engine answers quickly and finds nothing.
    records = [
        Org(i, f"Org{i:05d} Zq{i * 7919 % 100000:05d}", city=f"Town{i}") for i in range(3000)
    ]
    assert duplicates.find_organization_duplicates(records) == []


def url(name, library, *args):
    return reverse(f"directory:{name}", args=[library.slug, *args])


@pytest.fixture
def twins(library):
    a = Organization.objects.create(
        library=library, name="Lantern House Youth Shelter", city="Riverton"
    )
    b = Organization.objects.create(library=library, name="Lantern House", city="Riverton")
    Organization.objects.create(library=library, name="Riverton Rotary Club", city="Riverton")
    return a, b


def test_page_lists_pairs_with_why_and_remembers_not_duplicates(staff_client, library, twins):
    response = staff_client.get(url("duplicates", library))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lantern House Youth Shelter" in page and "Same city" in page
    assert "Riverton Rotary Club" not in page
    a, b = twins
    response = staff_client.post(
        url("not_duplicates", library), {"kind": "organization", "a": a.pk, "b": b.pk}
    )
    assert response.status_code == 302
    assert NotDuplicate.objects.filter(library=library, first_id=min(a.pk, b.pk)).exists()
    assert staff_client.get(url("duplicates", library)).context["pairs"] == []


def test_people_page(staff_client, library, twins):
    one = Person.objects.create(library=library, name="Robert Smith", email="bob@lantern.org")
    two = Person.objects.create(library=library, name="Bob Smith", email="bob@lantern.org")
    Affiliation.objects.create(person=one, organization=twins[0])
    page = staff_client.get(url("duplicates", library) + "?kind=person").content.decode()
    assert "Robert Smith" in page and "Bob Smith" in page
    assert two.pk


def test_other_library_gets_404(outsider_client, library, twins):
    a, b = twins
    assert outsider_client.get(url("duplicates", library)).status_code == 404
    data = {"kind": "organization", "a": a.pk, "b": b.pk}
    assert outsider_client.post(url("not_duplicates", library), data).status_code == 404
    assert not NotDuplicate.objects.exists()


def test_volunteer_may_look_not_decide(volunteer_client, library, twins):
    a, b = twins
    data = {"kind": "organization", "a": a.pk, "b": b.pk}
    assert volunteer_client.get(url("duplicates", library)).status_code == 200
    assert volunteer_client.post(url("not_duplicates", library), data).status_code == 403
    assert not NotDuplicate.objects.exists()


def test_not_duplicates_refuses_records_of_another_library(
    staff_client, library, other_library, twins
):
    stranger = Organization.objects.create(library=other_library, name="Lantern House")
    data = {"kind": "organization", "a": twins[0].pk, "b": stranger.pk}
    assert staff_client.post(url("not_duplicates", library), data).status_code == 404


def test_command_json_shape(library, twins):
    Organization.objects.filter(pk=twins[0].pk).update(ein="123456789")
    out = StringIO()
    call_command("duplicates", "--library", library.slug, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert list(result) == ["pairs"]
    (pair,) = result["pairs"]
    assert set(pair) == {"a", "b", "score", "why"}
    assert {pair["a"]["id"], pair["b"]["id"]} == {twins[0].pk, twins[1].pk}
    assert set(pair["a"]) == {"id", "name", "ein", "city"}
    eins = {pair["a"]["ein"], pair["b"]["ein"]}
    assert eins == {"123456789", None}
    assert isinstance(pair["score"], float) and pair["why"]
    out = StringIO()
    call_command("duplicates", "--library", library.slug, stdout=out)
    assert "Lantern House" in out.getvalue()
    out = StringIO()
    call_command("duplicates", "--library", library.slug, "--people", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"pairs": []}
