"""The director's journey from a goal to a pitch: the goal is carried from the ranking into the
draft, the draft fits its minute, and counting words always works."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization, Resource
from allies.goals.models import Goal
from allies.outreach.models import Pitch, PitchTemplate
from allies.outreach.pitch import WORDS_PER_MINUTE, draft_pitch, is_too_long, word_count
from allies.partnerships.models import Partnership

LONG_TEMPLATE = {
    "spaces": "Three meeting rooms and a quiet study room, free to book for any group in town.",
    "collections": "Forty thousand books, films and magazines, and a local history archive.",
    "programs": "Homework help every weekday afternoon and a coding club on Saturdays.",
    "technology": "Twelve public computers, free Wi-Fi and laptops to borrow for two weeks.",
    "reach": "42,000 visits a year from every neighborhood, and 3,000 newsletter readers.",
    "impact": "Last year 400 people learned a new digital skill at the library.",
}


@pytest.fixture
def goal(library):
    goal = Goal.objects.create(
        library=library, statement="Two more public computers before the budget review"
    )
    goal.primary_audiences.add(Audience.objects.get(library=library, slug="teens"))
    goal.resources_needed.add(Resource.objects.get(library=library, slug="funding"))
    return goal


@pytest.fixture
def bank(library):
    organization = Organization.objects.create(
        library=library,
        name="Riverton Savings Bank",
        mission=(
            "To help families in Riverton save, borrow and build a future, and to give back "
            "to the town through grants and volunteer hours. We have served the valley since 1889."
        ),
        notes="Their foundation funds youth and teen programs every spring.",
    )
    organization.audiences.add(Audience.objects.get(library=library, slug="teens"))
    return organization


def test_add_to_prospects_from_a_ranking_remembers_the_goal(staff_client, library, goal, bank):
    url = reverse("matching:add_prospect", args=[library.slug, goal.pk, bank.pk])
    assert staff_client.post(url).status_code == 302
    partnership = Partnership.objects.get(library=library, organization=bank)
    assert partnership.goal == goal


def test_the_draft_carries_the_goal_and_fits_its_minute(staff_client, library, goal, bank):
    PitchTemplate.objects.create(library=library, **LONG_TEMPLATE)
    staff_client.post(reverse("matching:add_prospect", args=[library.slug, goal.pk, bank.pk]))
    partnership = Partnership.objects.get(library=library, organization=bank)
    response = staff_client.get(reverse("outreach:pitch", args=[library.slug, partnership.pk]))
    form = response.context["form"]
    assert form.initial["goal"] == goal
    text = form.initial["text"]
    assert "two more public computers before the budget review" in text
    assert "You reach teens, the people this goal is for." in text
    assert "funding" in text  # what they can bring, from their notes
    assert word_count(text) < WORDS_PER_MINUTE and not is_too_long(text)
    page = response.content.decode()
    assert "Longer than one minute" not in page
    assert "No particular goal" in page  # still a choice, not the one chosen
    assert f'<option value="{goal.pk}" selected>' in page


def test_choosing_another_goal_changes_the_draft(staff_client, library, goal, bank):
    partnership, _created = Partnership.objects.find_or_start(library, bank, by=None)
    other = Goal.objects.create(library=library, statement="A seed library for gardeners")
    url = reverse("outreach:pitch", args=[library.slug, partnership.pk])
    first = staff_client.get(url).context["form"].initial["text"]
    assert "goal" not in first
    data = {"goal": other.pk, "text": first, "action": "redraft"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    text = response.context["form"].initial["text"]
    assert "seed library for gardeners" in text and text != first
    assert not Pitch.objects.exists()
    data = {"goal": goal.pk, "text": text, "action": "redraft"}
    assert (
        "two more public computers" in staff_client.post(url, data).context["form"].initial["text"]
    )


def test_counting_words_with_empty_benefits_answers_200_without_errors(staff_client, library, bank):
    partnership, _created = Partnership.objects.find_or_start(library, bank, by=None)
    url = reverse("outreach:pitch", args=[library.slug, partnership.pk])
    response = staff_client.post(url, {"text": "We raised $5,400 together.", "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" not in page and "field-error" not in page
    assert "4 words" in page
    assert "We raised $5,400 together." in page
    assert not Pitch.objects.exists()


def test_the_required_benefits_say_so_before_anyone_submits(staff_client, library, bank):
    partnership, _created = Partnership.objects.find_or_start(library, bank, by=None)
    page = staff_client.get(reverse("outreach:pitch", args=[library.slug, partnership.pk]))
    assert page.content.decode().count("Required to save the pitch") == 3


def test_a_long_template_and_long_benefits_still_fit_the_minute():
    draft = draft_pitch(
        library_name="Maple Ford Free Library",
        partner_name="Riverton Savings Bank",
        partner_mission="To help families save and build a future. Since 1889.",
        audiences=["Teens", "Families", "Seniors"],
        goal="Two more public computers before the budget review.",
        goal_audiences=["teens", "job seekers"],
        shared_audiences=["teens"],
        shared_resources=["funding"],
        brings=LONG_TEMPLATE,
        benefits_to_partner="your name on the new computers and a thank-you in the newsletter",
        benefits_to_library="two more computers for the people waiting in line every afternoon",
        benefits_to_community="teens who can do their homework and apply for jobs online",
    )
    assert word_count(draft) <= 120, (word_count(draft), draft)
    assert "two more public computers" in draft and "For you: your name" in draft
    assert draft.rstrip().endswith("?")
    assert "Since 1889" not in draft  # the mission's first sentence only
