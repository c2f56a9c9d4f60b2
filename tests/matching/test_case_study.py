"""The case study: the director of the sample library wants two more public computers before the
budget review. The ranking must reason as an experienced librarian would. Each test states one
piece of that reasoning as a property of the result, never as a memorised order."""

import pytest

from allies.directory.models import Resource
from allies.goals.models import Goal
from allies.libraries.models import User
from allies.matching.features import forget_features, rank_for_goal
from allies.sample_data import EMAIL_DOMAIN, load_sample_data

QUICK_HELP = {"funding", "technology"}
DECISION_MAKERS = "influence-with-decision-makers"


@pytest.fixture
def story(db):
    forget_features()
    library = load_sample_data(include_irs=False).library
    goal = Goal.objects.get(library=library, statement__icontains="public computers")
    director = User.objects.get(email=f"director@{EMAIL_DOMAIN}")
    yield library, goal, director
    forget_features()


def ranked(library, goal, user):
    """[(name, score, offered resource slugs, reaches a primary audience)] best first."""
    fits = rank_for_goal(library, goal, user, top=None).fits
    organizations = {o.pk: o for o in library.organizations.prefetch_related("resources")}
    return [
        {
            "name": organizations[fit.organization_id].name,
            "score": fit.score,
            "offers": {r.slug for r in organizations[fit.organization_id].resources.all()},
            "reaches_primary": bool(fit.matched_primary),
            "fit": fit,
        }
        for fit in fits
    ]


def place(rows, name):
    return next(index for index, row in enumerate(rows) if row["name"] == name)


def test_every_organization_is_ranked_with_scores_in_range(story):
    library, goal, director = story
    rows = ranked(library, goal, director)
    assert len(rows) == library.organizations.count()
    assert all(0 <= row["score"] <= 100 for row in rows)
    assert rows == ranked(library, goal, director)  # deterministic


def test_who_can_pay_or_supply_computers_and_reach_the_audience_comes_first(story):
    library, goal, director = story
    rows = ranked(library, goal, director)
    strong = [r for r in rows if r["offers"] & QUICK_HELP and r["reaches_primary"]]
    weak = [r for r in rows if not r["offers"] & QUICK_HELP and not r["reaches_primary"]]
    assert strong and weak
    assert min(r["score"] for r in strong) > max(r["score"] for r in weak)
    assert rows[0]["offers"] & QUICK_HELP


def test_reach_to_decision_makers_lifts_a_funder(story):
    library, goal, director = story
    before = ranked(library, goal, director)
    funders = [r for r in before if "funding" in r["offers"]]
    without = [r for r in funders if DECISION_MAKERS not in r["offers"]]
    assert any(DECISION_MAKERS in r["offers"] for r in funders) and without
    funder = library.organizations.get(name=without[0]["name"])
    funder.resources.add(Resource.objects.get(library=library, slug=DECISION_MAKERS))
    after = ranked(library, goal, director)
    assert after[place(after, funder.name)]["score"] > before[place(before, funder.name)]["score"]
    assert place(after, funder.name) <= place(before, funder.name)


def test_mission_words_alone_never_beat_bringing_what_the_goal_needs(story):
    library, goal, director = story
    rows = ranked(library, goal, director)
    bringing = [r for r in rows if r["fit"].matched_resources]
    words_only = [
        r
        for r in rows
        if not r["fit"].matched_resources
        and not r["fit"].matched_primary
        and not r["fit"].matched_secondary
    ]
    assert bringing and words_only
    # Some of them match the goal's words (not always words a reason would quote).
    assert any(r["fit"].parts["mission"] for r in words_only)
    assert min(r["score"] for r in bringing) > max(r["score"] for r in words_only)


def test_offering_what_the_goal_needs_pushes_a_candidate_up(story):
    library, goal, director = story
    before = ranked(library, goal, director)
    bookshop = library.organizations.get(name__startswith="Birchbark")
    assert not {r.slug for r in bookshop.resources.all()} & QUICK_HELP
    bookshop.resources.add(Resource.objects.get(library=library, slug="funding"))
    after = ranked(library, goal, director)
    assert place(after, bookshop.name) < place(before, bookshop.name)
    assert (
        after[place(after, bookshop.name)]["score"] > before[place(before, bookshop.name)]["score"]
    )


def test_losing_the_technology_and_funding_pushes_a_candidate_down(story):
    library, goal, director = story
    before = ranked(library, goal, director)
    isp = library.organizations.get(name="Copperline Networks")
    isp.resources.remove(*isp.resources.filter(slug__in=QUICK_HELP))
    after = ranked(library, goal, director)
    assert place(after, isp.name) > place(before, isp.name)


def test_an_introduction_path_lifts_a_candidate_only_for_who_can_see_it(story):
    library, goal, director = story
    # Helen's way to Copperline goes through her sister, a private tie: only she sees it.
    colleague = User.objects.get(email=f"teens@{EMAIL_DOMAIN}")
    isp = "Copperline Networks"
    hers = ranked(library, goal, director)
    theirs = ranked(library, goal, colleague)
    assert (
        hers[place(hers, isp)]["fit"].parts["reachability"]
        > (theirs[place(theirs, isp)]["fit"].parts["reachability"])
    )
    assert hers[place(hers, isp)]["score"] > theirs[place(theirs, isp)]["score"]
