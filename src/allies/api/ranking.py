"""A goal's candidates ranked, with reasons: the one place the API calls the fit engine.

It ranks with `matching.features.rank_for_goal` and explains each candidate of the page with
`matching.explain.explain`, through the ranking page's own `ranked_rows` (which gathers what an
explanation needs), so a change to the ranking engine is adapted here and nowhere else in the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from allies.directory.ntee import kind_label
from allies.goals.models import Goal
from allies.matching.explain import Reason
from allies.matching.features import kinds_among_best, rank_for_goal
from allies.matching.ranking_views import ranked_rows
from allies.partnerships.models import Partnership


@dataclass(frozen=True)
class Candidate:
    organization_id: int
    name: str
    score: float
    parts: dict[str, float | None]
    reasons: list[Reason]
    partnership: Partnership | None


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def ranked_candidates(
    goal: Goal,
    user,
    *,
    start: int,
    stop: int,
    kinds: list[str] | None = None,
    names: str | None = None,
) -> tuple[list[Candidate], int, list[KindCount]]:
    """The candidates from `start` to `stop` (best first) as `user` sees them, how many there
    are in all (`kinds`: only organizations of these NTEE groups or codes; by default the
    goal's, `Goal.kinds`; `names`: only those whose name has one of its comma-separated phrases,
    by default the goal's, `Goal.names`), and the kinds most common among the best, as the ranking page
    suggests them. Only the page's candidates are named and explained."""
    library = goal.library
    ranking = rank_for_goal(library, goal, user, only=None, top=None, kinds=kinds, names=names)
    _counted, common = kinds_among_best(ranking)
    rows = ranked_rows(library, ranking, ranking.fits[start:stop], viewer=user)
    candidates = [
        Candidate(
            organization_id=row["fit"].organization_id,
            name=row["organization"].name,
            score=row["fit"].score,
            parts=dict(row["fit"].parts),
            reasons=list(row["reasons"]),
            partnership=row["partnership"],
        )
        for row in rows
    ]
    suggested = [KindCount(kind, kind_label(kind), count) for kind, count in common]
    return candidates, len(ranking.fits), suggested
