"""Tokens for the fixed actors, and a client that sends them."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone


class ApiClient:
    """Django's test client speaking JSON to /api/v1/ with a bearer token."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.secret = secret

    def _headers(self, headers):
        sent = {}
        if self.secret:
            sent["HTTP_AUTHORIZATION"] = f"Bearer {self.secret}"
        for name, value in (headers or {}).items():
            sent["HTTP_" + name.upper().replace("-", "_")] = value
        return sent

    def get(self, path, params=None, headers=None):
        return self.client.get("/api/v1" + path, params or {}, **self._headers(headers))

    def _send(self, method, path, body, headers):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return getattr(self.client, method)(
            "/api/v1" + path, data, content_type="application/json", **self._headers(headers)
        )

    def post(self, path, body=None, headers=None):
        return self._send("post", path, {} if body is None else body, headers)

    def patch(self, path, body=None, headers=None):
        return self._send("patch", path, {} if body is None else body, headers)


def issue(library, user, *, can_write=True, **fields):
    from allies.api.models import ApiToken

    _token, secret = ApiToken.issue(
        library=library, user=user, name="Test", can_write=can_write, **fields
    )
    return secret


@pytest.fixture
def owner_api(library, owner):
    return ApiClient(issue(library, owner))


@pytest.fixture
def staff_api(library, staff):
    return ApiClient(issue(library, staff))


@pytest.fixture
def volunteer_api(library, volunteer):
    return ApiClient(issue(library, volunteer))


@pytest.fixture
def read_only_api(library, staff):
    return ApiClient(issue(library, staff, can_write=False))


@pytest.fixture
def outsider_api(other_library, outsider):
    return ApiClient(issue(other_library, outsider))


@pytest.fixture
def anonymous_api(db):
    return ApiClient(None)


def body(response):
    return json.loads(response.content)


# Walking every operation of the description (tests/api/test_access.py, test_privacy.py) ----------

TOMORROW = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
SOON = timezone.localdate() + datetime.timedelta(days=3)
# Path arguments that are not ids: the same for every library.
NOT_IDS = {"what"}
# What only the member who recorded it may open (the owner, in `records`).
MINE = "/connections/{connection_id}"


def operations():
    """(method, path) of every operation of the description, paths without /api/v1."""
    from allies.api.api import api

    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            yield method.upper(), path.removeprefix("/api/v1")


@pytest.fixture
def records(library, owner, staff):
    """One record of each kind, and a valid body for each operation that takes one."""
    from allies.connections.models import Connection
    from allies.connections.people import person_for
    from allies.directory.models import Affiliation, Organization, Person
    from allies.goals.models import Goal
    from allies.partnerships.models import Commitment, Partnership
    from allies.stewardship.models import Contact

    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    person = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=person, organization=organization, role="Chair")
    partnership = Partnership(library=library, organization=organization, lead=owner)
    partnership.start(by=owner)
    other = Organization.objects.create(library=library, name="Riverton Garden Club")
    commitment = Commitment.objects.create(
        library=library, partnership=partnership, owed_by="library", what="Chairs", due_on=TOMORROW
    )
    promises = [
        Commitment.objects.create(
            library=library, partnership=partnership, owed_by="library", what=what, due_on=SOON
        )
        for what in ("Lend chairs", "Send the poster")
    ]
    contact = Contact.objects.create(
        library=library, partnership=partnership, kind="call", logged_by=owner
    )
    connection, _ = Connection.record(
        library=library,
        one=person_for(owner, library),
        other=person,
        recorded_by=owner,
        kind="friend",
    )
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    ids = {
        "organization_id": organization.pk,
        "person_id": person.pk,
        "partnership_id": partnership.pk,
        "commitment_id": commitment.pk,
        "contact_id": contact.pk,
        "connection_id": connection.pk,
        "goal_id": goal.pk,
        "key": f"commitment:{promises[0].pk}:{SOON.isoformat()}",
        "snooze_key": f"commitment:{promises[1].pk}:{SOON.isoformat()}",
        "what": "organizations",
    }
    bodies = {
        "POST /organizations": {"name": "Riverton Lions Club"},
        "PATCH /organizations/{organization_id}": {"city": "Riverton"},
        "POST /people": {"name": "Sam Lee"},
        "PATCH /people/{person_id}": {"phone": "555-0100"},
        "POST /audiences": {"name": "Makers"},
        "POST /resources": {"name": "Printers"},
        "POST /partnerships": {"organization": other.pk},
        "POST /partnerships/{partnership_id}/stage": {"stage": "exploring", "reason": "Met"},
        "POST /partnerships/{partnership_id}/commitments": {
            "owed_by": "partner",
            "what": "Prizes",
            "due_on": TOMORROW,
        },
        "POST /commitments/{commitment_id}/kept": {},
        "POST /contacts": {"partnership": partnership.pk, "kind": "call"},
        "POST /reminders/{key}/snooze": {},
        "POST /connections": {"other": person.pk, "kind": "colleague"},
        "POST /connections/{connection_id}/share": {"shared": True},
        "POST /goals": {"statement": "A maker space"},
    }
    return ids, bodies


def call(client, method, path, records, headers=None):
    ids, bodies = records
    names = re.findall(r"{(\w+)}", path)
    unknown = [name for name in names if name not in ids]
    assert not unknown, f"The walk does not know the argument {unknown} of {method} {path}"
    if path.endswith("/snooze"):  # a reminder of its own: "done" hides the first
        ids = {**ids, "key": ids["snooze_key"]}
    filled = re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)
    headers = headers or {}
    if method == "GET":
        return client.get(filled, headers=headers)
    if method == "PATCH":
        return client.patch(filled, bodies.get(f"{method} {path}", {}), headers=headers)
    return client.post(filled, bodies.get(f"{method} {path}", {}), headers=headers)
