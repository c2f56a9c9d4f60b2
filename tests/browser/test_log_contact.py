"""A volunteer on a phone logs a contact from the header link in a few steps and finds it on the
partnership page; without JavaScript the same link opens the log page and brings them back."""

import re

import pytest
from playwright.sync_api import expect

from allies.directory.models import Affiliation, Organization, Person
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact
from tests.browser.conftest import CHROMIUM, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def rotary(library):
    """Two open partners, each with one person; the Rotary's director is the one who dropped by."""
    garden = Organization.objects.create(library=library, name="Garden Club")
    Partnership.objects.create(library=library, organization=garden, stage=Stage.EXPLORING)
    gardener = Person.objects.create(library=library, name="Pat Gardener")
    Affiliation.objects.create(person=gardener, organization=garden)
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )
    director = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=director, organization=organization, role="Director")
    return partnership, director


def test_a_volunteer_on_a_phone_logs_the_directors_visit(
    page, volunteer, library, rotary, screenshot
):
    partnership, director = rotary
    page.set_viewport_size(PHONE)
    sign_in(page, volunteer.email, PASSWORD)
    page.goto("/l/riverton/partners/")
    page.get_by_role("banner").get_by_role("link", name="Log a contact").click()
    # The form opens in a box under the header, on the same page, ready to type.
    box = page.locator("#quick-log")
    # Named by its title, which is no heading: the page's h1 stays the first heading (WCAG 1.3.1).
    expect(box.get_by_role("form", name="Log a contact")).to_be_visible()
    expect(box.get_by_role("heading")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/l/riverton/partners/$"))
    partner = box.get_by_label("Partner")
    expect(partner).to_be_focused()
    partner.select_option(label="Riverton Rotary Club")
    # The people list narrows to the partner's people; without JavaScript it lists everyone.
    person = box.get_by_label("Who you were in touch with")
    expect(person.locator("option", has_text="Pat Gardener")).to_have_count(0)
    person.select_option(label="Dana Reyes")
    kind, support = box.get_by_label("What kind of contact"), box.get_by_label("What support")
    expect(support).to_be_hidden()  # asked only for support received
    kind.select_option(label="Support received")
    expect(support).to_be_visible()
    kind.select_option(label="Visit")
    expect(support).to_be_hidden()
    box.get_by_label("Note").fill("The partner's director dropped by")
    screenshot("form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box.get_by_role("button", name="Log contact").click()

    expect(page).to_have_url(re.compile(r"/l/riverton/partners/$"))
    expect(page.get_by_role("status").first).to_contain_text("Riverton Rotary Club")
    expect(page.locator("#quick-log")).to_be_hidden()
    contact = Contact.objects.get()
    assert (contact.partnership, contact.person, contact.kind, contact.logged_by) == (
        partnership,
        director,
        "visit",
        volunteer,
    )
    page.get_by_role("link", name="Riverton Rotary Club").click()
    contacts = page.locator("#contacts")
    expect(contacts).to_contain_text("The partner's director dropped by")
    expect(contacts).to_contain_text("Visit")
    expect(contacts).to_contain_text("Dana Reyes")
    screenshot("partnership")


@pytest.fixture
def page_without_javascript(browser, live_server):
    assert CHROMIUM.exists()
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_without_javascript_the_header_link_opens_the_log_page_and_comes_back(
    page_without_javascript, volunteer, library, rotary
):
    page = page_without_javascript
    partnership, director = rotary
    sign_in(page, volunteer.email, PASSWORD)
    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    page.get_by_role("banner").get_by_role("link", name="Log a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Log a contact with Riverton Rotary Club"
    )
    # Chosen from the partnership's page: its people only, no script needed.
    page.get_by_label("Who you were in touch with").select_option(label="Dana Reyes")
    page.get_by_label("What kind of contact").select_option(label="Informal chat")
    page.get_by_role("button", name="Log contact").click()
    expect(page).to_have_url(re.compile(rf"/l/riverton/partners/{partnership.pk}/$"))
    expect(page.locator("#contacts")).to_contain_text("Informal chat")
    assert Contact.objects.get().person == director
