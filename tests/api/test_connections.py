"""My connections through the API: recorded as mine, shared and made private again."""

from allies.connections.models import Connection, GraphVersion
from allies.directory.models import Person
from tests.api.conftest import body


def test_record_share_and_unshare_my_connection(staff_api, staff, library):
    dana = Person.objects.create(library=library, name="Dana Reyes")
    response = staff_api.post(
        "/connections", {"other": dana.pk, "kind": "neighbour", "strength": 4}
    )
    assert response.status_code == 201
    made = body(response)
    assert made["person_a_name"] == "Sam Staff" or made["person_b_name"] == "Sam Staff"
    assert made["shared"] is False
    connection = Connection.objects.get()
    assert connection.recorded_by == staff
    again = staff_api.post("/connections", {"other": dana.pk, "kind": "friend"})
    assert again.status_code == 200 and body(again)["kind"] == "friend"
    version = GraphVersion.objects.get(library=library).version
    shared = staff_api.post(f"/connections/{connection.pk}/share", {"shared": True})
    assert body(shared)["shared"] is True
    assert GraphVersion.objects.get(library=library).version > version
    private = staff_api.post(f"/connections/{connection.pk}/share", {"shared": False})
    assert body(private)["shared"] is False
    assert [i["id"] for i in body(staff_api.get("/connections", {"shared": "false"}))["items"]] == [
        connection.pk
    ]


def test_a_person_cannot_know_themselves(staff_api, library):
    dana = Person.objects.create(library=library, name="Dana Reyes")
    response = staff_api.post(
        "/connections", {"person": dana.pk, "other": dana.pk, "kind": "friend"}
    )
    assert response.status_code == 400 and body(response)["errors"][0]["field"] == "other"


def test_a_colleagues_shared_connection_is_not_mine_to_change(staff_api, owner_api, library):
    dana = Person.objects.create(library=library, name="Dana Reyes")
    made = body(
        owner_api.post("/connections", {"other": dana.pk, "kind": "friend", "shared": True})
    )
    assert staff_api.get(f"/connections/{made['id']}").status_code == 404
    response = staff_api.post(f"/connections/{made['id']}/share", {"shared": False})
    assert response.status_code == 404
    assert Connection.objects.get().shared is True
