"""Checking a request's token, what it may do, and counting it against its rate limit.

A request names its token in `Authorization: Bearer allies_...`. The token must exist, be neither
revoked nor expired, and its member must still belong to its library; the request then acts as
that member, with the role they hold now. A read-only token may only read; a read-write token may
change what its member may change on the pages (a volunteer: log contacts, nothing else). Each
operation says which with `allies.api.access.api_access`, which calls `require_write` and
`require_edit` below.

Rate limit: API_REQUESTS_PER_MINUTE requests per token in each calendar minute (600 unless
configured). The count lives on the token's row and is raised by one conditional UPDATE, so it
holds across every process that serves the API; over the limit the answer is 429 with
`Retry-After` (the seconds until the next minute starts).
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from allies.api.errors import ApiError
from allies.api.models import ApiToken, digest_of
from allies.libraries.models import Membership

WINDOW = datetime.timedelta(minutes=1)
# A token is "allies_" and 43 characters; anything much longer is not one of ours.
LONGEST_SECRET = 200


def find_token(secret: str, *, day: datetime.date) -> tuple[ApiToken, Membership]:
    """The token with this secret and its member's membership, or ApiError 401 saying why not."""
    token = None
    if secret and len(secret) <= LONGEST_SECRET:
        # No ORDER BY (the models' default orderings join tables): one row by a unique index.
        found = ApiToken.objects.select_related("library", "user").filter(digest=digest_of(secret))
        token = next(iter(found.order_by()[:1]), None)
    if token is None:
        raise ApiError(401, _("This token is not known. Check it, or make a new one in Settings."))
    if token.is_revoked:
        raise ApiError(401, _("This token was revoked. Make a new one in Settings."))
    if token.is_expired(day):
        raise ApiError(
            401,
            _("This token expired on %(day)s. Make a new one in Settings.")
            % {"day": token.expires_on.isoformat()},
        )
    memberships = Membership.objects.filter(user_id=token.user_id, library_id=token.library_id)
    membership = next(iter(memberships.order_by()[:1]), None)
    if membership is None or not token.user.is_active:
        raise ApiError(401, _("The token's member no longer belongs to this library."))
    return token, membership


def count_request(token: ApiToken, *, now: datetime.datetime, limit: int) -> int | None:
    """Count one request in the token's current minute and note the token's last use.

    Returns None when the request may go on, else the seconds to wait. Each step is one UPDATE
    that checks and counts at once, so two processes can never both take the last request.
    """
    if connection.vendor != "postgresql":
        return _count(token, now=now, limit=limit)
    with transaction.atomic():
        # The counter need not wait for the disk: after a database crash a token may get a few
        # more requests in that minute. It saves most of the time this check costs.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return _count(token, now=now, limit=limit)


def _count(token: ApiToken, *, now: datetime.datetime, limit: int) -> int | None:
    window = now.replace(second=0, microsecond=0)
    rows = ApiToken.objects.filter(pk=token.pk)
    in_window = rows.filter(window_started_at=window, window_count__lt=limit)
    counted = {"window_count": F("window_count") + 1, "last_used_at": now}
    if in_window.update(**counted):
        return None
    if rows.exclude(window_started_at=window).update(
        window_started_at=window, window_count=1, last_used_at=now
    ):
        return None
    if in_window.update(**counted):  # another process opened this minute in between
        return None
    return max(1, math.ceil((window + WINDOW - now).total_seconds()))


def body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > settings.API_MAX_BODY_BYTES


def body_without_length(request) -> bool:
    """A body is coming (chunked) but no Content-Length says how long: Django reads it as empty."""
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return chunked and not request.META.get("CONTENT_LENGTH")


class TokenAuth(HttpBearer):
    """ninja's bearer scheme (it appears in the OpenAPI description) with Allies' rules."""

    def __call__(self, request):
        self.check(request)
        return super().__call__(request)

    def check(self, request) -> None:
        """Refusals that come before the token is looked at: a body over the limit, or a body
        without a length (chunked), which Django would read as empty."""
        if body_without_length(request):
            raise ApiError(
                411,
                _(
                    "Send the request body with a Content-Length header: a body sent in chunks "
                    "(Transfer-Encoding: chunked) is not read."
                ),
            )
        if body_too_large(request):
            raise ApiError(
                413,
                _("The request body is larger than %(size)s; send less at once.")
                % {"size": "1 MB"},
            )

    def authenticate(self, request, token: str):
        now = timezone.now()
        api_token, membership = find_token(token.strip(), day=timezone.localdate(now))
        wait = count_request(api_token, now=now, limit=settings.API_REQUESTS_PER_MINUTE)
        if wait is not None:
            raise ApiError(
                429,
                _(
                    "This token made %(limit)s requests this minute, the most allowed. "
                    "Try again in %(seconds)s seconds."
                )
                % {"limit": settings.API_REQUESTS_PER_MINUTE, "seconds": wait},
                headers={"Retry-After": str(wait)},
            )
        # The request now acts as the token's member: history records them as the author.
        request.user = api_token.user
        request.library = api_token.library
        request.membership = membership
        request.api_token = api_token
        return api_token


def require_write(request) -> None:
    """Any change: refused for a read-only token."""
    if not request.api_token.can_write:
        raise ApiError(
            403,
            _("This token is read-only. Make a read-write token in Settings to change records."),
        )


def require_edit(request) -> None:
    """A change to the library's records: a read-write token of a staff member or an owner."""
    require_write(request)
    if not request.membership.can_edit:
        raise ApiError(
            403, _("Volunteers read and log contacts; this change needs a staff member's token.")
        )
