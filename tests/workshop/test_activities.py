"""Participants' answers to each activity: saved, shown back to them and to the trainer's board,
refused before their part has come and after the end, never written into another workshop."""

import pytest

from allies.workshop.activity_data import participant_context, room_context
from allies.workshop.models import Contribution, Feedback, GroupAnswer, Participant
from tests.workshop.helpers import participant_client, running_workshop, url

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def workshop(library, owner):
    return running_workshop(library, owner, part="closing")


def test_benefits_entries_fill_the_three_columns(workshop):
    ann, ann_browser = participant_client(workshop, display_name="Ann")
    bob, bob_browser = participant_client(workshop)
    response = ann_browser.post(
        url(workshop, "benefits_board"),
        {
            "benefits_board-partner": "Rotary Club",
            "benefits_board-receives": "Volunteers",
            "benefits_board-offers": "Meeting room",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert b"Rotary Club" in response.content
    bob_browser.post(
        url(workshop, "benefits_board"),
        {"benefits_board-partner": "Credit union", "benefits_board-offers": "A newsletter note"},
    )
    mine = participant_context(ann, "benefits_board")
    assert [entry.data["partner"] for entry in mine["entries"]] == ["Rotary Club"]
    board = room_context(workshop, "benefits_board")
    assert board["partners"] == ["Credit union", "Rotary Club"]
    assert board["receives"] == ["Volunteers"]
    assert board["offers"] == ["Meeting room", "A newsletter note"]
    assert board["entries"] == 2


def test_remove_only_your_own_entry(workshop):
    ann, ann_browser = participant_client(workshop)
    bob, bob_browser = participant_client(workshop)
    entry = Contribution.objects.create(
        workshop=workshop, participant=ann, activity="benefits_board", data={"partner": "A"}
    )
    bob_browser.post(url(workshop, "benefits_board"), {"remove": entry.pk})
    assert Contribution.objects.filter(pk=entry.pk).exists()
    ann_browser.post(url(workshop, "benefits_board"), {"remove": entry.pk})
    assert not Contribution.objects.filter(pk=entry.pk).exists()


def test_a_benefit_needs_something_each_way_and_texts_are_capped(workshop):
    participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, "benefits_board"), {"benefits_board-partner": "Rotary"})
    assert response.status_code == 400  # shown again with the error, nothing lost
    assert "Write what the library receives" in response.content.decode()
    assert 'value="Rotary"' in response.content.decode()
    response = browser.post(
        url(workshop, "benefits_board"),
        {"benefits_board-partner": "R" * 121, "benefits_board-receives": "x"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Keep it under 120 characters (it has 121)." in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_participant_cannot_flood_the_board(workshop):
    from allies.workshop.activity_views import MAX_ENTRIES

    participant, browser = participant_client(workshop)
    Contribution.objects.bulk_create(
        Contribution(workshop=workshop, participant=participant, activity="benefits_board")
        for _ in range(MAX_ENTRIES)
    )
    response = browser.post(
        url(workshop, "benefits_board"),
        {"benefits_board-partner": "One more", "benefits_board-receives": "x"},
        **HTMX,
    )
    assert "remove one first" in response.content.decode()
    assert Contribution.objects.count() == MAX_ENTRIES


def tree_post(**extra):
    data = {
        "connection_tree-partner": "Copperline Networks",
        "connection_tree-name_0": "Aunt May",
        "connection_tree-how_0": "family",
        "connection_tree-name_1": "Joe Fibre",
        "connection_tree-how_1": "friend",
        "connection_tree-through_1": "aunt may",
    }
    data.update(extra)
    return data


def test_connection_tree_draws_two_levels_and_the_room_sees_only_counts(workshop):
    participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, "connection_tree"), tree_post(), **HTMX)
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert "Joe Fibre, through aunt may." in response.content.decode()  # the text alternative
    tree = participant_context(participant, "connection_tree")["tree"]
    assert [node["name"] for node in tree["nodes"] if node["level"] == 2] == ["Joe Fibre"]
    assert len(tree["lines"]) == 2
    room = room_context(workshop, "connection_tree")
    assert (room["trees"], room["connections"], room["shared"]) == (1, 2, [])
    browser.post(url(workshop, "connection_tree"), tree_post(**{"connection_tree-share": "on"}))
    assert Contribution.objects.filter(activity="connection_tree").count() == 1  # replaced
    assert (
        room_context(workshop, "connection_tree")["shared"][0]["partner"] == "Copperline Networks"
    )


def test_through_must_name_someone_else_on_the_tree(workshop):
    participant, browser = participant_client(workshop)
    response = browser.post(
        url(workshop, "connection_tree"),
        tree_post(**{"connection_tree-through_1": "Somebody Else"}),
        **HTMX,
    )
    assert "Write the name of someone else on your tree" in response.content.decode()
    assert not Contribution.objects.exists()


