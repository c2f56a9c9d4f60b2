"""A goal's candidates ranked, with reasons: the one place the API calls the fit engine.

It calls `matching.features.rank_for_goal` and `matching.explain.explain` as the ranking page
does, so a change to the ranking engine is adapted here and nowhere else in the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from allies.directory.models import Audience, Organization, Person, Resource
from allies.goals.models import Goal
from allies.matching.explain import Reason, explain
from allies.matching.features import rank_for_goal
from allies.matching.ranking_views import goal_spec
from allies.partnerships.models import Partnership


@dataclass(frozen=True)
class Candidate:
    organization_id: int
    name: str
    score: float
    parts: dict[str, float | None]
    reasons: list[Reason]
    partnership: Partnership | None


def ranked_candidates(goal: Goal, user, *, start: int, stop: int) -> tuple[list[Candidate], int]:
    """The candidates from `start` to `stop` (best first) as `user` sees them, and how many
    there are in all. Only the page's candidates are named and explained."""
    library = goal.library
    ranking = rank_for_goal(library, goal_spec(goal), user, only=None, top=None)
    fits = ranking.fits[start:stop]
    ids = [fit.organization_id for fit in fits]
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    partnerships = {
        p.organization_id: p
        for p in Partnership.objects.for_library(library).filter(organization_id__in=ids)
    }
    audiences = dict(Audience.objects.filter(library=library).values_list("pk", "name"))
    resources = dict(Resource.objects.filter(library=library).values_list("pk", "name"))
    paths = {pk: ranking.paths[pk] for pk in ids if pk in ranking.paths}
    people = dict(
        Person.objects.filter(
            pk__in={pk for path in paths.values() for pk in path.people}
        ).values_list("pk", "name")
    )
    candidates = []
    for fit in fits:
        path = paths.get(fit.organization_id)
        reasons = explain(
            fit,
            ranking.weights,
            audiences=audiences,
            resources=resources,
            path_people=[people.get(pk, "?") for pk in path.people] if path else None,
        )
        candidates.append(
            Candidate(
                organization_id=fit.organization_id,
                name=names.get(fit.organization_id, ""),
                score=fit.score,
                parts=dict(fit.parts),
                reasons=reasons,
                partnership=partnerships.get(fit.organization_id),
            )
        )
    return candidates, len(ranking.fits)
