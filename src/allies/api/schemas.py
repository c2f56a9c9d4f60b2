"""Pieces every endpoint shares: ids, page sizes, the answers a request may get, and the sync filter."""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from allies.api.errors import ApiError, Error
from allies.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from allies.directory.search import MAX_NAME_PHRASES, MAX_NAMES_LENGTH, name_words

_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso(value):
    """Dates and moments only as ISO 8601 text (pydantic alone would read 0.5 as a moment)."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and _ISO.match(value)):
        return value
    raise PydanticCustomError("date_format", "Give the date as YYYY-MM-DD.")


Day = Annotated[datetime.date, BeforeValidator(_iso)]
Moment = Annotated[datetime.datetime, BeforeValidator(_iso)]

# Ids are positive 64-bit integers; anything larger is refused before it reaches the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")]
Cursor = Annotated[
    str | None,
    Field(max_length=2000, description="The next_cursor of the previous page; omit for page 1."),
]
UpdatedSince = Annotated[
    Moment | None,
    Field(
        description="Only records changed at or after this moment (ISO 8601; UTC without offset)."
    ),
]
DEFAULT = DEFAULT_LIMIT


def _ntee_kind(value: str) -> str:
    from allies.directory.ntee import is_kind, normalize

    if not is_kind(value):
        raise PydanticCustomError(
            "ntee_kind", "Give an NTEE major group (a letter: L) or code (L21)."
        )
    return normalize(value)


NteeKind = Annotated[
    str,
    Field(max_length=4, description="An NTEE major group (L) or code (L21)."),
    AfterValidator(_ntee_kind),
]


def _name_words(value: str) -> str:
    try:
        return name_words(value)
    except ValueError as error:
        if error.args[0] == "too_many":
            raise PydanticCustomError(
                "name_phrases",
                "Give at most {most} alternatives, separated by commas.",
                {"most": MAX_NAME_PHRASES},
            ) from None
        raise PydanticCustomError(
            "string_too_long", "Too long.", {"max_length": MAX_NAMES_LENGTH}
        ) from None


# What a name filter looks for: phrases separated by commas (directory.search.named).
NamePhrases = Annotated[str, Field(max_length=MAX_NAMES_LENGTH), AfterValidator(_name_words)]


class Paging(Schema):
    """The query parameters of every list: a page's cursor and size."""

    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class Syncing(Paging):
    """The query parameters of a list of stored records: pages, and what changed since."""

    updated_since: UpdatedSince = None


# Every operation may answer these (a bad token, a body over 1 MB, the rate limit...).
REFUSALS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 429: Error}
EDIT_REFUSALS = {**REFUSALS, 412: Error, 428: Error}
CONFLICT_REFUSALS = {**REFUSALS, 409: Error}


def changed_since(queryset, since: datetime.datetime | None, field: str = "updated_at"):
    """`queryset` limited to rows whose `field` is at or after `since` (naive means UTC)."""
    if since is None:
        return queryset
    if since.tzinfo is None:
        since = since.replace(tzinfo=datetime.UTC)
    try:
        since = since.astimezone(datetime.UTC)
    except OverflowError:
        raise ApiError(
            400,
            _("updated_since is out of range."),
            errors=[
                {"field": "updated_since", "message": _("Give a moment between 1900 and 9000.")}
            ],
        ) from None
    return queryset.filter(**{f"{field}__gte": since})
