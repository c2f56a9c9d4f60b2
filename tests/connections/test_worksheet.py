"""The worksheet for a target organization: its people at the base, the fast add, the type-ahead."""

import pytest

from allies.connections.models import Connection, Kind
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from tests.connections.test_ties import connect, url


@pytest.fixture
def rotary(library):
    return Organization.objects.create(library=library, name="Riverton Rotary Club")


@pytest.fixture
def chair(library, rotary):
    person = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=person, organization=rotary, role="Chair")
    return person


def test_worksheet_shows_the_base_and_what_i_recorded(staff_client, library, staff, rotary, chair):
    friend = Person.objects.create(library=library, name="Eli Park")
    me = person_for(staff, library)
    connect(library, me, friend, staff)
    connect(library, friend, chair, staff, strength=5)
    unrelated = Person.objects.create(library=library, name="Zed Nobody")
    connect(library, me, unrelated, staff)
    response = staff_client.get(url("worksheet", rotary.pk))
    page = response.content.decode()
    assert "Dana Reyes" in page and "Chair" in page
    leading = response.context["leading"]
    assert [(c.distance, c.strength) for c in leading] == [(0, 5), (1, 3)]
    assert "Zed Nobody" not in page  # recorded elsewhere, and leads nowhere near them


def test_someone_added_on_the_worksheet_stays_on_it_before_a_chain_exists(
    staff_client, library, staff, rotary, chair
):
    me = person_for(staff, library)
    staff_client.post(
        url("worksheet", rotary.pk),
        {"known_by": me.pk, "new_name": "Ivy Hope", "kind": "friend", "strength": "3"},
    )
    leading = staff_client.get(url("worksheet", rotary.pk)).context["leading"]
    assert [(c.distance, c.other(me).name) for c in leading] == [(None, "Ivy Hope")]
    other = Organization.objects.create(library=library, name="Other target")
    assert staff_client.get(url("worksheet", other.pk)).context["leading"] == []


def test_add_an_existing_person_from_the_directory(staff_client, library, staff, rotary, chair):
    response = staff_client.post(
        url("worksheet", rotary.pk),
        {
            "known_by": person_for(staff, library).pk,
            "person": chair.pk,
            "kind": "club",
            "strength": "4",
        },
    )
    assert response.status_code == 302
    connection = Connection.objects.get()
    assert connection.kind == Kind.CLUB and connection.strength == 4 and not connection.shared
    assert chair.pk in (connection.person_a_id, connection.person_b_id)


def test_create_a_person_on_the_fly_with_their_organization(staff_client, library, staff, rotary):
    staff_client.post(
        url("worksheet", rotary.pk),
        {
            "known_by": person_for(staff, library).pk,
            "new_name": "Gail Ortiz",
            "new_organization": "riverton rotary club",
            "kind": "neighbour",
            "strength": "3",
        },
    )
    gail = Person.objects.get(name="Gail Ortiz")
    assert gail.affiliations.get().organization == rotary  # matched by name, not duplicated
    assert Organization.objects.filter(library=library).count() == 1
    assert (
        Connection.objects.filter(person_b=gail).exists()
        or Connection.objects.filter(person_a=gail).exists()
    )
    staff_client.post(
        url("worksheet", rotary.pk),
        {
            "known_by": gail.pk,
            "new_name": "Hal",
            "new_organization": "Hal's Hardware",
            "kind": "friend",
            "strength": "2",
        },
    )
    assert Organization.objects.filter(library=library, name="Hal's Hardware").exists()


def test_known_by_must_be_me_or_someone_on_my_sheet(staff_client, library, staff, rotary, chair):
    stranger = Person.objects.create(library=library, name="Stranger")
    response = staff_client.post(
        url("worksheet", rotary.pk),
        {"known_by": stranger.pk, "person": chair.pk, "kind": "club", "strength": "4"},
    )
    assert response.status_code == 200 and not Connection.objects.exists()


def test_worksheet_needs_a_person_or_a_name(staff_client, library, staff, rotary):
    response = staff_client.post(
        url("worksheet", rotary.pk),
        {"known_by": person_for(staff, library).pk, "kind": "club", "strength": "4"},
    )
    assert "Choose a person from the directory" in response.content.decode()
    assert not Connection.objects.exists()


def test_worksheet_refuses_connecting_me_to_myself(staff_client, library, staff, rotary):
    me = person_for(staff, library)
    response = staff_client.post(
        url("worksheet", rotary.pk),
        {"known_by": me.pk, "person": me.pk, "kind": "club", "strength": "4"},
    )
    assert "cannot be connected to themselves" in response.content.decode()
    assert not Connection.objects.exists()


def test_people_search_returns_a_few_matches(staff_client, library, rotary, chair):
    for number in range(15):
        Person.objects.create(library=library, name=f"Dana Twin {number}")
    response = staff_client.get(url("people_search"), {"q": "dana"})
    assert response.status_code == 200
    assert len(response.context["matches"]) == 10
    assert 'name="person"' in response.content.decode()
    assert staff_client.get(url("people_search"), {"q": "d"}).context["matches"] == []


def test_people_search_shows_the_current_organization(staff_client, chair):
    page = staff_client.get(url("people_search"), {"q": "reyes"}).content.decode()
    assert "Dana Reyes" in page and "Riverton Rotary Club" in page


def test_people_search_never_returns_another_librarys_people(staff_client, other_library):
    Person.objects.create(library=other_library, name="Dana Elsewhere")
    assert staff_client.get(url("people_search"), {"q": "dana"}).context["matches"] == []


def test_search_without_javascript_renders_matches_on_the_worksheet(staff_client, rotary, chair):
    response = staff_client.get(url("worksheet", rotary.pk), {"q": "Dana"})
    page = response.content.decode()
    assert f'value="{chair.pk}"' in page and 'formmethod="get"' in page


def test_worksheet_of_another_librarys_organization_is_404(staff_client, other_library):
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere Org")
    assert staff_client.get(url("worksheet", elsewhere.pk)).status_code == 404


def test_volunteer_sees_the_worksheet_but_cannot_add(volunteer_client, library, rotary, chair):
    response = volunteer_client.get(url("worksheet", rotary.pk))
    assert response.status_code == 200 and response.context["form"] is None
    assert (
        volunteer_client.post(url("worksheet", rotary.pk), {"person": chair.pk}).status_code == 403
    )


def test_outsider_gets_404(outsider_client, rotary):
    assert outsider_client.get(url("worksheet", rotary.pk)).status_code == 404
    assert outsider_client.get(url("people_search"), {"q": "da"}).status_code == 404


def test_the_worksheet_links_to_my_tree_drawn(staff_client, library, staff):
    from allies.connections.models import Connection
    from allies.connections.people import person_for
    from allies.directory.models import Affiliation, Organization, Person

    shelter = Organization.objects.create(library=library, name="Lantern House")
    lucia = Person.objects.create(library=library, name="Lucia Moreno")
    Affiliation.objects.create(person=lucia, organization=shelter, role="Director")
    Connection.record(
        library=library,
        one=person_for(staff, library),
        other=lucia,
        recorded_by=staff,
        kind="professional",
        strength=5,
    )
    sheet = staff_client.get(f"/l/riverton/connections/organizations/{shelter.pk}/worksheet/")
    link = f"/l/riverton/connections/organizations/{shelter.pk}/paths/?start=me&amp;drawing=tree"
    assert link in sheet.content.decode()
    drawn = staff_client.get(link.replace("&amp;", "&")).content.decode()
    assert "<svg" in drawn and "Lucia Moreno" in drawn