def test_key_questions_use_the_products_questions(workshop):
    from allies.matching.models import QUESTIONS

    participant, browser = participant_client(workshop)
    first, second = QUESTIONS[0], QUESTIONS[1]
    browser.post(
        url(workshop, "key_questions"),
        {"key_questions-partner": "Three Rivers Foundation", f"key_questions-{first.code}": "Well"},
    )
    mine = participant_context(participant, "key_questions")
    assert mine["answered"] == [(str(first.text), "Well")]
    assert str(second.text) in str(mine["form"])
    room = room_context(workshop, "key_questions")
    assert (room["answered"], room["partners"]) == (1, ["Three Rivers Foundation"])


def case_post(partner, steps="Visit them"):
    return {"case_study-partner": partner, "case_study-steps": steps}


def test_case_study_one_answer_per_group_side_by_side(workshop):
    one, one_browser = participant_client(workshop, group=1)
    two, two_browser = participant_client(workshop, group=1)
    three, three_browser = participant_client(workshop, group=2)
    alone, alone_browser = participant_client(workshop)
    partner = "Copperline Networks"
    one_browser.post(url(workshop, "case_study"), case_post(partner, "Call them"))
    two_browser.post(url(workshop, "case_study"), case_post(partner, "Invite them for a tour"))
    three_browser.post(url(workshop, "case_study"), case_post("Three Rivers Community Foundation"))
    response = alone_browser.post(url(workshop, "case_study"), case_post(partner), **HTMX)
    assert "Wait for the trainer to form the groups" in response.content.decode()
    assert GroupAnswer.objects.count() == 2
    groups = room_context(workshop, "case_study")["groups"]
    assert [g["answer"]["partner"] if g["answer"] else None for g in groups] == [
        partner,
        "Three Rivers Community Foundation",
        None,
    ]
    assert groups[0]["answer"]["steps"] == "Invite them for a tour"  # the last write wins
    assert participant_context(one, "case_study")["group_answer"].data["steps"] == (
        "Invite them for a tour"
    )


def test_case_study_partner_must_be_one_of_the_material(workshop):
    participant, browser = participant_client(workshop, group=1)
    browser.post(url(workshop, "case_study"), case_post("Someone invented"))
    assert not GroupAnswer.objects.exists()


def survey_post(answers):
    return {f"survey-{habit}": answer for habit, answer in answers.items()}


def test_survey_spread_counts_each_answer_without_names(workshop):
    from allies.stewardship.models import Habit

    everyone = {habit.value: "sometimes" for habit in Habit}
    for thank in ("always", "always", "never"):
        participant, browser = participant_client(workshop, display_name="Named person")
        response = browser.post(url(workshop, "survey"), survey_post({**everyone, "thank": thank}))
        assert response.status_code == 302
    room = room_context(workshop, "survey")
    spread = {row["habit"]: row["counts"] for row in room["spread"]}
    assert spread["thank"] == [2, 0, 1]  # always, sometimes, never
    assert spread["chat"] == [0, 3, 0]
    assert room["answered"] == 3
    assert room["chart"].rows[0][1] == [2, 0, 1]
    assert "Named person" not in str(room)


def test_survey_refuses_a_missing_answer(workshop):
    participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, "survey"), {"survey-thank": "always"}, **HTMX)
    assert "There is a problem" in response.content.decode()
    assert response.content.decode().count("Choose Always, Sometimes or Never.") == 12  # 6 x 2
    assert not Contribution.objects.exists()


def test_planning_says_what_is_missing(workshop):
    participant, browser = participant_client(workshop)
    browser.post(
        url(workshop, "planning"),
        {
            "planning-opportunity_1": "Copperline Networks",
            "planning-partner_1": "Rotary",
            "planning-partner_1_what": "Thank them at the fair",
            "planning-partner_1_due": "2026-12-01",
        },
    )
    mine = participant_context(participant, "planning")
    assert mine["answer"]["for_partners"][0]["due_on"] == "2026-12-01"
    assert len(mine["missing"]) == 3  # the why, one opportunity, two things to do
    room = room_context(workshop, "planning")
    assert (room["answered"], room["complete"], room["opportunities"]) == (1, 0, 1)
    response = browser.post(
        url(workshop, "planning"), {"planning-partner_2_what": "Send the results"}, **HTMX
    )
    assert "Name the partner this is for." in response.content.decode()


def test_handout_shows_the_materials_tips_and_the_habits(workshop):
    from allies.workshop.material import material_for

    participant, _browser = participant_client(workshop)
    handout = participant_context(participant, "handout")
    assert handout["tips"] == material_for(workshop).tips
    assert len(handout["habits"]) == 7


def test_feedback_is_anonymous_and_given_once(workshop):
    participant, browser = participant_client(workshop, display_name="Traceable Tess")
    data = {
        "feedback-most_useful": "The tree",
        "feedback-rating": "5",
        "feedback-recommend": "yes",
    }
    response = browser.post(url(workshop, "feedback"), data, **HTMX)
    assert "Thank you for your feedback" in response.content.decode()
    browser.post(url(workshop, "feedback"), data)
    assert Feedback.objects.count() == 1
    participant.refresh_from_db()
    assert participant.gave_feedback
    feedback = Feedback.objects.get()
    # No column of the row can lead back to a participant: no foreign key to one, nothing
    # written in it that they are known by, and only the day it was given.
    related = {f.related_model for f in Feedback._meta.get_fields() if f.is_relation}
    assert Participant not in related
    assert related == {workshop.__class__}
    stored = str(feedback.data) + str(feedback.given_on)
    assert "Tess" not in stored and participant.token not in stored
    assert str(participant.pk) not in feedback.data.values()
    assert feedback.data == {
        "most_useful": "The tree",
        "improve": "",
        "rating": 5,
        "recommend": "yes",
    }


