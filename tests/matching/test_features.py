"""The directory loaded for the fit engine: texts, ratings, the per-process cache and its version."""

import math

import numpy as np
import pytest

from allies.directory.models import Organization, Resource
from allies.directory.ntee import ntee_description
from allies.directory.signals import records_imported
from allies.matching import features as features_module
from allies.matching.explain import explain, path_sentence
from allies.matching.features import build_features, features_version, library_features
from allies.matching.models import Answer, FitWeights
from allies.matching.scoring import DEFAULT_WEIGHTS, GoalSpec, score
from tests.matching.test_ranking import make_org, term


@pytest.fixture(autouse=True)
def _fresh():
    features_module.forget_features()
    yield
    features_module.forget_features()


def test_texts_fall_back_to_the_ntee_description_and_ratings_scale_to_0_1(library):
    written = Organization.objects.create(
        library=library, name="A", mission="Computers for every job seeker"
    )
    coded = Organization.objects.create(library=library, name="B", ntee_code="B70")
    Answer.objects.create(library=library, organization=written, question="reputation", rating=5)
    Answer.objects.create(library=library, organization=written, question="risks", rating=1)
    Answer.objects.create(library=library, organization=coded, question="capacity", rating=3)
    features = build_features(library)
    goal = GoalSpec(text="computers job seekers books manuscripts")
    fit_a = score(features, goal, written.pk)
    fit_b = score(features, goal, coded.pk)
    assert fit_a.parts["reputation"] == 1.0 and fit_a.parts["risk"] == 0.0
    assert fit_a.parts["capacity"] is None and "capacity" in fit_a.missing
    assert fit_b.parts["capacity"] == 0.5
    assert ntee_description("B70")
    assert fit_b.parts["mission"] > 0  # the NTEE description of a library speaks of books


def test_goal_specific_answers_do_not_feed_the_general_ratings(library):
    from tests.matching.test_ranking import make_goal

    organization = Organization.objects.create(library=library, name="A")
    Answer.objects.create(
        library=library,
        organization=organization,
        goal=make_goal(library),
        question="reputation",
        rating=5,
    )
    assert score(build_features(library), GoalSpec(), organization.pk).parts["reputation"] is None


def test_the_cache_is_kept_until_the_version_moves(library, django_assert_max_num_queries):
    organization = make_org(library, "A", resources=["funding"])
    first = library_features(library)
    with django_assert_max_num_queries(1):
        assert library_features(library) is first
    steps = [
        lambda: organization.save(),
        lambda: organization.audiences.add(
            term(features_module.Organization.audiences.rel.model, library, "seniors")
        ),
        lambda: organization.resources.remove(term(Resource, library, "funding")),
        lambda: Answer.objects.create(library=library, organization=organization, question="ask"),
        lambda: Answer.objects.all().delete(),
        lambda: FitWeights.objects.create(library=library),
        lambda: records_imported.send(sender=None, library=library),
    ]
    for step in steps:
        version = features_version(library)
        step()
        assert features_version(library) > version
        assert library_features(library) is not first
        first = library_features(library)


def test_an_edit_changes_the_next_scores(library):
    organization = make_org(library, "A")
    goal = GoalSpec(needed_resources=(term(Resource, library, "funding").pk,))
    before = score(library_features(library), goal, organization.pk).score
    organization.resources.add(term(Resource, library, "funding"))
    after = score(library_features(library), goal, organization.pk).score
    assert after > before


def test_weights_default_until_an_owner_changes_them(library):
    assert FitWeights.for_library(library) == DEFAULT_WEIGHTS
    FitWeights.objects.create(library=library, mission=0)
    assert FitWeights.for_library(library)["mission"] == 0


def test_rating_to_unit():
    assert features_module.rating_to_unit(1) == 0 and features_module.rating_to_unit(5) == 1
    assert features_module.rating_to_unit(3) == 0.5
    assert math.isnan(features_module.rating_to_unit(None))


def test_explanations_name_audiences_resources_words_and_the_introducer(library):
    organization = make_org(
        library,
        "A",
        audiences=["job-seekers"],
        resources=["funding"],
        mission="Free computers and internet for job seekers",
    )
    funding = term(Resource, library, "funding")
    audience = organization.audiences.get()
    goal = GoalSpec(
        primary_audiences=(audience.pk,),
        needed_resources=(funding.pk,),
        text="public computers internet",
    )
    fit = score(
        library_features(library), goal, organization.pk, reachability={organization.pk: 1.0}
    )
    reasons = explain(
        fit,
        DEFAULT_WEIGHTS,
        audiences={audience.pk: "job seekers"},
        resources={funding.pk: "funding"},
        path_people=["Helen Marsh", "Tom Brandt", "Gloria"],
    )
    text = " ".join(str(r) for r in reasons)
    assert 2 <= len(reasons) <= 4
    assert "job seekers" in text and "funding" in text
    assert "Helen Marsh can introduce you to Gloria through Tom Brandt." in text
    assert reasons[-1].missing and reasons[-1].question == "capacity"
    assert "answer question 4" in reasons[-1].text


def test_nothing_matching_is_said_plainly(library):
    organization = make_org(library, "A")
    fit = score(library_features(library), GoalSpec(), organization.pk)
    reasons = explain(fit, DEFAULT_WEIGHTS, audiences={}, resources={})
    assert "Nothing in their record matches" in reasons[0].text
    assert path_sentence(["Only one"]) == ""
    assert isinstance(np.float64(fit.score), np.float64)
