"""The introduction-path engine: who can introduce the library to whom.

A plain-Python module (numpy, no Django) that holds one library's connections in compact arrays
and answers "the k best chains of people from any of these people to any of those", ranked by
the product of link strengths (strength 5 counts 1.0, strength 1 counts 0.2).

Rules of a path:

- a link is usable when it is shared with the library (`NO_OWNER`) or kept by the viewer; with
  `others_private=True` every link is usable (the app then says "a colleague may be able to help");
- between two people with several links, the strongest usable one counts (on a tie the shared one,
  then the viewer's, then the smallest owner id, then the smallest kind code);
- a path has 1 to `max_hops` links, never visits a person twice, starts at a source and ends at the
  first target it reaches (no target in its middle; a source may be a target too, and then its
  paths lead to the *other* targets);
- ranking: score descending, then fewer hops, then the tuple of person ids ascending.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NO_OWNER = -1

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Path:
    """One chain of people from a source to a target, with the link used at each step."""

    people: tuple[int, ...]
    strengths: tuple[int, ...]
    kinds: tuple[int, ...]
    owners: tuple[int, ...]
    score: float

    @property
    def hops(self) -> int:
        """Number of links."""
        return len(self.strengths)

    @property
    def weakest(self) -> int:
        """Index of the weakest link (the first one if several are equally weak)."""
        return min(range(len(self.strengths)), key=lambda i: (self.strengths[i], i))


def path_score(strengths: Iterable[int]) -> float:
    """The product of strength/5 over the links, computed the same way everywhere."""
    numerator = 1
    hops = 0
    for strength in strengths:
        numerator *= int(strength)
        hops += 1
    return numerator / 5**hops


def rank_key(people: tuple[int, ...], strengths: tuple[int, ...], max_hops: int) -> tuple:
    """Exact sort key of the ranking (score descending, fewer hops, people ascending)."""
    numerator = 1
    for strength in strengths:
        numerator *= int(strength)
    return (-numerator * 5 ** (max_hops - len(strengths)), len(strengths), people)


class ConnectionGraph:
    """Connections held as a CSR adjacency over internal indices (person ids sorted ascending).

    Every undirected link appears twice (once from each end). Between two people the build keeps
    the strongest shared link and, per private owner, that owner's strongest link when it is
    stronger than the shared one; the others can never be chosen.
    """

    def __init__(
        self,
        ids: IntArray,
        indptr: IntArray,
        neighbour: npt.NDArray[np.int32],
        strength: npt.NDArray[np.int8],
        kind: npt.NDArray[np.int16],
        owner: npt.NDArray[np.int64],
    ) -> None:
        """Wrap prepared arrays; use `from_arrays` to build a graph."""
        self.ids = ids
        self.indptr = indptr
        self.neighbour = neighbour
        self.strength = strength
        self.kind = kind
        self.owner = owner
        self.weight = strength.astype(np.float64) / 5.0

    @property
    def people_count(self) -> int:
        """Number of people with at least one link."""
        return int(len(self.ids))

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays, in bytes."""
        return sum(
            int(array.nbytes)
            for array in (
                self.ids,
                self.indptr,
                self.neighbour,
                self.strength,
                self.kind,
                self.owner,
                self.weight,
            )
        )

    @classmethod
    def from_arrays(cls, a, b, strength, kind, owner) -> ConnectionGraph:
        """Build the graph from equal-length arrays, one entry per recorded link.

        `a` and `b` are person ids (any integers), `strength` 1..5, `kind` a kind code and
        `owner` `NO_OWNER` for a link shared with the library or the id of the user who keeps it
        private. Links from a person to themself are ignored.
        """
        a = np.asarray(a, dtype=np.int64).ravel()
        b = np.asarray(b, dtype=np.int64).ravel()
        strength = np.asarray(strength, dtype=np.int64).ravel()
        kind = np.asarray(kind, dtype=np.int64).ravel()
        owner = np.asarray(owner, dtype=np.int64).ravel()
        if not (len(a) == len(b) == len(strength) == len(kind) == len(owner)):
            raise ValueError("a, b, strength, kind and owner must have the same length")
        if len(strength) and (strength.min() < 1 or strength.max() > 5):
            raise ValueError("strength must be between 1 and 5")
        keep = a != b
        a, b, strength, kind, owner = a[keep], b[keep], strength[keep], kind[keep], owner[keep]
        lo = np.minimum(a, b)
        hi = np.maximum(a, b)
        ids, inverse = np.unique(np.concatenate([lo, hi]), return_inverse=True)
        n = len(ids)
        m = len(lo)
        u = inverse[:m].astype(np.int64)
        v = inverse[m:].astype(np.int64)
        # Keep the best link per (pair, owner): strongest, then smallest kind.
        order = np.lexsort((kind, -strength, owner, v, u))
        u, v, strength, kind, owner = u[order], v[order], strength[order], kind[order], owner[order]
        if m:
            first = np.ones(m, dtype=bool)
            first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1]) | (owner[1:] != owner[:-1])
            u, v, strength, kind, owner = (
                u[first],
                v[first],
                strength[first],
                kind[first],
                owner[first],
            )
            # Drop private links that are not stronger than the pair's shared link.
            pair_start = np.ones(len(u), dtype=bool)
            pair_start[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
            pair_id = np.cumsum(pair_start) - 1
            shared_strength = np.zeros(int(pair_id[-1]) + 1 if len(pair_id) else 0, dtype=np.int64)
            is_shared = owner == NO_OWNER
            np.maximum.at(shared_strength, pair_id[is_shared], strength[is_shared])
            useful = is_shared | (strength > shared_strength[pair_id])
            u, v, strength, kind, owner = (
                u[useful],
                v[useful],
                strength[useful],
                kind[useful],
                owner[useful],
            )
        # Directed entries, sorted by (from, to, owner).
        src = np.concatenate([u, v])
        dst = np.concatenate([v, u])
        strength2 = np.concatenate([strength, strength])
        kind2 = np.concatenate([kind, kind])
        owner2 = np.concatenate([owner, owner])
        order = np.lexsort((owner2, dst, src))
        src = src[order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        return cls(
            ids=ids.astype(np.int64),
            indptr=indptr,
            neighbour=dst[order].astype(np.int32),
            strength=strength2[order].astype(np.int8),
            kind=kind2[order].astype(np.int16),
            owner=owner2[order].astype(np.int64),
        )

    # -- queries -----------------------------------------------------------------------------

    def _index_of(self, people: Iterable[int]) -> IntArray:
        """Internal indices of the given person ids that have links (unknown ids are dropped)."""
        wanted = np.unique(np.asarray(list(people), dtype=np.int64))
        if not len(wanted) or not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        position = np.searchsorted(self.ids, wanted)
        position = np.minimum(position, len(self.ids) - 1)
        return position[self.ids[position] == wanted].astype(np.int64)

    def _links_from(self, node: int, viewer: int | None, others_private: bool) -> dict[int, tuple]:
        """The best usable link to each neighbour: {neighbour: (strength, kind, owner)}."""
        best: dict[int, tuple] = {}
        best_key: dict[int, tuple] = {}
        start, end = int(self.indptr[node]), int(self.indptr[node + 1])
        for entry in range(start, end):
            owner = int(self.owner[entry])
            if not (others_private or owner in (NO_OWNER, viewer)):
                continue
            strength = int(self.strength[entry])
            kind = int(self.kind[entry])
            preference = 0 if owner == NO_OWNER else 1 if owner == viewer else 2
            key = (-strength, preference, owner, kind)
            other = int(self.neighbour[entry])
            if other not in best_key or key < best_key[other]:
                best_key[other] = key
                best[other] = (strength, kind, owner)
        return best

    def paths(
        self,
        sources: Iterable[int],
        targets: Iterable[int],
        *,
        viewer: int | None = None,
        k: int = 5,
        max_hops: int = 4,
        others_private: bool = False,
    ) -> list[Path]:
        """The k best introduction paths from any source to any target (see the module rules)."""
        if k <= 0 or max_hops <= 0:
            return []
        source_index = self._index_of(sources)
        target_index = self._index_of(targets)
        if not len(source_index) or not len(target_index):
            return []
        targets_set = {int(t) for t in target_index}
        cache: dict[int, dict[int, tuple]] = {}

        def links(node: int) -> dict[int, tuple]:
            if node not in cache:
                cache[node] = self._links_from(node, viewer, others_private)
            return cache[node]

        # Bounded depth-first search keeping the k best (a max-heap on the inverted key).
        best: list[tuple] = []

        def worst_kept() -> tuple | None:
            return best[0][1] if len(best) >= k else None

        def offer(people: list[int], chain: list[tuple]) -> None:
            ids = tuple(int(self.ids[p]) for p in people)
            key = rank_key(ids, tuple(c[0] for c in chain), max_hops)
            item = (_Inverted(key), key, ids, tuple(chain))
            if len(best) < k:
                heapq.heappush(best, item)
            elif key < best[0][1]:
                heapq.heapreplace(best, item)

        def search(people: list[int], chain: list[tuple], score: float) -> None:
            node = people[-1]
            for other, link in links(node).items():
                if other in people:
                    continue
                new_score = score * link[0] / 5
                worst = worst_kept()
                if worst is not None and -worst[0] / 5**max_hops > new_score + 1e-12:
                    continue
                people.append(other)
                chain.append(link)
                if other in targets_set:
                    offer(people, chain)
                elif len(chain) < max_hops:
                    search(people, chain, new_score)
                people.pop()
                chain.pop()

        for source in source_index:
            search([int(source)], [], 1.0)
        ranked = sorted(best, key=lambda item: item[1])
        return [
            Path(
                people=ids,
                strengths=tuple(c[0] for c in chain),
                kinds=tuple(c[1] for c in chain),
                owners=tuple(c[2] for c in chain),
                score=path_score(c[0] for c in chain),
            )
            for _, _, ids, chain in ranked
        ]


class _Inverted:
    """Wraps a sort key so that heapq (a min-heap) keeps the worst key on top."""

    __slots__ = ("key",)

    def __init__(self, key: tuple) -> None:
        self.key = key

    def __lt__(self, other: _Inverted) -> bool:
        return self.key > other.key
