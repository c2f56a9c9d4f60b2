"""Brokering: pairs of organizations that together bring what a goal needs to whom it serves.

Plain Python and numpy, no Django. The app loads, for one library, which organizations offer a
resource the goal needs and which reach one of the goal's audiences, and calls `broker`.

The rule, precisely. For a goal with needed resources R and audiences U (primary and secondary):

* an organization *covers both* when it offers at least one resource of R and reaches at least
  one audience of U; such an organization can serve the goal alone, so the ranking proposes it
  directly and brokering leaves it out;
* a *provider* offers at least one resource of R and reaches no audience of U;
* a *reacher* reaches at least one audience of U and offers no resource of R;
* a brokered pair (A, B) is a provider A and a reacher B. Neither alone covers both, and together
  they do. Providers and reachers are disjoint, so A is never B.

Ranking, best first: pairs where both organizations are already the library's partners, then one,
then none (people who already work with the library are easier to bring together); then the
coverage, the number of needed resources A offers times B's audience weight (2 for each primary
audience, 1 for each secondary one); then more primary audiences; then more resources; then the
lower organization ids, so the order is deterministic.

Speed. The best `top` pairs within one partnership class (0, 1 or 2 partners) always come from
that class's best `top` providers and best `top` reachers: the pair key only improves when either
side is replaced by a better-ranked one. So at most 4 x top x top pairs are ever scored (the four
combinations of partner/non-partner providers and reachers), whatever the size of the directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

PRIMARY_WEIGHT = 2
SECONDARY_WEIGHT = 1
DEFAULT_TOP = 50


@dataclass(frozen=True)
class Pair:
    """A provider that offers what the goal needs and a reacher that reaches whom it serves."""

    provider_id: int
    reacher_id: int
    resources: tuple[int, ...]  # needed resources the provider offers
    primary: tuple[int, ...]  # the goal's primary audiences the reacher reaches
    secondary: tuple[int, ...]  # the goal's secondary audiences the reacher reaches
    partners: int  # how many of the two are already the library's partners (0, 1 or 2)
    coverage: int  # len(resources) x (2 x len(primary) + len(secondary))


@dataclass(frozen=True)
class Brokering:
    """The best pairs, with the sizes behind them (to show, and to check the work stays small)."""

    pairs: list[Pair]
    providers: int  # organizations offering a needed resource and reaching none of the audiences
    reachers: int  # organizations reaching an audience and offering none of the needed resources
    scored: int  # pairs actually scored: at most 4 x top x top


def _as_pairs(rows) -> np.ndarray:
    array = np.asarray(rows, dtype=np.int64)
    return array.reshape(-1, 2) if array.size else np.empty((0, 2), dtype=np.int64)


def _terms_by_organization(rows: np.ndarray, wanted: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """organization id -> sorted tuple of its terms among `wanted`."""
    wanted = np.asarray(sorted(set(wanted)), dtype=np.int64)
    rows = rows[np.isin(rows[:, 1], wanted)] if len(wanted) else rows[:0]
    grouped: dict[int, list[int]] = {}
    for org_id, term in sorted(set(map(tuple, rows.tolist()))):
        grouped.setdefault(org_id, []).append(term)
    return {org_id: tuple(terms) for org_id, terms in grouped.items()}


def _best(ids: np.ndarray, keys: list[np.ndarray], top: int) -> np.ndarray:
    """Positions of the `top` best ids; keys are sorted descending in order, then id ascending."""
    order = np.lexsort([ids] + [-key for key in reversed(keys)])
    return order[:top]


def broker(
    resource_rows,
    audience_rows,
    *,
    needed_resources: Iterable[int],
    primary_audiences: Iterable[int],
    secondary_audiences: Iterable[int] = (),
    partners: Iterable[int] = (),
    top: int = DEFAULT_TOP,
) -> Brokering:
    """The best `top` provider/reacher pairs for a goal, best first (see the module docstring).

    resource_rows and audience_rows: (organization_id, term_id) rows, e.g. an (m, 2) int array;
    rows with other terms are ignored, so the caller may pass only the relevant ones.
    partners: ids of the organizations the library already has an open partnership with.
    An audience listed as both primary and secondary counts as primary.
    """
    primary_set = set(primary_audiences)
    secondary_set = set(secondary_audiences) - primary_set
    offers = _terms_by_organization(_as_pairs(resource_rows), needed_resources)
    reaches = _terms_by_organization(_as_pairs(audience_rows), primary_set | secondary_set)
    provider_ids = np.array(sorted(set(offers) - set(reaches)), dtype=np.int64)
    reacher_ids = np.array(sorted(set(reaches) - set(offers)), dtype=np.int64)
    partner_set = np.array(sorted(set(partners)), dtype=np.int64)
    if top <= 0 or not len(provider_ids) or not len(reacher_ids):
        return Brokering([], len(provider_ids), len(reacher_ids), 0)

    resource_count = np.array([len(offers[i]) for i in provider_ids.tolist()], dtype=np.int64)
    primary_count = np.array(
        [sum(a in primary_set for a in reaches[i]) for i in reacher_ids.tolist()], dtype=np.int64
    )
    weight = PRIMARY_WEIGHT * primary_count + SECONDARY_WEIGHT * (
        np.array([len(reaches[i]) for i in reacher_ids.tolist()], dtype=np.int64) - primary_count
    )
    provider_is_partner = np.isin(provider_ids, partner_set)
    reacher_is_partner = np.isin(reacher_ids, partner_set)

    chosen: list[tuple] = []
    scored = 0
    for provider_flag in (True, False):
        p = np.flatnonzero(provider_is_partner == provider_flag)
        p = p[_best(provider_ids[p], [resource_count[p]], top)]
        for reacher_flag in (True, False):
            r = np.flatnonzero(reacher_is_partner == reacher_flag)
            r = r[_best(reacher_ids[r], [weight[r], primary_count[r]], top)]
            if not len(p) or not len(r):
                continue
            pp, rr = (grid.ravel() for grid in np.meshgrid(p, r, indexing="ij"))
            scored += len(pp)
            partners_here = int(provider_flag) + int(reacher_flag)
            coverage = resource_count[pp] * weight[rr]
            order = np.lexsort(
                [
                    reacher_ids[rr],
                    provider_ids[pp],
                    -resource_count[pp],
                    -primary_count[rr],
                    -coverage,
                ]
            )[:top]
            for k in order.tolist():
                chosen.append(
                    (
                        -partners_here,
                        -int(coverage[k]),
                        -int(primary_count[rr[k]]),
                        -int(resource_count[pp[k]]),
                        int(provider_ids[pp[k]]),
                        int(reacher_ids[rr[k]]),
                    )
                )
    chosen.sort()
    pairs = []
    for neg_partners, neg_coverage, _p, _r, provider_id, reacher_id in chosen[:top]:
        audiences = reaches[reacher_id]
        pairs.append(
            Pair(
                provider_id=provider_id,
                reacher_id=reacher_id,
                resources=offers[provider_id],
                primary=tuple(a for a in audiences if a in primary_set),
                secondary=tuple(a for a in audiences if a not in primary_set),
                partners=-neg_partners,
                coverage=-neg_coverage,
            )
        )
    return Brokering(pairs, len(provider_ids), len(reacher_ids), scored)
