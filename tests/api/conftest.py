"""Tokens for the fixed actors, and a client that sends them."""

import json

import pytest
from django.test import Client


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
