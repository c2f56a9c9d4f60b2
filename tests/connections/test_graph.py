"""Property tests of the introduction-path engine against a brute-force search (no database)."""

from __future__ import annotations

import itertools
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from allies.connections.graph import NO_OWNER, ConnectionGraph, Path

PEOPLE = [-7, 0, 3, 4, 10, 11, 12, 40, 41, 99]
USERS = [1, 2, 3]


def brute_force(links, sources, targets, viewer, k, max_hops, others_private):
    """Every path by exhaustive enumeration, ranked, first k, straight from the rules."""
    best: dict[tuple[int, int], tuple] = {}
    for a, b, strength, kind, owner in links:
        if a == b or not (others_private or owner in (NO_OWNER, viewer)):
            continue
        preference = 0 if owner == NO_OWNER else 1 if owner == viewer else 2
        key = (-strength, preference, owner, kind)
        pair = (min(a, b), max(a, b))
        if pair not in best or key < best[pair][0]:
            best[pair] = (key, (strength, kind, owner))
    neighbours: dict[int, list[int]] = {}
    for x, y in best:
        neighbours.setdefault(x, []).append(y)
        neighbours.setdefault(y, []).append(x)
    targets = set(targets)
    found = []

    def walk(people):
        for other in neighbours.get(people[-1], []):
            if other in people:
                continue
            chain = people + [other]
            if other in targets:
                found.append(tuple(chain))
            elif len(chain) - 1 < max_hops:
                walk(chain)

    for source in set(sources):
        walk([source])

    def link(x, y):
        return best[(min(x, y), max(x, y))][1]

    result = []
    for people in found:
        chain = [link(x, y) for x, y in itertools.pairwise(people)]
        strengths = tuple(c[0] for c in chain)
        numerator = int(np.prod(strengths))
        key = (-numerator * 5 ** (max_hops - len(strengths)), len(strengths), people)
        result.append((key, people, chain))
    result.sort(key=lambda item: item[0])
    return [
        (people, tuple(c[0] for c in chain), tuple(c[1] for c in chain), tuple(c[2] for c in chain))
        for _, people, chain in result[:k]
    ]


def as_tuples(paths: list[Path]):
    return [(p.people, p.strengths, p.kinds, p.owners) for p in paths]


def build(links):
    columns = list(zip(*links, strict=True)) if links else [[], [], [], [], []]
    return ConnectionGraph.from_arrays(*[np.array(c, dtype=np.int64) for c in columns])


link_strategy = st.tuples(
    st.sampled_from(PEOPLE),
    st.sampled_from(PEOPLE),
    st.integers(1, 5),
    st.integers(0, 9),
    st.sampled_from([NO_OWNER, NO_OWNER, NO_OWNER, *USERS]),
)
query_strategy = st.fixed_dictionaries(
    {
        "sources": st.lists(st.sampled_from([*PEOPLE, 1234]), min_size=0, max_size=3),
        "targets": st.lists(st.sampled_from([*PEOPLE, 5678]), min_size=0, max_size=3),
        "viewer": st.sampled_from([None, *USERS]),
        "k": st.integers(1, 8),
        "max_hops": st.integers(1, 5),
        "others_private": st.booleans(),
    }
)


@settings(max_examples=400, deadline=None)
@given(links=st.lists(link_strategy, max_size=40), query=query_strategy)
def test_paths_equal_a_brute_force_search(links, query):
    graph = build(links)
    paths = graph.paths(**query)
    expected = brute_force(links, **query)
    assert as_tuples(paths) == expected


@settings(max_examples=200, deadline=None)
@given(links=st.lists(link_strategy, max_size=40), query=query_strategy)
def test_every_path_is_a_chain_of_usable_links_in_rank_order(links, query):
    paths = build(links).paths(**query)
    assert len(paths) <= query["k"]
    recorded = {(min(a, b), max(a, b), s, kd, o) for a, b, s, kd, o in links}
    for path in paths:
        assert 1 <= path.hops <= query["max_hops"]
        assert len(set(path.people)) == len(path.people)
        assert path.people[0] in query["sources"]
        assert path.people[-1] in query["targets"]
        assert not set(path.people[1:-1]) & set(query["targets"])
        for (x, y), strength, kind, owner in zip(
            itertools.pairwise(path.people), path.strengths, path.kinds, path.owners, strict=True
        ):
            assert (min(x, y), max(x, y), strength, kind, owner) in recorded
            if not query["others_private"]:
                assert owner in (NO_OWNER, query["viewer"])
        assert (
            path.score == np.prod([s / 5 for s in path.strengths])
            or abs(path.score - float(np.prod(path.strengths)) / 5**path.hops) < 1e-12
        )
        assert path.strengths[path.weakest] == min(path.strengths)
    keys = [(-p.score, p.hops, p.people) for p in paths]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(links=st.lists(link_strategy, max_size=40), query=query_strategy, seed=st.integers(0, 10**6))
