"""The library's directory as the fit engine wants it: built in bulk from the database, cached.

`library_features(library)` reads every organization of the library with a handful of queries
(no per-row work in the ORM) and keeps the result per process under the library's
`FeaturesVersion`; the signals in `signals.py` raise that version on every change that matters,
so one cheap query per request tells whether the cache is still current.

What the library itself already has: there is no field for the library's own resources yet, so
`library_resources` is empty and every resource a goal needs counts as one the library lacks.

Reachability is per viewer (it depends on which private connections they may see), so it is never
cached: `rank_for_goal` ranks once without it, then looks up the best introduction path for the
viewer to the top candidates only and ranks again with those values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from allies.connections.graph import Path
from allies.connections.paths import library_graph, staff_people
from allies.directory.models import Affiliation, Organization
from allies.directory.ntee import ntee_description
from allies.matching.models import RATED_PARTS, Answer, FeaturesVersion, FitWeights
from allies.matching.scoring import DirectoryFeatures, Fit, GoalSpec, rank
from allies.versioned_cache import VersionedCache

REACH_CANDIDATES = 50


def features_version(library) -> int:
    version = (
        FeaturesVersion.objects.filter(library_id=library.pk)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def rating_to_unit(rating: int | None) -> float:
    """A 1-5 rating as 0..1; NaN when not rated."""
    if rating is None:
        return math.nan
    return (min(max(int(rating), 1), 5) - 1) / 4


def build_features(library) -> DirectoryFeatures:
    """Every organization of the library in four queries."""
    rows = list(
        Organization.objects.filter(library_id=library.pk)
        .order_by("pk")
        .values_list("pk", "mission", "ntee_code")
    )
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    texts = [(mission or "").strip() or ntee_description(ntee) for _, mission, ntee in rows]
    through_a = Organization.audiences.through
    through_r = Organization.resources.through
    audience_pairs = np.array(
        list(
            through_a.objects.filter(organization__library_id=library.pk).values_list(
                "organization_id", "audience_id"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    resource_pairs = np.array(
        list(
            through_r.objects.filter(organization__library_id=library.pk).values_list(
                "organization_id", "resource_id"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    ratings = {part: np.full(len(rows), np.nan) for part in RATED_PARTS.values()}
    position = {int(pk): index for index, pk in enumerate(ids)}
    for organization_id, question, rating in Answer.objects.filter(
        library_id=library.pk,
        goal__isnull=True,
        question__in=list(RATED_PARTS),
        rating__isnull=False,
    ).values_list("organization_id", "question", "rating"):
        index = position.get(organization_id)
        if index is not None:
            ratings[RATED_PARTS[question]][index] = rating_to_unit(rating)
    return DirectoryFeatures.build(
        ids,
        texts,
        audience_pairs,
        resource_pairs,
        ratings["capacity"],
        ratings["reputation"],
        ratings["risk"],
    )


_features: VersionedCache[DirectoryFeatures] = VersionedCache(features_version, build_features)


def library_features(library) -> DirectoryFeatures:
    """The library's features, rebuilt when its version has moved since this process built them."""
    return _features.get(library)


def forget_features() -> None:
    _features.clear()


def best_paths(library, user, organization_ids) -> dict[int, Path]:
    """The best introduction path to each organization the viewer may see (shared links and
    their own; never another member's private ones). Organizations with none are left out."""
    organization_ids = [int(pk) for pk in organization_ids]
    sources = staff_people(library)
    if not sources or not organization_ids:
        return {}
    inside: dict[int, list[int]] = {}
    for organization_id, person_id in (
        Affiliation.objects.current()
        .filter(organization_id__in=organization_ids)
        .order_by()
        .values_list("organization_id", "person_id")
        .distinct()
    ):
        inside.setdefault(organization_id, []).append(person_id)
    graph = library_graph(library)
    viewer = user.pk if user is not None else None
    found = {}
    for organization_id, targets in inside.items():
        starts = sorted(set(sources) - set(targets))
        paths = graph.paths(starts, targets, viewer=viewer, k=1, others_private=False)
        if paths:
            found[organization_id] = paths[0]
    return found


@dataclass
class Ranking:
    """A ranked list of fits for a goal with the paths behind the reachability of the top ones."""

    fits: list[Fit]
    paths: dict[int, Path] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)


def rank_for_goal(
    library, goal: GoalSpec, user, *, only: np.ndarray | None = None, top: int | None = None
) -> Ranking:
    """Rank the library's organizations for a goal as `user` sees them, best first.

    `only` limits the ranking to these organization ids (the filters of the page, applied in
    the database). Reachability is computed for the best REACH_CANDIDATES of a first pass.
    """
    features = library_features(library)
    weights = FitWeights.for_library(library)
    first = rank(features, goal, weights, only=only, top=REACH_CANDIDATES)
    paths = best_paths(library, user, [fit.organization_id for fit in first])
    reachability = {fit.organization_id: 0.0 for fit in first}
    reachability.update({pk: float(path.score) for pk, path in paths.items()})
    fits = rank(features, goal, weights, reachability=reachability, only=only, top=top)
    return Ranking(fits=fits, paths=paths, weights=weights)
