"""Reminders in Chromium: support is logged, Today asks for a thank-you, Done logs it."""

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
    # Logged as the contact log does: support received yesterday, by this staff member.
    Contact.objects.create(
        library=library,
        partnership=rotary,
        kind="support",
        support_kind="budget_meeting",
        happened_on=timezone.localdate() - datetime.timedelta(days=1),
        logged_by=staff,
    )
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/")
    reminders = page.get_by_role("region", name="Your reminders")
    reminder = reminders.get_by_role("listitem").filter(has_text="Thank Riverton Rotary Club")
    expect(reminder).to_contain_text("spoke at a budget meeting")
    expect(reminder).to_contain_text("due")
    screenshot("today-with-reminder")

    reminder.get_by_role("button", name="Done").click()

    expect(page.get_by_text("Done, and logged:")).to_be_visible()
    expect(page.get_by_role("region", name="Your reminders")).not_to_contain_text(
        "Thank Riverton Rotary Club"
    )
    expect(page.get_by_role("region", name="Your reminders")).to_contain_text(
        "Nothing is waiting for you"
    )
    thanks = Contact.objects.get(partnership=rotary, kind="thanks")
    assert thanks.logged_by == staff and thanks.happened_on == timezone.localdate()
    screenshot("today-after-done")
