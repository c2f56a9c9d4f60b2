"""Brokering: the pair rule, the ranking, the explanation, 'introduce them', access."""

import numpy as np
import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization, Resource
from allies.goals.models import Goal
from allies.matching.brokering import broker
from allies.partnerships.models import Partnership, Stage

TECH, MONEY = 1, 2  # resources
YOUTH, SENIORS, OTHER = 10, 11, 12  # audiences


def _broker(resources, audiences, partners=(), top=50):
    return broker(
        resources,
        audiences,
        needed_resources=[TECH, MONEY],
        primary_audiences=[YOUTH],
        secondary_audiences=[SENIORS],
        partners=partners,
        top=top,
    )


# --- the pure rule -------------------------------------------------------------------------------


def test_pairs_join_a_provider_to_a_reacher_and_leave_out_who_covers_both():
    resources = [(1, TECH), (3, TECH), (4, 99)]  # 4 offers something the goal does not need
    audiences = [(2, YOUTH), (3, YOUTH), (4, SENIORS), (5, OTHER)]
    result = _broker(resources, audiences)
    pairs = {(p.provider_id, p.reacher_id) for p in result.pairs}
    # 3 covers both alone: never in a pair. 5 reaches an audience the goal does not target.
    assert pairs == {(1, 2), (1, 4)}
    assert (result.providers, result.reachers) == (1, 2)
    for pair in result.pairs:
        assert pair.resources and (pair.primary or pair.secondary)


def test_no_pair_without_both_sides():
    assert _broker([(1, TECH)], []).pairs == []
    assert _broker([], [(2, YOUTH)]).pairs == []
    assert _broker([(1, TECH)], [(1, YOUTH)]).pairs == []  # one organization covering both


def test_ranking_partners_first_then_coverage_then_primary():
    resources = [(1, TECH), (1, MONEY), (2, TECH), (3, TECH)]
    audiences = [(20, YOUTH), (21, SENIORS), (22, YOUTH), (22, SENIORS)]
    result = _broker(resources, audiences, partners={3, 21})
    keys = [(p.partners, p.coverage, len(p.primary)) for p in result.pairs]
    assert keys == sorted(keys, key=lambda k: (-k[0], -k[1], -k[2]))
    # both partners first, even with the smallest coverage
    assert (result.pairs[0].provider_id, result.pairs[0].reacher_id) == (3, 21)
    # among non-partners: two resources x (youth + seniors) beats everything else
    non_partner = [p for p in result.pairs if p.partners == 0]
    assert (non_partner[0].provider_id, non_partner[0].reacher_id) == (1, 22)
    assert non_partner[0].coverage == 2 * (2 + 1)
    # a primary audience weighs more than a secondary one
    youth = next(p for p in non_partner if (p.provider_id, p.reacher_id) == (2, 20))
    seniors_only = [p for p in result.pairs if (p.provider_id, p.reacher_id) == (2, 21)]
    assert youth.coverage > 1 and seniors_only[0].coverage == 1


def test_ranking_does_not_depend_on_input_order():
    rng = np.random.default_rng(7)
    resources = np.column_stack([rng.integers(0, 300, 400), rng.choice([TECH, MONEY, 99], 400)])
    audiences = np.column_stack(
        [rng.integers(0, 300, 400), rng.choice([YOUTH, SENIORS, OTHER], 400)]
    )
    first = _broker(resources, audiences, partners=range(0, 300, 7))
    second = _broker(resources[::-1], audiences[rng.permutation(400)], partners=range(0, 300, 7))
    assert first.pairs == second.pairs and first.pairs


def test_top_pairs_equal_the_best_of_all_pairs_scored_naively():
    rng = np.random.default_rng(3)
    resources = np.column_stack([rng.integers(0, 200, 250), rng.choice([TECH, MONEY, 99], 250)])
    audiences = np.column_stack(
        [rng.integers(0, 200, 250), rng.choice([YOUTH, SENIORS, OTHER], 250)]
    )
    partners = set(range(0, 200, 5))
    result = _broker(resources, audiences, partners=partners, top=10)
    everything = _broker(resources, audiences, partners=partners, top=10_000)
    assert result.pairs == everything.pairs[:10]


