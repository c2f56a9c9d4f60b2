"""Reflow (WCAG 1.4.10): every page fits 320 CSS pixels without scrolling the page sideways.

The same walk checks that every aria-describedby and aria-labelledby names an element that exists
(WCAG 1.3.1: hints and errors tied to their fields), and that no aria-label sits on an element that
may not be named (a paragraph, a span, a bare div: screen readers do not read it, WCAG 4.1.2).

The walk is made in a 1280-pixel window zoomed to 400% (320 x 225 CSS pixels at device scale 4),
which has a phone's 320-pixel width too. Tables may scroll, but only inside their own region,
which is labelled and reachable by keyboard.

The walk reuses the every-URL walk of tests/test_every_url.py (every page of a library, with one
record of each kind, and a long web address and unbroken words to wrap), then the sample library's
fuller pages.
"""

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.test_every_url import all_library_urls, records  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

LONG_URL = "https://www.riverton-community-foundation.example/about-us/our-board-of-directors/2026"
LONG_WORD = "Supercalifragilisticexpialidociousfoundationforliteracy"

# What overflows: the page itself, and any table that is not inside a labelled, focusable region.
CHECK = r"""() => {
  const root = document.documentElement;
  const tables = [...document.querySelectorAll("main table")].filter((table) => {
    const region = table.closest('[role="region"]');
    return !region || region.tabIndex !== 0
      || !(region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))
      || getComputedStyle(region).overflowX !== "auto";
  });
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width && box.right > root.clientWidth + 0.5 && !element.closest('.table-wrap');
  }).slice(-3).map((element) => element.tagName.toLowerCase() + "." + element.className);
  const dangling = [];
  document.querySelectorAll("[aria-describedby], [aria-labelledby]").forEach((element) => {
    for (const name of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (element.getAttribute(name) || "").split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) { dangling.push(`${name}=${id}`); }
      }
    }
  });
  // aria-label on an element whose role may not be named (a paragraph, a span, a bare div) is not
  // read by screen readers (ARIA 1.2: naming prohibited).
  const unnamed = [...document.querySelectorAll(
    "p[aria-label], span[aria-label], div[aria-label], strong[aria-label], em[aria-label], code[aria-label], small[aria-label], b[aria-label], i[aria-label]"
  )].filter((element) => !element.hasAttribute("role"))
    .map((element) => element.tagName.toLowerCase() + "." + element.className);
  return {
    unnamed: unnamed.join(", "),
    dangling: dangling.join(", "),
    wide: wide.join(", "),
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    bareTables: tables.length,
  };
}"""


def html_pages(client, paths, *, whole: bool = False):
    """The paths that answer a page (not a redirect, a download or a POST-only 405); with
    `whole`, only whole pages (not the htmx fragments, which have no <title>)."""
    pages = []
    for name, path in paths:
        response = client.get(path)
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if html and (not whole or b"<title>" in response.content):
            pages.append((name, path))
    return pages


def overflowing(page, pages, titles=None):
    problems = []
    for name, path in pages:
        assert page.goto(path).ok, path
        if titles is not None:
            titles.setdefault(page.title(), []).append(name)
        found = page.evaluate(CHECK)
        if found["scrollWidth"] > found["clientWidth"]:
            problems.append(f"{name} {path}: {found['scrollWidth']} px wide ({found['wide']})")
        if found["dangling"]:
            problems.append(f"{name} {path}: names missing ids: {found['dangling']}")
        if found["unnamed"]:
            problems.append(f"{name} {path}: aria-label where it is not read: {found['unnamed']}")
        if found["bareTables"]:
            problems.append(f"{name} {path}: {found['bareTables']} table(s) outside a region")
    return problems


SAME_PAGE = (
    {"matching:questions", "matching:candidate_questions"},
    {"outreach:pilot_new", "outreach:offer_accept"},
)


