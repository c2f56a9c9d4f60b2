"""Today lists the overdue steps of the approach plans and the pilots waiting for their review."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.models import ApproachStep, Pilot
from allies.partnerships.models import Partnership

TODAY = reverse("today", args=["riverton"])


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def partnership(library, name):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(library=library, organization=organization)


def step(p, title, due_on, owner=None, **fields):
    return ApproachStep.objects.create(
        library=p.library, partnership=p, title=title, due_on=due_on, owner=owner, **fields
    )


def pilot(p, title, ends_on, **fields):
    return Pilot.objects.create(
        library=p.library,
        partnership=p,
        title=title,
        starts_on=ends_on - datetime.timedelta(days=7),
        ends_on=ends_on,
        library_does="Stories",
        partner_does="Space",
        success_looks_like="Fifty children",
        **fields,
    )


@pytest.mark.django_db
def test_overdue_steps_mine_first_then_others(staff_client, library, other_library, staff, owner):
    rotary, scouts = partnership(library, "Rotary"), partnership(library, "Scouts")
    theirs = step(rotary, "Visit their fair", days(-10), owner=owner)
    mine_recent = step(scouts, "Coffee with the chair", days(-1), owner=staff)
    mine_old = step(rotary, "Read their report", days(-4), owner=staff)
    nobody = step(scouts, "Invite them to story time", days(-2))
    step(rotary, "Done already", days(-5), owner=staff, done_on=days(-6))
    step(rotary, "Due today", days(0), owner=staff)
    step(rotary, "Next month", days(30), owner=staff)
    step(rotary, "No date", None, owner=staff)
    archived = partnership(library, "Gone")
    step(archived, "On an archived partnership", days(-3), owner=staff)
    Partnership.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    step(partnership(other_library, "Elsewhere club"), "Elsewhere step", days(-3))

    response = staff_client.get(TODAY)
    assert response.status_code == 200
    shown = response.context["overdue_steps"]
    assert shown == [mine_old, mine_recent, theirs, nobody]
    assert [s.late_by for s in shown] == [4, 1, 10, 2]
    text = response.content.decode()
    assert "Overdue steps" in text
    assert "4 days late" in text and "1 day late" in text
    assert "Yours" in text and "Olivia Owner" in text
    for hidden in ["Done already", "Due today", "Next month", "No date", "archived", "Elsewhere"]:
        assert hidden not in text
    assert reverse("partnerships:detail", args=["riverton", rotary.pk]) in text
    done_url = reverse("outreach:step_done", args=["riverton", rotary.pk, mine_old.pk])
    assert done_url in text
    assert "Mark done" in text


@pytest.mark.django_db
def test_mark_done_from_today_comes_back_to_today(staff_client, library, staff):
    rotary = partnership(library, "Rotary")
    late = step(rotary, "Read their report", days(-4), owner=staff)
    done_url = reverse("outreach:step_done", args=["riverton", rotary.pk, late.pk])
    response = staff_client.post(done_url, {"next": TODAY})
    assert response.status_code == 302 and response.url == TODAY
    late.refresh_from_db()
    assert late.done_on == timezone.localdate()
    assert staff_client.get(TODAY).context["overdue_steps"] == []
    # Somewhere outside Allies is not a place to come back to.
    late.done_on = None
    late.save()
    response = staff_client.post(done_url, {"next": "https://evil.example/"})
    assert response.url == reverse("partnerships:detail", args=["riverton", rotary.pk])


@pytest.mark.django_db
def test_a_volunteer_sees_overdue_steps_without_buttons(volunteer_client, library, staff):
    step(partnership(library, "Rotary"), "Read their report", days(-4), owner=staff)
    text = volunteer_client.get(TODAY).content.decode()
    assert "Read their report" in text
    assert "Mark done" not in text


@pytest.mark.django_db
def test_pilots_waiting_for_their_review(staff_client, library, other_library, staff):
    rotary = partnership(library, "Rotary")
    waiting = pilot(rotary, "Story tent", days(-3))
    pilot(rotary, "Still running", days(2))
    pilot(rotary, "Reviewed already", days(-9), decision="continue")
    pilot(partnership(other_library, "Elsewhere club"), "Elsewhere pilot", days(-3))
    response = staff_client.get(TODAY)
    assert list(response.context["pilots_to_review"]) == [waiting]
    text = response.content.decode()
    assert "Pilots waiting for their review" in text
    assert "Story tent" in text
    assert reverse("partnerships:detail", args=["riverton", rotary.pk]) in text
    for hidden in ["Still running", "Reviewed already", "Elsewhere pilot"]:
        assert hidden not in text


@pytest.mark.django_db
def test_today_stays_within_a_fixed_number_of_queries(staff_client, library, staff, owner):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(TODAY).status_code == 200
        return len(queries)

    rotary = partnership(library, "Rotary")
    step(rotary, "One", days(-2), owner=owner)
    pilot(rotary, "Story tent", days(-3))
    count()  # the first visit also remembers the library in the session
    few = count()
    for n in range(25):
        p = partnership(library, f"Club {n}")
        step(p, f"Step {n}", days(-n - 1), owner=owner if n % 2 else staff)
        pilot(p, f"Pilot {n}", days(-n - 1))
    response = staff_client.get(TODAY)
    assert len(response.context["overdue_steps"]) == 20
    assert response.context["more_overdue_steps"]
    assert len(response.context["pilots_to_review"]) == 20
    assert count() == few
