"""Privacy: another member's private connections never appear on my pages, downloads or searches;
outsiders get 404 everywhere, volunteers 403 on every change, and other libraries' ids are refused."""

import pytest
from django.urls import reverse

from allies.connections.models import Connection, IntroductionHelpRequest
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from tests.connections.test_ties import connect, url

SECRET = "SECRET-NOTE-9f3a"


@pytest.fixture
def world(library, staff, owner):
    """The owner keeps a private tie to the Rotary's chair; the staff member asks about the Rotary."""
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    chair = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=chair, organization=rotary, role="Chair")
    hidden = Person.objects.create(library=library, name="Hidden Friend")
    owner_me = person_for(owner, library)
    private = [
        connect(library, owner_me, chair, owner, strength=5),
        connect(library, hidden, chair, owner),
        connect(library, owner_me, hidden, owner),
    ]
    for connection in private:
        connection.note = SECRET
        connection.save()
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=rotary
    )
    return {
        "rotary": rotary,
        "chair": chair,
        "hidden": hidden,
        "private": private,
        "request": request,
    }


def my_pages(world):
    rotary, chair, hidden = world["rotary"], world["chair"], world["hidden"]
    return [
        url("index"),
        url("index") + "?q=Dana",
        url("worksheet", rotary.pk),
        url("organization_ties", rotary.pk),
        url("people_search") + "?q=Hidden",
        url("help_requests"),
        reverse("directory:person", args=["riverton", chair.pk]),
        reverse("directory:person", args=["riverton", hidden.pk]),
        reverse("directory:organization", args=["riverton", rotary.pk]),
        reverse("directory:export", args=["riverton"]) + "?what=people&format=csv",
        reverse("directory:export", args=["riverton"]) + "?what=organizations&format=csv",
    ]


def test_another_members_private_connections_never_appear(staff_client, world):
    for path in my_pages(world):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert SECRET not in body, path
    assert staff_client.get(url("organization_ties", world["rotary"].pk)).context["ties"] == []
    assert staff_client.get(url("worksheet", world["rotary"].pk)).context["leading"] == []
    assert not list(staff_client.get(url("index")).context["mine"])
    assert not list(staff_client.get(url("index")).context["page_obj"].object_list)


def test_the_owner_sees_their_own(owner_client, world):
    """The same pages do show the connections to the member who recorded them (the test above
    could otherwise pass because nothing is ever shown)."""
    assert SECRET in owner_client.get(url("index")).content.decode()
    ties = owner_client.get(url("organization_ties", world["rotary"].pk)).context["ties"]
    assert [t["knows"].name for t in ties] == ["Dana Reyes"]
    assert len(owner_client.get(url("worksheet", world["rotary"].pk)).context["leading"]) == 3


def test_once_shared_a_connection_appears_to_colleagues(staff_client, world):
    connection = world["private"][0]
    connection.shared = True
    connection.save()
    ties = staff_client.get(url("organization_ties", world["rotary"].pk)).context["ties"]
    assert [(t["staff"].name, t["knows"].name) for t in ties] == [("Olivia Owner", "Dana Reyes")]
    shared_list = staff_client.get(url("index")).content.decode()
    assert "Dana Reyes" in shared_list and "Olivia Owner" in shared_list
    assert len(staff_client.get(url("index")).context["page_obj"].object_list) == 1


def test_the_asker_never_sees_the_candidates(staff_client, world):
    # The answer page belongs to the colleague alone.
    assert staff_client.get(url("help_request_answer", world["request"].pk)).status_code == 404


def test_private_connections_cannot_be_touched_by_id(staff_client, world):
    connection = world["private"][0]
    for name in ("edit", "remove"):
        assert staff_client.get(url(name, connection.pk)).status_code == 404
        assert staff_client.post(url(name, connection.pk)).status_code == 404
    assert staff_client.post(url("share", connection.pk), {"shared": "1"}).status_code == 404
    assert not Connection.objects.get(pk=connection.pk).shared
    staff_client.post(url("share_all"))
    assert not Connection.objects.filter(shared=True).exists()


def every_view(world, connection_id):
    rotary = world["rotary"]
    return [
        ("index", ()),
        ("add", ()),
        ("edit", (connection_id,)),
        ("remove", (connection_id,)),
        ("share", (connection_id,)),
        ("share_all", ()),
        ("people_search", ()),
        ("worksheet", (rotary.pk,)),
        ("organization_ties", (rotary.pk,)),
        ("import", ()),
        ("ask_colleague", ()),
        ("help_requests", ()),
        ("help_request_answer", (world["request"].pk,)),
    ]


def test_outsider_gets_404_on_every_view(outsider_client, world):
    for name, args in every_view(world, world["private"][0].pk):
        assert outsider_client.get(url(name, *args)).status_code == 404, name
        assert outsider_client.post(url(name, *args)).status_code == 404, name


CHANGES = [
    "add",
    "edit",
    "remove",
    "share",
    "share_all",
    "worksheet",
    "import",
    "ask_colleague",
    "help_request_answer",
]


def test_volunteer_gets_403_on_every_change(volunteer_client, library, volunteer, world):
    own = (
        Connection.objects.create(  # even a connection they recorded (before becoming a volunteer)
            library=library,
            person_a=min(world["chair"], world["hidden"], key=lambda p: p.pk),
            person_b=max(world["chair"], world["hidden"], key=lambda p: p.pk),
            recorded_by=volunteer,
            kind="friend",
        )
    )
    for name, args in every_view(world, own.pk):
        if name in CHANGES:
            assert volunteer_client.post(url(name, *args)).status_code == 403, name
    assert Connection.objects.filter(pk=own.pk).exists()


def test_cross_library_ids_are_refused(staff_client, library, staff, other_library, outsider):
    far_org = Organization.objects.create(library=other_library, name="Far Org")
    far_a = Person.objects.create(library=other_library, name="Far A")
    far_b = Person.objects.create(library=other_library, name="Far B")
    far_connection = connect(other_library, far_a, far_b, staff, shared=True)
    far_request = IntroductionHelpRequest.objects.create(
        library=other_library, asked_by=outsider, colleague=staff, organization=far_org
    )
    assert staff_client.get(url("edit", far_connection.pk)).status_code == 404
    assert staff_client.get(url("worksheet", far_org.pk)).status_code == 404
    assert staff_client.get(url("organization_ties", far_org.pk)).status_code == 404
    assert staff_client.get(url("help_request_answer", far_request.pk)).status_code == 404
    me = person_for(staff, library)
    staff_client.post(
        url("add"), {"person": me.pk, "other": far_a.pk, "kind": "friend", "strength": "3"}
    )
    staff_client.post(url("ask_colleague"), {"colleague": outsider.pk, "organization": far_org.pk})
    assert Connection.objects.filter(library=library).count() == 0
    assert IntroductionHelpRequest.objects.filter(library=library).count() == 0
    far_page = staff_client.get(url("index")).content.decode()
    assert "Far A" not in far_page
