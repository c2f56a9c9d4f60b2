"""Recognition drafts: written from the partnership's facts, readable when there are none."""

import datetime

import pytest

from allies.directory.models import Organization
from allies.outreach.models import CommunityEvent, Pilot, SupportOffer
from allies.partnerships.models import Commitment, Partnership, Stage
from allies.recognition import drafts
from allies.recognition.drafts import Facts, PilotFact
from allies.recognition.models import ListingConsent, RecognitionKind
from allies.stewardship.models import Contact

DAY = datetime.date(2026, 11, 22)
KINDS = RecognitionKind.values


@pytest.fixture
def rich(library, staff):
    """A partner with a pilot (attendance, outcome), an event, support and kept promises."""
    organization = Organization.objects.create(library=library, name="Riverside Youth Shelter")
    partnership = Partnership.objects.create(
        library=library,
        organization=organization,
        stage=Stage.ACTIVE,
        started_on=datetime.date(2025, 9, 1),
        benefits_to_library="Teens who never came in now have library cards.",
        benefits_to_partner="PRIVATE-PARTNER-BENEFIT",
    )
    Pilot.objects.create(
        library=library,
        partnership=partnership,
        title="Teen tech drop-ins",
        starts_on=datetime.date(2026, 3, 4),
        ends_on=datetime.date(2026, 5, 27),
        library_does="Laptops",
        partner_does="The room",
        success_looks_like="Ten teens a week",
        attendance=84,
        outcome="Eleven residents sent their first job application",
    )
    event = CommunityEvent.objects.create(
        library=library, title="Spring block party", organizer=organization, starts_on=DAY
    )
    SupportOffer.objects.create(
        library=library, event=event, offer="A story tent", status="accepted"
    )
    for kind in ("budget_meeting", "budget_meeting", "volunteered", "other"):
        Contact.objects.create(
            library=library,
            partnership=partnership,
            kind="support",
            support_kind=kind,
            note="PRIVATE-CONTACT-NOTE",
            logged_by=staff,
        )
    Commitment.objects.create(
        library=library,
        partnership=partnership,
        owed_by="partner",
        what="Two volunteers every Wednesday",
        due_on=DAY,
        status="kept",
    )
    Commitment.objects.create(
        library=library, partnership=partnership, owed_by="partner", what="A banner", due_on=DAY
    )
    return partnership


@pytest.fixture
def bare(library):
    organization = Organization.objects.create(library=library, name="Harbor Credit Union")
    return Partnership.objects.create(library=library, organization=organization)


def test_the_facts_come_from_the_record_and_leave_private_words_out(rich):
    facts = drafts.facts_for(rich, day=DAY)
    assert facts.partner == "Riverside Youth Shelter"
    assert facts.city == "Riverton"
    assert facts.pilots == [
        PilotFact("Teen tech drop-ins", 84, "Eleven residents sent their first job application")
    ]
    assert facts.events == ["Spring block party"]
    assert facts.supports == ["spoke at a budget meeting", "volunteered"]
    assert facts.kept_promises == ["two volunteers every Wednesday"]  # the open one is not said
    for kind in KINDS:
        text = drafts.draft(kind, facts)
        assert "PRIVATE" not in text, kind


def test_every_kind_says_what_they_did_and_what_came_of_it(rich):
    facts = drafts.facts_for(rich, day=DAY)
    newsletter = drafts.newsletter(facts)
    assert newsletter.startswith("Thank you, Riverside Youth Shelter!")
    for phrase in (
        "ran “Teen tech drop-ins” with the library (84 people took part)",
        "welcomed the library at “Spring block party”",
        "spoke at a budget meeting",
        "volunteered",
        "delivered what they promised: two volunteers every Wednesday",
        "What came of “Teen tech drop-ins”: eleven residents sent their first job application.",
        "teens who never came in now have library cards.",
    ):
        assert phrase in newsletter
    website = drafts.website_entry(facts)
    assert website.splitlines()[:2] == ["Riverside Youth Shelter", "Partner since 2025"]
    assert "84 people took part" in website


