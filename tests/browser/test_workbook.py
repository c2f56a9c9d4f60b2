"""The action plan workbook in Chromium, as the issue tells it: build the plan for a goal (answer the
question, two new opportunities, three things to do for partners) while "what is still missing"
shrinks, finish it, export it to Word and open the print view."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.partnerships.models import Partnership
from allies.planning.models import ActionPlan
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.test_documents import _text

pytestmark = pytest.mark.django_db(transaction=True)


def _partnership(library, name, stage, lead):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, lead=lead
    )


def test_build_finish_export_and_print_a_plan(page, staff, library, screenshot):
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    _partnership(library, "Birchbark Books", "prospect", staff)
    Organization.objects.create(library=library, name="Ford Valley Workforce Center")
    for name in ("Hearthstone Club", "Lantern House Shelter", "Maple Ford Schools"):
        _partnership(library, name, "active", staff)
    due = timezone.localdate() + datetime.timedelta(days=10)

    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/goals/{goal.pk}/")
    page.get_by_role("link", name="Action plan").click()
    page.get_by_role("button", name="Start the plan for this goal").click()
    missing = page.get_by_role("region", name="What is still missing")
    expect(missing.get_by_role("listitem")).to_have_text(
        [
            "Answer which partners could help and why",
            "Add two new opportunities to explore",
            "Add three things to do for current partners",
        ]
    )

    page.get_by_role("link", name="Answer the question").click()
    page.get_by_label("Which partners could help, and why?").fill(
        "Hearthstone Club: its members sit on the budget committee."
    )
    page.get_by_role("button", name="Save the answer").click()
    expect(missing).not_to_contain_text("Answer which partners")

    page.get_by_role("link", name="Add a new opportunity").click()
    page.get_by_label("The prospect").select_option(label="Birchbark Books (Prospect)")
    page.get_by_label("What to do").fill("Ask for a donation jar by the till")
    page.get_by_role("button", name="Add the opportunity").click()
    expect(missing).to_contain_text("Add one more new opportunity")

    page.get_by_role("link", name="Add a new opportunity").click()
    page.get_by_label("Or start a new prospect from the directory").select_option(
        label="Ford Valley Workforce Center"
    )
    page.get_by_label("What to do").fill("Offer a job-search workshop")
    page.get_by_role("button", name="Add the opportunity").click()
    expect(missing).not_to_contain_text("opportunit")

    for number, partner in enumerate(("Hearthstone Club", "Lantern House Shelter")):
        page.get_by_role("link", name="Add a thing to do for a partner").click()
        page.get_by_label("The partner it is for").select_option(label=f"{partner} (Active)")
        page.get_by_label("What to do").fill(f"Send {partner} our results")
        if number == 0:  # no date first: refused, and what was typed stays
            page.get_by_label("By when").fill("")
            page.get_by_role("button", name="Add the thing to do").click()
            expect(page.get_by_role("alert")).to_contain_text("Say by when")
            expect(page.get_by_label("What to do")).to_have_value(f"Send {partner} our results")
        page.get_by_label("By when").fill(due.isoformat())
        page.get_by_role("button", name="Add the thing to do").click()
    expect(missing).to_contain_text("Add one more thing to do for current partners")
    screenshot("one-thing-missing")

    page.get_by_role("button", name="Finish the plan").click()
    expect(page.get_by_text("The plan cannot be finished yet")).to_be_visible()

    page.get_by_role("link", name="Add a thing to do for a partner").click()
    page.get_by_label("The partner it is for").select_option(label="Maple Ford Schools (Active)")
    page.get_by_label("What to do").fill("Give the district the card sign-up figures")
    page.get_by_label("By when").fill(due.isoformat())
    page.get_by_role("button", name="Add the thing to do").click()
    expect(missing).to_contain_text("Nothing: the plan has everything")

    page.get_by_role("button", name="Finish the plan").click()
    expect(page.get_by_text("The plan is finished.")).to_be_visible()
    assert ActionPlan.objects.get(goal=goal).is_finished

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to Word").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        text = _text(handle.read())
    assert "Offer a job-search workshop" in text
    assert "Give the district the card sign-up figures" in text
    assert "Hearthstone Club: its members sit on the budget committee." in text

    page.get_by_role("link", name="Printable version").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two more public computers")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_text("Send Lantern House Shelter our results")).to_be_visible()
    shot = screenshot("print-view")
    assert shot.exists()
