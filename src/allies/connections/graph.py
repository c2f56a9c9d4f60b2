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
from collections.abc import Callable, Iterable
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
        at_least: npt.NDArray[np.int32],
        neighbour: npt.NDArray[np.int32],
        strength: npt.NDArray[np.int8],
        kind: npt.NDArray[np.int16],
        owner: npt.NDArray[np.signedinteger],
    ) -> None:
        """Wrap prepared arrays; use `from_arrays` to build a graph."""
        self.ids = ids
        self.indptr = indptr
        self.at_least = at_least  # at_least[person, s]: how many of their links have strength >= s
        self.neighbour = neighbour
        self.strength = strength
        self.kind = kind
        self.owner = owner

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
                self.at_least,
                self.neighbour,
                self.strength,
                self.kind,
                self.owner,
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
        fits_int32 = not len(owner) or (owner.min() >= -(2**31) and owner.max() < 2**31)
        owner_type = np.int32 if fits_int32 else np.int64
        # Directed entries in small integer types (keeps the peak memory of the build low).
        src = np.concatenate([u, v]).astype(np.int32)
        dst = np.concatenate([v, u]).astype(np.int32)
        del u, v
        strength2 = np.concatenate([strength, strength]).astype(np.int8)
        kind2 = np.concatenate([kind, kind]).astype(np.int16)
        owner2: npt.NDArray[np.signedinteger] = np.concatenate([owner, owner]).astype(owner_type)
        del strength, kind, owner
        # Each person's links strongest first, so "links at least this strong" is a prefix.
        order = np.lexsort((owner2, dst, -strength2, src))
        src = src[order]
        strength2 = strength2[order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        cell = src.astype(np.int64) * 7 + strength2
        del src
        per_strength = np.bincount(cell, minlength=n * 7).reshape(n, 7)
        del cell
        at_least = np.cumsum(per_strength[:, ::-1], axis=1)[:, ::-1].astype(np.int32)
        return cls(
            ids=ids.astype(np.int64),
            indptr=indptr,
            at_least=at_least,
            neighbour=dst[order],
            strength=strength2,
            kind=kind2[order],
            owner=owner2[order],
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

    def _best_link(
        self, node: int, other: int, viewer: int | None, others_private: bool
    ) -> tuple[int, int, int] | None:
        """The link between two people that a path uses: (strength, kind, owner), or None."""
        start, end = int(self.indptr[node]), int(self.indptr[node + 1])
        entries = start + np.flatnonzero(self.neighbour[start:end] == other)
        best: tuple[int, int, int] | None = None
        best_key: tuple[int, int, int, int] | None = None
        for entry in entries:
            owner = int(self.owner[entry])
            if not (others_private or owner in (NO_OWNER, viewer)):
                continue
            strength, kind = int(self.strength[entry]), int(self.kind[entry])
            preference = 0 if owner == NO_OWNER else 1 if owner == viewer else 2
            key = (-strength, preference, owner, kind)
            if best_key is None or key < best_key:
                best_key, best = key, (strength, kind, owner)
        return best

    def _neighbours(self, node: int, viewer: int | None, others_private: bool) -> list[int]:
        """Neighbours reachable by a usable link, in index order."""
        start, end = int(self.indptr[node]), int(self.indptr[node + 1])
        owners = self.owner[start:end]
        usable = np.ones(end - start, dtype=bool) if others_private else _usable(owners, viewer)
        return sorted({int(x) for x in self.neighbour[start:end][usable]})

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
        """The k best introduction paths from any source to any target (see the module rules).

        Up to 4 hops the search is vectorised: it lowers a score threshold step by step and, at
        each step, collects every path scoring at least the threshold by meeting in the middle
        (two hops from the sources, up to two from the targets), following only links strong
        enough to stay above it; it stops as soon as k paths are found. Longer hop limits use a
        bounded depth-first search.
        """
        if k <= 0 or max_hops <= 0:
            return []
        source_index = self._index_of(sources)
        target_index = self._index_of(targets)
        if not len(source_index) or not len(target_index):
            return []
        if max_hops > 4:
            found = self._search(source_index, target_index, viewer, k, max_hops, others_private)
        else:
            query = _Query(self, source_index, target_index, viewer, max_hops, others_private)
            found = query.best(k)
        result = []
        for people in found:
            links = [
                self._best_link(x, y, viewer, others_private)
                for x, y in zip(people, people[1:], strict=False)
            ]
            chain = [link for link in links if link is not None]
            result.append(
                Path(
                    people=tuple(int(self.ids[p]) for p in people),
                    strengths=tuple(c[0] for c in chain),
                    kinds=tuple(c[1] for c in chain),
                    owners=tuple(c[2] for c in chain),
                    score=path_score(c[0] for c in chain),
                )
            )
        return result

    def _search(
        self,
        source_index: IntArray,
        target_index: IntArray,
        viewer: int | None,
        k: int,
        max_hops: int,
        others_private: bool,
    ) -> list[tuple[int, ...]]:
        """Plain bounded depth-first search (for hop limits above 4): the k best index tuples."""
        targets_set = {int(t) for t in target_index}
        cache: dict[int, list[tuple[int, int]]] = {}

        def links(node: int) -> list[tuple[int, int]]:
            if node not in cache:
                cache[node] = [
                    (other, link[0])
                    for other in self._neighbours(node, viewer, others_private)
                    if (link := self._best_link(node, other, viewer, others_private)) is not None
                ]
            return cache[node]

        best: list[tuple[_Inverted, tuple]] = []

        def search(people: list[int], numerator: int) -> None:
            for other, strength in links(people[-1]):
                if other in people:
                    continue
                hops = len(people)
                value = numerator * strength * 5 ** (max_hops - hops)
                if len(best) >= k and -best[0][1][0] > value:
                    continue
                people.append(other)
                if other in targets_set:
                    key = (-value, hops, tuple(people))
                    if len(best) < k:
                        heapq.heappush(best, (_Inverted(key), key))
                    elif key < best[0][1]:
                        heapq.heapreplace(best, (_Inverted(key), key))
                elif hops < max_hops:
                    search(people, numerator * strength)
                people.pop()

        for source in source_index:
            search([int(source)], 1)
        return [key[2] for _, key in sorted(best, key=lambda item: item[1])]


def _usable(owners: npt.NDArray, viewer: int | None) -> npt.NDArray[np.bool_]:
    """Which links a viewer may use: the shared ones and their own."""
    if viewer is None:
        return owners == NO_OWNER
    return (owners == NO_OWNER) | (owners == viewer)


# Score thresholds tried in turn (a path's score is a product of fifths).
THRESHOLDS = (1.0, 0.8, 0.64, 0.48, 0.36, 0.24, 0.12, 0.048, 0.0)
EPSILON = 1e-9


class _Query:
    """One vectorised path query over a ConnectionGraph (internal indices throughout)."""

    def __init__(
        self,
        graph: ConnectionGraph,
        sources: IntArray,
        targets: IntArray,
        viewer: int | None,
        max_hops: int,
        others_private: bool,
    ) -> None:
        self.graph = graph
        self.sources = sources
        self.targets = targets
        self.viewer = viewer
        self.max_hops = max_hops
        self.others_private = others_private
        self.is_target = np.zeros(graph.people_count, dtype=bool)
        self.is_target[targets] = True
        self.forward_hops = min(2, max_hops)
        self.backward_hops = max_hops - self.forward_hops

    def best(self, k: int) -> list[tuple[int, ...]]:
        """The k best paths as tuples of internal indices, in rank order."""
        ranked: list[tuple[int, ...]] = []
        for threshold in THRESHOLDS:
            ranked = self._rank(*self._paths_above(threshold), k)
            if len(ranked) >= k:
                break
        return ranked

    def _expand(
        self, columns: list[IntArray], numerator: IntArray, threshold: float
    ) -> tuple[list[IntArray], IntArray]:
        """Extend each partial path by one usable link, keeping scores >= threshold and simple."""
        graph = self.graph
        hops = len(columns) - 1
        last = columns[-1]
        score = numerator / 5.0**hops
        # Links must be at least this strong to keep the product above the threshold.
        minimum = np.ceil(5.0 * threshold / score - EPSILON).astype(np.int64)
        np.clip(minimum, 0, 6, out=minimum)
        lengths = graph.at_least[last, minimum]
        total = int(lengths.sum())
        if total == 0:
            return [np.zeros(0, dtype=np.int64) for _ in range(len(columns) + 1)], np.zeros(
                0, dtype=np.int64
            )
        item = np.repeat(np.arange(len(last)), lengths)
        offsets = np.cumsum(lengths) - lengths
        entry = graph.indptr[last][item] + (np.arange(total) - offsets[item])
        keep = (
            np.ones(total, dtype=bool)
            if self.others_private
            else _usable(graph.owner[entry], self.viewer)
        )
        nxt = graph.neighbour[entry].astype(np.int64)
        for column in columns[:-1]:
            keep &= nxt != column[item]
        item, entry, nxt = item[keep], entry[keep], nxt[keep]
        new_numerator = numerator[item] * graph.strength[entry].astype(np.int64)
        return [column[item] for column in columns] + [nxt], new_numerator

    def _paths_above(self, threshold: float) -> tuple[list[IntArray], IntArray, IntArray]:
        """Every path (by index) scoring at least the threshold: people columns, hops, numerator."""
        found_people: list[list[IntArray]] = []
        found_hops: list[IntArray] = []
        found_numerator: list[IntArray] = []
        width = self.max_hops + 1

        def collect(columns: list[IntArray], numerator: IntArray) -> None:
            rows = len(numerator)
            padded = columns + [np.full(rows, -1, dtype=np.int64)] * (width - len(columns))
            found_people.append(padded)
            found_hops.append(np.full(rows, len(columns) - 1, dtype=np.int64))
            found_numerator.append(numerator)

        # From the sources: up to two hops; paths ending at a target are complete.
        columns: list[IntArray] = [self.sources]
        numerator = np.ones(len(self.sources), dtype=np.int64)
        for _ in range(self.forward_hops):
            columns, numerator = self._expand(columns, numerator, threshold)
            done = self.is_target[columns[-1]]
            collect([c[done] for c in columns], numerator[done])
            columns, numerator = [c[~done] for c in columns], numerator[~done]
        if self.backward_hops and len(numerator):
            forward_columns, forward_numerator = columns, numerator
            middle = forward_columns[-1]
            # From the targets: partial paths t, x1[, x2] whose other people are not targets.
            back: list[IntArray] = [self.targets]
            back_numerator = np.ones(len(self.targets), dtype=np.int64)
            for _ in range(self.backward_hops):
                back, back_numerator = self._expand(back, back_numerator, threshold)
                keep = ~self.is_target[back[-1]]
                back, back_numerator = [c[keep] for c in back], back_numerator[keep]
                self._join(
                    forward_columns,
                    forward_numerator,
                    middle,
                    back,
                    back_numerator,
                    threshold,
                    collect,
                )
        if not found_hops:
            empty = np.zeros(0, dtype=np.int64)
            return [empty] * width, empty, empty
        people = [np.concatenate([part[i] for part in found_people]) for i in range(width)]
        return people, np.concatenate(found_hops), np.concatenate(found_numerator)

    def _join(
        self,
        forward: list[IntArray],
        forward_numerator: IntArray,
        middle: IntArray,
        back: list[IntArray],
        back_numerator: IntArray,
        threshold: float,
        collect: Callable[[list[IntArray], IntArray], None],
    ) -> None:
        """Join forward partial paths and backward ones that meet at the same person."""
        if not len(back_numerator):
            return
        order = np.argsort(back[-1], kind="stable")
        back = [c[order] for c in back]
        back_numerator = back_numerator[order]
        low = np.searchsorted(back[-1], middle, side="left")
        high = np.searchsorted(back[-1], middle, side="right")
        counts = high - low
        total = int(counts.sum())
        if total == 0:
            return
        item = np.repeat(np.arange(len(middle)), counts)
        offsets = np.cumsum(counts) - counts
        other = low[item] + (np.arange(total) - offsets[item])
        hops = len(forward) - 1 + len(back) - 1
        numerator = forward_numerator[item] * back_numerator[other]
        keep = numerator >= threshold * 5.0**hops - EPSILON
        # Simple: the forward people before the middle differ from the backward people after it.
        for f in forward[:-1]:
            for b in back[:-1]:
                keep &= f[item] != b[other]
        item, other, numerator = item[keep], other[keep], numerator[keep]
        columns = [f[item] for f in forward] + [b[other] for b in reversed(back[:-1])]
        collect(columns, numerator)

    def _rank(
        self, people: list[IntArray], hops: IntArray, numerator: IntArray, k: int
    ) -> list[tuple[int, ...]]:
        """Drop duplicate people tuples (keeping the best links), rank, and keep the first k."""
        if not len(hops):
            return []
        value = numerator * 5 ** (self.max_hops - hops)
        # Group identical tuples with the best value first, then keep the first of each group.
        order = np.lexsort((-value, *reversed(people)))
        people = [column[order] for column in people]
        value, hops = value[order], hops[order]
        first = np.ones(len(value), dtype=bool)
        same = np.ones(len(value) - 1, dtype=bool)
        for column in people:
            same &= column[1:] == column[:-1]
        first[1:] = ~same
        people = [column[first] for column in people]
        value, hops = value[first], hops[first]
        order = np.lexsort((*reversed(people), hops, -value))[:k]
        return [tuple(int(column[i]) for column in people[: int(hops[i]) + 1]) for i in order]


class _Inverted:
    """Wraps a sort key so that heapq (a min-heap) keeps the worst key on top."""

    __slots__ = ("key",)

    def __init__(self, key: tuple) -> None:
        self.key = key

    def __lt__(self, other: _Inverted) -> bool:
        return self.key > other.key
