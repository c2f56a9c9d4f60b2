"""A volunteer on a phone logs a contact from the header link in a few steps and finds it on the
partnership page."""

import re

import pytest
from playwright.sync_api import expect

from allies.directory.models import Affiliation, Organization, Person
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_volunteer_on_a_phone_logs_the_directors_visit(page, volunteer, library, screenshot):
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Organization.objects.create(library=library, name="Garden Club")
    partnership = Partnership.objects.create(
        library=library, organization=rotary, stage=Stage.ACTIVE
    )
    Partnership.objects.create(
        library=library,
        organization=Organization.objects.get(name="Garden Club"),
        stage=Stage.EXPLORING,
    )
    gardener = Person.objects.create(library=library, name="Pat Gardener")
    Affiliation.objects.create(
        person=gardener, organization=Organization.objects.get(name="Garden Club")
    )
    director = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=director, organization=rotary, role="Director")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, volunteer.email, PASSWORD)
    page.goto("/l/riverton/partners/")
    page.get_by_role("link", name="Log a contact").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    page.get_by_label("Partner").select_option(label="Riverton Rotary Club")
    # The people list narrows to the partner's people (htmx); without JavaScript it lists everyone.
    person = page.get_by_label("Who you were in touch with")
    expect(person.locator("option", has_text="Pat Gardener")).to_have_count(0)
    expect(person.locator("option", has_text="Dana Reyes")).to_have_count(1)
    person.select_option(label="Dana Reyes")
    kind, support = page.get_by_label("What kind of contact"), page.get_by_label("What support")
    expect(support).to_be_hidden()  # asked only for support received
    kind.select_option(label="Support received")
    expect(support).to_be_visible()
    kind.select_option(label="Visit")
    expect(support).to_be_hidden()
    page.get_by_label("Note").fill("The partner's director dropped by")
    screenshot("form")
    # Nothing on the page is wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.get_by_role("button", name="Log contact").click()

    expect(page).to_have_url(re.compile(r"/l/riverton/partners/$"))
    expect(page.get_by_role("status").first).to_contain_text("Riverton Rotary Club")
    contact = Contact.objects.get()
    assert (contact.partnership, contact.person, contact.logged_by) == (
        partnership,
        director,
        volunteer,
    )
    page.goto(f"/l/riverton/partners/{partnership.pk}/")
    contacts = page.locator("#contacts")
    expect(contacts).to_contain_text("The partner's director dropped by")
    expect(contacts).to_contain_text("Visit")
    expect(contacts).to_contain_text("Dana Reyes")
    screenshot("partnership")
