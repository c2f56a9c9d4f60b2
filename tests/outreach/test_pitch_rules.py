"""Word count, spoken time and the first draft of a pitch: plain Python, no database."""

import pytest

from allies.outreach.pitch import draft_pitch, is_too_long, spoken_seconds, word_count


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("Libraries build communities.", 3),
        ("We raised $5,400 in 2027.", 5),
        ("Open 9-5, 6 days a week", 6),
        ("after-school homework help", 3),
        ("Don't miss the teens' night — it's free", 7),
        ("books—and more", 3),
        ("books – and more", 3),
        ("Wait... what?! Yes!!!", 3),
        ("3.5 hours, 12:30 start, 100% free", 6),
        ("— - $ ,", 0),
    ],
)
def test_word_count(text, words):
    assert word_count(text) == words


def test_spoken_seconds_at_130_words_a_minute():
    assert spoken_seconds("") == 0
    assert spoken_seconds(" ".join(["word"] * 130)) == 60
    assert spoken_seconds(" ".join(["word"] * 131)) == 61  # rounded up: never promise less
    assert spoken_seconds(" ".join(["word"] * 65)) == 30
    assert spoken_seconds("one two", wpm=60) == 2


def test_past_one_minute_is_too_long():
    assert not is_too_long(" ".join(["word"] * 130))
    assert is_too_long(" ".join(["word"] * 131))


def test_words_per_minute_must_be_positive():
    with pytest.raises(ValueError):
        spoken_seconds("hello", wpm=0)


def test_draft_leads_with_the_partner_and_names_every_benefit():
    draft = draft_pitch(
        library_name="Riverton Public Library",
        partner_name="Riverton Rotary Club",
        partner_mission="To serve the town through volunteer projects",
        audiences=["teens", "families", "seniors", "veterans"],
        goal="Fund two more public computers.",
        brings={"reach": "42,000 visits a year. Second sentence left out.", "spaces": ""},
        benefits_to_partner="a room for your weekly meeting",
        benefits_to_library="volunteers for homework help",
        benefits_to_community="more teens online after school",
    )
    assert draft.startswith("At Riverton Rotary Club, you work to serve the town")
    assert "teens, families and seniors" in draft and "veterans" not in draft
    assert "42,000 visits a year." in draft and "Second sentence" not in draft
    assert "fund two more public computers." in draft
    assert draft.index("For you: a room") < draft.index("For the library: volunteers")
    assert "For our community: more teens online after school." in draft
    assert not is_too_long(draft)


def test_draft_without_parts_still_reads_as_an_invitation():
    draft = draft_pitch(library_name="Riverton Public Library", partner_name="Shelter House")
    assert "Shelter House" in draft
    assert "For you" not in draft and "goal" not in draft
    assert draft.rstrip().endswith("?")


@pytest.mark.parametrize(
    "mission, opening",
    [
        (
            "The town's administration: roads, records and the annual budget.",
            "We know your work at Town of Maple Ford: the town's administration: roads",
        ),
        (
            "A member-owned credit union with branches in three towns.",
            "We know your work at Town of Maple Ford: a member-owned credit union",
        ),
        ("to keep the roads open", "At Town of Maple Ford, you work to keep the roads open."),
    ],
)
def test_a_mission_that_is_not_to_do_something_is_not_forced_into_you_work_to(mission, opening):
    """The sample's missions describe ("The town's administration: ...", "A member-owned credit
    union ..."): the draft said "you work to the town's administration" and "you work to a
    member-owned credit union"."""
    draft = draft_pitch(
        library_name="Maple Ford Free Library",
        partner_name="Town of Maple Ford",
        partner_mission=mission,
    )
    assert draft.startswith(opening), draft
    assert "you work to the" not in draft and "you work to a " not in draft


def test_audiences_read_in_lower_case_mid_sentence_but_acronyms_keep_theirs():
    """The sample's Ledgemont draft said "You reach Adult learners, Job seekers and Students"."""
    draft = draft_pitch(
        library_name="Maple Ford Free Library",
        partner_name="Ledgemont University",
        audiences=["Adult learners", "ESL students", "Job seekers"],
    )
    assert "You reach adult learners, ESL students and job seekers," in draft, draft
