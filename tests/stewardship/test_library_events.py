"""The library's own events: everyone reads them, staff add and edit them, a past date is refused."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Audience
from allies.stewardship.models import LibraryEvent

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EVENTS = "/l/riverton/stewardship/library-events/"


def event(library, title, days, **fields):
    return LibraryEvent.objects.create(
        library=library, title=title, starts_on=TODAY + days * DAY, **fields
    )


@pytest.fixture
def teens(library):
    return Audience.objects.create(library=library, name="Teens")


def test_everyone_reads_upcoming_events_soonest_first_and_past_ones_apart(
    volunteer_client, library
):
    event(library, "Teen room opening", 20)
    event(library, "Author talk", 3)
    event(library, "Old launch", -10)
    html = volunteer_client.get(EVENTS).content.decode()
    assert html.index("Author talk") < html.index("Teen room opening")
    assert "Old launch" not in html and "Add a library event" not in html
    assert "Show the 1 past event" in html
    assert "Old launch" in volunteer_client.get(EVENTS, {"when": "past"}).content.decode()


def test_staff_add_an_event_with_its_audiences(staff_client, staff, library, teens):
    day = TODAY + 14 * DAY
    response = staff_client.post(
        f"{EVENTS}new/",
        {"title": "Teen room opening", "starts_on": day.isoformat(), "audiences": [teens.pk]},
    )
    assert response.status_code == 302
    created = LibraryEvent.objects.get()
    assert (created.starts_on, created.library, created.created_by) == (day, library, staff)
    assert list(created.audiences.all()) == [teens]
    assert "Teens" in staff_client.get(EVENTS).content.decode()


def test_a_new_event_in_the_past_or_without_a_title_is_refused(staff_client, library):
    response = staff_client.post(
        f"{EVENTS}new/",
        {"title": "Yesterday's launch", "starts_on": (TODAY - DAY).isoformat()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This date has passed" in html and "Yesterday&#x27;s launch" in html
    response = staff_client.post(f"{EVENTS}new/", {"title": "", "starts_on": TODAY.isoformat()})
    assert response.status_code == 400 and "Give the event a name." in response.content.decode()
    assert not LibraryEvent.objects.exists()


def test_an_audience_of_another_library_is_refused(staff_client, other_library):
    theirs = Audience.objects.create(library=other_library, name="Their teens")
    response = staff_client.post(
        f"{EVENTS}new/",
        {"title": "Opening", "starts_on": TODAY.isoformat(), "audiences": [theirs.pk]},
    )
    assert response.status_code == 400
    assert not LibraryEvent.objects.exists()


def test_editing_keeps_a_past_date_unless_it_is_moved_into_the_past(staff_client, library):
    held = event(library, "Spring launch", -5)
    url = f"{EVENTS}{held.pk}/edit/"
    day = held.starts_on.isoformat()
    response = staff_client.post(url, {"title": "Spring launch (held)", "starts_on": day})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.title == "Spring launch (held)"
    coming = event(library, "Summer launch", 5)
    earlier = (TODAY - 2 * DAY).isoformat()
    url = f"{EVENTS}{coming.pk}/edit/"
    response = staff_client.post(url, {"title": "Summer launch", "starts_on": earlier})
    assert response.status_code == 400


def test_volunteers_cannot_add_or_edit(volunteer_client, library):
    held = event(library, "Opening", 5)
    for url in [f"{EVENTS}new/", f"{EVENTS}{held.pk}/edit/"]:
        assert volunteer_client.get(url).status_code == 403
        data = {"title": "Changed", "starts_on": TODAY.isoformat()}
        assert volunteer_client.post(url, data).status_code == 403
    held.refresh_from_db()
    assert held.title == "Opening" and LibraryEvent.objects.count() == 1


def test_outsiders_get_404(outsider_client, library):
    held = event(library, "Opening", 5)
    for url in [EVENTS, f"{EVENTS}new/", f"{EVENTS}{held.pk}/edit/"]:
        assert outsider_client.get(url).status_code == 404
        data = {"title": "Changed", "starts_on": TODAY.isoformat()}
        assert outsider_client.post(url, data).status_code == 404
    held.refresh_from_db()
    assert held.title == "Opening"
