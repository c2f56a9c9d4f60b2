"""My connections: recording who knows whom, merging duplicates, sharing, editing, removing."""

import pytest
from django.urls import reverse

from allies.connections.models import Connection, Kind
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person


def url(name, *args):
    return reverse(f"connections:{name}", args=["riverton", *args])


def connect(library, one, other, user, *, shared=False, strength=3, kind=Kind.FRIEND):
    connection, _ = Connection.record(
        library=library,
        one=one,
        other=other,
        recorded_by=user,
        kind=kind,
        strength=strength,
        shared=shared,
    )
    return connection


@pytest.fixture
def dana(library):
    return Person.objects.create(library=library, name="Dana Reyes", email="dana@example.org")


@pytest.fixture
def eli(library):
    return Person.objects.create(library=library, name="Eli Park")


def test_person_for_creates_once_and_links_the_account(library, staff):
    first = person_for(staff, library)
    assert first.user == staff and first.name == "Sam Staff" and first.email == staff.email
    assert person_for(staff, library) == first
    assert Person.objects.filter(library=library, user=staff).count() == 1


def test_person_for_links_a_directory_person_with_the_same_email(library, staff):
    existing = Person.objects.create(
        library=library, name="Samuel S.", email="STAFF@riverton.example"
    )
    assert person_for(staff, library) == existing
    existing.refresh_from_db()
    assert existing.user == staff


def test_person_for_is_per_library(library, other_library, staff):
    assert person_for(staff, library).library == library
    assert person_for(staff, other_library).library == other_library


def test_index_lists_my_connections_and_explains_privacy(staff_client, library, staff, dana):
    connect(library, person_for(staff, library), dana, staff)
    page = staff_client.get(url("index")).content.decode()
    assert "Dana Reyes" in page
    assert "only you see them until you share" in page
    assert "Share with the library" in page and "Private" in page


def test_index_empty_state_says_what_to_do(staff_client):
    assert "Add the people you know" in staff_client.get(url("index")).content.decode()


def test_add_form_defaults_to_me_and_explains_each_strength(staff_client, library, staff):
    response = staff_client.get(url("add"))
    me = person_for(staff, library)
    form = response.context["form"]
    assert form["person"].value() == me.pk
    page = response.content.decode()
    assert 'type="radio" name="strength"' in page
    assert "They would do a favour for me without asking why" in page


def test_add_records_a_private_connection(staff_client, library, staff, dana):
    me = person_for(staff, library)
    response = staff_client.post(
        url("add"),
        {"person": me.pk, "other": dana.pk, "kind": "school", "strength": "4", "note": "PTA"},
    )
    assert response.status_code == 302
    connection = Connection.objects.get()
    assert {connection.person_a, connection.person_b} == {me, dana}
    assert connection.recorded_by == staff and connection.strength == 4
    assert connection.shared is False and connection.note == "PTA"


def test_recording_the_same_pair_again_merges(staff_client, library, staff, dana):
    me = person_for(staff, library)
    data = {"person": me.pk, "other": dana.pk, "kind": "friend", "strength": "2"}
    staff_client.post(url("add"), data)
    staff_client.post(url("add"), {**data, "person": dana.pk, "other": me.pk, "strength": "5"})
    assert Connection.objects.count() == 1
    assert Connection.objects.get().strength == 5


def test_connecting_someone_to_themselves_is_refused(staff_client, dana):
    response = staff_client.post(
        url("add"), {"person": dana.pk, "other": dana.pk, "kind": "friend", "strength": "3"}
    )
    assert response.status_code == 200
    assert "cannot be connected to themselves" in response.content.decode()
    assert not Connection.objects.exists()


def test_forged_person_from_another_library_is_refused(staff_client, other_library, dana):
    stranger = Person.objects.create(library=other_library, name="Stranger")
    response = staff_client.post(
        url("add"), {"person": stranger.pk, "other": dana.pk, "kind": "friend", "strength": "3"}
    )
    assert response.status_code == 200 and not Connection.objects.exists()


def test_bad_strength_is_refused(staff_client, library, staff, dana):
    me = person_for(staff, library)
    response = staff_client.post(
        url("add"), {"person": me.pk, "other": dana.pk, "kind": "friend", "strength": "9"}
    )
    assert response.status_code == 200 and not Connection.objects.exists()


def test_share_and_make_private(staff_client, library, staff, dana):
    connection = connect(library, person_for(staff, library), dana, staff)
    staff_client.post(url("share", connection.pk), {"shared": "1"})
    connection.refresh_from_db()
    assert connection.shared
    staff_client.post(url("share", connection.pk), {"shared": "0"})
    connection.refresh_from_db()
    assert not connection.shared


