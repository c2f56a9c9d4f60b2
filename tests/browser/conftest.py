"""Playwright driving Debian's Chromium against Django's live server.

Without /usr/bin/chromium the browser tests are skipped, except where ALLIES_REQUIRE_BROWSER is set
(CI sets it), where a missing browser is a failure.
"""

import collections
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ALLIES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("ALLIES_TEST_ARTIFACTS", "test-artifacts"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


CALL_REPORT = pytest.StashKey()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


def note_response(responses, response) -> None:
    if "/static/" not in response.url:
        took = response.request.timing.get("responseStart", -1)
        responses.append(
            f"{response.request.method} {response.url} {response.status} ({took:.0f} ms to answer)"
        )


def save_screenshot(page, name: str) -> Path:
    """The whole page as test-artifacts/NAME.png (CI keeps them; we look at them by hand)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def keep_what_the_page_showed(page, node, responses) -> None:
    """After a failed test: the page's address, title, last responses, alerts and a screenshot
    with its HTML under test-artifacts/, added to the failure's report. A failure seen once under
    CI's load (a label not found after a click) cannot be read from a timeout alone."""
    report = node.stash.get(CALL_REPORT, None)
    if report is None or not report.failed or page.is_closed():
        return
    lines = [f"address: {page.url}"]
    try:
        lines.append(f"title: {page.title()}")
        alerts = page.locator("[role=alert], .errorlist, .messages").all_inner_texts()
        lines += [f"alert: {' '.join(text.split())}" for text in alerts if text.strip()]
        shot = save_screenshot(page, f"{node.name}-failed")
        shot.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        lines.append(f"screenshot and HTML: {shot.with_suffix('')}.png/.html")
    except Exception as error:  # the page may be gone with the failure: say so, keep the rest
        lines.append(f"could not read the page: {error}")
    lines += [f"response: {line}" for line in responses]
    report.sections.append(("what the browser showed", "\n".join(lines)))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("ALLIES_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


# Every page reports what the Content-Security-Policy refused; a refusal fails the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch_csp(context) -> list[str]:
    """Listen on every page of `context`; returns the list the violations are added to."""
    violations: list[str] = []

    def on_console(message):
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            violations.append(text)

    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on("console", on_console)
    return violations


@pytest.fixture
def new_context(browser, live_server):
    """Open another browser (a participant's phone, a reader of another language): each is closed
    after the test, also when the test fails. A page left open keeps asking the live server (a
    participant's page asks every few seconds), and its connection keeps a server thread busy past
    the wait before the flush (tests/conftest.py), which then fails this test and the next."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser, live_server, settings, tmp_path, request):
    # Pages are kept per member as in production (allies/core/page_cache.py): the live server's
    # requests commit their changes, which forget the kept pages.
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "pages",
        },
    }
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    violations = watch_csp(context)
    responses = collections.deque(maxlen=8)  # the last few pages, for a failure's report
    context.on("response", lambda response: note_response(responses, response))
    page = context.new_page()
    yield page
    keep_what_the_page_showed(page, request.node, responses)
    context.close()
    assert violations == [], "the Content-Security-Policy refused: " + "; ".join(violations)


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot under test-artifacts/ (CI keeps them; we look at them by hand)."""

    def take(name: str) -> Path:
        return save_screenshot(page, f"{request.node.name}-{name}")

    return take


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def serious_accessibility_problems(page, axe, path: str) -> list[str]:
    """axe's serious and critical violations on the page now open, one line each."""
    return [
        f"{path}: {violation['id']} ({violation['help']})"
        for violation in axe.run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
