"""The connection tree journey in Chromium: fill the worksheet for a target, see the paths drawn
three ways, and ask the colleague whose private connection may lead there."""

import re

import pytest
from playwright.sync_api import expect

from allies.connections.models import Connection, IntroductionHelpRequest
from allies.directory.models import Affiliation, Organization, Person
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rotary(library, owner, staff):
    """The Rotary Club with its chair and treasurer; the owner privately knows the treasurer."""
    Person.objects.create(library=library, name="Sam Staff", user=staff)
    olivia = Person.objects.create(library=library, name="Olivia Owner", user=owner)
    club = Organization.objects.create(library=library, name="Riverton Rotary Club")
    dana = Person.objects.create(library=library, name="Dana Reyes")
    tom = Person.objects.create(library=library, name="Tom Treasurer")
    Affiliation.objects.create(person=dana, organization=club, role="Chair")
    Affiliation.objects.create(person=tom, organization=club, role="Treasurer")
    Connection.record(
        library=library,
        one=olivia,
        other=dana,
        recorded_by=owner,
        kind="colleague",
        strength=2,
        shared=True,
    )
    Connection.record(
        library=library,
        one=olivia,
        other=tom,
        recorded_by=owner,
        kind="worship",
        strength=5,
        shared=False,
    )
    return club


def add_on_worksheet(page, *, known_by, kind, strength, new_name=None, find=None):
    if new_name:
        page.get_by_label("Or add a new person: name").fill(new_name)
    else:
        page.get_by_label("Who do they know? Search the directory").fill(find)
        page.get_by_role("button", name="Find").click()  # works without JavaScript too
        page.get_by_label(re.compile(find)).check()
    page.get_by_label("Who knows them").select_option(label=known_by)
    page.get_by_label("How they know each other").select_option(label=kind)
    page.get_by_role("radio", name=re.compile(rf"{strength} –")).check()
    page.get_by_role("button", name="Save to my tree").click()
    expect(page.get_by_role("status")).to_contain_text("Added to your worksheet")


def test_worksheet_then_paths_drawn_three_ways_then_ask_a_colleague(
    page, library, staff, owner, rotary, screenshot
):
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/l/riverton/connections/organizations/{rotary.pk}/worksheet/")
    add_on_worksheet(page, known_by="Sam Staff", new_name="Ann Archer", kind="Friend", strength=5)
    add_on_worksheet(
        page, known_by="Ann Archer", find="Dana", kind="Club or association", strength=4
    )

    page.goto(f"/l/riverton/directory/organizations/{rotary.pk}/")
    page.get_by_role("link", name="Who can introduce us?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who can introduce us to Riverton Rotary Club?"
    )
    paths = page.locator(".paths > li")
    expect(paths.first).to_contain_text("Sam Staff")
    expect(paths.first).to_contain_text("Ann Archer")
    expect(paths.first).to_contain_text("80%")
    expect(page.get_by_text("Weakest link: Ann Archer and Dana Reyes")).to_be_visible()

    drawing = page.get_by_role("img", name=re.compile("Tree of who can introduce"))
    expect(drawing).to_be_visible()
    expect(drawing).to_contain_text("Ann Archer")
    expect(drawing).not_to_contain_text(
        "Tom Treasurer"
    )  # only the owner's private link leads there
    screenshot("tree")

    page.get_by_role("link", name="Spider web").click()
    expect(page.get_by_role("img", name=re.compile("Spider web of who"))).to_contain_text(
        "Dana Reyes"
    )
    screenshot("web")
    page.get_by_role("link", name="Flowchart").click()
    expect(page.get_by_role("img", name=re.compile("Flowchart of who"))).to_contain_text(
        "Sam Staff"
    )
    expect(page.get_by_role("link", name="Flowchart")).to_have_attribute("aria-current", "page")
    screenshot("flow")

    help_section = page.get_by_role("region", name="A colleague may be able to help")
    expect(help_section).to_contain_text("Olivia Owner may be able to help")
    expect(help_section).not_to_contain_text("Tom")
    help_section.get_by_role("button", name="Ask Olivia Owner").click()
    expect(page.get_by_role("status")).to_contain_text("Olivia Owner was asked")
    asked = IntroductionHelpRequest.objects.get()
    assert (asked.asked_by, asked.colleague, asked.organization) == (staff, owner, rotary)


def test_add_a_connection_by_type_ahead(page, library, staff, rotary):
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/connections/add/")
    expect(page.get_by_role("radio", name="Sam Staff (you)")).to_be_checked()
    knows = page.get_by_role("group", name="Knows")
    knows.get_by_label("Search the directory").press_sequentially("Rey")  # htmx, no "Find"
    knows.get_by_role("radio", name=re.compile("Dana Reyes")).check()
    page.get_by_label("How they know each other").select_option(label="Neighbour")
    page.get_by_role("radio", name=re.compile("4 –")).check()
    page.get_by_role("button", name="Save connection").click()
    expect(page.get_by_role("status")).to_contain_text("Dana Reyes")
    connection = Connection.objects.get(recorded_by=staff)
    assert connection.kind == "neighbour" and connection.strength == 4
