"""A participant on a phone: a long paste is cut at the field's limit with a word about it (the
limit is said before too), and a refused save moves focus to the error summary."""

import pytest
from playwright.sync_api import expect

from allies.workshop.models import Workshop, WorkshopStatus
from tests.browser.test_paste_cut import paste
from tests.browser.test_workshop_activities import join

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workshop(library, owner):
    return Workshop.objects.create(
        library=library,
        trainer=owner,
        title="Partnerships morning",
        status=WorkshopStatus.RUNNING,
        current=1,  # benefits of partnerships
    )


def test_a_long_paste_says_the_limit_and_errors_take_the_focus(new_context, workshop):
    phone = join(new_context, workshop, "Ann")
    board = phone.locator("#activity-benefits_board")
    receives = board.get_by_label("What the library receives from them")
    expect(board).to_contain_text("Up to 300 characters.")  # said before anyone types
    receives.focus()
    phone.keyboard.insert_text("volunteers " * 455)  # a 5,005-character paste
    assert len(receives.input_value()) == 300
    note = board.locator(".field-limit")
    expect(note).to_be_visible()
    expect(note).to_contain_text("You reached the limit of 300 characters")
    assert "-limit" in receives.get_attribute("aria-describedby")
    phone.screenshot(path=str(_path("limit")), full_page=True)

    # The partner's name is missing: the save is refused and the summary takes the focus.
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    board.get_by_role("button", name="Add to the board").click()
    summary = board.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    top = phone.evaluate(
        "document.querySelector('#activity-benefits_board .error-summary')"
        ".getBoundingClientRect().top"
    )
    assert -2 < top < 844, top  # in view
    phone.screenshot(path=str(_path("error")), full_page=False)


def test_a_paste_past_the_limit_is_said_once(new_context, workshop):
    # allies.js says so of any field a paste overflows; an activity's field says it itself (and
    # also when typing reaches the limit), so the two notes are not both shown and read out.
    phone = join(new_context, workshop, "Ben")
    board = phone.locator("#activity-benefits_board")
    receives = board.get_by_label("What the library receives from them")
    paste(phone, receives, "volunteers " * 455)
    assert len(receives.input_value()) == 300
    expect(board.locator(".field-limit")).to_contain_text("You reached the limit of 300")
    expect(phone.locator(f"#{receives.get_attribute('id')}-cut")).to_have_count(0)
    expect(board.locator(".field-error")).to_have_count(0)


def _path(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"workshop-phone-{name}.png"


def test_the_projector_shows_the_board_filling_large(page, owner, workshop, screenshot):
    from allies.workshop.models import Contribution, Participant
    from tests.browser.conftest import sign_in
    from tests.conftest import PASSWORD

    ann = Participant.objects.create(workshop=workshop, display_name="Ann")
    for partner, receives, offers in [
        ("Rotary Club", "Volunteers for the book sale", "A plaque in the lobby"),
        ("Credit union", "Money classes for teens", "A mention in the newsletter"),
    ]:
        Contribution.objects.create(
            workshop=workshop,
            participant=ann,
            activity="benefits_board",
            data={"partner": partner, "receives": receives, "offers": offers},
        )
    page.set_viewport_size({"width": 1280, "height": 720})
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/l/riverton/workshop/{workshop.pk}/present/")
    item = page.locator(".workshop-present__board li", has_text="Money classes for teens")
    expect(item).to_be_visible()
    size = float(item.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    assert size >= 24, size  # read from the back of a room
    # A projector does not scroll: once a part has contributions, the join code shrinks to a
    # strip so the board is on the screen (it started 700 pixels down, below the code and QR).
    box = item.bounding_box()
    assert box["y"] + box["height"] <= 720, box
    expect(page.locator(".workshop-code--huge")).to_be_visible()  # latecomers can still join
    # ... and the QR code is drawn smaller, whole, not cropped to its top-left corner.
    drawn, box = page.locator(".workshop-qr--large svg").evaluate(
        "s => [s.querySelector('path:last-child').getBoundingClientRect().width,"
        " s.getBoundingClientRect().width]"
    )
    assert drawn <= box + 1, (drawn, box)
    screenshot("projector")
