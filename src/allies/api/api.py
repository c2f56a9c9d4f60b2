"""The JSON API under /api/v1/: one NinjaAPI with a router per step of the method.

The description is served at /api/v1/openapi.json (and kept in docs/api/openapi.json, which a
test compares with the code); /api/v1/docs is a browsable page whose scripts come from the
installed django-ninja package through our static files, so it works without internet access.
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.openapi.docs import Swagger

from allies.api import connections, dashboard, directory, errors, goals, partnerships, stewardship
from allies.api.access import api_access
from allies.api.errors import ApiError
from allies.api.parsing import CleanParser
from allies.api.schemas import REFUSALS
from allies.api.tokens import TokenAuth
from allies.libraries.access import MEMBERS
from allies.libraries.models import Role

DESCRIPTION = """
The records of one library, for the tools a library already runs: a volunteer-management program,
the events calendar, a reporting spreadsheet, a consortium dashboard.

**Tokens.** Make a personal access token in Allies under Settings > API tokens and send it as
`Authorization: Bearer <token>`. A token acts as you, with your role, in its library only; a
read-only token only reads.

**Lists** return `{"items": [...], "next_cursor": "..."}`: pass `cursor=<next_cursor>` for the
next page (`limit` up to 100). `updated_since=<ISO moment>` returns what changed since then.

**Changes** to an organization or a person need `If-Match` with the `version` you read (also sent
as `ETag`); when someone saved the record since, the answer is 412 and nothing is saved.

**Errors** are JSON: `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`. Request
bodies over 1 MB are refused (413). Each token may make 600 requests a minute (unless the server sets
`API_REQUESTS_PER_MINUTE`); past that the answer is 429 with `Retry-After` in seconds.
"""


@functools.cache
def query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """The query parameters each operation of the description accepts, by (path, method)."""
    found = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            found[(path, method.upper())] = frozenset(names)
    return found


class AlliesAuth(TokenAuth):
    """The token check, after refusing query parameters the operation does not know: a typo in a
    filter (`?updated_after=`) is an error, never a silently unfiltered list."""

    def check(self, request) -> None:
        super().check(request)
        match = request.resolver_match
        if match is None or not request.GET:
            return
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", match.route)
        known = query_parameters().get((path, request.method))
        unknown = sorted(set(request.GET) - known) if known is not None else []
        if unknown:
            errors = [
                {"field": name[:100], "message": _("This parameter is not known here.")}
                for name in unknown
            ]
            raise ApiError(
                400,
                _("Unknown query parameter: %(names)s. See /api/v1/docs for this operation's.")
                % {"names": ", ".join(name[:100] for name in unknown)},
                errors=errors,
            )


api = NinjaAPI(
    title="Allies API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=AlliesAuth(),
    parser=CleanParser(),
    docs=Swagger(settings={"persistAuthorization": True, "validatorUrl": None}),
)
errors.install(api)

me = Router(tags=["me"])


class LibraryOut(Schema):
    id: int
    slug: str
    name: str


class MeOut(Schema):
    user_id: int
    name: str
    email: str
    role: Role
    library: LibraryOut
    token_name: str
    can_write: bool = Field(description="False: a read-only token.")
    expires_on: str | None


@me.get("/me", response={200: MeOut, **REFUSALS})
@api_access(role=MEMBERS)
def who_am_i(request):
    """The token's member, their role and library, and what the token may do."""
    token = request.api_token
    return {
        "user_id": request.user.pk,
        "name": request.user.display_name,
        "email": request.user.email,
        "role": request.membership.role,
        "library": request.library,
        "token_name": token.name,
        "can_write": token.can_write,
        "expires_on": token.expires_on.isoformat() if token.expires_on else None,
    }


api.add_router("", me)
api.add_router("", directory.router)
api.add_router("", partnerships.router)
api.add_router("", stewardship.router)
api.add_router("", connections.router)
api.add_router("", goals.router)
api.add_router("", dashboard.router)
