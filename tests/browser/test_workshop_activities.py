"""Two participants on their phones add to the benefits board at the same time; the trainer's live
page shows both entries in the three columns without a reload."""

import pytest
from playwright.sync_api import expect

from allies.workshop.models import Contribution, Workshop, WorkshopStatus
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def join(new_context, workshop, name):
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(f"/w/{workshop.join_code}/join/")
    phone.get_by_label("name").fill(name)
    phone.get_by_role("button", name="Join the session").click()
    expect(phone.get_by_role("heading", name="Benefits board")).to_be_visible()
    # The heading shows while the page is still being read; the deferred scripts that listen
    # to what the participant types have run once the page has loaded.
    phone.wait_for_load_state("load")
    return phone


def add_benefit(phone, partner, receives, offers):
    board = phone.locator("#activity-benefits_board")
    board.get_by_label("A partner (or a kind of partner)").fill(partner)
    board.get_by_label("What the library receives from them").fill(receives)
    board.get_by_label("What the library offers them").fill(offers)
    board.get_by_role("button", name="Add to the board").click()
    # htmx swaps the activity in place: the entry is listed and the form is empty again.
    expect(board.locator(".activity-entries")).to_contain_text(partner)
    expect(board.get_by_label("A partner (or a kind of partner)")).to_have_value("")


def test_two_participants_fill_the_trainers_board(new_context, page, owner, library, screenshot):
    workshop = Workshop.objects.create(
        library=library,
        trainer=owner,
        title="Partnerships morning",
        status=WorkshopStatus.RUNNING,
        current=1,  # benefits of partnerships
    )
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/l/riverton/workshop/{workshop.pk}/")
    board = page.locator("#board-benefits_board")
    expect(board).to_contain_text("0 entries on the board")

    ann = join(new_context, workshop, "Ann")
    bob = join(new_context, workshop, "Bob")
    add_benefit(ann, "Rotary Club", "Volunteers for the book sale", "A plaque in the lobby")
    add_benefit(bob, "Credit union", "Money classes for teens", "A mention in the newsletter")
    assert Contribution.objects.filter(activity="benefits_board").count() == 2

    # The trainer's page polls every 2 s; both entries arrive in their columns.
    columns = board.locator(".activity-column")
    expect(columns.nth(0)).to_contain_text("Credit union", timeout=8_000)
    expect(columns.nth(0)).to_contain_text("Rotary Club")
    expect(columns.nth(1)).to_contain_text("Volunteers for the book sale")
    expect(columns.nth(1)).to_contain_text("Money classes for teens")
    expect(columns.nth(2)).to_contain_text("A plaque in the lobby")
    expect(columns.nth(2)).to_contain_text("A mention in the newsletter")
    expect(board).to_contain_text("2 entries on the board")
    screenshot("trainer")
    ann.screenshot(path=str(ARTIFACTS / "workshop-benefits-phone.png"), full_page=True)

    # Ann removes her entry; the trainer's board follows.
    ann.locator("#activity-benefits_board").get_by_role("button", name="Remove Rotary Club").click()
    expect(columns.nth(0)).not_to_contain_text("Rotary Club", timeout=8_000)
