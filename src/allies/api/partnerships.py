"""Partnerships, their stage changes and the commitments each side made.

Opening a partnership goes through the new-partnership form and `Partnership.objects.find_or_start`
(as on the page: 409 when the organization already has one); moving it
through the page's stage form (declined needs the reason, what was learned and a date to try
again; ended needs why); commitments through `partnerships.commitments`. An archived partnership
is changed nowhere (409), as on the pages.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from allies.api.access import api_access
from allies.api.errors import ApiError
from allies.api.forms import form_data, submit
from allies.api.pagination import Page, keyset_page
from allies.api.schemas import (
    CONFLICT_REFUSALS,
    REFUSALS,
    Day,
    Id,
    Syncing,
    changed_since,
)
from allies.directory.models import Sector
from allies.libraries.access import MEMBERS, STAFF
from allies.partnerships import commitments
from allies.partnerships.commitment_forms import CommitmentForm, KeptForm
from allies.partnerships.forms import MoveStageForm, NewPartnershipForm, PartnershipFilterForm
from allies.partnerships.models import (
    Commitment,
    CommitmentStatus,
    DeclineReason,
    Partnership,
    Side,
    Stage,
    Term,
)

router = Router(tags=["partnerships"])


class PartnershipOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    stage: Stage
    term: str = Field(description="one_off, short, long, or empty when not decided.")
    lead_id: int | None = Field(description="The member who keeps in touch with them.")
    started_on: datetime.date | None
    ended_on: datetime.date | None
    library_expects: str
    partner_expects: str
    benefits_to_library: str
    benefits_to_partner: str
    benefits_to_community: str
    lessons: str
    try_again_on: datetime.date | None
    end_reason: str
    archived: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_organization_name(partnership) -> str:
        return partnership.organization.name

    @staticmethod
    def resolve_archived(partnership) -> bool:
        return partnership.is_archived


class PartnershipPage(Page):
    items: list[PartnershipOut]


class PartnershipSort(StrEnum):
    STAGE = "stage"
    NAME = "name"
    UPDATED = "-updated"


class PartnershipFilters(Syncing):
    q: str | None = Field(None, max_length=200, description="Words in the organization's name.")
    stage: Stage | None = None
    term: Term | None = None
    lead: str | None = Field(None, max_length=20, description="A member's id, or “me”.")
    sector: Sector | None = None
    archived: bool = Field(False, description="List the archived partnerships instead.")
    sort: PartnershipSort = PartnershipSort.STAGE


class OpenStage(StrEnum):
    PROSPECT = Stage.PROSPECT.value
    REACHING_OUT = Stage.REACHING_OUT.value
    EXPLORING = Stage.EXPLORING.value
    PILOT = Stage.PILOT.value
    ACTIVE = Stage.ACTIVE.value
    PAUSED = Stage.PAUSED.value


class PartnershipIn(Schema):
    """Start a partnership with one of the library's organizations."""

    organization: Id
    stage: OpenStage = OpenStage.PROSPECT
    term: Term | None = None
    lead: Id | None = None
    started_on: Day | None = None
    ended_on: Day | None = None
    library_expects: str = ""
    partner_expects: str = ""
    benefits_to_library: str = ""
    benefits_to_partner: str = ""
    benefits_to_community: str = ""


class StageMove(Schema):
    """A move to another stage. Declined needs decline_reason, lessons and try_again_on (in the
    future); ended needs reason (why it ended) and lessons."""

    stage: Stage
    reason: str = ""
    decline_reason: DeclineReason | None = None
    lessons: str = ""
    try_again_on: Day | None = None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: Stage
    reason: str
    changed_at: datetime.datetime
    partnership: PartnershipOut


def _partnerships(library):
    return Partnership.objects.filter(library=library).select_related("organization")


def _partnership(request, partnership_id: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related("organization", "library"),
        library=request.library,
        pk=partnership_id,
    )


def _open_for_change(request, partnership_id: int) -> Partnership:
    partnership = _partnership(request, partnership_id)
    if partnership.is_archived:
        raise ApiError(409, _("This partnership is archived. Restore it to change it."))
    return partnership