def pages_with_long_words(client, owner, made) -> list:
    """Every HTML page of the library, its organization named with a long word and a long web
    address (the text most likely to widen a page)."""
    organization = made["organization"]
    organization.website = LONG_URL
    organization.name = f"Riverton {LONG_WORD}"
    organization.save()
    client.force_login(owner)
    return html_pages(client, all_library_urls(made))


# 320 CSS pixels, as a 1280 x 900 window zoomed to 400% lays pages out: 320 x 225 at scale 4 (the
# short height is where sticky or fixed parts would cover the page). A phone's 320 x 800 has the
# same width, and every check here is about width, so one walk covers both.
WINDOW = {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4}


def test_every_page_of_a_library_reflows_at_320_css_pixels(
    browser,
    live_server,
    owner,
    records,  # noqa: F811
    client,
):
    pages = pages_with_long_words(client, owner, records)
    assert len(pages) > 80
    context = browser.new_context(base_url=live_server.url, **WINDOW)
    context.set_default_timeout(10_000)
    page = context.new_page()
    titles = {}
    try:
        sign_in(page, owner.email, PASSWORD)
        problems = overflowing(page, pages, titles)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    # WCAG 2.4.2: every page has its own title (a page and its edit form, two lists, ...).
    # Fragments for htmx have no title. The key questions are one form reached from an
    # organization or from a goal's ranking; a pilot is recorded from its partnership or from an
    # event's accepted offer: the same page, so the same title.
    shared = {
        title: names
        for title, names in titles.items()
        if len(names) > 1 and title and set(names) not in SAME_PAGE
    }
    assert not shared, "\n".join(f"{title}: {', '.join(names)}" for title, names in shared.items())
    # Two pages about one organization are told apart by their titles.
    organization_titles = [
        title for title, names in titles.items() if "directory:organization" in names
    ]
    partnership_titles = [
        title for title, names in titles.items() if "partnerships:detail" in names
    ]
    assert organization_titles != partnership_titles
    assert (
        len(
            titles["Partnership with Riverton " + LONG_WORD + " · Riverton Public Library · Allies"]
        )
        == 1
    )


SAMPLE_PAGES = (
    "/l/sample/",
    "/l/sample/directory/organizations/",
    "/l/sample/partners/",
    "/l/sample/reports/",
    "/l/sample/reports/annual/",
    "/l/sample/reports/partners/",
    "/l/sample/stewardship/habits/",
    "/l/sample/plan/",
    "/l/sample/plan/benefits-board/",
    "/partners/sample/",
    "/l/sample/workshop/",
    "/w/",
)


@pytest.fixture
def sample(client):
    from allies import sample_data
    from allies.goals.models import Goal
    from allies.libraries.models import User
    from allies.partnerships.models import Partnership

    sample_data.load_sample_data(include_irs=False)
    goal = Goal.objects.filter(library__slug="sample").first()
    partnership = Partnership.objects.filter(library__slug="sample").first()
    organization = partnership.organization
    organization.website = LONG_URL
    organization.save()
    client.force_login(User.objects.get(email="director@sample.allies.example"))
    extra = (
        f"/l/sample/goals/{goal.pk}/rank/",
        f"/l/sample/goals/{goal.pk}/brokering/",
        f"/l/sample/partners/{partnership.pk}/",
        f"/l/sample/directory/organizations/{organization.pk}/",
    )
    return html_pages(client, [("sample", path) for path in SAMPLE_PAGES + extra])


def test_the_sample_library_reflows(browser, live_server, sample):
    from allies.sample_data import DEMO_PASSWORD

    context = browser.new_context(base_url=live_server.url, **WINDOW)
    page = context.new_page()
    try:
        sign_in(page, "director@sample.allies.example", DEMO_PASSWORD)
        problems = overflowing(page, sample)
    finally:
        context.close()
    assert len(sample) >= len(SAMPLE_PAGES)
    assert not problems, "\n".join(problems)
