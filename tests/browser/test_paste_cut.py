"""A paste longer than a field's limit: the browser keeps what fits and drops the rest without a
word (maxlength); Allies says so under the field and reads it out (allies.js, pasteCut)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def paste(page, field, text: str) -> None:
    """Paste `text` into `field` from the system clipboard, as Ctrl+V does."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    field.focus()
    page.keyboard.press("Control+V")


def test_a_paste_the_statement_cannot_hold_is_said_not_cut_silently(
    page, staff, library, screenshot
):
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/goals/new/")
    statement = page.get_by_label("Goal", exact=True)
    limit = int(statement.get_attribute("maxlength"))
    # A short paste fits: nothing is said.
    paste(page, statement, "Fund two more public computers")
    expect(statement).to_have_value("Fund two more public computers")
    expect(page.locator(".field-error")).to_have_count(0)
    # A pasted report does not.
    statement.fill("")
    report = "Our teens need a quiet place after school. " * 200
    paste(page, statement, report)
    expect(statement).to_have_value(report[:limit])
    note = page.locator(f"#{statement.get_attribute('id')}-cut")
    expect(note).to_have_text(
        f"Only the first {limit} characters fit in this field: the rest of what you pasted was "
        "left out."
    )
    note_id = note.get_attribute("id")
    assert note_id in statement.get_attribute("aria-describedby").split()
    expect(page.locator("#announcer")).to_contain_text("the rest of what you pasted was left out")
    screenshot("cut")
    # Once the librarian shortens it, the note goes, and the field no longer points to it.
    statement.press("End")
    statement.press("Backspace")
    expect(note).to_have_count(0)
    assert note_id not in (statement.get_attribute("aria-describedby") or "").split()
    # The background has no limit: the whole text goes there, and nothing more is said.
    background = page.get_by_label("Background")
    paste(page, background, report)
    expect(background).to_have_value(report)
    expect(page.locator(".field-error")).to_have_count(0)