def test_thousands_of_organizations_score_a_bounded_number_of_pairs():
    n = 3000
    ids = np.arange(n)
    resources = np.column_stack([ids[: n // 2], np.full(n // 2, TECH)])  # 1,500 providers
    audiences = np.column_stack([ids[n // 2 :], np.full(n - n // 2, YOUTH)])  # 1,500 reachers
    result = _broker(resources, audiences, partners=range(0, n, 10), top=50)
    assert (result.providers, result.reachers) == (1500, 1500)
    assert len(result.pairs) == 50
    assert result.scored <= 4 * 50 * 50 < 1500 * 1500


# --- the pages -----------------------------------------------------------------------------------


@pytest.fixture
def goal_setup(library):
    technology = Resource.objects.create(library=library, name="Technology", slug="bk-technology")
    youth = Audience.objects.create(
        library=library, name="Youth facing homelessness", slug="bk-youth"
    )
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    goal.resources_needed.add(technology)
    goal.primary_audiences.add(youth)
    copperline = Organization.objects.create(library=library, name="Copperline Networks")
    copperline.resources.add(technology)
    lantern = Organization.objects.create(library=library, name="Lantern House")
    lantern.audiences.add(youth)
    both = Organization.objects.create(library=library, name="Does Everything")
    both.resources.add(technology)
    both.audiences.add(youth)
    return goal, copperline, lantern


def _url(library, goal, name="matching:goal_brokering"):
    return reverse(name, args=[library.slug, goal.pk])


def test_brokering_page_explains_each_pair(staff_client, library, goal_setup):
    goal, copperline, lantern = goal_setup
    response = staff_client.get(_url(library, goal))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["provider"], r["reacher"]) for r in rows] == [(copperline, lantern)]
    assert rows[0]["sentence"] == (
        "Copperline Networks offers Technology; Lantern House reaches Youth facing homelessness."
    )
    assert "Does Everything" not in rows[0]["sentence"]
    assert "Introduce them" in response.content.decode()


def test_goal_page_links_to_brokering(staff_client, library, goal_setup):
    goal = goal_setup[0]
    response = staff_client.get(reverse("goals:goal", args=[library.slug, goal.pk]))
    assert _url(library, goal) in response.content.decode()


def test_introduce_creates_prospects_and_writes_both_histories(staff_client, library, goal_setup):
    goal, copperline, lantern = goal_setup
    existing = Partnership.objects.create(
        library=library, organization=lantern, stage=Stage.EXPLORING
    )
    response = staff_client.post(
        _url(library, goal, "matching:goal_introduce"),
        {"provider": copperline.pk, "reacher": lantern.pk},
    )
    assert response.status_code == 302 and response.url == _url(library, goal)
    created = Partnership.objects.get(library=library, organization=copperline)
    assert created.stage == Stage.PROSPECT
    existing.refresh_from_db()
    assert existing.stage == Stage.EXPLORING  # the plan is noted, the stage stays
    reason = (
        "Brokering for Two more public computers: introduce Copperline Networks to Lantern House"
    )
    for partnership in (created, existing):
        latest = partnership.history.order_by("-history_date", "-history_id").first()
        assert latest.history_change_reason == reason
    assert existing.history.count() == 2
    page = staff_client.get(reverse("partnerships:detail", args=[library.slug, existing.pk]))
    assert reason in page.content.decode()


def test_introduce_refuses_a_pair_that_does_not_fit(staff_client, library, goal_setup):
    goal, copperline, lantern = goal_setup
    response = staff_client.post(
        _url(library, goal, "matching:goal_introduce"),
        {"provider": lantern.pk, "reacher": copperline.pk},  # the wrong way round
        follow=True,
    )
    assert "are not a pair for this goal" in response.content.decode()
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("bad", ["", "abc", "-1", "999999"])
def test_introduce_bad_ids_are_404(staff_client, library, goal_setup, bad):
    goal, copperline, _lantern = goal_setup
    response = staff_client.post(
        _url(library, goal, "matching:goal_introduce"), {"provider": copperline.pk, "reacher": bad}
    )
    assert response.status_code == 404
    assert not Partnership.objects.exists()


def test_introduce_refuses_another_librarys_organization(
    staff_client, library, other_library, goal_setup
):
    goal, copperline, _lantern = goal_setup
    youth = Audience.objects.create(library=other_library, name="Youth", slug="bk-youth")
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere Shelter")
    elsewhere.audiences.add(youth)
    response = staff_client.post(
        _url(library, goal, "matching:goal_introduce"),
        {"provider": copperline.pk, "reacher": elsewhere.pk},
    )
    assert response.status_code == 404
    assert not Partnership.objects.exists()


def test_introduce_refuses_volunteers(volunteer_client, library, goal_setup):
    goal, copperline, lantern = goal_setup
    assert volunteer_client.get(_url(library, goal)).status_code == 200
    response = volunteer_client.post(
        _url(library, goal, "matching:goal_introduce"),
        {"provider": copperline.pk, "reacher": lantern.pk},
    )
    assert response.status_code == 403
    assert not Partnership.objects.exists()


def test_introduce_is_post_only(staff_client, library, goal_setup):
    goal = goal_setup[0]
    assert staff_client.get(_url(library, goal, "matching:goal_introduce")).status_code == 405


def test_outsider_gets_404(outsider_client, library, goal_setup):
    goal, copperline, lantern = goal_setup
    assert outsider_client.get(_url(library, goal)).status_code == 404
    response = outsider_client.post(
        _url(library, goal, "matching:goal_introduce"),
        {"provider": copperline.pk, "reacher": lantern.pk},
    )
    assert response.status_code == 404


def test_another_librarys_goal_is_404(staff_client, other_library):
    goal = Goal.objects.create(library=other_library, statement="Theirs")
    url = reverse("matching:goal_brokering", args=["riverton", goal.pk])
    assert staff_client.get(url).status_code == 404


def test_brokering_works_on_an_imported_directory_through_inference(staff_client, library):
    """IRS rows carry no tags: a grantmaking foundation offers funding and a warming shelter
    reaches people experiencing homelessness, so they make a pair, marked as suggested."""
    from allies.matching.features import forget_features

    forget_features()
    goal = Goal.objects.create(
        library=library, statement="Fund winter hours for people experiencing homelessness"
    )
    Organization.objects.create(
        library=library, name="Smith Family Fund", ntee_code="T20", irs_foundation="04"
    )
    Organization.objects.create(library=library, name="Northside Warming Shelter")
    response = staff_client.get(_url(library, goal))
    rows = response.context["rows"]
    assert [(r["provider"].name, r["reacher"].name) for r in rows] == [
        ("Smith Family Fund", "Northside Warming Shelter")
    ]
    assert rows[0]["suggested"]
    assert "suggested from their records" in response.content.decode()
    introduce = _url(library, goal, "matching:goal_introduce")
    response = staff_client.post(
        introduce, {"provider": rows[0]["provider"].pk, "reacher": rows[0]["reacher"].pk}
    )
    assert response.status_code == 302
    assert Partnership.objects.filter(library=library).count() == 2


def test_no_pair_says_which_piece_is_missing(staff_client, library):
    goal = Goal.objects.create(library=library, statement="Fund two more public computers")
    response = staff_client.get(_url(library, goal))
    assert response.context["rows"] == []
    missing = " ".join(response.context["missing"])
    assert "Nobody in your directory is known to offer Funding" in missing
    assert "The goal names no audience" in missing
