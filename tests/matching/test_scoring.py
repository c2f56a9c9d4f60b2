"""Properties of the fit engine (`allies.matching.scoring`), no database."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.matching.benchmarks.rank_bench import Baseline
from allies.matching.scoring import (
    DEFAULT_WEIGHTS,
    PARTS,
    DirectoryFeatures,
    GoalSpec,
    Organizations,
    rank,
    ranked,
    score,
)

WORDS = ["comput", "technolog", "senior", "literaci", "youth", "food", "hous", "grant", "museum"]
CODES = ["", "B70", "P30", "L41", "T20"]
NAMES = [
    f"{tree} {kind}"
    for tree in ("Ash", "Birch", "Cedar", "Elm")
    for kind in ("Club", "Fund", "House", "Guild")
]
AUDIENCES = range(1, 7)
RESOURCES = range(1, 7)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

stem_lists = st.lists(st.sampled_from(WORDS), max_size=5)
unknown_or = st.one_of(st.just(math.nan), st.floats(0, 1))


@st.composite
def directories(draw):
    """An `Organizations` of up to a dozen organizations, with ids in any order."""
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=12, unique=True))
    triple = st.tuples(st.sampled_from(ids), st.sampled_from(list(AUDIENCES)), st.floats(0, 1))
    offer = st.tuples(st.sampled_from(ids), st.sampled_from(list(RESOURCES)), st.floats(0, 1))
    return Organizations(
        ids=ids,
        labels=draw(
            st.lists(st.sampled_from(NAMES), min_size=len(ids), max_size=len(ids), unique=True)
        ),
        name_stems=[draw(stem_lists) for _ in ids],
        text_stems=[draw(stem_lists) for _ in ids],
        ntee_codes=[draw(st.sampled_from(CODES)) for _ in ids],
        activity_stems=[draw(stem_lists) for _ in ids],
        audiences=draw(st.lists(triple, max_size=25)),
        resources=draw(st.lists(offer, max_size=25)),
        capacity=[draw(unknown_or) for _ in ids],
        capacity_inferred=[draw(unknown_or) for _ in ids],
        reputation=[draw(unknown_or) for _ in ids],
        risk=[draw(unknown_or) for _ in ids],
        distance=[draw(st.one_of(st.just(math.nan), st.floats(0, 200))) for _ in ids],
        size=[draw(st.one_of(st.just(math.nan), st.floats(0, 1e7))) for _ in ids],
        code_stems={"B70": ["librari"], "P30": ["youth", "children"], "L41": ["hous", "shelter"]},
        code_description_stems={"L41": ["homeless", "hous"]},
    )


def subset(values):
    return st.lists(st.sampled_from(list(values)), max_size=4, unique=True).map(tuple)


goals = st.builds(
    GoalSpec,
    primary_audiences=subset(AUDIENCES),
    secondary_audiences=subset(AUDIENCES),
    named_audiences=subset(AUDIENCES),
    needed_resources=subset(RESOURCES),
    library_resources=subset(RESOURCES),
    asked_resources=subset(RESOURCES),
    asked_from_anyone=subset(RESOURCES),
    query=st.lists(st.tuples(st.sampled_from(WORDS), st.floats(0.1, 1)), max_size=5).map(tuple),
    # Audiences' thesaurus words, each group counted once per field at its best word.
    audience_words=st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True).map(
                lambda words: tuple(sorted(words))
            ),
            st.floats(0.05, 1),
        ),
        max_size=2,
    ).map(tuple),
    related=st.lists(
        st.tuples(
            st.sampled_from(list(AUDIENCES)), st.sampled_from(list(AUDIENCES)), st.floats(0, 1)
        ),
        max_size=3,
    ).map(tuple),
    # Closeness in meaning read for some organizations (ids as `directories` draws them).
    meaning=st.lists(
        st.tuples(st.integers(1, 500), st.floats(0, 1)), max_size=6, unique_by=lambda x: x[0]
    ).map(tuple),
)
weight_sets = st.one_of(
    st.just(DEFAULT_WEIGHTS),
    st.fixed_dictionaries({part: st.floats(0, 5) for part in PARTS}),
)


@st.composite
def reachabilities(draw, ids):
    chosen = draw(st.lists(st.sampled_from(ids), unique=True))
    return {i: draw(st.floats(0, 1)) for i in chosen}


def permuted(data: Organizations, seed: int) -> Organizations:
    order = list(range(len(data.ids)))
    random.Random(seed).shuffle(order)
    pick = lambda values: [values[i] for i in order]  # noqa: E731
    return Organizations(
        ids=pick(data.ids),
        labels=pick(data.labels),
        name_stems=pick(data.name_stems),
        text_stems=pick(data.text_stems),
        ntee_codes=pick(data.ntee_codes),
        activity_stems=pick(data.activity_stems),
        audiences=list(reversed(data.audiences)),
        resources=list(reversed(data.resources)),
        capacity=pick(data.capacity),
        capacity_inferred=pick(data.capacity_inferred),
        reputation=pick(data.reputation),
        risk=pick(data.risk),
        distance=pick(data.distance),
        size=pick(data.size),
        code_stems=data.code_stems,
        code_description_stems=data.code_description_stems,
    )


@SETTINGS
@given(data=directories(), goal=goals, extra=st.data())
def test_rank_equals_the_per_row_reference(data, goal, extra):
    features = DirectoryFeatures.build(data)
    reach = extra.draw(reachabilities(list(data.ids)))
    ours = [fit.organization_id for fit in rank(features, goal, reachability=reach, top=20)]
    assert ours == Baseline(features).rank(goal, reach)


@SETTINGS
@given(data=directories(), goal=goals, extra=st.data())
def test_a_second_pass_with_paths_equals_ranking_afresh(data, goal, extra):
    features = DirectoryFeatures.build(data)
    reach = extra.draw(reachabilities(list(data.ids)))
    first = ranked(features, goal, top=3)
    again = first.with_reachability(reach, top=None)
    afresh = rank(features, goal, reachability=reach, top=None)
    assert [(f.organization_id, f.score, f.parts) for f in again] == [
        (f.organization_id, f.score, f.parts) for f in afresh
    ]


@SETTINGS
@given(data=directories(), goal=goals, extra=st.data())
def test_the_best_of_some_equals_ranking_among_them(data, goal, extra):
    features = DirectoryFeatures.build(data)
    some = extra.draw(st.lists(st.sampled_from(list(data.ids)), unique=True))
    top = extra.draw(st.integers(0, 6))
    among = ranked(features, goal, only=some, top=top).organization_ids
    assert ranked(features, goal, top=1).best_of(some, top) == among


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets)
def test_scores_and_parts_stay_in_range(data, goal, weights):
    features = DirectoryFeatures.build(data)
    for fit in rank(features, goal, weights, top=None):
        assert 0.0 <= fit.score <= 100.0
        assert 0.0 <= fit.relevance <= 1.0
        assert all(value is None or 0.0 <= value <= 1.0 for value in fit.parts.values())


@SETTINGS
@given(data=directories(), goal=goals, weights=weight_sets, seed=st.integers(0, 10**6))
def test_input_order_does_not_change_the_ranking(data, goal, weights, seed):
    first = rank(DirectoryFeatures.build(data), goal, weights, top=None)
    second = rank(DirectoryFeatures.build(permuted(data, seed)), goal, weights, top=None)
    assert [(f.organization_id, f.score) for f in first] == [
        (f.organization_id, f.score) for f in second
    ]


@SETTINGS
@given(data=directories(), goal=goals, low=st.floats(0, 1), high=st.floats(0, 1))
def test_higher_reachability_never_lowers_the_score(data, goal, low, high):
    low, high = sorted((low, high))
    features = DirectoryFeatures.build(data)
    organization = data.ids[0]
    before = score(features, goal, organization, reachability={organization: low})
    after = score(features, goal, organization, reachability={organization: high})
    assert after.score >= before.score


@SETTINGS
@given(data=directories(), goal=goals)
def test_reaching_a_primary_audience_more_surely_never_lowers_the_fit(data, goal):
    if not goal.primary_audiences:
        return
    organization, audience = data.ids[0], goal.primary_audiences[0]
    before = score(DirectoryFeatures.build(data), goal, organization)
    surer = list(data.audiences) + [(organization, audience, 1.0)]
    data.audiences = surer
    after = score(DirectoryFeatures.build(data), goal, organization)
    assert after.parts["audience"] >= before.parts["audience"] - 1e-9


def _directory(**changes) -> Organizations:
    base = {
        "ids": [10, 20, 30],
        "labels": ["Shelter", "Sports club", "Bakery"],
        "name_stems": [["shelter"], ["youth", "hockey"], ["bakeri"]],
        "text_stems": [[], [], []],
        "ntee_codes": ["L41", "", ""],
        "audiences": [(10, 2, 0.8), (20, 1, 0.85)],
        "resources": [],
        "distance": [5.0, 5.0, 5.0],
        "code_stems": {"L41": ["homeless", "shelter"]},
    }
    base.update(changes)
    return Organizations(**base)


def test_a_rare_primary_audience_counts_more_than_a_common_one():
    # Audience 1 (teens) is reached by many, audience 2 (homelessness) by one: a goal for both
    # puts the shelter above the sports club.
    many = [(100 + i, 1, 1.0) for i in range(20)]
    data = _directory(
        ids=[10, 20, 30, *range(100, 120)],
        labels=["Shelter", "Sports club", "Bakery", *(f"Club {i}" for i in range(20))],
        name_stems=[["shelter"], ["youth", "hockey"], ["bakeri"], *([["club"]] * 20)],
        text_stems=[[]] * 23,
        ntee_codes=["L41", "", "", *([""] * 20)],
        audiences=[(10, 2, 0.8), (20, 1, 0.85), *many],
        distance=[5.0] * 23,
    )
    goal = GoalSpec(primary_audiences=(1, 2))
    order = [fit.organization_id for fit in rank(DirectoryFeatures.build(data), goal, top=None)]
    assert order[0] == 10  # above the twenty clubs tagged with the common audience too


def test_a_primary_audience_outranks_a_secondary_one():
    data = _directory(audiences=[(10, 2, 0.8), (20, 1, 0.8)])
    goal = GoalSpec(primary_audiences=(1,), secondary_audiences=(2,))
    order = [fit.organization_id for fit in rank(DirectoryFeatures.build(data), goal, top=3)]
    assert order.index(20) < order.index(10)


def test_in_a_small_directory_a_thesaurus_word_is_not_a_full_words_match():
    # A new library's three organizations; none uses a word of the statement. The lunch's name
    # has a thesaurus word of the secondary audience (weight 0.22, as the goal's reading gives
    # it); the bank reaches the primary audience and offers the money asked for.
    data = _directory(
        labels=["Valley Bank", "Chess Club", "Seniors Lunch"],
        name_stems=[["valley", "bank"], ["chess", "club"], ["senior", "lunch"]],
        ntee_codes=["", "", ""],
        audiences=[(10, 1, 1.0), (30, 2, 1.0)],
        resources=[(10, 5, 1.0)],
        code_stems={},
    )
    goal = GoalSpec(
        primary_audiences=(1,),
        secondary_audiences=(2,),
        needed_resources=(5,),
        asked_resources=(5,),
        asked_from_anyone=(5,),
        query=(("fund", 1.0), ("comput", 1.0), ("senior", 0.22)),
    )
    features = DirectoryFeatures.build(data)
    fits = {f.organization_id: f for f in rank(features, goal, top=None)}
    assert fits[30].parts["mission"] == pytest.approx(0.22)
    assert [f.organization_id for f in rank(features, goal, top=3)][0] == 10
    # Among a few hundred the best match is the measure, as before: a name with the statement's
    # words counts in full.
    crowd = _directory(
        ids=[10, 20, 30, *range(100, 400)],
        labels=["Valley Bank", "Chess Club", "Computer Fund", *(f"Club {i}" for i in range(300))],
        name_stems=[["valley", "bank"], ["chess", "club"], ["comput", "fund"], *([["club"]] * 300)],
        text_stems=[[]] * 303,
        ntee_codes=[""] * 303,
        audiences=[],
        distance=[5.0] * 303,
        code_stems={},
    )
    found = {f.organization_id: f for f in rank(DirectoryFeatures.build(crowd), goal, top=3)}
    assert found[30].parts["mission"] == 1.0


def test_an_audience_only_the_words_name_counts_as_a_secondary_one():
    features = DirectoryFeatures.build(_directory())
    ticked = GoalSpec(primary_audiences=(1, 2))
    named = GoalSpec(primary_audiences=(1, 2), named_audiences=(1,))
    as_secondary = GoalSpec(primary_audiences=(2,), secondary_audiences=(1,))

    def audience(goal):
        return {f.organization_id: f.parts["audience"] for f in rank(features, goal, top=None)}

    # The sports club reaches only audience 1: ticked, it counts in full; only named, as little
    # as a secondary audience does. The shelter, reaching the ticked audience 2, now leads.
    assert audience(named)[20] < audience(ticked)[20]
    assert audience(named) == pytest.approx(audience(as_secondary))
    assert [f.organization_id for f in rank(features, named, top=1)] == [10]
    assert [f.organization_id for f in rank(features, named, reachability={}, top=3)] == (
        Baseline(features).rank(named, {})[:3]
    )


def test_a_related_audience_counts_in_part():
    data = _directory()
    goal = GoalSpec(primary_audiences=(3,), related=((3, 2, 0.6),))
    fits = {f.organization_id: f for f in rank(DirectoryFeatures.build(data), goal, top=None)}
    assert fits[10].parts["audience"] == pytest.approx(0.6 * 0.8)
    assert fits[10].related_audiences == ((3, 2),)
    assert fits[20].parts["audience"] == 0.0


def test_the_fit_explains_where_its_words_matched():
    data = _directory()
    goal = GoalSpec(query=(("homeless", 1.0), ("shelter", 1.0)))
    fit = rank(DirectoryFeatures.build(data), goal, top=1)[0]
    assert fit.organization_id == 10
    assert fit.matched_stems["name"] == ("shelter",)
    assert set(fit.matched_stems["category"]) == {"homeless", "shelter"}
    assert fit.parts["mission"] == 1.0


def test_what_they_offer_counts_as_much_as_they_are_about_the_goal():
    # Both offer training (resource 5); only the recovery center's words speak of the goal.
    data = _directory(
        labels=["Recovery Center", "Obedience Training Club", "Bakery"],
        name_stems=[["recoveri", "center"], ["obedi", "train", "club"], ["bakeri"]],
        ntee_codes=["", "", ""],
        audiences=[],
        resources=[(10, 5, 0.85), (20, 5, 0.85)],
        code_stems={},
    )
    goal = GoalSpec(needed_resources=(5,), query=(("naloxon", 1.0), ("recoveri", 1.0)))
    fits = {f.organization_id: f for f in rank(DirectoryFeatures.build(data), goal, top=None)}
    assert fits[10].parts["mission"] == 1.0
    assert fits[10].parts["resources"] == pytest.approx(0.85)
    assert fits[20].parts["mission"] == 0.0 and fits[20].parts["resources"] == 0.0
    assert fits[20].matched_resources == (5,)  # still said: they offer it
    # A goal known only by what it needs: the offer counts in full.
    alone = {
        f.organization_id: f
        for f in rank(DirectoryFeatures.build(data), GoalSpec(needed_resources=(5,)), top=None)
    }
    assert alone[20].parts["resources"] == pytest.approx(0.85) and alone[20].score > 0
    # An audience nobody here reaches, or closeness read only for organizations outside this
    # directory, says nothing of who is about the goal: the offer still counts in full, in both
    # rankings.
    silent = GoalSpec(needed_resources=(5,), primary_audiences=(99,), meaning=((999, 0.9),))
    features = DirectoryFeatures.build(data)
    fits = {f.organization_id: f for f in rank(features, silent, reachability={}, top=None)}
    assert fits[20].parts["resources"] == pytest.approx(0.85) and fits[20].score > 0
    assert fits[20].parts["meaning"] is None
    assert [f.organization_id for f in rank(features, silent, reachability={}, top=3)] == (
        Baseline(features).rank(silent, {})[:3]
    )
    assert fits[30].score < fits[20].score  # the bakery offers nothing


def test_an_asked_resource_serves_the_goal_from_those_about_it_money_from_anyone():
    # All three offer volunteers (resource 6) and money (resource 7); only the business
    # association's words speak of the goal. Nobody reaches the goal's audience (1).
    data = _directory(
        labels=["Business Association", "Volunteer Fire Department", "Bakery"],
        name_stems=[["busi", "associ"], ["volunt", "fire", "depart"], ["bakeri"]],
        ntee_codes=["", "", ""],
        audiences=[],
        resources=[(10, 6, 0.85), (20, 6, 0.85), (20, 7, 0.85)],
        code_stems={},
    )
    features = DirectoryFeatures.build(data)
    query = (("busi", 1.0), ("mentor", 1.0))
    mentors = GoalSpec(primary_audiences=(1,), query=query, asked_resources=(6,))
    fits = {f.organization_id: f for f in rank(features, mentors, top=None)}
    assert fits[10].parts["mission"] > 0
    assert fits[10].parts["audience"] == pytest.approx(0.85 * fits[10].parts["mission"])
    assert fits[20].parts["audience"] == 0.0 and fits[20].supplied_asked == ()
    assert fits[10].supplied_asked == (6,)
    # Money serves any goal, from anyone who gives it.
    money = GoalSpec(
        primary_audiences=(1,), query=query, asked_resources=(7,), asked_from_anyone=(7,)
    )
    fits = {f.organization_id: f for f in rank(features, money, top=None)}
    assert fits[20].parts["audience"] == pytest.approx(0.85) and fits[20].supplied_asked == (7,)
    for goal in (mentors, money):
        assert [f.organization_id for f in rank(features, goal, reachability={}, top=3)] == (
            Baseline(features).rank(goal, {})[:3]
        )


def test_parts_unknown_for_everyone_are_left_out_and_reported():
    fit = rank(DirectoryFeatures.build(_directory()), GoalSpec(primary_audiences=(2,)), top=1)[0]
    assert fit.parts["mission"] is None and fit.parts["resources"] is None
    assert fit.parts["capacity"] is None and "capacity" in fit.missing
    # Relevance is the audience alone, so an organization that reaches it scores above 0.
    assert fit.score > 0 and fit.relevance == pytest.approx(0.8)


def test_ties_are_broken_by_evidence_then_distance_then_size_then_name_never_by_id():
    data = Organizations(
        ids=[1, 2, 3, 4],
        labels=["Delta", "Alpha", "Charlie", "Bravo"],
        name_stems=[[], [], [], []],
        text_stems=[[], [], [], []],
        ntee_codes=["", "", "", ""],
        distance=[math.nan, 30.0, 30.0, 30.0],
        size=[1.0, 10.0, 10.0, 500.0],
    )
    order = [
        fit.organization_id for fit in rank(DirectoryFeatures.build(data), GoalSpec(), top=None)
    ]
    # Every score is 0: the nearer first, then the larger, then by name; id never decides.
    assert order == [4, 2, 3, 1]


def test_not_a_fit_leaves_the_list_and_pulls_its_twin_down():
    data = Organizations(
        ids=[1, 2, 3],
        labels=["Milton Youth Hockey", "Stowe Youth Hockey", "Youth Services Bureau"],
        name_stems=[["youth", "hockey"], ["youth", "hockey"], ["youth", "servic", "bureau"]],
        text_stems=[[], [], []],
        ntee_codes=["N", "N", "P30"],
        code_stems={"N": ["recreat", "sport"], "P30": ["children", "youth"]},
    )
    goal = GoalSpec(query=(("youth", 1.0),))
    features = DirectoryFeatures.build(data)
    before = {f.organization_id: f for f in rank(features, goal, top=None)}
    after = {
        f.organization_id: f for f in rank(features, GoalSpec(query=goal.query, bad=(1,)), top=None)
    }
    assert 1 not in after
    assert after[2].score < before[2].score
    assert after[2].like_bad == 1
    assert after[3].score == before[3].score or after[3].score > after[2].score
    liked = rank(features, GoalSpec(query=goal.query, good=(3,)), top=None)
    assert liked[0].organization_id == 3


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="distinct"):
        DirectoryFeatures.build(_directory(ids=[1, 1, 2]))
    with pytest.raises(ValueError, match="labels"):
        DirectoryFeatures.build(_directory(labels=["only one"]))
    with pytest.raises(ValueError, match="weight"):
        rank(DirectoryFeatures.build(_directory()), GoalSpec(), {"audience": -1.0})
    with pytest.raises(KeyError):
        score(DirectoryFeatures.build(_directory()), GoalSpec(), 999)


def test_an_empty_directory_ranks_nothing():
    empty = Organizations(ids=[], labels=[], name_stems=[], text_stems=[], ntee_codes=[])
    assert rank(DirectoryFeatures.build(empty), GoalSpec(query=(("food", 1.0),))) == []


def test_the_rank_benchmark_runs_and_agrees_with_its_baseline():
    from allies.matching.benchmarks.rank_bench import run

    class Bar:
        def update(self, n):
            pass

        def close(self):
            pass

    figures = run(
        {"organizations": 400, "goals": 4, "seed": 3, "no_irs": True},
        lambda total, desc: Bar(),
    )
    assert figures["agrees"] is True
    assert figures["inferred_terms"] > 0
    assert figures["p50_ms"] > 0 and figures["baseline_p50_ms"] > 0


def test_the_baseline_breaks_ties_like_the_engine():
    data = _directory(name_stems=[[], [], []], code_stems={}, audiences=[], distance=[9, 3, 3])
    features = DirectoryFeatures.build(data)
    ours = [f.organization_id for f in rank(features, GoalSpec(), top=None)]
    assert ours == Baseline(features).rank(GoalSpec(), {})[: len(ours)]
    assert np.isfinite([f.score for f in rank(features, GoalSpec(), top=None)]).all()


@SETTINGS
@given(data=directories(), goal=goals, shift=st.integers(1, 10_000))
def test_renumbering_the_organizations_does_not_change_the_order(data, goal, shift):
    """Ids say nothing about fit: giving every organization another id (the same names, codes and
    links) gives the same order of names."""
    before = [
        data.labels[list(data.ids).index(f.organization_id)]
        for f in rank(DirectoryFeatures.build(data), goal, top=None)
    ]
    mapping = {old: (old * 7919 + shift) % 1_000_003 for old in data.ids}
    data.ids = [mapping[i] for i in data.ids]
    data.audiences = [(mapping[o], a, s) for o, a, s in data.audiences]
    data.resources = [(mapping[o], r, s) for o, r, s in data.resources]
    # Closeness in meaning is given per organization id: it follows the organizations too.
    goal = dataclasses.replace(
        goal, meaning=tuple((mapping[o], c) for o, c in goal.meaning if o in mapping)
    )
    renumbered = dict(zip(data.ids, data.labels, strict=True))
    after = [
        renumbered[f.organization_id] for f in rank(DirectoryFeatures.build(data), goal, top=None)
    ]
    assert after == before


@SETTINGS
@given(data=directories(), goal=goals, extra=st.data())
def test_closeness_in_meaning_counts_as_in_the_per_row_reference(data, goal, extra):
    read = extra.draw(
        st.lists(
            st.tuples(st.sampled_from(list(data.ids)), st.floats(0, 1)),
            min_size=1,
            unique_by=lambda pair: pair[0],
        )
    )
    goal = dataclasses.replace(goal, meaning=tuple(read))
    features = DirectoryFeatures.build(data)
    fits = rank(features, goal, reachability={}, top=None)
    assert [fit.organization_id for fit in fits][:20] == Baseline(features).rank(goal, {})
    closeness = dict(read)
    for fit in fits:
        assert fit.parts["meaning"] == pytest.approx(closeness.get(fit.organization_id, 0.0))


def test_closer_in_meaning_ranks_higher_when_all_else_is_equal():
    data = Organizations(
        ids=[1, 2],
        labels=["Alpha", "Beta"],
        name_stems=[["youth"], ["youth"]],
        text_stems=[[], []],
        ntee_codes=["", ""],
    )
    features = DirectoryFeatures.build(data)
    goal = GoalSpec(query=(("youth", 1.0),), meaning=((2, 0.9), (1, 0.2)))
    assert [fit.organization_id for fit in rank(features, goal)] == [2, 1]
    unread = rank(features, GoalSpec(query=(("youth", 1.0),)))
    assert all(fit.parts["meaning"] is None for fit in unread)
