"""The teen librarian tags imported organizations with an audience from the list, and the
organization form suggests audiences from the name and notes (screenshots looked at)."""

import pytest
from playwright.sync_api import expect

from allies.directory.models import Audience, Organization
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_tag_ticked_rows_then_have_audiences_suggested(page, staff, library, screenshot):
    for name in ("Valley Skate Park", "Riverton Rotary Club", "Hill Farm Co-op"):
        Organization.objects.create(library=library, name=name)
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/directory/organizations/")
    page.get_by_label("Tick Valley Skate Park").check()
    page.get_by_label("Tick Riverton Rotary Club").check()
    page.get_by_label("Tag the ticked organizations with audience…").select_option(label="Teens")
    screenshot("ticked")
    page.get_by_role("button", name="Tag ticked organizations").click()
    expect(page.get_by_text("“Teens” added to 2 organizations.")).to_be_visible()
    teens = Audience.objects.get(library=library, slug="teens")
    tagged = set(Organization.objects.filter(audiences=teens).values_list("name", flat=True))
    assert tagged == {"Valley Skate Park", "Riverton Rotary Club"}
    screenshot("tagged")

    page.goto("/l/riverton/directory/organizations/new/")
    page.get_by_label("Name", exact=True).fill("Riverton Teen Center")
    page.get_by_label("Notes").fill("Drop-in for high school students after class.")
    page.get_by_role("button", name="Suggest audiences from the name and notes").click()
    expect(page.locator("#suggested-audiences")).to_contain_text("Teens")
    expect(page.get_by_label("Teens", exact=True)).to_be_checked()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Riverton Teen Center")
    screenshot("suggested")
    page.get_by_role("button", name="Save organization").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverton Teen Center")
    assert teens in Organization.objects.get(name="Riverton Teen Center").audiences.all()
