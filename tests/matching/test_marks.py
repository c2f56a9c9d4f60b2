"""'Good fit' and 'Not a fit' on a goal's ranking: remembered for the goal, 'Not a fit' leaves
the list with its reason kept, similar organizations move, and every verdict can be undone."""

import pytest

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.matching.features import forget_features
from allies.matching.models import FitMark

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    forget_features()


@pytest.fixture
def goal(library):
    return Goal.objects.create(library=library, statement="Youth programs on Saturdays")


@pytest.fixture
def clubs(library):
    names = ["Milton Youth Hockey", "Stowe Youth Hockey", "Riverton Youth Services Bureau"]
    return {name: Organization.objects.create(library=library, name=name) for name in names}


def rank(client, goal):
    response = client.get(f"/l/riverton/goals/{goal.pk}/rank/")
    return {row["organization"].name: row["fit"].score for row in response.context["rows"]}


def mark(client, goal, organization, verdict, reason=""):
    return client.post(
        f"/l/riverton/goals/{goal.pk}/rank/{organization.pk}/mark/",
        {"verdict": verdict, "reason": reason, "next": f"/l/riverton/goals/{goal.pk}/rank/"},
    )


def test_not_a_fit_leaves_the_list_keeps_the_reason_and_moves_its_twin_down(
    staff_client, goal, clubs
):
    before = rank(staff_client, goal)
    response = mark(staff_client, goal, clubs["Milton Youth Hockey"], "not", "Sports only")
    assert response.status_code == 302
    assert response["Location"] == f"/l/riverton/goals/{goal.pk}/rank/"
    after = rank(staff_client, goal)
    assert "Milton Youth Hockey" not in after
    assert after["Stowe Youth Hockey"] < before["Stowe Youth Hockey"]
    saved = FitMark.objects.get(goal=goal)
    assert (saved.verdict, saved.reason) == ("not", "Sports only")
    page = staff_client.get(f"/l/riverton/goals/{goal.pk}/rank/").content.decode()
    assert "Sports only" in page and "Your verdicts on candidates" in page


def test_a_good_fit_lifts_organizations_like_it_and_undo_forgets_it(staff_client, goal, clubs):
    before = rank(staff_client, goal)
    mark(staff_client, goal, clubs["Stowe Youth Hockey"], "good")
    after = rank(staff_client, goal)
    assert after["Milton Youth Hockey"] > before["Milton Youth Hockey"]
    staff_client.post(f"/l/riverton/goals/{goal.pk}/rank/{clubs['Stowe Youth Hockey'].pk}/unmark/")
    assert not FitMark.objects.exists()
    assert rank(staff_client, goal) == before


def test_marks_belong_to_one_goal(staff_client, goal, clubs, library):
    other = Goal.objects.create(library=library, statement="Youth programs on Sundays")
    mark(staff_client, goal, clubs["Milton Youth Hockey"], "not")
    assert "Milton Youth Hockey" in rank(staff_client, other)


def test_bad_verdicts_and_reasons_are_refused(staff_client, goal, clubs):
    milton = clubs["Milton Youth Hockey"]
    assert mark(staff_client, goal, milton, "maybe").status_code == 302
    assert mark(staff_client, goal, milton, "not", "x" * 1_000_000).status_code == 302
    assert not FitMark.objects.exists()
    page = staff_client.get(f"/l/riverton/goals/{goal.pk}/rank/", follow=True).content.decode()
    assert "Milton Youth Hockey" in page
    response = staff_client.post(
        f"/l/riverton/goals/{goal.pk}/rank/{milton.pk}/mark/",
        {"verdict": "good", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/l/riverton/goals/{goal.pk}/rank/"


def test_volunteers_cannot_mark(volunteer_client, goal, clubs):
    assert mark(volunteer_client, goal, clubs["Milton Youth Hockey"], "not").status_code == 403
    assert not FitMark.objects.exists()


def test_outsiders_get_404(outsider_client, goal, clubs):
    milton = clubs["Milton Youth Hockey"]
    assert mark(outsider_client, goal, milton, "not").status_code == 404
    unmark = f"/l/riverton/goals/{goal.pk}/rank/{milton.pk}/unmark/"
    assert outsider_client.post(unmark).status_code == 404
    assert not FitMark.objects.exists()


def test_another_librarys_organization_cannot_be_marked(staff_client, goal, other_library):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Club")
    assert mark(staff_client, goal, theirs, "not").status_code == 404