@pytest.mark.parametrize(
    ("part", "key"),
    [("welcome", "benefits_board"), ("benefits", "connection_tree"), ("planning", "feedback")],
)
def test_refused_before_its_part_has_come(library, owner, part, key):
    workshop = running_workshop(library, owner, part=part)
    participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, key), {f"{key}-partner": "X"}, **HTMX)
    assert response.status_code == 200
    assert "opens when the trainer gets to it" in response.content.decode()
    assert "<form" not in response.content.decode()
    response = browser.post(url(workshop, key), {f"{key}-partner": "X"})
    assert response.status_code == 302
    assert not Contribution.objects.exists() and not Feedback.objects.exists()


def test_finished_session_is_read_only(workshop):
    participant, browser = participant_client(workshop)
    Contribution.objects.create(
        workshop=workshop, participant=participant, activity="benefits_board", data={"partner": "A"}
    )
    workshop.status = "finished"
    workshop.save()
    response = browser.post(url(workshop, "benefits_board"), {"remove": "1"}, **HTMX)
    assert "cannot be changed" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_another_workshops_participant_cannot_post_here(library, owner, workshop):
    elsewhere = running_workshop(library, owner, part="closing")
    stranger, browser = participant_client(elsewhere)
    response = browser.post(
        url(workshop, "benefits_board"),
        {"benefits_board-partner": "Rotary", "benefits_board-receives": "Money"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/w/{workshop.join_code}/join/"
    assert not Contribution.objects.exists()


def test_unknown_activity_and_get_are_refused(workshop):
    participant, browser = participant_client(workshop)
    assert browser.post(url(workshop, "karaoke"), {}).status_code == 404
    assert browser.get(url(workshop, "survey")).status_code == 405


def test_plain_post_returns_to_the_room(workshop):
    participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, "survey"), survey_post({"thank": "always"}))
    assert response.status_code == 400
    from allies.stewardship.models import Habit

    response = browser.post(url(workshop, "survey"), survey_post({h.value: "never" for h in Habit}))
    assert response["Location"] == f"/w/{workshop.join_code}/"


def test_one_query_per_activity_for_the_room(workshop, django_assert_max_num_queries):
    from allies.workshop.activities import ACTIVITIES

    participant, browser = participant_client(workshop, group=1)
    participant.workshop = workshop
    for activity in ACTIVITIES:
        with django_assert_max_num_queries(2):
            room_context(workshop, activity.key)
        with django_assert_max_num_queries(1):
            participant_context(participant, activity.key)


def test_tree_form_opens_the_written_rows_and_two_more():
    from allies.workshop.activity_forms import ConnectionTreeForm

    assert ConnectionTreeForm().rows_shown == 4
    stored = {"partner": "X", "people": [{"name": f"P{n}"} for n in range(5)]}
    assert ConnectionTreeForm(initial=ConnectionTreeForm.initial_from(stored)).rows_shown == 7


def test_every_part_renders_for_the_room_and_the_trainer(library, owner, owner_client):
    """Walk the agenda with one of everything written: each part's activities appear on the
    participant's room page and on the trainer's live panel with what was written."""
    from allies.stewardship.models import Habit
    from tests.workshop.helpers import PART_OF

    workshop = running_workshop(library, owner, part="closing")
    participant, browser = participant_client(workshop, group=1)
    posts = [
        (
            "benefits_board",
            {"benefits_board-partner": "Rotary", "benefits_board-offers": "A plaque"},
        ),
        ("connection_tree", tree_post(**{"connection_tree-share": "on"})),
        (
            "key_questions",
            {"key_questions-partner": "Three Rivers", "key_questions-ask": "A letter"},
        ),
        ("case_study", case_post("Copperline Networks", "Offer a tour")),
        ("survey", survey_post({habit.value: "always" for habit in Habit})),
        ("planning", {"planning-opportunity_1": "Credit union"}),
        ("feedback", {"feedback-rating": "4", "feedback-recommend": "maybe"}),
    ]
    for key, data in posts:
        assert browser.post(url(workshop, key), data).status_code == 302, key
    expected = {
        "benefits": ("A plaque", "A plaque"),
        "identify": ("Offer a tour", "Offer a tour"),
        "sustain": ("You answered 7 habits", "1 person answered"),
        "planning": ("Still missing", "Plans started"),
        "closing": ("Thank you for your feedback", "1 feedback form received"),
    }
    for part, (mine, room) in expected.items():
        workshop.current = PART_OF[part]
        workshop.save()
        page = browser.get(f"/w/{workshop.join_code}/").content.decode()
        assert mine in page, part
        live = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/live/").content.decode()
        assert room in live, part
