"""Take the README's screenshots from a running demo (`make demo` in another terminal).

.venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(base_url=BASE, viewport={"width": 1200, "height": 860})
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill("director@sample.allies.example")
        page.get_by_label("Password").fill("maple-ford-demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/l/sample/")
        page.screenshot(path=OUT / "today.png")
        page.goto("/l/sample/directory/organizations/?q=maple+ford")
        page.screenshot(path=OUT / "organizations.png")
        page.goto("/l/sample/partners/?stage=pilot")
        page.get_by_role("table").get_by_role("link").first.click()
        page.screenshot(path=OUT / "partnership.png")
        page.goto("/l/sample/goals/")
        page.get_by_role("main").get_by_role("link", name="computers").first.click()
        page.screenshot(path=OUT / "goal.png")
        page.get_by_role("link", name="Rank candidates").click()
        page.screenshot(path=OUT / "ranking.png")
        page.goto("/l/sample/directory/organizations/?q=copperline")
        page.get_by_role("table").get_by_role("link", name="Copperline Networks").click()
        page.get_by_role("link", name="Who can introduce us?").first.click()
        page.get_by_role("heading", name="The paths drawn").scroll_into_view_if_needed()
        page.screenshot(path=OUT / "paths.png", full_page=True)
        page.goto("/l/sample/directory/imports/")
        page.screenshot(path=OUT / "import.png")
        page.goto("/l/sample/outreach/lessons/")
        page.screenshot(path=OUT / "lessons.png")
        page.goto("/l/sample/stewardship/attention/")
        page.screenshot(path=OUT / "attention.png")
        page.goto("/l/sample/stewardship/habits/")
        page.screenshot(path=OUT / "habits.png")
        page.goto("/l/sample/directory/organizations/new/")
        page.get_by_role("button", name="Save organization").click()
        page.screenshot(path=OUT / "form-errors.png")
        page.goto("/l/sample/plan/")
        page.get_by_role("link", name="Open its plan").first.click()
        page.screenshot(path=OUT / "workbook.png")
        page.goto("/l/sample/reports/")
        page.screenshot(path=OUT / "dashboard.png")
        page.goto("/l/sample/reports/partners/")
        page.get_by_role("link", name="Hearthstone Club of Maple Ford").click()
        page.screenshot(path=OUT / "impact.png", full_page=True)
        page.goto("/partners/sample/")
        page.screenshot(path=OUT / "public-partners.png")
        browser.close()


if __name__ == "__main__":
    main()
