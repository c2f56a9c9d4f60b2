"""One access helper for every library view: members get in, everyone else gets 404.

A view decorated with `library_view` receives the request with `request.library` and
`request.membership` set. Objects are then fetched with `get_object_or_404(Model,
library=request.library, pk=...)` so another library's ids are 404 as well.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from allies.libraries.models import Membership, Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def library_view(view=None, *, edit: bool = False, owner: bool = False):
    """Resolve the library from the URL and check the signed-in person's membership.

    edit=True: volunteers may look (GET) but not change (POST). owner=True: owners only.
    """

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
            if edit and request.method not in SAFE_METHODS and not membership.can_edit:
                raise PermissionDenied
            request.library = membership.library
            request.membership = membership
            if request.session.get("library_slug") != library_slug:  # no session write per page
                request.session["library_slug"] = library_slug
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def require_edit(request) -> None:
    """Refuse a volunteer's attempt to open an edit form."""
    if not request.membership.can_edit:
        raise PermissionDenied


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
