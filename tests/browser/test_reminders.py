"""Reminders in Chromium, as the issue tells it: support received is logged, Today asks for a
thank-you, Done logs it, and the thank-you habit's evidence rises on the habits page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from allies.directory.models import Organization
from allies.partnerships.models import Partnership
from allies.stewardship.models import Contact
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_support_received_then_thank_you_done_from_today(page, staff, library, screenshot):
    rotary = Partnership.objects.create(
        library=library,
        organization=Organization.objects.create(library=library, name="Riverton Rotary Club"),
        stage="active",
        lead=staff,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    # Support a month ago that nobody thanked: the habit starts at 0 of 1.
    Contact.objects.create(
        library=library,
        partnership=rotary,
        kind="support",
        support_kind="volunteered",
        happened_on=timezone.localdate() - datetime.timedelta(days=30),
        logged_by=staff,
    )
    sign_in(page, staff.email, PASSWORD)
    thank_habit = page.locator("#habit-thank").locator("..")
    page.goto("/l/riverton/stewardship/habits/")
    expect(thank_habit.locator("dd").nth(2)).to_have_text("0%")

    # Today's support, logged through the contact log.
    page.goto(f"/l/riverton/stewardship/log/?partnership={rotary.pk}")
    page.get_by_label("What kind of contact").select_option(label="Support received")
    page.get_by_label("What support they gave").select_option(label="Spoke at a budget meeting")
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("Contact with Riverton Rotary Club logged")).to_be_visible()
    page.goto("/l/riverton/")
    reminders = page.get_by_role("region", name="Your reminders")
    reminder = reminders.get_by_role("listitem").filter(has_text="spoke at a budget meeting")
    expect(reminder).to_contain_text("Thank Riverton Rotary Club")
    expect(reminder).to_contain_text("due")
    screenshot("today-with-reminder")

    expect(reminder).to_contain_text("Done, how?")
    reminder.get_by_role("button", name="Card").click()  # one tap says how

    expect(page.get_by_role("heading", name="Done, and logged")).to_be_visible()
    expect(page.get_by_text("Given with a card.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    screenshot("done-with-undo")
    page.get_by_role("link", name="Back to my reminders").click()
    # One thank-you answers every support before it, the late one too.
    expect(page.get_by_role("region", name="Your reminders")).to_contain_text(
        "Nothing is waiting for you"
    )
    thanks = Contact.objects.get(partnership=rotary, kind="thanks")
    assert thanks.logged_by == staff and thanks.happened_on == timezone.localdate()
    screenshot("today-after-done")

    # One of the two supports is now followed by a thank-you in time: the evidence rises.
    page.goto("/l/riverton/stewardship/habits/")
    expect(thank_habit.locator("dd").nth(2)).to_have_text("50%")
    screenshot("habits-after-done")
