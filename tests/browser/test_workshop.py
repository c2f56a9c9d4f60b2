"""A trainer runs a session while three participants follow it on their phones (three browsers at once).

They join by code (typed in lower case with a dash), wait, and every page moves on by itself when the
trainer does; the trainer's live panel counts them as they arrive.
"""

import re

import pytest
from playwright.sync_api import expect

from allies.workshop import running
from allies.workshop.models import Workshop
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_three_participants_follow_the_trainer(new_context, page, staff, screenshot):
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/workshop/")
    page.get_by_role("link", name="Plan a new session").click()
    page.get_by_label("Title").fill("Partnerships, valley libraries")
    page.get_by_label("Benefits of partnerships (minutes)").fill("20")
    expect(page.locator("#workshop-total")).to_have_text("85")  # counted as the trainer types
    page.get_by_role("button", name="Create the session").click()
    expect(page.get_by_role("heading", name="Partnerships, valley libraries")).to_be_visible()
    code = Workshop.objects.get().join_code
    # Shown whole; read letter by letter (text, not an aria-label on a paragraph).
    expect(page.locator(".workshop-code [aria-hidden=true]")).to_have_text(code)
    expect(page.locator(".workshop-code .visually-hidden")).to_have_text(" ".join(code))
    expect(page.locator(".workshop-qr svg")).to_be_visible()

    phones = []
    for number in range(3):
        phone = new_context(viewport=PHONE).new_page()
        phone.goto("/w/")
        phone.get_by_label("Join code").fill(f"{code[:3].lower()}-{code[3:].lower()}")
        phone.get_by_role("button", name="Find the session").click()
        phone.get_by_label("Your name").fill(f"Participant {number + 1}")
        phone.get_by_role("button", name="Join the session").click()
        expect(phone.get_by_role("heading", name="You are in")).to_be_visible()
        phones.append(phone)

    # The live panel polls every 2 s: it counts the three without a reload.
    expect(page.locator(".workshop-people__count")).to_have_text("3", timeout=15_000)

    page.get_by_role("button", name="Start the session").click()
    for phone in phones:
        expect(phone.get_by_role("heading", name=re.compile("Part 1 of 6: Welcome"))).to_be_visible(
            timeout=15_000
        )
    page.get_by_role("button", name="Split the room into 3 groups").click()
    page.get_by_role("button", name="Next part").click()
    expect(page.locator(".workshop-part-title")).to_have_text("Part 2: Benefits of partnerships")
    for phone in phones:
        expect(
            phone.get_by_role("heading", name=re.compile("Part 2 of 6: Benefits of partnerships"))
        ).to_be_visible(timeout=15_000)
        expect(phone.locator(".workshop-timer")).to_contain_text(re.compile(r"(19|20):\d\d left"))
    expect(phones[2].locator(".workshop-group")).to_have_text("Group 3")

    # No sideways scrolling on a 390 px phone.
    width = phones[0].evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    ARTIFACTS.mkdir(exist_ok=True)
    phones[0].screenshot(path=str(ARTIFACTS / "workshop-participant-phone.png"), full_page=True)
    screenshot("trainer")
    page.goto(page.url + "present/")
    expect(page.locator(".workshop-code--huge [aria-hidden=true]")).to_have_text(code)
    screenshot("projector")


def test_a_participants_page_stops_asking_once_the_session_is_gone(new_context, owner, library):
    workshop = running.create_workshop(library=library, trainer=owner, title="Alliances")
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(f"/w/{workshop.join_code}/join/")
    phone.get_by_label("Your name").fill("Participant")
    phone.get_by_role("button", name="Join the session").click()
    expect(phone.get_by_role("heading", name="You are in")).to_be_visible()

    workshop.delete()
    # The next question finds no session: the page reloads once, into the join page that says so.
    expect(phone.get_by_role("alert")).to_contain_text("No session has the code", timeout=15_000)
    asked = []
    phone.on("request", lambda request: asked.append(request.url))
    phone.wait_for_timeout(3_000)  # longer than the 2.5 s between questions
    assert not [url for url in asked if url.endswith("/now/")]
