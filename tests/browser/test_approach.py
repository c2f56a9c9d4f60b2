"""The approach in Chromium, as the issue tells it: from a ranked candidate, draft a pitch, ask for
an introduction, record a pilot (refused once for its dates) and review it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from allies.connections.paths import forget_graphs
from allies.matching.features import forget_features
from allies.outreach.models import IntroductionRequest, Pilot, PitchTemplate
from allies.partnerships.models import Partnership, Stage
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.matching.test_ranking import connect, make_goal, make_org, person_at, staff_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(library, staff):
    forget_features()
    forget_graphs()
    bank = make_org(
        library,
        "Valley Bank",
        audiences=["job-seekers"],
        resources=["funding"],
        mission="Helping people in the valley find work and manage money",
    )
    make_org(library, "Chess Club")
    goal = make_goal(library)
    PitchTemplate.objects.create(
        library=library,
        technology="Four public computers, booked from opening to closing.",
        reach="38,000 visits a year.",
    )
    sam = staff_person(library, staff)
    ann = person_at(make_org(library, "Riverton Garden Club"), "Ann Archer")
    dana = person_at(bank, "Dana Reyes")
    connect(library, sam, ann, by=staff)
    connect(library, ann, dana, by=staff, strength=4)
    yield {"bank": bank, "goal": goal}
    forget_graphs()


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_from_a_ranked_candidate_to_a_reviewed_pilot(page, staff, library, story, screenshot):
    sign_in(page, staff.email, PASSWORD)

    # The best candidate for the goal becomes a prospect; its stage links to the partnership.
    page.goto(f"/l/riverton/goals/{story['goal'].pk}/rank/")
    first_row = page.locator("table.ranking tbody tr").first
    expect(first_row.get_by_role("rowheader")).to_contain_text("Valley Bank")
    first_row.get_by_role("button", name="Add to prospects").click()
    page.locator("table.ranking tbody tr").first.get_by_role("link", name="Prospect").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Valley Bank")
    partnership = Partnership.objects.get(organization=story["bank"])

    # A pitch: the partner's benefit is missing at first, and the page says so.
    page.get_by_role("link", name="Draft a pitch").click()
    assert "Valley Bank" in page.get_by_label("Pitch", exact=True).input_value()
    page.get_by_label("Benefits to the library").fill("Two more computers for job seekers.")
    page.get_by_label("Benefits to the community").fill("Shorter waits to apply for work.")
    page.get_by_role("button", name="Save pitch").click()
    expect(page.get_by_role("alert").first).to_contain_text("what the partner gains")
    assert page.get_by_label("Benefits to the library").input_value() == (
        "Two more computers for job seekers."
    )
    page.get_by_label("Benefits to the partner").fill("Customers who trust them with money.")
    page.get_by_role("button", name="Save pitch").click()
    expect(page.get_by_text("Pitch saved as version 1.")).to_be_visible()
    screenshot("pitch")

    # An introduction through Ann, who knows the bank's director.
    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    page.get_by_role("link", name="Ask for an introduction").click()
    screenshot("paths")
    page.get_by_role("link", name="Ask Ann Archer").first.click()
    message = page.get_by_label("Message")
    assert "Dana Reyes" in message.input_value()
    page.get_by_role("button", name="Save and mark as asked").click()
    expect(page.get_by_text("Saved: you asked Ann Archer")).to_be_visible()
    page.get_by_label("We met").check()
    page.get_by_label("Note").fill("Coffee with Dana; she wants to hear about job club.")
    page.get_by_role("button", name="Record this step").click()
    assert IntroductionRequest.objects.get().status == "met"
    partnership.refresh_from_db()
    assert partnership.stage == Stage.REACHING_OUT

    # A pilot: its last day before its first is refused, with everything typed kept.
    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    page.get_by_role("link", name="Record a pilot").click()
    page.get_by_label("Name").fill("Job club money clinic")
    page.get_by_label("First day").fill(day(-20))
    page.get_by_label("Last day").fill(day(-30))
    page.get_by_label("What the library does").fill("The room and the job club members.")
    page.get_by_label("What the partner does").fill("A banker answers questions for an hour.")
    page.get_by_label("What success looks like").fill("Ten people come; three open an account.")
    page.get_by_role("button", name="Save the pilot").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text(
        "The last day comes before the first day"
    )
    assert page.get_by_label("Name").input_value() == "Job club money clinic"
    assert not Pilot.objects.exists()
    page.get_by_label("Last day").fill(day(-1))
    page.get_by_role("button", name="Save the pilot").click()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT

    # Its review: growing it into a formal partnership moves the stage to Active.
    page.get_by_role("link", name="Review this pilot").click()
    page.get_by_label("Attendance").fill("14")
    page.get_by_label("How did it go?").fill("Fourteen came; five asked for a follow-up.")
    page.get_by_label("Grow into a formal partnership").check()
    screenshot("review")
    page.get_by_role("button", name="Save the review").click()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ACTIVE
    assert Pilot.objects.get().decision == "grow"

    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Asked Ann Archer for an introduction to Dana Reyes")
    expect(timeline).to_contain_text("Met Dana Reyes")
    expect(timeline).to_contain_text("Job club money clinic")
    screenshot("partnership")