def test_share_all_shares_only_mine(staff_client, library, staff, owner, dana, eli):
    me = person_for(staff, library)
    mine = [connect(library, me, dana, staff), connect(library, me, eli, staff)]
    theirs = connect(library, dana, eli, owner)
    staff_client.post(url("share_all"))
    assert all(Connection.objects.get(pk=c.pk).shared for c in mine)
    assert not Connection.objects.get(pk=theirs.pk).shared


def test_edit_and_remove_my_connection(staff_client, library, staff, dana):
    connection = connect(library, person_for(staff, library), dana, staff)
    assert staff_client.get(url("edit", connection.pk)).status_code == 200
    staff_client.post(
        url("edit", connection.pk), {"kind": "board", "strength": "1", "note": "Trustee"}
    )
    connection.refresh_from_db()
    assert connection.kind == "board" and connection.strength == 1
    assert staff_client.get(url("remove", connection.pk)).status_code == 200
    staff_client.post(url("remove", connection.pk))
    assert not Connection.objects.filter(pk=connection.pk).exists()


def test_a_colleagues_shared_connection_cannot_be_changed_by_me(
    staff_client, library, owner, dana, eli
):
    connection = connect(library, dana, eli, owner, shared=True)
    assert staff_client.get(url("edit", connection.pk)).status_code == 404
    assert staff_client.post(url("remove", connection.pk)).status_code == 404
    assert staff_client.post(url("share", connection.pk), {"shared": "0"}).status_code == 404
    assert Connection.objects.get(pk=connection.pk).shared


def test_shared_list_searches_by_name(staff_client, library, owner, dana, eli):
    other = Person.objects.create(library=library, name="Fay Quinn")
    connect(library, dana, eli, owner, shared=True)
    connect(library, eli, other, owner, shared=True)
    page = staff_client.get(url("index"), {"q": "dana"}).content.decode()
    assert "Dana Reyes" in page and "Fay Quinn" not in page


def test_volunteer_reads_but_cannot_change(volunteer_client, library, staff, dana):
    connection = connect(library, person_for(staff, library), dana, staff, shared=True)
    assert volunteer_client.get(url("index")).status_code == 200
    assert "Add a connection" not in volunteer_client.get(url("index")).content.decode()
    assert volunteer_client.get(url("add")).status_code == 403
    assert volunteer_client.post(url("add"), {}).status_code == 403
    assert volunteer_client.post(url("share_all")).status_code == 403
    assert volunteer_client.post(url("share", connection.pk), {"shared": "0"}).status_code == 403


def test_outsider_gets_404(outsider_client, library, staff, dana):
    connection = connect(library, person_for(staff, library), dana, staff)
    for name, args in [
        ("index", ()),
        ("add", ()),
        ("edit", (connection.pk,)),
        ("remove", (connection.pk,)),
    ]:
        assert outsider_client.get(url(name, *args)).status_code == 404
    assert outsider_client.post(url("share", connection.pk)).status_code == 404


def test_organization_ties_lists_staff_who_know_someone_inside(
    staff_client, library, staff, owner, dana, eli
):
    rotary = Organization.objects.create(library=library, name="Rotary")
    Affiliation.objects.create(person=dana, organization=rotary, role="Chair")
    connect(library, person_for(staff, library), dana, staff, strength=4)
    connect(library, person_for(owner, library), dana, owner, shared=True, strength=2)
    connect(library, eli, dana, owner, shared=True)  # Eli is not on staff
    response = staff_client.get(url("organization_ties", rotary.pk), HTTP_HX_REQUEST="true")
    ties = response.context["ties"]
    assert [(t["staff"].name, t["knows"].name, t["connection"].strength) for t in ties] == [
        ("Sam Staff", "Dana Reyes", 4),
        ("Olivia Owner", "Dana Reyes", 2),
    ]
    assert "<html" not in response.content.decode()  # the fragment, for htmx
    assert "<html" in staff_client.get(url("organization_ties", rotary.pk)).content.decode()


def test_organization_page_loads_the_ties_with_htmx(staff_client, library):
    rotary = Organization.objects.create(library=library, name="Rotary")
    page = staff_client.get(
        reverse("directory:organization", args=["riverton", rotary.pk])
    ).content.decode()
    ties_url = url("organization_ties", rotary.pk)
    assert f'hx-get="{ties_url}"' in page and f'href="{ties_url}"' in page
