"""Cursor pagination: each page ends with an opaque `next_cursor` that asks for the rows after it.

A cursor holds the sort values of the page's last row, signed so that it cannot be forged or
mixed up with another list's order. The next page is "the rows after these values" (a keyset
condition the database answers from its index), so pages never repeat or skip a row when rows are
added meanwhile, and page 500 costs what page 1 costs. Lists computed in Python (reminders, a
goal's ranking) carry an offset instead.
"""

from __future__ import annotations

import datetime
import functools
import operator

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Schema

from allies.api.errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
SALT = "allies.api.cursor"


class Page(Schema):
    """What every list answers: its items, and the cursor of the next page (null on the last)."""

    next_cursor: str | None = None


def _bad_cursor() -> ApiError:
    return ApiError(
        400,
        _("This cursor is not valid for this list; start again without one."),
        errors=[{"field": "cursor", "message": _("Use the next_cursor of the previous page.")}],
    )


def _read(cursor: str, kind: str) -> list:
    try:
        data = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise _bad_cursor() from None
    if not isinstance(data, dict) or data.get("k") != kind or not isinstance(data.get("v"), list):
        raise _bad_cursor()
    return data["v"]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _value(row, name: str):
    for part in name.split("__"):
        row = getattr(row, part)
    return row


def _after(order: list[str], values: list) -> Q:
    """Rows that sort after `values` in `order` (names like "name", "-updated_at", ending in id).

    The leading "first key at least this far" condition lets the database start its index scan at
    the cursor instead of reading every earlier row.
    """
    fields = [(name.lstrip("-"), name.startswith("-")) for name in order]
    branches = []
    for index, (name, descending) in enumerate(fields):
        equal = {field: values[j] for j, (field, _desc) in enumerate(fields[:index])}
        beyond = {f"{name}__{'lt' if descending else 'gt'}": values[index]}
        branches.append(Q(**equal, **beyond))
    first, descending = fields[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & functools.reduce(
        operator.or_, branches
    )


def keyset_page(queryset, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `queryset` (explicitly ordered, ending with its id) and the next cursor."""
    order = [str(name) for name in queryset.query.order_by]
    if not order or order[-1].lstrip("-") not in ("id", "pk"):
        raise ValueError("A paginated list must be ordered, ending with its id.")
    kind = f"{queryset.model._meta.label}:{','.join(order)}"
    if cursor:
        values = _read(cursor, kind)
        if len(values) != len(order):
            raise _bad_cursor()
        try:
            queryset = queryset.filter(_after(order, values))
        except (ValueError, TypeError):
            raise _bad_cursor() from None
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = [_plain(_value(rows[-1], name.lstrip("-"))) for name in order]
    return rows, signing.dumps({"k": kind, "v": last}, salt=SALT, compress=True)


def offset_from(cursor: str | None, *, kind: str) -> int:
    """Where a page of a list computed in Python starts: 0, or the offset its cursor carries."""
    if not cursor:
        return 0
    values = _read(cursor, kind)
    if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
        raise _bad_cursor()
    return values[0]


def offset_cursor(offset: int, total: int, *, kind: str) -> str | None:
    """The cursor of the page that starts at `offset`; None past the end."""
    return signing.dumps({"k": kind, "v": [offset]}, salt=SALT) if offset < total else None


def list_page(items: list, *, cursor: str | None, limit: int, kind: str) -> tuple[list, str | None]:
    """One page of a list computed in Python (its order stable between calls) and the next cursor."""
    start = offset_from(cursor, kind=kind)
    return items[start : start + limit], offset_cursor(start + limit, len(items), kind=kind)
