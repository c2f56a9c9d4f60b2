"""A 300-character word typed into a record never widens a page beyond the viewport, on a phone
(390 pixels) or a laptop (1280), in Chromium."""

import pytest

from allies.directory.models import Organization, Person
from allies.goals.models import Goal
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact
from allies.workshop import running
from allies.workshop.access import device_key
from allies.workshop.models import Contribution
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.workshop.helpers import participant_client, running_workshop

pytestmark = pytest.mark.django_db(transaction=True)
WIDEST = """() => { const w = document.documentElement.clientWidth;
  const over = e => e.getBoundingClientRect().right > w;
  return [...document.querySelectorAll('main *')].filter(e => over(e) && !over(e.parentElement))
    .map(e => e.tagName + '.' + e.className + ':' + e.textContent.trim().slice(0, 30)); }"""
WORD = "Supercalifragilistic" * 15  # 300 characters, no place to break
assert len(WORD) == 300


@pytest.fixture
def long_words(library, staff, owner):
    organization = Organization.objects.create(
        library=library, name=WORD[:200], mission=f"To {WORD} every day.", notes=WORD
    )
    person = Person.objects.create(library=library, name=WORD[:200])
    partnership = Partnership.objects.create(
        library=library,
        organization=organization,
        stage=Stage.ACTIVE,
        benefits_to_library=WORD,
        lessons=WORD,
    )
    Contact.objects.create(
        library=library, partnership=partnership, kind="visit", note=WORD, logged_by=staff
    )
    # A statement holds 300 characters: the word is cut to fit with the words around it.
    goal = Goal.objects.create(library=library, statement=f"Reach {WORD[:250]} before the review")
    workshop = running_workshop(library, owner, part="closing", groups=2)
    participant, _browser = participant_client(workshop, display_name="Ann", group=1)
    Contribution.objects.create(
        workshop=workshop,
        participant=participant,
        activity="benefits_board",
        data={"partner": WORD, "receives": WORD, "offers": WORD},
    )
    running.finish(workshop)
    return {
        "pages": [
            "/l/riverton/directory/organizations/",
            f"/l/riverton/directory/organizations/{organization.pk}/",
            f"/l/riverton/directory/people/{person.pk}/",
            "/l/riverton/partners/",
            f"/l/riverton/partners/{partnership.pk}/",
            "/l/riverton/stewardship/contacts/",
            "/l/riverton/directory/people/",
            "/l/riverton/goals/",
            f"/l/riverton/goals/{goal.pk}/",
            f"/l/riverton/outreach/partnerships/{partnership.pk}/pitch/",
            f"/l/riverton/workshop/{workshop.pk}/",
        ],
        "workshop": workshop,
        "device_link": f"/w/{workshop.join_code}/open/{device_key(participant)}/",
    }


@pytest.mark.parametrize("width", [390, 1280])
def test_a_300_character_word_never_widens_a_page(page, staff, long_words, width, screenshot):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, staff.email, PASSWORD)
    too_wide = {}
    for path in long_words["pages"]:
        page.goto(path)
        assert WORD[:100] in page.content(), path
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            too_wide[path] = (scroll, page.evaluate(WIDEST))
    # The participant's worksheets, opened through their link to another device.
    page.goto(long_words["device_link"])
    path = f"/w/{long_words['workshop'].join_code}/worksheets/"
    assert page.url.endswith(path)
    assert WORD[:100] in page.content(), path
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        too_wide[path] = scroll
    screenshot(f"worksheets-{width}")
    assert not too_wide, too_wide
