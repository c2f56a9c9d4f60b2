"""Every operation of the API, walked from its OpenAPI description: what each kind of token gets.

Owner and staff tokens read and change; a volunteer's reads and logs contacts only; a read-only
token only reads; a token of another library gets 404 for this library's ids and never sees its
records; a revoked or expired token gets 401 everywhere. A new operation is walked as soon as it
exists; one whose path argument this walk does not know fails the test.
"""

import datetime
import re

import pytest
from django.utils import timezone

from allies.api.models import ApiToken
from tests.api.conftest import MINE, NOT_IDS, ApiClient, body, call, issue, operations


def test_the_walk_covers_reading_and_writing():
    found = set(operations())
    assert ("GET", "/organizations") in found and ("POST", "/contacts") in found
    assert len(found) >= 30


@pytest.mark.parametrize("problem", ["revoked", "expired"])
def test_every_operation_is_401_for_a_revoked_or_expired_token(library, staff, records, problem):
    if problem == "revoked":
        client = ApiClient(issue(library, staff))
        ApiToken.objects.get().revoke(by=staff)
    else:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        client = ApiClient(issue(library, staff, expires_on=yesterday))
    failures = []
    for method, path in operations():
        response = call(client, method, path, records)
        if response.status_code != 401 or problem not in body(response)["detail"]:
            failures.append(f"{method} {path} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_operation_on_an_id_is_404_for_another_library(outsider_api, records):
    failures = []
    for method, path in operations():
        if not set(re.findall(r"{(\w+)}", path)) - NOT_IDS:
            continue
        response = call(outsider_api, method, path, records, headers={"If-Match": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {path} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_lists_never_show_another_librarys_records(outsider_api, records):
    from allies.directory.models import Organization, Person

    names = list(Organization.objects.values_list("name", flat=True))
    names += list(Person.objects.values_list("name", flat=True))
    for method, path in operations():
        if method != "GET" or set(re.findall(r"{(\w+)}", path)) - NOT_IDS:
            continue
        text = outsider_api.get(path).content.decode()
        assert not any(name in text for name in names), path


def test_volunteers_read_everything_and_only_log_contacts(volunteer_api, records):
    failures = []
    for method, path in operations():
        response = call(volunteer_api, method, path, records, headers={"If-Match": "x"})
        if method == "GET":
            expected = 404 if path.startswith(MINE) else 200
        elif (method, path) == ("POST", "/contacts"):
            expected = 201
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{method} {path} -> {response.status_code}, not {expected}")
    assert not failures, "\n".join(failures)


def test_a_read_only_token_reads_everything_and_writes_nothing(read_only_api, records):
    for method, path in operations():
        response = call(read_only_api, method, path, records, headers={"If-Match": "x"})
        if method == "GET":
            expected = 404 if path.startswith(MINE) else 200
            assert response.status_code == expected, (method, path, response.status_code)
        else:
            assert response.status_code == 403, (method, path, response.status_code)
            assert "read-only" in body(response)["detail"]


@pytest.mark.parametrize("who", ["owner_api", "staff_api"])
def test_owners_and_staff_may_do_everything(request, who, records):
    client = request.getfixturevalue(who)
    failures = []
    for method, path in operations():
        headers = {}
        if method == "PATCH":
            read = client.get(re.sub(r"{(\w+)}", lambda m: str(records[0][m.group(1)]), path))
            headers = {"If-Match": read["ETag"]}
        response = call(client, method, path, records, headers=headers)
        if path.startswith(MINE) and who == "staff_api":
            if response.status_code != 404:  # the owner's connection
                failures.append(f"{method} {path} -> {response.status_code}, not 404")
        elif response.status_code not in (200, 201):
            failures.append(f"{method} {path} -> {response.status_code} {response.content[:200]}")
    assert not failures, "\n".join(failures)
