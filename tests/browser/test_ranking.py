"""Evaluate fit in Chromium: answer the key questions for a candidate, rank the candidates for a
goal, and add the best one to the prospects."""

import pytest
from playwright.sync_api import expect

from allies.matching.features import forget_features
from allies.matching.models import Answer
from allies.partnerships.models import Partnership
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.matching.test_ranking import make_goal, make_org

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def goal(library):
    forget_features()
    make_org(library, "Valley Bank", audiences=["job-seekers"], resources=["funding"])
    make_org(library, "Chess Club")
    return make_goal(library)


def test_answer_questions_rank_and_add_the_best_to_prospects(
    page, staff, library, goal, screenshot
):
    bank = library.organizations.get(name="Valley Bank")
    sign_in(page, staff.email, PASSWORD)

    page.goto(f"/l/riverton/directory/organizations/{bank.pk}/")
    page.get_by_role("link", name="Key partnership questions").click()
    expect(page.get_by_text("0 of 10 questions answered")).to_be_visible()
    page.get_by_label("3. What do we need them to do?").fill("Pay for two computers this year.")
    page.get_by_label("Rating for question 7").select_option("5")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Answers saved.")).to_be_visible()
    expect(page.get_by_text("2 of 10 questions answered")).to_be_visible()
    assert Answer.objects.filter(organization=bank).count() == 2
    screenshot("questions")

    page.goto(f"/l/riverton/goals/{goal.pk}/")
    page.get_by_role("link", name="Rank candidates").click()
    first_row = page.locator("table.ranking tbody tr").first
    expect(first_row.get_by_role("rowheader")).to_contain_text("Valley Bank")
    expect(first_row).to_contain_text("Funding")
    screenshot("ranking")
    first_row.get_by_role("button", name="Add to prospects").click()
    expect(page.get_by_text("Valley Bank added to your prospects.")).to_be_visible()
    expect(page.locator("table.ranking tbody tr").first).to_contain_text("Prospect")
    assert Partnership.objects.get(organization=bank).stage == "prospect"
