"""Deciding about reminders (done, snooze, dismiss), the library's list, and `allies reminders`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Commitment, Partnership
from allies.stewardship.models import Contact, ReminderDecision
from allies.stewardship.reminders import reminders_for

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def partnership(library, name, lead=None, stage="active"):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, lead=lead, started_on=days(-10)
    )


def support(p, on=None):
    return Contact.objects.create(
        library=p.library, partnership=p, kind="support", happened_on=on or days(-2)
    )


def url(name, slug="riverton"):
    return reverse(f"stewardship:{name}", args=[slug])


def the_key(library):
    [reminder] = reminders_for(library, day=TODAY())
    return reminder.key


# Done --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_done_logs_the_thank_you_and_the_reminder_is_gone(staff_client, staff, library):
    rotary = partnership(library, "Rotary", lead=staff)
    support(rotary)
    key = the_key(library)
    response = staff_client.post(url("reminder_done"), {"key": key, "next": "/l/riverton/"})
    decision = ReminderDecision.objects.get(library=library, key=key)
    confirmation = reverse("stewardship:reminder_undo", args=["riverton", decision.pk])
    assert response.status_code == 302
    assert response["Location"] == confirmation + "?next=%2Fl%2Friverton%2F"
    thanks = Contact.objects.get(partnership=rotary, kind="thanks")
    assert thanks.happened_on == TODAY() and thanks.logged_by == staff
    decision = ReminderDecision.objects.get(library=library, key=key)
    assert decision.action == "done" and decision.contact == thanks
    assert reminders_for(library, day=TODAY()) == []


@pytest.mark.django_db
def test_a_key_the_record_does_not_give_is_refused(staff_client, library, other_library):
    elsewhere = partnership(other_library, "Elsewhere Rotary")
    theirs = support(elsewhere)
    for key in (f"thank:contact:{theirs.pk}", "thank:contact:999999", "", "x" * 500):
        response = staff_client.post(url("reminder_done"), {"key": key}, follow=True)
        assert response.status_code == 200
        assert "no longer waiting" in response.content.decode()
    assert not ReminderDecision.objects.exists()
    assert not Contact.objects.filter(kind="thanks").exists()


@pytest.mark.django_db
def test_done_twice_logs_one_contact(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    staff_client.post(url("reminder_done"), {"key": key})
    staff_client.post(url("reminder_done"), {"key": key})
    assert Contact.objects.filter(kind="thanks").count() == 1


@pytest.mark.django_db
def test_next_must_stay_inside_allies(staff_client, library):
    support(partnership(library, "Rotary"))
    response = staff_client.post(
        url("reminder_done"),
        {"key": the_key(library), "next": "https://evil.example/"},
        follow=True,
    )
    assert response.context["next"] == url("reminders")


@pytest.mark.django_db
def test_done_on_a_partners_promise_logs_a_check_in(staff_client, library):
    rotary = partnership(library, "Rotary")
    Commitment.objects.create(
        library=library, partnership=rotary, owed_by="partner", what="Prizes", due_on=days(-1)
    )
    staff_client.post(url("reminder_done"), {"key": the_key(library)})
    assert Contact.objects.get(partnership=rotary).kind == "call"


# Snooze ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_snooze_for_a_week_by_default_and_it_comes_back(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    response = staff_client.post(url("reminder_snooze"), {"key": key})
    assert response.status_code == 302
    decision = ReminderDecision.objects.get(key=key)
    assert decision.action == "snoozed" and decision.snoozed_until == days(7)
    assert reminders_for(library, day=TODAY()) == []
    assert reminders_for(library, day=days(6)) == []
    assert [r.key for r in reminders_for(library, day=days(7))] == [key]


@pytest.mark.django_db
def test_snooze_until_a_chosen_day(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    assert "Snooze until…" in staff_client.get(url("reminders")).content.decode()
    page = staff_client.get(url("reminder_snooze"), {"key": key})
    assert page.status_code == 200
    assert f'value="{days(7).isoformat()}"' in page.content.decode()  # a week, to change
    staff_client.post(url("reminder_snooze"), {"key": key, "until": days(3).isoformat()})
    assert ReminderDecision.objects.get(key=key).snoozed_until == days(3)


@pytest.mark.django_db
def test_snooze_to_a_past_day_is_refused_at_the_field(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    response = staff_client.post(
        url("reminder_snooze"), {"key": key, "until": days(-1).isoformat()}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a day after today." in page
    assert f'value="{days(-1).isoformat()}"' in page and key in page
    assert not ReminderDecision.objects.exists()


# Dismiss -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dismiss_asks_why_then_hides_it_for_good(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    page = staff_client.get(url("reminder_dismiss"), {"key": key})
    assert page.status_code == 200 and "Why it is not needed" in page.content.decode()
    response = staff_client.post(
        url("reminder_dismiss"), {"key": key, "reason": "They asked for no thank-you notes"}
    )
    assert response.status_code == 302
    decision = ReminderDecision.objects.get(key=key)
    assert decision.action == "dismissed" and decision.reason == "They asked for no thank-you notes"
    assert [r for r in reminders_for(library, day=days(100)) if r.key == key] == []


@pytest.mark.django_db
def test_dismiss_without_a_reason_is_refused(staff_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    response = staff_client.post(url("reminder_dismiss"), {"key": key, "reason": "   "})
    assert response.status_code == 400
    assert "Say why, so colleagues understand later." in response.content.decode()
    assert not ReminderDecision.objects.exists()
    assert len(reminders_for(library, day=TODAY())) == 1


# Who may do what ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_volunteers_see_reminders_but_cannot_act(volunteer_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    page = volunteer_client.get(url("reminders"))
    assert page.status_code == 200 and "Thank Rotary" in page.content.decode()
    assert "reminders/done/" not in page.content.decode()
    for name in ("reminder_done", "reminder_snooze", "reminder_dismiss"):
        response = volunteer_client.post(url(name), {"key": key, "reason": "no"})
        assert response.status_code == 403, name
    assert volunteer_client.get(url("reminder_dismiss"), {"key": key}).status_code == 403
    assert volunteer_client.get(url("reminder_snooze"), {"key": key}).status_code == 403
    assert not ReminderDecision.objects.exists()


@pytest.mark.django_db
def test_outsiders_get_404_on_every_reminder_url(outsider_client, library):
    support(partnership(library, "Rotary"))
    key = the_key(library)
    for name in ("reminders", "reminder_done", "reminder_snooze", "reminder_dismiss"):
        assert outsider_client.get(url(name)).status_code == 404, name
        assert outsider_client.post(url(name), {"key": key, "reason": "x"}).status_code == 404
    assert not ReminderDecision.objects.exists()


# The list ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_person(owner_client, owner, staff, library):
    support(partnership(library, "Rotary", lead=staff))
    Contact.objects.create(
        library=library,
        partnership=partnership(library, "Scouts", lead=owner),
        kind="partner_news",
        happened_on=days(-1),
    )
    support(partnership(library, "Lions"))
    page = owner_client.get(url("reminders")).content.decode()
    assert "Thank Rotary" in page and "Congratulate Scouts" in page and "Thank Lions" in page
    page = owner_client.get(url("reminders"), {"kind": "congratulate"}).content.decode()
    assert "Congratulate Scouts" in page and "Thank Rotary" not in page
    page = owner_client.get(url("reminders"), {"person": str(staff.pk)}).content.decode()
    assert "Thank Rotary" in page and "Scouts" not in page and "Lions" not in page
    page = owner_client.get(url("reminders"), {"person": "me"}).content.decode()
    assert "Scouts" in page and "Rotary" not in page
    page = owner_client.get(url("reminders"), {"person": "nobody"}).content.decode()
    assert "Thank Lions" in page and "Rotary" not in page
    page = owner_client.get(url("reminders"), {"kind": "nonsense", "person": "x"})
    assert page.status_code == 200 and "Thank Rotary" in page.content.decode()


# The command line --------------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_cli_json_shape(library, staff, owner):
    rotary = partnership(library, "Rotary", lead=staff)
    support(rotary, on=datetime.date(2026, 3, 13))
    partnership(library, "Scouts", lead=owner)
    data = json.loads(run("--library", "riverton", "--date", "2026-03-14", "--json"))
    assert list(data) == ["reminders"]
    thank = [r for r in data["reminders"] if r["kind"] == "thank"]
    assert thank == [
        {
            "kind": "thank",
            "partnership_id": rotary.pk,
            "due": "2026-03-20",
            "text": "Thank Rotary for their support on 13 Mar 2026.",
        }
    ]
    assert all(set(r) == {"kind", "partnership_id", "due", "text"} for r in data["reminders"])
    mine = json.loads(
        run(
            "--library",
            "riverton",
            "--user",
            "STAFF@riverton.example",
            "--date",
            "2026-03-14",
            "--json",
        )
    )
    assert {r["partnership_id"] for r in mine["reminders"]} == {rotary.pk}


@pytest.mark.django_db
def test_cli_text(library):
    support(partnership(library, "Rotary"), on=datetime.date(2026, 3, 13))
    text = run("--library", "riverton", "--date", "2026-03-30")
    assert "2026-03-20  Thank Rotary for their support on 13 Mar 2026.  (late)" in text
    assert "No reminders" in run("--library", "riverton", "--date", "2026-03-01")


@pytest.mark.django_db
def test_cli_errors(library, outsider):
    with pytest.raises(CommandError, match="No library has the short name 'nowhere'"):
        run("--library", "nowhere", "--json")
    with pytest.raises(CommandError, match="No member of riverton"):
        run("--library", "riverton", "--user", outsider.email)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--library", "riverton", "--date", "14/03/2026")


@pytest.mark.django_db
def test_partnerships_nobody_on_staff_leads_are_the_owners_to_do(library, owner, staff, volunteer):
    """Led by a volunteer or by someone who left: the owners get the reminder, not the lead."""
    from allies.libraries.models import User

    gone = User.objects.create_user("gone@example.org", "x", full_name="Gone")
    by_volunteer = partnership(library, "Scouts", lead=volunteer)
    by_gone = partnership(library, "Choir", lead=gone)
    by_staff = partnership(library, "Rotary", lead=staff)
    for p in (by_volunteer, by_gone, by_staff):
        support(p)
    owners = {r.partnership_id for r in reminders_for(library, day=TODAY(), user=owner)}
    assert owners == {by_volunteer.pk, by_gone.pk}
    assert reminders_for(library, day=TODAY(), user=volunteer) == []
    assert {r.partnership_id for r in reminders_for(library, day=TODAY(), user=staff)} == {
        by_staff.pk
    }


# How a thank-you was given, and undo -------------------------------------------------------------


@pytest.mark.django_db
def test_a_thank_you_reminder_asks_how_with_one_tap(staff_client, staff, library):
    rotary = partnership(library, "Rotary", lead=staff)
    support(rotary)
    page = staff_client.get(url("reminders")).content.decode()
    assert "Done, how?" in page
    for value in ("email", "card", "call", "in_person"):
        assert f'name="how" value="{value}"' in page
    staff_client.post(url("reminder_done"), {"key": the_key(library), "how": "card"})
    thanks = Contact.objects.get(partnership=rotary, kind="thanks")
    assert thanks.note.startswith("Given with a card. Done from the reminder:")


@pytest.mark.django_db
def test_done_can_be_undone_within_a_minute(staff_client, staff, library):
    rotary = partnership(library, "Rotary", lead=staff)
    support(rotary)
    response = staff_client.post(
        url("reminder_done"),
        {"key": the_key(library), "how": "email", "next": "/l/riverton/"},
        follow=True,
    )
    page = response.content.decode()
    assert "Done, and logged" in page and ">Undo<" in page
    decision = ReminderDecision.objects.get()
    undo = reverse("stewardship:reminder_undo", args=["riverton", decision.pk])
    response = staff_client.post(undo, {"next": "/l/riverton/"})
    assert response["Location"] == "/l/riverton/"
    assert not Contact.objects.filter(kind="thanks").exists()
    assert not ReminderDecision.objects.exists()
    assert len(reminders_for(library, day=TODAY())) == 1  # the reminder is back


@pytest.mark.django_db
def test_undo_is_refused_after_a_minute(staff_client, staff, library):
    support(partnership(library, "Rotary", lead=staff))
    staff_client.post(url("reminder_done"), {"key": the_key(library)})
    decision = ReminderDecision.objects.get()
    ReminderDecision.objects.filter(pk=decision.pk).update(
        decided_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    undo = reverse("stewardship:reminder_undo", args=["riverton", decision.pk])
    assert ">Undo<" not in staff_client.get(undo).content.decode()
    staff_client.post(undo)
    assert Contact.objects.filter(kind="thanks").count() == 1


@pytest.mark.django_db
def test_another_librarys_member_cannot_see_or_undo(client, staff, outsider, library):
    support(partnership(library, "Rotary", lead=staff))
    client.force_login(staff)
    client.post(url("reminder_done"), {"key": the_key(library)})
    decision = ReminderDecision.objects.get()
    client.force_login(outsider)
    undo = reverse("stewardship:reminder_undo", args=["riverton", decision.pk])
    assert client.get(undo).status_code == 404
    assert client.post(undo).status_code == 404
    assert Contact.objects.filter(kind="thanks").count() == 1
