"""Each member's private calendar address: made, replaced, turned off; the feed parsed back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from allies.directory.models import Organization
from allies.libraries.models import Membership
from allies.partnerships.models import Partnership
from allies.stewardship.models import CalendarFeed, Contact


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def partnership(library, name, lead=None):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=lead, started_on=days(-5)
    )


def url(name):
    return reverse(f"stewardship:{name}", args=["riverton"])


def feed_url(token):
    return reverse("calendar_feed", args=[token])


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and "Allies" in str(calendar["PRODID"])
    return calendar, list(calendar.walk("VEVENT"))


@pytest.fixture
def timeline(library, staff, owner):
    rotary = partnership(library, "Rotary", lead=staff)
    Contact.objects.create(
        library=library, partnership=rotary, kind="support", happened_on=days(-2)
    )
    theirs = partnership(library, "Owner's Lions", lead=owner)
    Contact.objects.create(
        library=library, partnership=theirs, kind="partner_news", happened_on=days(-1)
    )
    return rotary


@pytest.mark.django_db
def test_first_visit_offers_an_address_and_the_button_makes_one(staff_client, staff, library):
    page = staff_client.get(url("calendar"))
    assert page.status_code == 200 and "Make my calendar address" in page.content.decode()
    assert not CalendarFeed.objects.exists()
    response = staff_client.post(url("calendar_new"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=staff, library=library)
    page = staff_client.get(url("calendar")).content.decode()
    assert f"http://testserver/feeds/{feed.token}.ics" in page
    assert len(feed.token) >= 40


@pytest.mark.django_db
def test_the_feed_holds_only_its_owners_reminders_as_all_day_events(
    client, staff_client, staff, timeline
):
    staff_client.post(url("calendar_new"))
    feed = CalendarFeed.objects.get(user=staff)
    client.logout()
    calendar, found = events(client.get(feed_url(feed.token)))  # no sign-in needed
    assert len(found) == 1
    [event] = found
    assert (
        str(event["SUMMARY"])
        == f"Thank Rotary for their support on {days(-2).day} " + days(-2).strftime("%b %Y") + "."
    )
    assert event.decoded("DTSTART") == days(5)  # all-day, on the due date
    assert isinstance(event.decoded("DTSTART"), datetime.date)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert "DTSTAMP" in event
    assert str(event["URL"]) == f"http://testserver/l/riverton/partners/{timeline.pk}/"
    uid = str(event["UID"])
    # The UID stays the same from one fetch to the next, so calendars update instead of duplicating.
    _calendar, again = events(client.get(feed_url(feed.token)))
    assert str(again[0]["UID"]) == uid


@pytest.mark.django_db
def test_a_new_address_revokes_the_old_one(client, staff_client, staff, timeline):
    staff_client.post(url("calendar_new"))
    old = CalendarFeed.objects.get(user=staff).token
    staff_client.post(url("calendar_new"))
    new = CalendarFeed.objects.get(user=staff, revoked_at__isnull=True).token
    assert new != old
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


@pytest.mark.django_db
def test_turning_it_off(client, staff_client, staff, timeline):
    staff_client.post(url("calendar_new"))
    token = CalendarFeed.objects.get(user=staff).token
    assert staff_client.post(url("calendar_off")).status_code == 302
    assert client.get(feed_url(token)).status_code == 404
    assert "Make my calendar address" in staff_client.get(url("calendar")).content.decode()


@pytest.mark.django_db
def test_unknown_tokens_are_404(client, library):
    assert client.get(feed_url("not-a-real-token")).status_code == 404


@pytest.mark.django_db
def test_the_feed_stops_when_its_owner_leaves_the_library(client, staff, library, timeline):
    feed = CalendarFeed.objects.create(library=library, user=staff)
    assert client.get(feed_url(feed.token)).status_code == 200
    Membership.objects.filter(user=staff, library=library).delete()
    assert client.get(feed_url(feed.token)).status_code == 404


@pytest.mark.django_db
def test_an_owners_feed_has_the_unassigned_reminders_too(client, owner, library, timeline):
    unled = partnership(library, "Unled")
    Contact.objects.create(library=library, partnership=unled, kind="support", happened_on=days(0))
    feed = CalendarFeed.objects.create(library=library, user=owner)
    _calendar, found = events(client.get(feed_url(feed.token)))
    summaries = sorted(str(event["SUMMARY"]) for event in found)
    assert len(summaries) == 2
    assert summaries[0].startswith("Congratulate Owner's Lions")
    assert summaries[1].startswith("Thank Unled")


@pytest.mark.django_db
def test_volunteers_cannot_make_an_address_and_outsiders_get_404(
    volunteer_client, library, outsider
):
    assert volunteer_client.get(url("calendar")).status_code == 200
    for name in ("calendar_new", "calendar_off"):
        assert volunteer_client.post(url(name)).status_code == 403
    assert not CalendarFeed.objects.exists()
    volunteer_client.force_login(outsider)
    for name in ("calendar", "calendar_new", "calendar_off"):
        assert volunteer_client.get(url(name)).status_code == 404
        assert volunteer_client.post(url(name)).status_code == 404
    assert not CalendarFeed.objects.exists()