@router.get("/partnerships", response={200: PartnershipPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_partnerships(request, filters: Query[PartnershipFilters]):
    """The library's partnerships with the partners list's filters (archived ones on request)."""
    data = form_data(filters)
    form = submit(PartnershipFilterForm(data, library=request.library))
    partnerships = form.filter(_partnerships(request.library), request.user)
    partnerships = changed_since(partnerships, filters.updated_since)
    items, following = keyset_page(partnerships, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post("/partnerships", response={201: PartnershipOut, **CONFLICT_REFUSALS})
@api_access(role=STAFF)
def create_partnership(request, payload: PartnershipIn):
    """Start a partnership; 409 when the organization already has an open one."""
    data = form_data(payload)
    form = NewPartnershipForm(data, library=request.library)
    if not form.is_valid() and form.existing is not None:
        raise ApiError(409, form.errors["organization"][0])
    partnership, created = submit(form).find_or_start(by=request.user)
    if not created:  # started by someone else since the form was checked
        raise ApiError(409, _("This organization already has a partnership with the library."))
    return Status(201, _partnership(request, partnership.pk))


@router.get("/partnerships/{partnership_id}", response={200: PartnershipOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_partnership(request, partnership_id: Id):
    return _partnership(request, partnership_id)


@router.post(
    "/partnerships/{partnership_id}/stage", response={201: StageChangeOut, **CONFLICT_REFUSALS}
)
@api_access(role=STAFF)
def move_stage(request, partnership_id: Id, payload: StageMove):
    """Move to another stage with a reason, under the stage form's rules."""
    partnership = _open_for_change(request, partnership_id)
    form = submit(MoveStageForm(form_data(payload), partnership=partnership))
    change = form.move(by=request.user)
    return Status(
        201,
        {
            "from_stage": change.from_stage,
            "to_stage": change.to_stage,
            "reason": change.reason,
            "changed_at": change.changed_at,
            "partnership": _partnership(request, partnership_id),
        },
    )


# Commitments --------------------------------------------------------------------------------------


class CommitmentOut(Schema):
    id: int
    partnership_id: int
    owed_by: Side
    what: str
    due_on: datetime.date
    status: CommitmentStatus
    done_on: datetime.date | None
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CommitmentPage(Page):
    items: list[CommitmentOut]


class CommitmentFilters(Syncing):
    partnership: Id | None = None
    status: CommitmentStatus | None = None


class CommitmentIn(Schema):
    owed_by: Side
    what: str = Field(min_length=1, max_length=300)
    due_on: Day
    note: str = ""


class Kept(Schema):
    done_on: Day | None = Field(None, description="The day it was kept; today if left out.")


def _commitment(request, commitment_id: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("partnership__organization", "partnership__library"),
        library=request.library,
        pk=commitment_id,
    )


@router.get("/commitments", response={200: CommitmentPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_commitments(request, filters: Query[CommitmentFilters]):
    """What each side promised, soonest due first."""
    found = Commitment.objects.filter(library=request.library)
    if filters.partnership is not None:
        found = found.filter(partnership_id=filters.partnership)
    if filters.status is not None:
        found = found.filter(status=filters.status.value)
    found = changed_since(found.order_by("due_on", "id"), filters.updated_since)
    items, following = keyset_page(found, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post(
    "/partnerships/{partnership_id}/commitments",
    response={201: CommitmentOut, **CONFLICT_REFUSALS},
)
@api_access(role=STAFF)
def create_commitment(request, partnership_id: Id, payload: CommitmentIn):
    """Record what one side promised, by when; it is written on the partnership's timeline."""
    partnership = _open_for_change(request, partnership_id)
    form = submit(CommitmentForm(form_data(payload), partner_name=partnership.organization.name))
    commitment = form.save(commit=False)
    commitment.partnership = partnership
    return Status(201, commitments.record(commitment, by=request.user))


@router.get("/commitments/{commitment_id}", response={200: CommitmentOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_commitment(request, commitment_id: Id):
    return _commitment(request, commitment_id)


@router.post(
    "/commitments/{commitment_id}/kept", response={200: CommitmentOut, **CONFLICT_REFUSALS}
)
@api_access(role=STAFF)
def commitment_kept(request, commitment_id: Id, payload: Kept):
    """Mark a commitment kept (on time or late, as its due date says)."""
    commitment = _commitment(request, commitment_id)
    _open_for_change(request, commitment.partnership_id)
    data = {"done_on": payload.done_on or timezone.localdate()}
    form = submit(KeptForm(data))
    return commitments.mark_kept(commitment, day=form.cleaned_data["done_on"], by=request.user)


@router.post(
    "/commitments/{commitment_id}/missed", response={200: CommitmentOut, **CONFLICT_REFUSALS}
)
@api_access(role=STAFF)
def commitment_missed(request, commitment_id: Id):
    """Mark a commitment missed."""
    commitment = _commitment(request, commitment_id)
    _open_for_change(request, commitment.partnership_id)
    return commitments.mark_missed(commitment, by=request.user)