def test_a_press_release_has_headline_dateline_quote_placeholder_and_about(rich):
    text = drafts.press_release(drafts.facts_for(rich, day=DAY))
    blocks = text.split("\n\n")
    assert blocks[0] == "FOR IMMEDIATE RELEASE"
    assert (
        blocks[1]
        == "Riverton Public Library thanks Riverside Youth Shelter for its work with the library"
    )
    assert blocks[2].startswith(
        "RIVERTON, 22 November 2026 — Riverton Public Library today thanked"
    )
    assert (
        "[QUOTE FROM THE DIRECTOR — to be written by the library director before sending]" in blocks
    )
    about = blocks.index("About Riverton Public Library")
    assert blocks[about + 1].startswith("Free access to knowledge")


def test_a_certificate_names_the_partner_and_why(rich):
    text = drafts.certificate(drafts.facts_for(rich, day=DAY))
    assert text.split("\n\n") == [
        "Certificate of appreciation",
        "presented to",
        "Riverside Youth Shelter",
        "in grateful recognition of a partnership in which they ran “Teen tech drop-ins” with the library "
        "(84 people took part), welcomed the library at “Spring block party” and spoke at a "
        "budget meeting.",
        "Riverton Public Library",
        "22 November 2026",
    ]


def test_with_no_facts_every_kind_still_reads_well(bare):
    facts = drafts.facts_for(bare, day=DAY)
    assert drafts.did(facts) == [] and drafts.came_of_it(facts) == []
    for kind in KINDS:
        text = drafts.draft(kind, facts)
        assert "Harbor Credit Union" in text, kind
        for bad in ("None", "[]", "  ", " .", "..", ": .", "()"):
            assert bad not in text.replace("\n\n", "\n"), (kind, bad, text)
    assert drafts.newsletter(facts) == (
        "Thank you, Harbor Credit Union! Harbor Credit Union is a valued partner of Riverton "
        "Public Library. We are grateful for their support and look forward to what we will do "
        "next together."
    )


def test_without_a_city_or_mission_the_press_release_still_has_a_dateline_and_about(bare):
    bare.library.city = bare.library.mission = ""
    text = drafts.press_release(drafts.facts_for(bare, day=DAY))
    assert "\n\n22 November 2026 — Riverton Public Library today thanked" in text
    assert "Riverton Public Library is a public library open to everyone." in text


def test_the_public_name_they_agreed_to_is_the_name_drafts_use(bare):
    ListingConsent.objects.create(
        library=bare.library, partnership=bare, agreed=True, public_name="Harbor CU"
    )
    bare.refresh_from_db()
    assert drafts.facts_for(bare).partner == "Harbor CU"


@pytest.mark.parametrize("length", [10, 60, 150, 300])
def test_a_social_post_stays_within_280_characters_with_long_names(length):
    facts = Facts(
        partner="The " + "Very Long Named Community Foundation " * (length // 36 + 1),
        library="Riverton Public Library of the Greater " + "Valley " * (length // 7 + 1),
        pilots=[PilotFact("x" * length, 1200, "An outcome " * (length // 10 + 1))],
        supports=["spoke at a budget meeting"],
    )
    post = drafts.social_post(facts)
    assert len(post) <= 280
    assert post.startswith("A big thank-you to The Very Long")


def test_a_social_post_keeps_the_richest_version_that_fits():
    facts = Facts(
        partner="Harbor Credit Union",
        library="Riverton Public Library",
        supports=["spoke at a budget meeting"],
        benefits_to_library="A new laptop cart.",
    )
    assert drafts.social_post(facts) == (
        "A big thank-you to Harbor Credit Union, who spoke at a budget meeting! For the library, "
        "it meant this: a new laptop cart. From all of us at Riverton Public Library."
    )
    shorter = drafts.social_post(facts, limit=90)
    assert shorter == "A big thank-you to Harbor Credit Union, who spoke at a budget meeting!"


def test_join_uses_and_before_the_last_item():
    assert drafts.join([]) == ""
    assert drafts.join(["a"]) == "a"
    assert drafts.join(["a", "b"]) == "a and b"
    assert drafts.join(["a", "b", "c"]) == "a, b and c"
