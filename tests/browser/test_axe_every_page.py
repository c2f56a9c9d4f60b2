"""axe over every page of a library (WCAG 2.2 AA as far as axe sees): the every-URL walk of
tests/test_every_url.py (one record of each kind; the projector view included) finds no serious or
critical problem. tests/browser/test_journeys.py runs axe on the sample library's fuller pages; a
participant's pages (outside any library) are not in this walk."""

import pytest

from tests.browser.conftest import serious_accessibility_problems, sign_in
from tests.browser.test_reflow import html_pages
from tests.conftest import PASSWORD
from tests.test_every_url import all_library_urls, records  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_of_a_library_has_no_serious_axe_problem(page, owner, records, client):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    client.force_login(owner)
    pages = [
        (name, path)
        for name, path in html_pages(client, all_library_urls(records))
        # htmx fragments (no <html>, no title) are checked inside the pages that hold them.
        if b"<title>" in client.get(path).content
    ]
    assert len(pages) > 80
    sign_in(page, owner.email, PASSWORD)
    axe = Axe()
    problems = []
    for _name, path in pages:
        assert page.goto(path).ok, path
        problems += serious_accessibility_problems(page, axe, path)
    assert not problems, "\n".join(problems)
