"""My connections: the people I know, recorded by me, and sharing them with the library.

Only the connections the token's member recorded are listed or opened here (anyone else's, shared
or not, is 404, as on the pages); what others share appears only inside introduction paths.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from allies.api.access import api_access
from allies.api.errors import ApiError
from allies.api.forms import form_data, submit
from allies.api.pagination import Page, keyset_page
from allies.api.schemas import (
    REFUSALS,
    Day,
    Id,
    Syncing,
    changed_since,
)
from allies.connections import people
from allies.connections.forms import ConnectionForm
from allies.connections.models import Connection, Kind
from allies.libraries.access import MEMBERS, STAFF

router = Router(tags=["connections"])


class ConnectionOut(Schema):
    id: int
    person_a_id: int
    person_a_name: str
    person_b_id: int
    person_b_name: str
    kind: Kind
    strength: int = Field(ge=1, le=5)
    since: datetime.date | None
    note: str
    shared: bool = Field(description="Colleagues see shared connections; the others stay yours.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_person_a_name(connection) -> str:
        return connection.person_a.name

    @staticmethod
    def resolve_person_b_name(connection) -> str:
        return connection.person_b.name


class ConnectionPage(Page):
    items: list[ConnectionOut]


class ConnectionFilters(Syncing):
    shared: bool | None = None


class ConnectionIn(Schema):
    """Two people of the directory and how they know each other; `person` is you if left out."""

    person: Id | None = None
    other: Id
    kind: Kind
    strength: int = Field(3, ge=1, le=5)
    since: Day | None = None
    note: str = ""
    shared: bool = False


class Sharing(Schema):
    shared: bool


def _mine(request):
    return Connection.objects.filter(
        library=request.library, recorded_by=request.user
    ).select_related("person_a", "person_b")


@router.get("/connections", response={200: ConnectionPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_connections(request, filters: Query[ConnectionFilters]):
    """The connections you recorded, most recently changed first."""
    found = _mine(request)
    if filters.shared is not None:
        found = found.filter(shared=filters.shared)
    found = changed_since(found.order_by("-updated_at", "-id"), filters.updated_since)
    items, following = keyset_page(found, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post("/connections", response={201: ConnectionOut, 200: ConnectionOut, **REFUSALS})
@api_access(role=STAFF)
def record_connection(request, payload: ConnectionIn):
    """Record who knows whom; recording a pair again updates your connection (200)."""
    me = people.person_for(request.user, request.library)
    data = form_data(payload)
    data["person"] = data["person"] or me.pk
    form = submit(ConnectionForm(data, library=request.library, me=me))
    try:
        connection, created = Connection.record(
            library=request.library,
            one=form.cleaned_data["person"],
            other=form.cleaned_data["other"],
            recorded_by=request.user,
            **form.connection_fields(),
        )
    except ValidationError as error:
        raise ApiError(400, error.messages[0]) from None
    return Status(201 if created else 200, connection)


@router.get("/connections/{connection_id}", response={200: ConnectionOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_connection(request, connection_id: Id):
    return get_object_or_404(_mine(request), pk=connection_id)


@router.post("/connections/{connection_id}/share", response={200: ConnectionOut, **REFUSALS})
@api_access(role=STAFF)
def share_connection(request, connection_id: Id, payload: Sharing):
    """Share one of your connections with the library, or make it private again."""
    connection = get_object_or_404(_mine(request), pk=connection_id)
    connection.share(payload.shared)
    return connection
