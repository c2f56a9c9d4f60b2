"""The key questions for a candidate (in general and for a goal) and the fit weights page."""

import pytest

from allies.directory.models import Organization
from allies.matching.models import QUESTIONS, Answer, FeaturesVersion, FitWeights
from allies.matching.scoring import DEFAULT_WEIGHTS
from tests.matching.test_ranking import connect, make_goal, person_at, staff_person


@pytest.fixture
def organization(library):
    return Organization.objects.create(library=library, name="Copper Networks")


def general_url(organization):
    return f"/l/riverton/matching/organizations/{organization.pk}/questions/"


def goal_url(goal, organization):
    return f"/l/riverton/goals/{goal.pk}/candidates/{organization.pk}/questions/"


def test_ten_questions_in_our_own_words_three_of_them_rated():
    assert [q.number for q in QUESTIONS] == list(range(1, 11))
    assert {q.code for q in QUESTIONS if q.rated} == {"capacity", "reputation", "risks"}


def test_a_blank_worksheet_shows_what_is_missing(staff_client, organization):
    response = staff_client.get(general_url(organization))
    assert response.status_code == 200
    assert b"0 of 10 questions answered" in response.content
    assert len(response.context["missing"]) == 10


def test_partly_answered_is_saved_and_the_rest_shown_missing(staff_client, staff, organization):
    response = staff_client.post(
        general_url(organization),
        {
            "ask_text": "Sponsor two computers",
            "reputation_text": "Well liked",
            "reputation_rating": "4",
        },
    )
    assert response.status_code == 302
    answers = {a.question: a for a in Answer.objects.filter(organization=organization)}
    assert set(answers) == {"ask", "reputation"}
    assert answers["reputation"].rating == 4 and answers["reputation"].goal is None
    assert answers["ask"].updated_by == staff
    page = staff_client.get(general_url(organization))
    assert b"2 of 10 questions answered" in page.content
    # emptying an answer removes it
    staff_client.post(general_url(organization), {"ask_text": "", "reputation_rating": "4"})
    assert set(Answer.objects.values_list("question", flat=True)) == {"reputation"}


