"""The volunteer's journey on a 390x844 phone: a compact main menu, and the contact log as short
cards (when, partner, kind, the note's first line) instead of a six-column table."""

import pytest
from playwright.sync_api import expect

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
NOTE = "Dana dropped off the sign-up sheets for the fall reading club.\nSecond line stays home."


@pytest.fixture
def contacts(library, volunteer):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )
    for note in ("", "Called about the book sale.", NOTE):  # the newest first
        Contact.objects.create(
            library=library, partnership=partnership, kind="visit", note=note, logged_by=volunteer
        )


def test_the_volunteer_on_a_phone_reads_the_contact_log_as_cards(
    page, volunteer, library, contacts, screenshot
):
    page.set_viewport_size(PHONE)
    sign_in(page, volunteer.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    height = nav.bounding_box()["height"]
    assert height <= 60, height  # one "Menu" row, not three rows of links (260 pixels)
    expect(nav.get_by_role("link", name="Partners")).to_be_hidden()
    screenshot("menu-closed")
    nav.get_by_text("Menu").click()
    expect(nav.get_by_role("link", name="Partners")).to_be_visible()
    screenshot("menu-open")

    page.goto("/l/riverton/stewardship/contacts/")
    cards = page.locator(".contact-card")
    expect(cards).to_have_count(3)
    expect(page.locator(".contact-table")).to_be_hidden()
    first = cards.first
    expect(first).to_contain_text("Riverton Rotary Club")
    expect(first).to_contain_text("Visit")
    expect(first).to_contain_text("Dana dropped off the sign-up sheets for the fall reading club.")
    expect(first).not_to_contain_text("Second line")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The five filters fold under one line, so the first card is on the first screen.
    expect(page.get_by_label("Kind")).to_be_hidden()
    assert first.bounding_box()["y"] + 40 < PHONE["height"], first.bounding_box()
    screenshot("contact-log")
    page.get_by_text("Filter contacts").click()
    page.get_by_label("Kind").select_option("visit")
    page.get_by_role("button", name="Show contacts").click()
    expect(page.get_by_label("Kind")).to_be_visible()  # a filter in use stays in view


def test_on_a_laptop_the_contact_log_stays_a_table_and_the_menu_open(
    page, volunteer, library, contacts, screenshot
):
    sign_in(page, volunteer.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Partners")).to_be_visible()
    expect(nav.get_by_text("Menu", exact=True)).to_be_hidden()
    page.goto("/l/riverton/stewardship/contacts/")
    expect(page.locator(".contact-table")).to_be_visible()
    expect(page.locator(".contact-cards")).to_be_hidden()
    expect(page.get_by_label("Kind")).to_be_visible()
    screenshot("contact-log")
