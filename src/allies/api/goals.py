"""Advocacy goals (create, read) and their candidates ranked with reasons."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from allies.api.access import api_access
from allies.api.directory import PartnershipRef
from allies.api.forms import form_data, submit
from allies.api.pagination import Page, keyset_page, offset_cursor, offset_from
from allies.api.ranking import ranked_candidates
from allies.api.schemas import (
    REFUSALS,
    Day,
    Id,
    NamePhrases,
    NteeKind,
    Paging,
    Syncing,
    changed_since,
)
from allies.core.concurrency import version_of
from allies.goals.forms import GoalForm
from allies.goals.models import MAX_KINDS, Goal, GoalStatus
from allies.libraries.access import MEMBERS, STAFF

router = Router(tags=["goals"])


class GoalOut(Schema):
    id: int
    statement: str
    description: str
    deadline: datetime.date | None
    status: GoalStatus
    primary_audiences: list[int]
    secondary_audiences: list[int]
    decision_makers: list[int] = Field(description="Ids of people in the directory.")
    resources_needed: list[int]
    kinds: list[str] = Field(
        description="The kinds of organization (NTEE major groups or codes) the ranking looks "
        "among unless told otherwise; empty: every kind."
    )
    names: str = Field(
        description="Words of names (alternatives separated by commas) the ranking looks among "
        "unless told otherwise; empty: every name."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: str

    @staticmethod
    def resolve_primary_audiences(goal) -> list[int]:
        return [item.pk for item in goal.primary_audiences.all()]

    @staticmethod
    def resolve_secondary_audiences(goal) -> list[int]:
        return [item.pk for item in goal.secondary_audiences.all()]

    @staticmethod
    def resolve_decision_makers(goal) -> list[int]:
        return [item.pk for item in goal.decision_makers.all()]

    @staticmethod
    def resolve_resources_needed(goal) -> list[int]:
        return [item.pk for item in goal.resources_needed.all()]

    @staticmethod
    def resolve_version(goal) -> str:
        return version_of(goal)


class GoalPage(Page):
    items: list[GoalOut]


class GoalFilters(Syncing):
    status: GoalStatus | None = None


class GoalIn(Schema):
    statement: str = Field(
        min_length=1, max_length=300, description="One sentence: what should change, and by when."
    )
    description: str = ""
    deadline: Day | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    primary_audiences: list[Id] = []
    secondary_audiences: list[Id] = []
    decision_makers: list[Id] = []
    resources_needed: list[Id] = []
    kinds: list[NteeKind] = Field(
        [],
        max_length=MAX_KINDS,
        description="The kinds of organization (NTEE major groups or codes) the ranking looks "
        "among, as the ranking page remembers them.",
    )
    names: NamePhrases = Field(
        "",
        description="Words of names, alternatives separated by commas ('legion, vfw'), the "
        "ranking looks among, as the ranking page remembers them.",
    )


def _goals(library):
    return Goal.objects.filter(library=library).prefetch_related(
        "primary_audiences", "secondary_audiences", "decision_makers", "resources_needed"
    )


@router.get("/goals", response={200: GoalPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_goals(request, filters: Query[GoalFilters]):
    goals = _goals(request.library)
    if filters.status is not None:
        goals = goals.filter(status=filters.status.value)
    goals = changed_since(goals.order_by("id"), filters.updated_since)
    items, following = keyset_page(goals, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post("/goals", response={201: GoalOut, **REFUSALS})
@api_access(role=STAFF)
def create_goal(request, payload: GoalIn):
    """Set an advocacy goal, as Goals > New goal does."""
    form = submit(GoalForm(form_data(payload), library=request.library))
    form.instance.set_kinds(payload.kinds)  # checked already, one by one (NteeKind)
    form.instance.set_names(payload.names)  # checked already (NamePhrases)
    goal = form.save()
    return Status(201, get_object_or_404(_goals(request.library), pk=goal.pk))


@router.get("/goals/{goal_id}", response={200: GoalOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_goal(request, goal_id: Id):
    return get_object_or_404(_goals(request.library), pk=goal_id)


class ReasonOut(Schema):
    text: str
    missing: bool = Field(description="A gap in what is known, not a reason.")
    question: str = Field(description="The key question that would fill the gap, if any.")


class CandidateOut(Schema):
    organization_id: int
    name: str
    score: float = Field(ge=0, le=100)
    parts: dict[str, float | None] = Field(
        description="Each part of the fit, 0 to 1; null: unknown."
    )
    reasons: list[ReasonOut]
    partnership: PartnershipRef | None


class KindCountOut(Schema):
    kind: str = Field(description="An NTEE major group (L) or code (L21).")
    label: str
    count: int = Field(description="How many of the best 50 candidates are of this kind.")


class RankingPage(Page):
    items: list[CandidateOut]
    total: int
    kinds_among_best: list[KindCountOut] = Field(
        description="The kinds of organization most common among the best 50 candidates, as "
        "the ranking page suggests them (up to three major groups, then five codes; each of at "
        "least two of them and not of all; not those ranked among already): rank inside one "
        "with ?kind=."
    )


class RankingOptions(Paging):
    kind: NteeKind | None = Field(
        None,
        description="Only organizations of this NTEE major group (L) or code (L21): their own, "
        "or the one their name suggests when they have none. Without it, the kinds the goal "
        "remembers.",
    )
    any_kind: bool = Field(
        False, description="Every kind of organization, not only the ones the goal remembers."
    )
    name: NamePhrases | None = Field(
        None,
        description="Only organizations whose name has one of these phrases, separated by "
        "commas, at the start of a word (case does not matter): 'legion, vfw, credit union'. "
        "Without it, the words of names the goal remembers; empty: every name.",
    )


@router.get("/goals/{goal_id}/ranking", response={200: RankingPage, **REFUSALS})
@api_access(role=MEMBERS)
def goal_ranking(request, goal_id: Id, options: Query[RankingOptions]):
    """Every organization of the directory ranked for the goal, best fit first, each score
    explained in words; introductions are judged from the connections you may see."""
    goal = get_object_or_404(
        Goal.objects.select_related("library"), library=request.library, pk=goal_id
    )
    kind = (
        f"ranking:{goal.pk}:{version_of(goal)}:{options.kind or ''}:{options.any_kind}:"
        f"{options.name}"
    )
    start = offset_from(options.cursor, kind=kind)
    stop = start + options.limit
    kinds = [options.kind] if options.kind else [] if options.any_kind else None
    items, total, common = ranked_candidates(
        goal,
        request.user,
        start=start,
        stop=stop,
        kinds=kinds,
        names=options.name,
    )
    return {
        "items": items,
        "next_cursor": offset_cursor(stop, total, kind=kind),
        "total": total,
        "kinds_among_best": common,
    }