def test_a_rating_outside_1_to_5_is_refused(staff_client, organization):
    response = staff_client.post(general_url(organization), {"risks_rating": "9"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not Answer.objects.exists()


def test_goal_answers_are_kept_apart_from_general_ones(staff_client, library, organization):
    goal = make_goal(library)
    staff_client.post(goal_url(goal, organization), {"ask_text": "Fund the first year"})
    staff_client.post(general_url(organization), {"ask_text": "Anything"})
    assert Answer.objects.get(goal=goal).text == "Fund the first year"
    assert Answer.objects.get(goal__isnull=True).text == "Anything"
    assert b"Fund the first year" in staff_client.get(goal_url(goal, organization)).content


def test_the_introduction_is_suggested_from_the_connection_paths(
    staff_client, staff, library, organization
):
    inside = person_at(organization, "Kevin Cho")
    connect(library, staff_person(library, staff), inside, by=staff)
    response = staff_client.get(general_url(organization))
    assert "Sam Staff knows Kevin Cho" in response.context["suggestion"]
    assert response.context["form"]["introduction_text"].value().startswith("Sam Staff")


def test_printable_worksheet(staff_client, organization):
    staff_client.post(general_url(organization), {"gain_text": "Two more computers"})
    response = staff_client.get(general_url(organization) + "?print=1")
    assert response.status_code == 200
    assert b"<form" not in response.content.split(b"<main")[-1].split(b"</main>")[0]
    assert b"Two more computers" in response.content
    assert b"Not answered yet." in response.content


def test_volunteers_read_but_cannot_save(volunteer_client, organization):
    response = volunteer_client.get(general_url(organization))
    assert response.status_code == 200 and b"Save answers" not in response.content
    assert volunteer_client.post(general_url(organization), {"ask_text": "x"}).status_code == 403
    assert not Answer.objects.exists()


def test_volunteers_cannot_save_goal_answers(volunteer_client, library, organization):
    goal = make_goal(library)
    assert volunteer_client.post(goal_url(goal, organization), {"ask_text": "x"}).status_code == 403


def test_outsiders_get_404(outsider_client, library, organization):
    assert outsider_client.get(general_url(organization)).status_code == 404
    goal = make_goal(library)
    assert outsider_client.get(goal_url(goal, organization)).status_code == 404


def test_other_libraries_ids_are_404(staff_client, library, other_library, organization):
    theirs = Organization.objects.create(library=other_library, name="Theirs")
    assert staff_client.get(general_url(theirs)).status_code == 404
    goal = make_goal(library)
    assert staff_client.get(goal_url(goal, theirs)).status_code == 404
    from allies.goals.models import Goal

    their_goal = Goal.objects.create(library=other_library, statement="Theirs")
    assert staff_client.get(goal_url(their_goal, organization)).status_code == 404


def test_the_organization_page_links_to_the_questions(staff_client, organization):
    response = staff_client.get(f"/l/riverton/directory/organizations/{organization.pk}/")
    assert general_url(organization).encode() in response.content


WEIGHTS = "/l/riverton/matching/weights/"


def test_everyone_reads_the_weights_with_their_defaults(volunteer_client):
    response = volunteer_client.get(WEIGHTS)
    assert response.status_code == 200
    assert b"Only an owner" in response.content
    assert FitWeights.for_library(response.wsgi_request.library) == DEFAULT_WEIGHTS


def test_staff_cannot_change_the_weights(staff_client, library):
    assert staff_client.post(WEIGHTS, {**DEFAULT_WEIGHTS, "mission": "0"}).status_code == 403
    assert not FitWeights.objects.exists()


def test_volunteers_cannot_change_the_weights(volunteer_client, library):
    assert volunteer_client.post(WEIGHTS, {**DEFAULT_WEIGHTS, "mission": "0"}).status_code == 403


def test_owners_change_the_weights(owner_client, library):
    data = {**DEFAULT_WEIGHTS, "mission": "0"}
    assert owner_client.post(WEIGHTS, data).status_code == 302
    assert FitWeights.for_library(library)["mission"] == 0


def test_bad_weights_are_refused(owner_client, library):
    response = owner_client.post(WEIGHTS, {**DEFAULT_WEIGHTS, "audience": "-1"})
    assert response.status_code == 200 and b"from 0 to 10" in response.content
    response = owner_client.post(WEIGHTS, dict.fromkeys(DEFAULT_WEIGHTS, "0"))
    assert b"At least one part must count" in response.content
    assert not FitWeights.objects.exists()


def test_outsiders_get_404_on_weights(outsider_client):
    assert outsider_client.get(WEIGHTS).status_code == 404


def test_the_weights_page_says_the_recommended_weight_of_each_part(owner_client, volunteer_client):
    for client in (owner_client, volunteer_client):
        page = client.get(WEIGHTS).content.decode()
        for part, weight in DEFAULT_WEIGHTS.items():
            assert f"Recommended: {weight:g}" in page, part
    # Nothing saved yet: no way back is offered, there is nowhere to go back from.
    assert "Use the recommended weights" not in owner_client.get(WEIGHTS).content.decode()


def test_going_back_with_no_weights_of_their_own_changes_nothing(owner_client, library):
    response = owner_client.post(WEIGHTS, {"recommended": "1"}, follow=True)
    page = response.content.decode()
    assert "The recommended weights are back" in page and "Your own differed" not in page
    assert not FitWeights.objects.filter(library=library).exists()


def test_owners_go_back_to_the_recommended_weights(owner_client, library):
    owner_client.post(WEIGHTS, {**DEFAULT_WEIGHTS, "mission": "0"})
    version = FeaturesVersion.objects.get(library=library).version
    assert "Use the recommended weights" in owner_client.get(WEIGHTS).content.decode()
    response = owner_client.post(WEIGHTS, {"recommended": "1"}, follow=True)
    page = response.content.decode()
    # What the library's own weights were is said, so a slip loses nothing.
    assert "The recommended weights are back" in page
    assert "Your own differed in: their words match the goal 0." in page
    assert not FitWeights.objects.filter(library=library).exists()
    assert FitWeights.for_library(library) == DEFAULT_WEIGHTS
    # The rankings read the weights again.
    assert FeaturesVersion.objects.get(library=library).version > version


def test_only_owners_go_back_to_the_recommended_weights(staff_client, library):
    FitWeights.objects.create(library=library, mission=0)
    assert staff_client.post(WEIGHTS, {"recommended": "1"}).status_code == 403
    assert FitWeights.for_library(library)["mission"] == 0


def test_outsiders_cannot_reset_another_librarys_weights(outsider_client, library):
    FitWeights.objects.create(library=library, mission=0)
    assert outsider_client.post(WEIGHTS, {"recommended": "1"}).status_code == 404
    assert FitWeights.for_library(library)["mission"] == 0
