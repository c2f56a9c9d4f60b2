"""Live workshop pages (WCAG 2.1.1, 2.4.2, 2.4.3, 4.1.3): the trainer's panel is updated in place,
so a link that has focus keeps it; a part change is announced once; a participant's page has a
title per part, focus stays in the activity they saved, and what they typed but did not save is
still there when the trainer moves on and back."""

import re
import time

import pytest
from playwright.sync_api import expect

from allies.workshop.models import Participant, Workshop, WorkshopStatus
from tests.browser.conftest import sign_in
from tests.browser.test_workshop_activities import PHONE, join
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

CLOSING = 5  # the default agenda's last part: reminders, tips and the feedback form
BENEFITS = 1


def running(library, owner, current):
    return Workshop.objects.create(
        library=library,
        trainer=owner,
        title="Partnerships morning",
        status=WorkshopStatus.RUNNING,
        current=current,
    )


def wait_for_refreshes(page, count: int, seconds: float = 40) -> None:
    """Wait until the panel has refreshed `count` times (polled from here: wait_for_function's
    string predicate is eval'd in the page, which the Content-Security-Policy refuses)."""
    deadline = time.monotonic() + seconds
    while refreshes(page) < count:
        assert time.monotonic() < deadline, f"fewer than {count} refreshes in {seconds} s"
        page.wait_for_timeout(200)


def refreshes(page) -> int:
    return page.evaluate("window.__refreshes || 0")


def test_the_trainers_panel_keeps_focus_on_a_link_across_three_refreshes(page, owner, library):
    workshop = running(library, owner, CLOSING)
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/l/riverton/workshop/{workshop.pk}/")
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterRequest", () => {
             window.__refreshes = (window.__refreshes || 0) + 1; })"""
    )
    link = page.locator("#workshop-live").get_by_role("link", name="Read the feedback summary")
    link.focus()
    page.evaluate("window.__focused = document.activeElement")
    start = refreshes(page)
    Participant.objects.create(workshop=workshop, display_name="Ann")
    wait_for_refreshes(page, start + 3)
    # The panel changed (Ann arrived), yet the element that had focus is the same one, still there.
    expect(page.locator(".workshop-people__count")).to_have_text("1")
    assert page.evaluate("document.activeElement === window.__focused")
    assert page.evaluate("window.__focused.isConnected")
    expect(link).to_be_focused()

    # The trainer's part changes (another device moved it): said once, politely.
    Workshop.objects.filter(pk=workshop.pk).update(current=CLOSING - 1)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text(re.compile(r"^Part 5: "), timeout=8_000)
    page.evaluate(
        """() => { window.__said = 0;
             new MutationObserver(() => { window.__said += 1; })
               .observe(document.getElementById("announcer"), {childList: true}); }"""
    )
    start = refreshes(page)
    wait_for_refreshes(page, start + 2)
    assert page.evaluate("window.__said") == 0  # not again at every refresh


def test_a_participants_unsaved_text_survives_a_part_change(new_context, owner, library):
    workshop = running(library, owner, BENEFITS)
    phone = join(new_context, workshop, "Ann")
    expect(phone).to_have_title(re.compile(r"^Part 2 of 6: Benefits of partnerships · "))
    board = phone.locator("#activity-benefits_board")
    # A failed save inserted by htmx: focus is on its error summary.
    board.get_by_role("button", name="Add to the board").click()
    expect(board.locator(".error-summary")).to_be_focused()
    # A successful one: focus stays in the activity, ready for the next entry, and it is said.
    board.get_by_label("A partner (or a kind of partner)").fill("Rotary Club")
    board.get_by_label("What the library receives from them").fill("Volunteers")
    board.get_by_role("button", name="Add to the board").click()
    expect(board.locator(".activity-entries")).to_contain_text("Rotary Club")
    expect(board.get_by_label("A partner (or a kind of partner)")).to_be_focused()
    expect(phone.locator("#announcer")).to_have_text("Saved.")

    # Ann starts another entry; the trainer moves on before she saves it, then comes back.
    board.get_by_label("A partner (or a kind of partner)").fill("Credit union")
    board.get_by_label("What the library offers them").fill("A mention in the newsletter")
    Workshop.objects.filter(pk=workshop.pk).update(current=BENEFITS + 1)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Part 3 of 6", timeout=8_000)
    expect(phone).to_have_title(re.compile(r"^Part 3 of 6: "))
    Workshop.objects.filter(pk=workshop.pk).update(current=BENEFITS)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Part 2 of 6", timeout=8_000)
    board = phone.locator("#activity-benefits_board")
    expect(board.get_by_label("A partner (or a kind of partner)")).to_have_value("Credit union")
    expect(board.get_by_label("What the library offers them")).to_have_value(
        "A mention in the newsletter"
    )
    # Once saved, the draft is forgotten: the emptied form stays empty after a reload.
    board.get_by_role("button", name="Add to the board").click()
    expect(board.locator(".activity-entries")).to_contain_text("Credit union")
    # The live poll may show the entry before the save's own answer arrives; the drafts go
    # when that answer does.
    phone.wait_for_function(
        "() => !Object.keys(sessionStorage).some((key) => key.startsWith('allies:draft:'))"
    )
    phone.reload()
    expect(
        phone.locator("#activity-benefits_board").get_by_label("A partner (or a kind of partner)")
    ).to_have_value("")

    # Sent without htmx (a tap before the scripts have started): the browser goes back to the
    # room, and the draft typed before that save is not put back in the emptied form.
    board = phone.locator("#activity-benefits_board")
    board.get_by_label("A partner (or a kind of partner)").fill("Food shelf")
    board.get_by_label("What the library receives from them").fill("Space for a stand")
    with phone.expect_navigation():
        phone.evaluate(
            "document.querySelector('#activity-benefits_board form.activity-form').submit()"
        )
    board = phone.locator("#activity-benefits_board")
    expect(board.locator(".activity-entries")).to_contain_text("Food shelf")
    expect(board.get_by_label("A partner (or a kind of partner)")).to_have_value("")


def test_the_participants_page_fits_a_phone_of_320_pixels(new_context, owner, library):
    workshop = running(library, owner, BENEFITS)
    phone = join(new_context, workshop, "Ann")
    for part in range(6):
        Workshop.objects.filter(pk=workshop.pk).update(current=part)
        phone.reload()
        phone.set_viewport_size({"width": 320, "height": 700})
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"part {part + 1}: {width} px"
    phone.set_viewport_size(PHONE)


def test_next_part_keeps_the_trainers_focus_and_says_which_part(page, owner, library):
    """After "Next part" (a full page load) focus is back on "Next part", not at the page's start,
    and the new part is said from the status region (WCAG 2.4.3, 4.1.3)."""
    workshop = running(library, owner, BENEFITS)
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/l/riverton/workshop/{workshop.pk}/")
    page.get_by_role("button", name="Next part").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Part 3 of 6: Identifying partners")
    expect(page.get_by_role("button", name="Next part")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Previous part")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Part 2 of 6: Benefits of partnerships")
    expect(page.get_by_role("button", name="Previous part")).to_be_focused()
