"""Private connections stay private through the API, as on the pages.

A marker is planted in a colleague's private connection; every operation of the API, called by
every other member's token (reads and writes), must answer without it. Introduction paths through
that connection say only that a colleague may help, naming the colleague.
"""

import re

import pytest

from allies.connections.models import Connection
from allies.connections.paths import forget_graphs
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Person
from tests.api.conftest import body, call, operations

MARKER = "PRIVATE-MARKER-7f3a"


@pytest.fixture
def private_path(library, staff, records):
    """Staff privately knows Middle Marker, who (shared) knows the Rotary Club's chair."""
    forget_graphs()
    ids, _bodies = records
    middle = Person.objects.create(library=library, name="Middle Person")
    chair = Person.objects.get(pk=ids["person_id"])
    secret, _ = Connection.record(
        library=library,
        one=person_for(staff, library),
        other=middle,
        recorded_by=staff,
        kind="friend",
        strength=5,
        note=f"Met at the club {MARKER}",
        shared=False,
    )
    Connection.record(
        library=library, one=middle, other=chair, recorded_by=staff, kind="club", shared=True
    )
    assert Affiliation.objects.filter(person=chair).exists()
    return secret, middle


@pytest.mark.parametrize("who", ["owner_api", "volunteer_api"])
def test_the_marker_never_appears_in_any_answer_to_another_member(
    request, who, records, private_path
):
    client = request.getfixturevalue(who)
    secret, _middle = private_path
    ids, bodies = records
    walked = 0
    for connection_id in (ids["connection_id"], secret.pk):
        walk_ids = {**ids, "connection_id": connection_id}
        for method, path in operations():
            response = call(client, method, path, (walk_ids, bodies), headers={"If-Match": "x"})
            walked += 1
            assert MARKER not in response.content.decode("utf-8", "replace"), (method, path)
    assert walked >= 60
    assert client.get(f"/connections/{secret.pk}").status_code == 404


def test_the_marker_is_there_for_the_member_who_recorded_it(staff_api, private_path):
    secret, _middle = private_path
    answer = body(staff_api.get(f"/connections/{secret.pk}"))
    assert MARKER in answer["note"] and answer["shared"] is False


def test_paths_through_a_private_connection_only_name_the_colleague(
    owner_api, staff_api, records, private_path
):
    ids, _bodies = records
    _secret, middle = private_path
    path = f"/organizations/{ids['organization_id']}/paths"
    answer = body(owner_api.get(path))
    assert all(middle.pk not in [p["id"] for p in found["people"]] for found in answer["paths"])
    assert "Middle Person" not in owner_api.get(path).content.decode()
    helpers = answer["colleagues_may_help"]
    assert [c["name"] for c in helpers[0]["colleagues"]] == ["Sam Staff"]
    assert re.search("colleague may be able to help", helpers[0]["message"])
    # The member who recorded it sees the whole chain, their private link marked as such.
    theirs = body(staff_api.get(path))["paths"][0]
    assert [p["name"] for p in theirs["people"]] == ["Sam Staff", "Middle Person", "Dana Reyes"]
    assert theirs["links"][0]["shared"] is False and theirs["links"][1]["shared"] is True
