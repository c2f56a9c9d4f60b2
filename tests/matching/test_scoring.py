"""Properties of the fit engine (`allies.matching.scoring`), no database."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.matching.scoring import (
    DEFAULT_WEIGHTS,
    NEUTRAL,
    PARTS,
    PRIMARY_WEIGHT,
    SECONDARY_WEIGHT,
    DirectoryFeatures,
    GoalSpec,
    rank,
    score,
)

WORDS = [
    "computer",
    "technology",
    "seniors",
    "literacy",
    "youth",
    "food",
    "housing",
    "grants",
    "museum",
    "health",
    "training",
    "families",
    "the",  # a stop word
]
AUDIENCES = range(1, 7)
RESOURCES = range(1, 7)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
ratings = st.one_of(st.just(math.nan), st.floats(0, 1))


@st.composite
def directories(draw):
    """Arguments of DirectoryFeatures.build as plain lists."""
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=12, unique=True))
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(list(AUDIENCES)))
    return {
        "organization_ids": ids,
        "texts": [draw(texts) for _ in ids],
        "audience_pairs": draw(st.lists(pair, max_size=25)),
        "resource_pairs": draw(
            st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(list(RESOURCES))), max_size=25)
        ),
        "capacity": [draw(ratings) for _ in ids],
        "reputation": [draw(ratings) for _ in ids],
        "risk": [draw(ratings) for _ in ids],
    }


def subset(values):
    return st.lists(st.sampled_from(list(values)), max_size=4, unique=True).map(tuple)


goals = st.builds(
    GoalSpec,
    primary_audiences=subset(AUDIENCES),
    secondary_audiences=subset(AUDIENCES),
    needed_resources=subset(RESOURCES),
    library_resources=subset(RESOURCES),
    text=texts,
)
weight_sets = st.one_of(
    st.just(DEFAULT_WEIGHTS),
    st.fixed_dictionaries({part: st.floats(0, 5) for part in PARTS}),
)


@st.composite
def reachabilities(draw, ids):
    if draw(st.booleans()):
        return None
    chosen = draw(st.lists(st.sampled_from(ids), unique=True))
    return {i: draw(st.floats(0, 1)) for i in chosen}


def build(data):
    return DirectoryFeatures.build(
        data["organization_ids"],
        data["texts"],
        np.array(data["audience_pairs"], dtype=np.int64).reshape(-1, 2),
        np.array(data["resource_pairs"], dtype=np.int64).reshape(-1, 2),
        np.array(data["capacity"], dtype=float),
        np.array(data["reputation"], dtype=float),
        np.array(data["risk"], dtype=float),
    )


def reference(data, features, goal, weights, reachability):
    """A plain per-row implementation of the documented rules: [(organization_id, score)] best first."""
    wanted = dict.fromkeys(goal.secondary_audiences, SECONDARY_WEIGHT)
    wanted.update(dict.fromkeys(goal.primary_audiences, PRIMARY_WEIGHT))
    lacking = set(goal.needed_resources) - set(goal.library_resources)
    query = {}
    if features.vectorizer is not None and goal.text:
        row = features.vectorizer.transform([goal.text])
        query = {features.terms[c]: v for c, v in zip(row.indices, row.data, strict=True)}
        length = math.sqrt(sum(v * v for v in query.values()))
        query = {t: v / length for t, v in query.items()} if length else {}
    results = []
    for index, organization in enumerate(data["organization_ids"]):
        audiences = {a for o, a in data["audience_pairs"] if o == organization}
        resources = {r for o, r in data["resource_pairs"] if o == organization}
        parts = {
            "audience": sum(w for a, w in wanted.items() if a in audiences) / sum(wanted.values())
            if wanted
            else None,
            "resources": len(lacking & resources) / len(lacking) if lacking else None,
            "mission": None,
            "capacity": data["capacity"][index],
            "reputation": data["reputation"][index],
            "risk": data["risk"][index],
            "reachability": None
            if reachability is None
            else reachability.get(organization, math.nan),
        }
        if query:
            row = features.vectorizer.transform([data["texts"][index]])
            mine = {features.terms[c]: v for c, v in zip(row.indices, row.data, strict=True)}
            length = math.sqrt(sum(v * v for v in mine.values()))
            parts["mission"] = (
                sum(v * query.get(t, 0.0) for t, v in mine.items()) / length if mine else math.nan
            )
        total = weight_sum = 0.0
        for part, value in parts.items():
            if value is None or weights[part] == 0:
                continue
            weight_sum += weights[part]
            total += weights[part] * (NEUTRAL[part] if math.isnan(value) else value)
        results.append((organization, round(100 * total / weight_sum, 9) if weight_sum else 0.0))
    return sorted(results, key=lambda item: (-item[1], item[0]))


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets, seed=st.integers(0, 10**6))
def test_rank_equals_a_per_row_reference(data, goal, weights, seed):
    reach = random.Random(seed)
    reachability = (
        None
        if seed % 3 == 0
        else {i: reach.random() for i in data["organization_ids"] if reach.random() < 0.5}
    )
    features = build(data)
    fits = rank(features, goal, weights, reachability=reachability, top=None)
    expected = reference(data, features, goal, weights, reachability)
    assert [f.organization_id for f in fits] == [i for i, _ in expected]
    for fit, (_, value) in zip(fits, expected, strict=True):
        assert fit.score == pytest.approx(value, abs=1e-9)
    top = rank(features, goal, weights, reachability=reachability, top=3)
    assert [f.organization_id for f in top] == [i for i, _ in expected[:3]]


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets)
def test_scores_stay_between_0_and_100(data, goal, weights):
    features = build(data)
    reachability = dict.fromkeys(data["organization_ids"][::2], 1.0)
    for fit in rank(features, goal, weights, reachability=reachability, top=None):
        assert 0.0 <= fit.score <= 100.0
        for part, value in fit.parts.items():
            assert value is None or 0.0 <= value <= 1.0
            assert (value is None) == (part in fit.missing)


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets, pick=st.integers(0, 10**6))
def test_adding_a_targeted_audience_never_lowers_the_fit(data, goal, weights, pick):
    targeted = goal.primary_audiences + goal.secondary_audiences
    if not targeted:
        return
    organization = data["organization_ids"][pick % len(data["organization_ids"])]
    audience = targeted[pick % len(targeted)]
    before = score(build(data), goal, organization, weights)
    more = dict(data, audience_pairs=[*data["audience_pairs"], (organization, audience)])
    after = score(build(more), goal, organization, weights)
    assert after.parts["audience"] >= before.parts["audience"]
    assert after.score >= before.score
    assert audience in after.matched_primary + after.matched_secondary


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets, seed=st.integers(0, 10**6))
def test_input_order_does_not_change_the_ranking(data, goal, weights, seed):
    shuffle = random.Random(seed)
    order = list(range(len(data["organization_ids"])))
    shuffle.shuffle(order)
    permuted = {
        key: [data[key][i] for i in order]
        for key in ("organization_ids", "texts", "capacity", "reputation", "risk")
    }
    permuted["audience_pairs"] = shuffle.sample(data["audience_pairs"], len(data["audience_pairs"]))
    permuted["resource_pairs"] = shuffle.sample(data["resource_pairs"], len(data["resource_pairs"]))
    reachability = dict.fromkeys(data["organization_ids"][1::2], 0.7)
    first = rank(build(data), goal, weights, reachability=reachability, top=None)
    second = rank(build(permuted), goal, weights, reachability=reachability, top=None)
    assert first == second


@SETTINGS
@given(
    data=directories(),
    goal=goals,
    weights=weight_sets,
    low=st.floats(0, 1),
    high=st.floats(0, 1),
)
def test_higher_reachability_never_lowers_the_score(data, goal, weights, low, high):
    low, high = sorted((low, high))
    features = build(data)
    organization = data["organization_ids"][0]
    others = dict.fromkeys(data["organization_ids"][1:], 0.5)
    absent = score(features, goal, organization, weights, reachability=others)
    zero = score(features, goal, organization, weights, reachability={**others, organization: 0.0})
    lower = score(features, goal, organization, weights, reachability={**others, organization: low})
    higher = score(
        features, goal, organization, weights, reachability={**others, organization: high}
    )
    assert absent.score == zero.score  # no known path counts like a path of strength 0
    assert "reachability" in absent.missing and "reachability" not in zero.missing
    assert zero.score <= lower.score <= higher.score


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets, part=st.sampled_from(PARTS))
def test_a_weight_of_zero_removes_the_part(data, goal, weights, part):
    weights = {**weights, part: 0.0}
    features = build(data)
    ids = data["organization_ids"]
    # Change that part's inputs as much as possible; nothing may move.
    changed = dict(data)
    reach_a: dict[int, float] | None = dict.fromkeys(ids, 0.5)
    reach_b: dict[int, float] | None = dict.fromkeys(ids, 0.5)
    goal_b = goal
    if part in ("capacity", "reputation", "risk"):
        changed[part] = [1.0 - v if not math.isnan(v) else 0.0 for v in data[part]]
    elif part == "reachability":
        reach_a, reach_b = None, dict.fromkeys(ids, 1.0)
    elif part == "audience":
        changed["audience_pairs"] = [(i, a) for i in ids for a in AUDIENCES]
    elif part == "resources":
        changed["resource_pairs"] = [(i, r) for i in ids for r in RESOURCES]
    else:
        changed["texts"] = [goal.text for _ in ids]
    first = rank(features, goal, weights, reachability=reach_a, top=None)
    second = rank(build(changed), goal_b, weights, reachability=reach_b, top=None)
    assert [(f.organization_id, f.score) for f in first] == [
        (f.organization_id, f.score) for f in second
    ]


def small_directory():
    return DirectoryFeatures.build(
        [5, 3, 9],
        [
            "Teaching seniors computer skills",
            "Food bank for families",
            "Technology grants and donated computers for seniors",
        ],
        np.array([[5, 1], [3, 2], [9, 1], [9, 3], [42, 1]]),  # 42 is not in the directory
        np.array([[9, 7], [5, 8]]),
        np.array([0.8, np.nan, 0.3]),
        np.array([np.nan, np.nan, np.nan]),
        np.array([1.0, 1.0, np.nan]),
    )


COMPUTERS = GoalSpec(
    primary_audiences=(1,),
    secondary_audiences=(3,),
    needed_resources=(7, 8),
    library_resources=(8,),
    text="Two more public computers for seniors; technology grants",
)


def test_the_fit_explains_itself():
    fits = rank(small_directory(), COMPUTERS, reachability={3: 0.9})
    assert [f.organization_id for f in fits] == [9, 5, 3]
    best = fits[0]
    assert best.matched_primary == (1,) and best.matched_secondary == (3,)
    assert best.matched_resources == (7,)  # 8 is needed but the library has it
    assert best.parts["audience"] == 1.0 and best.parts["resources"] == 1.0
    assert set(best.shared_terms) <= {"technology", "grants", "seniors", "computers"}
    assert len(best.shared_terms) == 3
    assert best.missing == ("reputation", "risk", "reachability")
    assert fits[2].parts["reachability"] == 0.9


def test_goal_level_unknowns_are_left_out_and_reported():
    fit = score(small_directory(), GoalSpec(), 5)
    assert {"audience", "mission", "resources", "reachability"} <= set(fit.missing)
    # Only the ratings are left: capacity 0.8, reputation unknown (0.5), risk 1.0.
    assert fit.score == pytest.approx(100 * (0.8 + 0.5 + 1.0) / 3)


def test_top_ties_are_broken_by_organization_id_and_only_filters():
    ids = list(range(100, 0, -1))
    features = DirectoryFeatures.build(
        ids, ["same words"] * 100, np.zeros((0, 2)), np.zeros((0, 2)), *[np.full(100, 0.5)] * 3
    )
    fits = rank(features, GoalSpec(text="same"), top=5)
    assert [f.organization_id for f in fits] == [1, 2, 3, 4, 5]
    fits = rank(features, GoalSpec(text="same"), only=np.array([50, 7, 999, 60]), top=None)
    assert [f.organization_id for f in fits] == [7, 50, 60]


def test_bad_input_is_refused():
    features = small_directory()
    with pytest.raises(KeyError):
        score(features, COMPUTERS, 12345)
    with pytest.raises(ValueError):
        rank(features, COMPUTERS, {**DEFAULT_WEIGHTS, "mission": -1})
    with pytest.raises(ValueError):
        DirectoryFeatures.build([1, 1], ["a", "b"], [], [], [0, 0], [0, 0], [0, 0])


def test_a_directory_without_words_still_ranks():
    features = DirectoryFeatures.build(
        [1, 2], ["", "the and"], np.array([[2, 1]]), np.zeros((0, 2)), *[np.full(2, np.nan)] * 3
    )
    fits = rank(features, GoalSpec(primary_audiences=(1,), text="computers"))
    assert [f.organization_id for f in fits] == [2, 1]
    assert "mission" in fits[0].missing


class _Bar:
    def update(self, count):
        pass

    def close(self):
        pass


def test_the_rank_benchmark_runs_and_agrees_with_its_baseline():
    from allies.benchmarks import rank_bench

    options = {"organizations": 400, "goals": 5, "seed": 3, "no_irs": True}
    figures = rank_bench.run(options, lambda total, desc: _Bar())
    assert figures["organizations"] == 400
    assert figures["agrees"] is True
    assert figures["p50_ms"] > 0 and figures["ratio"] > 0
