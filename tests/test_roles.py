"""Who may do what: every library view states its role in one place, `@library_view(role=...)`,
and every operation of the JSON API in one place too, `@api_access(role=...)`.

The list of every view and operation with its role is docs/roles.md; this test fails when a view
or an operation states no role, or when the list is out of date (regenerate it with
`.venv/bin/python scripts/write_roles.py`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from allies.api.access import API_ROLES, api_access
from allies.api.api import api
from allies.libraries.access import (
    MEMBERS,
    OWNERS,
    OWNERS_TO_CHANGE,
    ROLES,
    STAFF,
    STAFF_TO_CHANGE,
    library_view,
)
from allies.libraries.models import Role
from tests.conftest import _member

ROLES_DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"
EXPLAINED = {
    MEMBERS: "every member, volunteers too, may look and act",
    STAFF_TO_CHANGE: "every member may look; staff and owners may change",
    STAFF: "staff and owners only (volunteers get 403)",
    OWNERS_TO_CHANGE: "every member may look; owners may change",
    OWNERS: "owners only",
}


def library_views() -> list[tuple[str, str, object]]:
    """(route, URL name, view) of every page under /l/<library>/, in the URL configuration's order."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                namespace = f"{entry.namespace}:" if entry.namespace else ""
                walk_named(entry.url_patterns, route, namespace)
            elif isinstance(entry, URLPattern) and route.startswith("/l/"):
                found.append((route, entry.name or "", entry.callback))

    def walk_named(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk_named(entry.url_patterns, route, inner)
            elif route.startswith("/l/"):
                found.append((route, namespace + (entry.name or ""), entry.callback))

    walk(get_resolver().url_patterns, "/")
    return found


API_PREFIX = "/api/v1"
API_EXPLAINED = {
    MEMBERS: "every member's token, a volunteer's too",
    STAFF: "a staff member's or an owner's token (a volunteer's gets 403)",
}


def api_operations() -> list[tuple[str, str, str, object]]:
    """(method, address, module.function, view) of every operation of the JSON API, as ninja
    calls them (the function that checks the role, when one is stated), in the routers' order."""
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                view = operation.view_func
                name = f"{view.__module__.rsplit('.', 1)[-1]}.{view.__name__}"
                for method in operation.methods:
                    found.append((method, API_PREFIX + prefix + path, name, view))
    return found


def roles_doc() -> str:
    lines = [
        "# Who may do what",
        "",
        "Every page of a library states who may use it with `@library_view(role=...)`",
        "(`allies/libraries/access.py`). This list is written by `.venv/bin/python scripts/write_roles.py`",
        "and checked by `tests/test_roles.py`. Everyone else, members of other libraries included, gets 404.",
        "",
        "| role | who |",
        "| --- | --- |",
        *(f"| {role} | {EXPLAINED[role]} |" for role in ROLES),
        "",
        "| page | address | role |",
        "| --- | --- | --- |",
    ]
    for route, name, view in library_views():
        lines.append(f"| `{name}` | `{route}` | {getattr(view, 'allies_role', None)} |")
    lines += [
        "",
        "## The JSON API",
        "",
        "Every operation of the API states who may call it with `@api_access(role=...)`",
        "(`allies/api/access.py`), beneath its router's decorator. The roles are the pages', read for",
        "the token's member. Whatever the role, an operation that changes something (any method but",
        "GET) refuses a read-only token. A token of another library's member gets 404.",
        "",
        "| role | whose token |",
        "| --- | --- |",
        *(f"| {role} | {API_EXPLAINED[role]} |" for role in API_ROLES),
        "",
        "| operation | method and address | role |",
        "| --- | --- | --- |",
    ]
    for method, address, name, view in api_operations():
        lines.append(f"| `{name}` | `{method} {address}` | {getattr(view, 'allies_role', None)} |")
    return "\n".join(lines) + "\n"


def test_every_library_view_states_its_role():
    views = library_views()
    assert len(views) > 100
    unstated = [
        f"{name} ({route})"
        for route, name, view in views
        if getattr(view, "allies_role", None) is None
    ]
    assert not unstated, "views with no role: @library_view(role=...) them:\n" + "\n".join(unstated)


def test_every_api_operation_states_its_role():
    operations = api_operations()
    assert len(operations) > 30
    unstated = [
        f"{name} ({method} {address})"
        for method, address, name, view in operations
        if getattr(view, "allies_role", None) not in API_ROLES
    ]
    assert not unstated, "operations with no role: @api_access(role=...) them:\n" + "\n".join(
        unstated
    )


def test_the_list_of_roles_is_up_to_date():
    assert ROLES_DOC.read_text() == roles_doc(), (
        "docs/roles.md is out of date: run .venv/bin/python scripts/write_roles.py"
    )


def _view(role):
    @library_view(role=role)
    def view(request):
        return HttpResponse("ok")

    return view


def _answer(view, user, method, slug="riverton"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    request.session = {}
    try:
        return view(request, slug).status_code
    except PermissionDenied:
        return 403
    except Http404:
        return 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "volunteer", "staff", "owner"),
    [
        # (GET, POST) answers for each kind of member
        (MEMBERS, (200, 200), (200, 200), (200, 200)),
        (STAFF_TO_CHANGE, (200, 403), (200, 200), (200, 200)),
        (STAFF, (403, 403), (200, 200), (200, 200)),
        (OWNERS_TO_CHANGE, (200, 403), (200, 403), (200, 200)),
        (OWNERS, (403, 403), (403, 403), (200, 200)),
    ],
)
def test_each_role_lets_in_whom_it_says(role, volunteer, staff, owner, library, other_library):
    view = _view(role)
    for kind, expected in (
        (Role.VOLUNTEER, volunteer),
        (Role.STAFF, staff),
        (Role.OWNER, owner),
    ):
        user = _member(library, f"{kind}@example.org", kind, kind)
        assert (_answer(view, user, "get"), _answer(view, user, "post")) == expected, kind
        assert _answer(view, user, "get", slug=other_library.slug) == 404


def test_an_unknown_role_is_refused_when_the_view_is_defined():
    with pytest.raises(ValueError, match="Unknown role"):
        library_view(role="editors")


def test_an_unknown_api_role_is_refused_when_the_operation_is_defined():
    with pytest.raises(ValueError, match="Unknown API role"):
        api_access(role=OWNERS)


def test_api_access_above_the_routers_decorator_is_refused():
    """Above it, ninja would already hold the unchecked function: the role would not be checked."""
    from ninja import Router

    router = Router()

    with pytest.raises(TypeError, match="beneath"):

        @api_access(role=MEMBERS)
        @router.get("/nowhere")
        def nowhere(request):
            return {}
