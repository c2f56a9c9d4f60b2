"""Browser: draft a pitch, watch the word count follow the typing, save it (Playwright, Chromium)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.outreach.test_pitches import BENEFITS

pytestmark = pytest.mark.django_db(transaction=True)


def test_draft_count_and_save_a_pitch(page, screenshot, staff, library):
    from allies.directory.models import Audience, Organization
    from allies.goals.models import Goal
    from allies.outreach.models import Pitch, PitchTemplate
    from allies.partnerships.models import Partnership

    PitchTemplate.objects.create(
        library=library,
        spaces="Three meeting rooms, free to book, open evenings and weekends.",
        technology="Forty public computers and hotspots to lend.",
        reach="42,000 visits and 9,000 card holders a year.",
        impact="Last summer 300 teens finished our after-school coding club.",
    )
    organization = Organization.objects.create(
        library=library,
        name="Riverton Rotary Club",
        mission="To serve the town through volunteer projects for young people",
    )
    organization.audiences.add(Audience.objects.create(library=library, name="teens"))
    partnership = Partnership.objects.create(library=library, organization=organization, **BENEFITS)
    goal = Goal.objects.create(library=library, statement="Fund two more public computers")

    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    page.get_by_role("link", name="Draft a pitch").click()
    page.goto(page.url + f"?goal={goal.pk}")
    text = page.get_by_label("Pitch", exact=True)
    assert "Riverton Rotary Club" in text.input_value()
    timing = page.locator("#pitch-timing")
    assert "words, about" in timing.inner_text()
    screenshot("drafted")

    text.press("End")
    text.type(" And more" * 70, delay=0)  # well past a minute: the warning appears without saving
    # (a locator, not wait_for_function: a string predicate is eval'd, which the CSP refuses)
    expect(page.locator("#pitch-timing")).to_contain_text("Longer than one minute")
    page.get_by_role("button", name="Save pitch").click()
    assert page.get_by_text("Pitch saved as version 1.").is_visible()
    assert Pitch.objects.get().goal == goal
