"""Today opens with the signed-in person's reminders, due first, each with its actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Commitment, Partnership
from allies.stewardship.models import Contact, LibraryEvent

TODAY = reverse("today", args=["riverton"])


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def partnership(library, name, lead=None):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=lead, started_on=days(-5)
    )


def support(p, on):
    Contact.objects.create(library=p.library, partnership=p, kind="support", happened_on=on)


@pytest.mark.django_db
def test_your_reminders_come_first_due_first_with_actions(staff_client, staff, owner, library):
    support(partnership(library, "Rotary", lead=staff), days(-1))
    support(partnership(library, "Lions", lead=staff), days(-9))
    support(partnership(library, "Owner's Club", lead=owner), days(-1))
    support(partnership(library, "Unled", lead=None), days(-1))
    page = staff_client.get(TODAY).content.decode()
    mine = page.index("Your reminders")
    assert mine < page.index("Partnerships by stage")
    assert mine < page.index("Overdue steps") and mine < page.index(
        "Pilots waiting for their review"
    )
    assert page.index("Thank Lions") < page.index("Thank Rotary")  # the late one first
    assert "Owner&#x27;s Club" not in page and "Thank Unled" not in page
    assert page.count('action="/l/riverton/stewardship/reminders/done/"') == 2
    assert page.count('action="/l/riverton/stewardship/reminders/snooze/"') == 2
    assert page.count("/l/riverton/stewardship/reminders/dismiss/?key=") == 2
    assert 'href="/l/riverton/stewardship/reminders/"' in page
    assert "was due" in page  # Lions: thanked late, said in words, not colour alone


@pytest.mark.django_db
def test_owners_see_the_unassigned_ones_too(owner_client, owner, library):
    support(partnership(library, "Unled", lead=None), days(-1))
    assert "Thank Unled" in owner_client.get(TODAY).content.decode()


@pytest.mark.django_db
def test_volunteers_see_no_actions(volunteer_client, volunteer, library):
    support(partnership(library, "Rotary", lead=volunteer), days(-1))
    page = volunteer_client.get(TODAY).content.decode()
    assert "Your reminders" in page
    assert "reminders/done/" not in page and "reminders/snooze/" not in page


@pytest.mark.django_db
def test_nothing_waiting(staff_client, staff, library):
    partnership(library, "Rotary", lead=staff)
    page = staff_client.get(TODAY).content.decode()
    assert "Nothing is waiting for you" in page


@pytest.mark.django_db
def test_only_the_first_ten_show_and_the_count_says_so(staff_client, staff, library):
    for n in range(12):
        support(partnership(library, f"Partner {n:02}", lead=staff), days(-n))
    page = staff_client.get(TODAY).content.decode()
    assert page.count('action="/l/riverton/stewardship/reminders/done/"') == 10
    assert "12 reminders in all" in page


@pytest.mark.django_db
def test_today_queries_do_not_grow_with_the_record(staff_client, staff, library):
    def grow(n):
        for i in range(n):
            p = partnership(library, f"Partner {n}-{i}", lead=staff)
            support(p, days(-i))
            Contact.objects.create(
                library=library, partnership=p, kind="partner_news", happened_on=days(-i)
            )
            Commitment.objects.create(
                library=library, partnership=p, owed_by="partner", what="x", due_on=days(2)
            )
        LibraryEvent.objects.create(library=library, title=f"Event {n}", starts_on=days(9))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(TODAY).status_code == 200
        return len(queries)

    grow(2)
    count()  # the first visit also remembers the library in the session
    few = count()
    grow(8)
    assert count() == few
