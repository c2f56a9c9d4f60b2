"""A reminder marked done keeps the day it was due, so reports can tell on time from late."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Partnership
from allies.stewardship.models import Contact, ReminderDecision
from allies.stewardship.reminders import reminders_for


@pytest.mark.django_db
def test_done_stores_when_the_reminder_was_due(staff_client, staff, library):
    today = timezone.localdate()
    organization = Organization.objects.create(library=library, name="Rotary")
    rotary = Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=staff, started_on=today
    )
    Contact.objects.create(
        library=library,
        partnership=rotary,
        kind="support",
        happened_on=today - datetime.timedelta(days=20),
    )
    [reminder] = reminders_for(library, day=today)
    assert reminder.due < today  # overdue: the decision will be late
    url = reverse("stewardship:reminder_done", args=[library.slug])
    staff_client.post(url, {"key": reminder.key, "next": "/l/riverton/"})
    decision = ReminderDecision.objects.get(library=library, key=reminder.key)
    assert decision.action == "done"
    assert decision.due_on == reminder.due
