"""Evaluate fit in Chromium: answer the key questions for a candidate, rank the candidates for a
goal, and add the best one to the prospects."""

import re

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


def test_mark_not_a_fit_and_confirm_a_suggested_audience(page, staff, library, screenshot):
    """A statement-only goal over an imported-looking directory: the librarian sets aside a
    sports league with a reason, sees it leave and the reason kept, then confirms on a shelter's
    page the audience Allies suggested from its name."""
    from allies.directory.models import Organization
    from allies.goals.models import Goal
    from allies.matching.models import FitMark

    forget_features()
    shelter = Organization.objects.create(
        library=library, name="Riverside Youth Shelter", ntee_code="P30", income=850_000
    )
    Organization.objects.create(library=library, name="Riverton Youth Hockey", ntee_code="N60")
    Organization.objects.create(library=library, name="Valley Bakery")
    goal = Goal.objects.create(
        library=library, statement="Weekly drop-in hours for teens experiencing homelessness"
    )
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    rows = page.locator("table.ranking tbody tr")
    expect(rows.first.get_by_role("rowheader")).to_contain_text("Riverside Youth Shelter")
    expect(rows.first).to_contain_text("their name says “Youth Shelter”")
    expect(page.get_by_text("Read from the goal's words:")).to_be_visible()
    hockey = rows.filter(has_text="Riverton Youth Hockey")
    hockey.get_by_text("Not a fit").click()
    hockey.get_by_label("Why not (optional)").fill("A sports league, not a youth service")
    hockey.get_by_role("button", name="Leave out").click()
    expect(page.get_by_text("is marked not a fit and left out")).to_be_visible()
    expect(
        page.locator("table.ranking tbody").get_by_role("rowheader", name="Riverton Youth Hockey")
    ).to_have_count(0)
    expect(page.get_by_text("A sports league, not a youth service")).to_be_visible()
    assert FitMark.objects.get(goal=goal).reason == "A sports league, not a youth service"
    screenshot("not-a-fit")

    page.goto(f"/l/riverton/directory/organizations/{shelter.pk}/")
    suggestions = page.locator("section.suggestions")
    expect(suggestions).to_contain_text("Youth facing homelessness")
    suggestions.locator("li", has_text="Youth facing homelessness").get_by_role(
        "button", name="Confirm"
    ).click()
    expect(page.get_by_text("is now one of Riverside Youth Shelter's own tags")).to_be_visible()
    assert shelter.audiences.filter(slug="youth-facing-homelessness").exists()
    screenshot("suggestion-confirmed")


def expect_only_the_housing_groups(page):
    """The ranking is inside "All of Housing & Shelter": the filter says so, the rows are theirs."""
    expect(page).to_have_url(re.compile(r"[?&]kind=L(&|$)"))
    names = page.locator("table.ranking tbody tr th").all_inner_texts()
    assert sorted(name.splitlines()[0] for name in names) == [
        "Hill Housing Trust",
        "Valley Habitat",
    ]
    expect(page.get_by_label("Kind of organization")).to_have_value("L")


def test_rank_inside_one_kind_of_organization_with_the_keyboard(page, staff, library, goal):
    """The librarian knows the kind: housing groups. She picks it from the filter with the
    keyboard and sees only housing groups, still in order of fit."""
    make_org(library, "Hill Housing Trust", ntee_code="L21")
    make_org(library, "Valley Habitat", ntee_code="L20")
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    kind = page.get_by_label("Kind of organization")
    expect(kind).to_have_attribute("aria-describedby", "id_kind_helptext")
    kind.focus()
    kind.select_option("L")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Show candidates"
    expect_only_the_housing_groups(page)
    # Remembered for the goal, the ranking opens on that kind the next time.
    page.get_by_role("button", name="Remember “All of Housing & Shelter” for this goal").click()
    expect(
        page.get_by_text("This goal's ranking now opens on All of Housing & Shelter.")
    ).to_be_visible()
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    expect(page.get_by_text("Remembered for this goal:")).to_be_visible()
    assert page.locator("table.ranking tbody tr").count() == 2
    expect(page.get_by_label("Kind of organization")).to_have_value("")
    page.get_by_role("button", name="Forget All of Housing & Shelter").click()
    expect(page.get_by_text("is no longer remembered for this goal")).to_be_visible()
    assert page.locator("table.ranking tbody tr").count() > 2


def test_one_click_on_a_kind_among_the_best_ranks_inside_it(page, staff, library, goal):
    """The librarian does not know the kind: the page says which kinds are common among the
    best candidates; she follows one with the keyboard and remembers it for the goal."""
    make_org(library, "Hill Housing Trust", ntee_code="L21", audiences=["job-seekers"])
    make_org(library, "Valley Habitat", ntee_code="L20", audiences=["job-seekers"])
    make_org(library, "Hill Elementary PTO", ntee_code="B94")
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    kinds = page.get_by_role("navigation", name="Kinds of organization among the best candidates")
    expect(kinds).to_contain_text("Kinds among the best 5:")
    link = kinds.get_by_role("link", name="All of Housing & Shelter")
    expect(link.locator("xpath=..")).to_have_text("All of Housing & Shelter (2)")
    link.focus()
    page.keyboard.press("Enter")
    expect_only_the_housing_groups(page)
    page.get_by_role("button", name="Remember “All of Housing & Shelter” for this goal").click()
    expect(page.get_by_text("Remembered for this goal:")).to_be_visible()


def test_rank_among_the_names_a_librarian_knows_with_the_keyboard(page, staff, library, goal):
    """The librarian knows what such groups are called: "legion" and "VFW". She types them in
    "Name has" and sees only those, best fit first; a tired slip of the keyboard is explained."""
    make_org(library, "American Legion Post 12", audiences=["veterans"])
    make_org(library, "VFW Post 7779")
    make_org(library, "Legionella Research Fund")
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    name = page.get_by_label("Name has")
    expect(name).to_have_attribute("aria-describedby", "id_name_helptext")
    name.fill("legion ,  VFW")
    name.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]name=legion"))
    expect(page.get_by_text("Name has: legion, vfw")).to_be_visible()
    names = page.locator("table.ranking tbody tr th").all_inner_texts()
    assert sorted(n.splitlines()[0] for n in names) == [
        "American Legion Post 12",
        "Legionella Research Fund",
        "VFW Post 7779",
    ]
    # Remembered for the goal, the ranking opens on them the next time, in the box.
    page.get_by_role("button", name="Remember “legion, vfw” for this goal").click()
    expect(
        page.get_by_text("This goal's ranking now opens on names with: legion, vfw.")
    ).to_be_visible()
    page.goto(f"/l/riverton/goals/{goal.pk}/rank/")
    expect(page.get_by_label("Name has")).to_have_value("legion, vfw")
    assert page.locator("table.ranking tbody tr").count() == 3
    name = page.get_by_label("Name has")
    name.fill(",".join(f"w{n}" for n in range(11)))
    name.press("Enter")
    expect(page.get_by_text("Give at most 10 alternatives, separated by commas.")).to_be_visible()
    expect(page.get_by_label("Name has")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Forget the words of names legion, vfw").click()
    expect(
        page.get_by_text("Words of names are no longer remembered for this goal.")
    ).to_be_visible()
    assert page.locator("table.ranking tbody tr").count() > 3
