"""axe over every page of a library (WCAG 2.2 AA as far as axe sees): the every-URL walk of
tests/test_every_url.py (one record of each kind; the projector view included) finds no serious or
critical problem, nor do a participant's pages (outside any library, so outside the walk).
tests/browser/test_journeys.py runs axe on the sample library's fuller pages."""

import pytest

from tests.browser.conftest import serious_accessibility_problems, sign_in
from tests.browser.test_reflow import html_pages
from tests.conftest import PASSWORD
from tests.test_every_url import all_library_urls, records  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_of_a_library_has_no_serious_axe_problem(page, owner, records, client):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    client.force_login(owner)
    # htmx fragments (no <html>, no title) are checked inside the pages that hold them.
    pages = html_pages(client, all_library_urls(records), whole=True)
    assert len(pages) > 80
    sign_in(page, owner.email, PASSWORD)
    axe = Axe()
    problems = []
    for _name, path in pages:
        assert page.goto(path).ok, path
        problems += serious_accessibility_problems(page, axe, path)
    assert not problems, "\n".join(problems)


def test_a_participants_pages_have_no_serious_axe_problem(new_context, owner, library):
    """The pages of a participant's phone, outside any library: joining, each of the six parts,
    and the worksheets once the session is finished."""
    from axe_playwright_python.sync_playwright import Axe

    from allies.workshop.models import Workshop, WorkshopStatus
    from tests.browser.test_workshop_activities import join

    workshop = Workshop.objects.create(
        library=library,
        trainer=owner,
        title="Partnerships morning",
        status=WorkshopStatus.RUNNING,
        current=1,  # join() expects the benefits board
    )
    axe = Axe()
    problems = []
    phone = join(new_context, workshop, "Ann")
    for part in range(len(workshop.agenda)):
        Workshop.objects.filter(pk=workshop.pk).update(current=part)
        phone.reload()
        problems += serious_accessibility_problems(phone, axe, f"part {part + 1}")
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.FINISHED)
    assert phone.goto(f"/w/{workshop.join_code}/worksheets/").ok
    problems += serious_accessibility_problems(phone, axe, "worksheets")
    assert not problems, "\n".join(problems)
