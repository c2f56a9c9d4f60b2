"""One access helper for every library view: members get in, everyone else gets 404, and the
view says which members may use it.

    @library_view(role=STAFF)
    def organization_edit(request, organization_id): ...

The roles, from the widest:
- MEMBERS: every member may look and act (a volunteer logs a contact);
- STAFF_TO_CHANGE: every member may look; only staff and owners may send a change (POST);
- STAFF: staff and owners only, whatever the method (an edit form): volunteers get 403;
- OWNERS_TO_CHANGE: every member may look; only owners may send a change (the ranking's weights);
- OWNERS: owners only (members and settings).

A view decorated with `library_view` receives the request with `request.library` and
`request.membership` set. Objects are then fetched with `get_object_or_404(Model,
library=request.library, pk=...)` so another library's ids are 404 as well. tests/test_roles.py
lists every view with its role (docs/roles.md) and fails on a view that states none.
The JSON API states the same roles for each operation with `allies.api.access.api_access`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from allies.libraries.models import Membership, Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

MEMBERS = "members"
STAFF_TO_CHANGE = "staff to change"
STAFF = "staff"
OWNERS_TO_CHANGE = "owners to change"
OWNERS = "owners"
ROLES = (MEMBERS, STAFF_TO_CHANGE, STAFF, OWNERS_TO_CHANGE, OWNERS)


def library_view(view=None, *, role: str | None = None):
    """Resolve the library from the URL, check the signed-in person's membership and role."""
    if role is not None and role not in ROLES:
        raise ValueError(f"Unknown role {role!r}: one of {', '.join(ROLES)}")
    owner = role == OWNERS
    owner_to_change = role == OWNERS_TO_CHANGE
    edit = role in (STAFF, STAFF_TO_CHANGE)
    always = role == STAFF

    def decorator(func):
        @wraps(func)
        def wrapper(request, library_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = (
                Membership.objects.select_related("library")
                .filter(user=request.user, library__slug=library_slug)
                .first()
            )
            if membership is None:
                raise Http404("No such library")
            if owner and membership.role != Role.OWNER:
                raise PermissionDenied
            changing = request.method not in SAFE_METHODS
            if owner_to_change and changing and membership.role != Role.OWNER:
                raise PermissionDenied
            if edit and (always or changing) and not membership.can_edit:
                raise PermissionDenied
            request.library = membership.library
            request.membership = membership
            if request.session.get("library_slug") != library_slug:  # no session write per page
                request.session["library_slug"] = library_slug
            return func(request, *args, **kwargs)

        wrapper.allies_role = role  # read by tests/test_roles.py
        return wrapper

    return decorator(view) if view is not None else decorator


def safe_next(request) -> str | None:
    """The `next` address a form or link carries, when it is a path inside Allies; else None.

    Only a local path ("/l/...") is followed, never another site ("//evil.example", "https://...").
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    inside = target.startswith("/") and not target.startswith("//")
    if inside and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