def test_input_order_and_link_direction_do_not_change_the_answer(links, query, seed):
    shuffled = list(links)
    rng = random.Random(seed)
    rng.shuffle(shuffled)
    flipped = [
        (b, a, s, kd, o) if rng.random() < 0.5 else (a, b, s, kd, o) for a, b, s, kd, o in shuffled
    ]
    assert as_tuples(build(links).paths(**query)) == as_tuples(build(flipped).paths(**query))


def test_private_links_of_others_are_not_used_unless_asked():
    links = [(1, 2, 5, 0, 7), (2, 3, 5, 0, NO_OWNER), (1, 3, 1, 2, NO_OWNER)]
    graph = build(links)
    assert as_tuples(graph.paths([1], [3], viewer=8)) == [((1, 3), (1,), (2,), (NO_OWNER,))]
    assert graph.paths([1], [3], viewer=7)[0].people == (1, 2, 3)
    with_others = graph.paths([1], [3], viewer=8, others_private=True)
    assert with_others[0].owners == (7, NO_OWNER)
    assert with_others[0].score == 1.0


def test_strongest_link_between_two_people_wins_and_a_tie_prefers_the_shared_one():
    links = [(1, 2, 3, 1, NO_OWNER), (2, 1, 4, 2, 7), (1, 2, 4, 3, NO_OWNER), (1, 2, 2, 4, 7)]
    graph = build(links)
    assert as_tuples(graph.paths([1], [2], viewer=7)) == [((1, 2), (4,), (3,), (NO_OWNER,))]
    stronger_private = build([*links, (1, 2, 5, 5, 7)])
    assert as_tuples(stronger_private.paths([1], [2], viewer=7)) == [((1, 2), (5,), (5,), (7,))]
    assert as_tuples(stronger_private.paths([1], [2], viewer=8)) == [
        ((1, 2), (4,), (3,), (NO_OWNER,))
    ]


def test_a_path_ends_at_the_first_target_it_reaches():
    graph = build(
        [
            (1, 2, 5, 0, NO_OWNER),
            (2, 3, 5, 0, NO_OWNER),
            (1, 4, 1, 0, NO_OWNER),
            (4, 3, 1, 0, NO_OWNER),
        ]
    )
    assert [p.people for p in graph.paths([1], [2, 3])] == [(1, 2), (1, 4, 3)]


def test_k_and_max_hops_are_respected():
    chain = [(i, i + 1, 5, 0, NO_OWNER) for i in range(10)]
    graph = build(chain)
    assert graph.paths([0], [5], max_hops=4) == []
    assert [p.people for p in graph.paths([0], [5], max_hops=5)] == [(0, 1, 2, 3, 4, 5)]
    star = build(
        [(0, i, 5 - i % 3, 0, NO_OWNER) for i in range(1, 9)]
        + [(i, 100, 5, 0, NO_OWNER) for i in range(1, 9)]
    )
    paths = star.paths([0], [100], k=3)
    assert len(paths) == 3
    assert [p.people for p in paths] == [(0, 3, 100), (0, 6, 100), (0, 1, 100)]
    assert star.paths([0], [100], k=0) == []


def test_sources_that_are_targets_lead_to_the_other_targets():
    graph = build([(1, 2, 5, 0, NO_OWNER), (2, 3, 4, 0, NO_OWNER)])
    assert [p.people for p in graph.paths([1, 2], [2, 3])] == [(1, 2), (2, 3)]
    assert graph.paths([1], [1]) == []


def test_empty_graph_and_unknown_people():
    empty = build([])
    assert empty.paths([1], [2]) == []
    graph = build([(1, 2, 5, 0, NO_OWNER)])
    assert graph.paths([5], [2]) == []
    assert graph.paths([1], [6]) == []
    assert graph.paths([], [2]) == []
    assert graph.people_count == 2
    assert graph.nbytes > 0
