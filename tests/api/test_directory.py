"""Organizations and people through the API: the page's filters, cursor pages, syncing, the
edit-collision rule, history, exports as neutral as the downloads, and bad input never a 500."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from allies.directory.models import Audience, Organization, Person
from tests.api.conftest import body


@pytest.fixture
def organizations(library):
    names = ["Aurora Arts", "Birch Bank", "Cedar Club", "Dune Diner", "Elm Elders", "Fir Farm"]
    return [
        Organization.objects.create(library=library, name=name, city="Riverton") for name in names
    ]


def listed(client, path, params, key="name"):
    return [item[key] for item in body(client.get(path, params))["items"]]


def walk(client, path, **params):
    """Every page of a list: the ids in order, and how many pages it took."""
    ids, pages, cursor = [], 0, None
    while True:
        answer = body(client.get(path, params | ({"cursor": cursor} if cursor else {})))
        ids += [item["id"] for item in answer["items"]]
        pages += 1
        cursor = answer["next_cursor"]
        if cursor is None:
            return ids, pages


def test_cursor_pages_give_every_organization_once_in_order(staff_api, organizations):
    ids, pages = walk(staff_api, "/organizations", limit=4)
    assert ids == [o.pk for o in organizations] and pages == 2
    ids, _pages = walk(staff_api, "/organizations", limit=2, sort="updated")
    assert ids == [o.pk for o in reversed(organizations)]


def test_a_record_added_while_paging_is_not_repeated_or_skipped(staff_api, library, organizations):
    first = body(staff_api.get("/organizations", {"limit": 3}))
    Organization.objects.create(library=library, name="Alder Alliance")  # sorts before the cursor
    rest = body(staff_api.get("/organizations", {"limit": 10, "cursor": first["next_cursor"]}))
    seen = [item["name"] for item in first["items"] + rest["items"]]
    assert seen == [o.name for o in organizations]


def test_a_cursor_from_another_list_or_made_up_is_400(staff_api, organizations):
    cursor = body(staff_api.get("/organizations", {"limit": 2}))["next_cursor"]
    for path, params in [
        ("/organizations", {"cursor": cursor, "sort": "city"}),
        ("/people", {"cursor": cursor}),
        ("/organizations", {"cursor": "made-up"}),
    ]:
        response = staff_api.get(path, params)
        assert response.status_code == 400
        assert body(response)["errors"][0]["field"] == "cursor"


def test_the_directory_filters_and_search(staff_api, library, organizations):
    teens = Audience.objects.get(library=library, slug="teens")
    organizations[2].audiences.add(teens)
    Organization.objects.filter(pk=organizations[4].pk).update(sector="school", mission="reading")
    assert listed(staff_api, "/organizations", {"audience": teens.pk}) == ["Cedar Club"]
    assert listed(staff_api, "/organizations", {"sector": "school"}) == ["Elm Elders"]
    assert listed(staff_api, "/organizations", {"q": "diner"}) == ["Dune Diner"]
    response = staff_api.get("/organizations", {"sector": "castle"})
    assert response.status_code == 400 and body(response)["errors"][0]["field"] == "sector"


def test_an_unknown_query_parameter_is_an_error_not_an_unfiltered_list(staff_api):
    response = staff_api.get("/organizations", {"updated_after": "2026-01-01"})
    assert response.status_code == 400
    assert body(response)["errors"] == [
        {"field": "updated_after", "message": "This parameter is not known here."}
    ]


def test_updated_since_returns_what_changed(staff_api, organizations):
    cutoff = timezone.now()
    organizations[1].city = "Elsewhere"
    organizations[1].save()
    since = cutoff.isoformat()
    assert listed(staff_api, "/organizations", {"updated_since": since}, "id") == [
        organizations[1].pk
    ]
    naive_utc = cutoff.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()
    assert len(body(staff_api.get("/organizations", {"updated_since": naive_utc}))["items"]) == 1
    assert staff_api.get("/organizations", {"updated_since": "0.5"}).status_code == 400


def test_create_and_change_an_organization_as_its_form_does(staff_api, staff, library):
    response = staff_api.post(
        "/organizations",
        {"name": "Riverton Rotary", "ein": "03-0179421", "state": "vt", "audiences": []},
    )
    assert response.status_code == 201, response.content
    created = body(response)
    assert (created["ein"], created["state"]) == ("030179421", "VT")
    assert response["ETag"] == f'"{created["version"]}"'
    organization = Organization.objects.get(pk=created["id"])
    assert organization.history.first().history_user == staff
    changed = staff_api.patch(
        f"/organizations/{organization.pk}",
        {"city": "Riverton"},
        headers={"If-Match": response["ETag"]},
    )
    assert changed.status_code == 200
    assert body(changed)["city"] == "Riverton" and body(changed)["ein"] == "030179421"


def test_a_change_over_someone_elses_is_412_and_saves_nothing(staff_api, organizations):
    organization = organizations[0]
    read = staff_api.get(f"/organizations/{organization.pk}")
    organization.mission = "Theirs"
    organization.save()  # a colleague saved meanwhile
    response = staff_api.patch(
        f"/organizations/{organization.pk}", {"mission": "Mine"}, headers={"If-Match": read["ETag"]}
    )
    assert response.status_code == 412
    assert "Someone else saved this organization" in body(response)["detail"]
    organization.refresh_from_db()
    assert organization.mission == "Theirs"
    assert response["ETag"] != read["ETag"]
    again = staff_api.patch(
        f"/organizations/{organization.pk}",
        {"mission": "Mine"},
        headers={"If-Match": response["ETag"]},
    )
    assert again.status_code == 200 and body(again)["mission"] == "Mine"


def test_a_change_without_if_match_is_428(staff_api, organizations):
    response = staff_api.patch(f"/organizations/{organizations[0].pk}", {"city": "X"})
    assert response.status_code == 428
    assert body(response)["errors"][0]["field"] == "If-Match"


def test_the_forms_rules_answer_400_with_each_field(staff_api, library):
    response = staff_api.post(
        "/organizations",
        {"name": "X", "zip_code": "0560", "email": "not-an-address", "audiences": [999999]},
    )
    assert response.status_code == 400
    fields = {error["field"] for error in body(response)["errors"]}
    assert fields == {"zip_code", "email", "audiences"}


def test_another_librarys_audience_is_refused(staff_api, other_library):
    theirs = Audience.objects.filter(library=other_library).first()
    response = staff_api.post("/organizations", {"name": "X", "audiences": [theirs.pk]})
    assert response.status_code == 400
    assert body(response)["errors"][0]["field"] == "audiences"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x" * 900_000},
        {"name": "Bell\x07 and \x00null\ud800"},
        {"name": "Dates", "audiences": ["2026-02-30"]},
        {"name": 12},
        {"name": "Big id", "resources": [2**70]},
    ],
)
def test_bad_input_is_never_a_500(staff_api, payload):
    response = staff_api.post("/organizations", payload)
    assert response.status_code in (201, 400), response.content
    if response.status_code == 201:
        name = body(response)["name"]
        assert "\x07" not in name and "\x00" not in name and name.startswith(("Bell", "xxx"))


def test_control_characters_are_cleaned_on_the_way_in(staff_api):
    response = staff_api.post(
        "/organizations", {"name": "Bell\x07Club\ud800", "notes": "a\tb\nc\x00d"}
    )
    assert body(response)["name"] == "Bell Club\ufffd"
    assert body(response)["notes"] == "a\tb\nc d"


def test_people_with_their_affiliations(staff_api, library, organizations):
    response = staff_api.post("/people", {"name": "Dana Reyes", "email": "dana@example.org"})
    assert response.status_code == 201
    person = Person.objects.get(pk=body(response)["id"])
    person.affiliations.create(organization=organizations[0], role="Chair")
    answer = body(staff_api.get("/people", {"q": "dana"}))["items"]
    assert answer[0]["affiliations"][0] == {
        "organization_id": organizations[0].pk,
        "organization_name": "Aurora Arts",
        "role": "Chair",
        "started_on": None,
        "ended_on": None,
    }


def test_vocabularies_refuse_a_name_already_in_the_list(staff_api):
    assert staff_api.post("/audiences", {"name": "Makers"}).status_code == 201
    response = staff_api.post("/audiences", {"name": "makers"})
    assert response.status_code == 400 and "already has" in body(response)["detail"]
    assert "Makers" in [term["name"] for term in body(staff_api.get("/audiences"))]


def test_exports_are_as_neutralised_as_the_downloads(staff_api, library):
    Organization.objects.create(library=library, name='=HYPERLINK("http://evil")', city="@SUM(1)")
    response = staff_api.get("/exports/organizations", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")' and rows[1][8] == "'@SUM(1)"
    xlsx = staff_api.get("/exports/people", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
