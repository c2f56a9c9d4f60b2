"""The journeys of a librarian, in Debian's Chromium: sign in, add an organization, import the
Vermont file through the upload page, move a partnership through stages, search."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.partnerships.models import Partnership, Stage
from tests.browser.conftest import serious_accessibility_problems, sign_in
from tests.conftest import PASSWORD, first_rows

VERMONT = Path(__file__).resolve().parents[3] / "shared" / "data" / "irs-eo-bmf-vt.csv"

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_shows_today_and_sign_out_returns_to_login(page, staff, library):
    sign_in(page, staff.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/l/riverton/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Directory")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_wrong_password_says_so_and_keeps_the_address(page, staff):
    sign_in(page, staff.email, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value(staff.email)


def test_add_an_organization_then_find_it_by_search(page, staff, library, screenshot):
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/directory/organizations/new/")
    page.get_by_label("Name", exact=True).fill("Riverton Youth Shelter")
    page.get_by_label("Sector").select_option(label="Nonprofit")
    page.get_by_label("Mission").fill(
        "Safe beds and a way forward for young people without a home."
    )
    page.get_by_label("City or town").fill("Riverton")
    page.get_by_label("Youth facing homelessness").check()
    page.get_by_label("ZIP code").fill("0560")
    page.get_by_role("button", name="Save organization").click()
    # A tired librarian typed four digits: the error summary says what is wrong, nothing is saved.
    expect(page.get_by_role("alert")).to_contain_text("ZIP")
    assert not Organization.objects.filter(name="Riverton Youth Shelter").exists()
    page.get_by_label("ZIP code").fill("05602")
    page.get_by_role("button", name="Save organization").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverton Youth Shelter")
    expect(page.get_by_text("Youth facing homelessness").first).to_be_visible()
    screenshot("organization")

    page.get_by_role("link", name="Directory").click()
    page.get_by_role("main").get_by_role("searchbox").first.fill("way forward")
    page.get_by_role("button", name="Find organizations").click()
    expect(page.get_by_role("link", name="Riverton Youth Shelter")).to_be_visible()
    page.get_by_role("main").get_by_role("searchbox").first.fill("nothing like this")
    page.get_by_role("button", name="Find organizations").click()
    expect(page.get_by_role("link", name="Riverton Youth Shelter")).to_have_count(0)


@pytest.mark.skipif(not VERMONT.exists(), reason="../shared/data is not beside the checkout")
def test_import_the_vermont_file_through_the_upload_page(
    page, staff, library, screenshot, settings, tmp_path
):
    """The first 1,500 organizations of the Vermont file, as a large file: over the rows an
    import reads in the request (lowered to 1,000 here), so it runs in the background worker."""
    settings.IMPORT_JOB_ROWS = 1000
    upload = first_rows(VERMONT, tmp_path / VERMONT.name, 1500)
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/directory/imports/")
    page.get_by_label("Spreadsheet file").set_input_files(str(upload))
    # Reading the rows takes seconds on a busy machine: each step may take up to a minute.
    page.get_by_role("button", name="Upload and check columns").click(timeout=60_000)
    # The IRS extract is recognised by its headings; on to the preview.
    preview = page.get_by_role("button", name=re.compile(r"Preview the import"))
    if preview.count():
        preview.click(timeout=60_000)
    import_button = page.get_by_role("button", name=re.compile(r"Import [\d,]+ organizations"))
    expect(import_button).to_be_visible(timeout=60_000)
    screenshot("preview")
    import_button.click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("import", re.I))
    # A large file waits for the background worker (`allies serve` starts one; here the test runs
    # it), and the page shows the report when the worker is done.
    progress = page.url
    if connection.vendor == "sqlite":
        # An in-memory SQLite database is one connection shared by the live server's thread and
        # this one, which must not use it at the same time (Django's LiveServerTestCase docs): the
        # page's polling and the worker's exclusive transaction collided ("database table is
        # locked"). The page is left while the worker runs, and opened again after; on
        # PostgreSQL each thread has its own connection and the page polls throughout.
        page.goto("about:blank")
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    if page.url != progress:
        page.goto(progress)
    expect(page.get_by_text(re.compile(r"[\d,]+ created|created: [\d,]+", re.I))).not_to_have_count(
        0, timeout=60_000
    )
    assert Organization.objects.filter(library=library).count() == 1500
    screenshot("report")
    page.goto("/l/riverton/directory/organizations/?q=montpelier")
    expect(page.get_by_text(re.compile(r"organizations? match|organizations?"))).not_to_have_count(
        0
    )
    assert page.get_by_role("row").count() > 2


def test_move_a_partnership_through_stages(page, staff, library, screenshot):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    partnership = Partnership.objects.create(library=library, organization=organization)
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/partners/{partnership.pk}/")

    def move(stage, reason, **extra):
        page.get_by_label("New stage").select_option(label=stage)
        page.get_by_label("Reason").fill(reason)
        for label, value in extra.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name="Move partnership").click()

    move("Reaching out", "Met their president at the farmers market")
    move("Pilot", "They will fund a laptop lending pilot for one term")
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT
    # Declined without what we learned is refused with a message, and the stage stays.
    move("Declined", "Their board said no")
    expect(page.get_by_role("alert")).to_be_visible()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT
    page.get_by_label("Why they said no").select_option(label="The timing was wrong")
    page.get_by_label("What we learned").fill("Ask before their budget is set in March")
    page.get_by_role("button", name="Move partnership").click()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.DECLINED
    assert partnership.lessons == "Ask before their budget is set in March"
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Met their president at the farmers market")
    expect(timeline).to_contain_text("Their board said no")
    screenshot("timeline")


def test_main_pages_have_no_serious_accessibility_violations(page, staff, library):
    from axe_playwright_python.sync_playwright import Axe

    rotary = Organization.objects.create(
        library=library, name="Riverton Rotary Club", city="Riverton"
    )
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    sign_in(page, staff.email, PASSWORD)
    axe = Axe()
    problems = []
    for path in (
        "/l/riverton/",
        "/l/riverton/directory/organizations/",
        "/l/riverton/directory/organizations/new/",
        "/l/riverton/partners/",
        "/l/riverton/goals/",
        "/l/riverton/directory/imports/",
        "/l/riverton/connections/",
        f"/l/riverton/connections/organizations/{rotary.pk}/worksheet/",
        f"/l/riverton/connections/organizations/{rotary.pk}/paths/",
        f"/l/riverton/goals/{goal.pk}/rank/",
        f"/l/riverton/goals/{goal.pk}/brokering/",
        f"/l/riverton/matching/organizations/{rotary.pk}/questions/",
        "/l/riverton/matching/landscape/",
    ):
        assert page.goto(path).ok, path
        problems += serious_accessibility_problems(page, axe, path)
    assert not problems, "\n".join(problems)


def test_plan_reports_recognition_and_workshop_pages_have_no_serious_accessibility_violations(page):
    """The pages of the plan, the reports and the workshop, filled with the sample library's records."""
    from axe_playwright_python.sync_playwright import Axe

    from allies import sample_data
    from allies.planning.models import ActionPlan
    from allies.recognition.models import Recognition
    from allies.workshop.models import Workshop

    sample_data.load_sample_data(include_irs=False)
    plan = ActionPlan.objects.filter(library__slug="sample", goal__isnull=False).first()
    recognition = Recognition.objects.filter(partnership__library__slug="sample").first()
    workshop = Workshop.objects.filter(library__slug="sample").first()
    partnership_id = recognition.partnership_id
    sign_in(page, "director@sample.allies.example", sample_data.DEMO_PASSWORD)
    axe = Axe()
    problems = []
    for path in (
        "/l/sample/plan/",
        f"/l/sample/plan/{plan.pk}/",
        "/l/sample/plan/benefits-board/",
        "/l/sample/reports/",
        "/l/sample/reports/annual/",
        "/l/sample/reports/partners/",
        f"/l/sample/reports/partners/{partnership_id}/impact/",
        "/l/sample/reports/recognition/",
        f"/l/sample/reports/recognition/{recognition.pk}/",
        "/partners/sample/",
        "/l/sample/workshop/",
        f"/l/sample/workshop/{workshop.pk}/",
        "/w/",
    ):
        assert page.goto(path).ok, path
        problems += serious_accessibility_problems(page, axe, path)
    assert not problems, "\n".join(problems)
