"""Each reminder rule on a hand-made timeline, with its edge cases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from allies.directory.models import Affiliation, Audience, Organization, Person
from allies.outreach.models import CommunityEvent, Pilot, SupportOffer
from allies.partnerships.models import Commitment, Partnership, StageChange
from allies.stewardship import reminders as rules
from allies.stewardship.models import Contact, LibraryEvent, ReminderDecision, StewardshipSettings
from allies.stewardship.reminders import Kind, reminders_for

FRIDAY = datetime.date(2026, 3, 13)


def d(n, start=FRIDAY):
    return start + datetime.timedelta(days=n)


def partnership(library, name, stage="active", lead=None, **fields):
    organization = Organization.objects.create(library=library, name=name)
    fields.setdefault("started_on", d(-30))
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, lead=lead, **fields
    )


def contact(p, kind, on, **fields):
    return Contact.objects.create(
        library=p.library, partnership=p, kind=kind, happened_on=on, **fields
    )


def of_kind(library, kind, day, user=None):
    return [r for r in reminders_for(library, day=day, user=user) if r.kind == kind]


# Thank -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_support_on_a_friday_thanked_the_next_friday_is_within_the_week(library):
    rotary = partnership(library, "Rotary")
    support = contact(rotary, "support", FRIDAY, support_kind="funded")
    [reminder] = of_kind(library, Kind.THANK, d(7))
    assert reminder.key == f"thank:contact:{support.pk}"
    assert reminder.due == d(7)  # due the next Friday: not late yet
    assert not reminder.is_overdue(d(7))
    assert "Rotary" in reminder.text and "funded" in reminder.text
    contact(rotary, "thanks", d(7))
    assert of_kind(library, Kind.THANK, d(7)) == []


@pytest.mark.django_db
def test_a_thank_you_before_the_support_does_not_count(library):
    rotary = partnership(library, "Rotary")
    contact(rotary, "thanks", d(-1))
    contact(rotary, "support", FRIDAY)
    [reminder] = of_kind(library, Kind.THANK, d(10))
    assert reminder.is_overdue(d(10))


@pytest.mark.django_db
def test_thank_you_on_the_same_day_counts_and_other_partners_do_not(library):
    rotary, scouts = partnership(library, "Rotary"), partnership(library, "Scouts")
    contact(rotary, "support", FRIDAY)
    contact(rotary, "thanks", FRIDAY)
    contact(scouts, "support", FRIDAY)
    contact(
        Partnership.objects.create(
            library=library, organization=Organization.objects.create(library=library, name="Lions")
        ),
        "thanks",
        d(1),
    )
    assert [r.partnership_id for r in of_kind(library, Kind.THANK, d(2))] == [scouts.pk]


@pytest.mark.django_db
def test_thank_within_days_comes_from_the_library_settings(library):
    StewardshipSettings.objects.create(library=library, thank_within_days=3)
    contact(partnership(library, "Rotary"), "support", FRIDAY)
    assert of_kind(library, Kind.THANK, FRIDAY)[0].due == d(3)


# Congratulate ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_congratulate_after_partner_news_until_congratulations_are_sent(library):
    rotary = partnership(library, "Rotary")
    contact(rotary, "congratulations", d(-5))  # for older news
    news = contact(rotary, "partner_news", FRIDAY, note="Opened a new youth center")
    [reminder] = of_kind(library, Kind.CONGRATULATE, d(1))
    assert reminder.key == f"congratulate:contact:{news.pk}"
    assert "Opened a new youth center" in reminder.text
    contact(rotary, "congratulations", d(2))
    assert of_kind(library, Kind.CONGRATULATE, d(3)) == []
    # Asked about a day before the congratulations, the reminder was still there.
    assert len(of_kind(library, Kind.CONGRATULATE, d(1))) == 1


# Share results -----------------------------------------------------------------------------------


def pilot(p, ends_on, **fields):
    return Pilot.objects.create(
        library=p.library,
        partnership=p,
        title="Story tent",
        starts_on=ends_on - datetime.timedelta(days=3),
        ends_on=ends_on,
        library_does="Stories",
        partner_does="Space",
        success_looks_like="Fifty children",
        **fields,
    )


@pytest.mark.django_db
def test_share_results_after_a_pilot_ends(library):
    rotary = partnership(library, "Rotary", stage="pilot")
    trial = pilot(rotary, FRIDAY)
    assert of_kind(library, Kind.SHARE_RESULTS, FRIDAY) == []  # still running on its last day
    contact(rotary, "results", d(-10))  # before the end: not the results of this pilot
    [reminder] = of_kind(library, Kind.SHARE_RESULTS, d(1))
    assert reminder.key == f"results:pilot:{trial.pk}"
    assert "Story tent" in reminder.text
    contact(rotary, "results", d(2))
    assert of_kind(library, Kind.SHARE_RESULTS, d(3)) == []


@pytest.mark.django_db
def test_share_results_after_a_community_event_the_library_helped_with(library, owner):
    fair_host = partnership(library, "Harvest Fair Committee")
    other = partnership(library, "Scouts")
    event = CommunityEvent.objects.create(
        library=library,
        title="Harvest fair",
        organizer=fair_host.organization,
        starts_on=d(-2),
        ends_on=FRIDAY,
    )
    refused = CommunityEvent.objects.create(
        library=library, title="Parade", organizer=other.organization, starts_on=d(-5)
    )
    SupportOffer.objects.create(library=library, event=event, offer="Tent", status="accepted")
    SupportOffer.objects.create(library=library, event=refused, offer="Float", status="turned_down")
    assert of_kind(library, Kind.SHARE_RESULTS, FRIDAY) == []  # last day not over yet
    [reminder] = of_kind(library, Kind.SHARE_RESULTS, d(1))
    assert reminder.key == f"results:event:{event.pk}"
    assert reminder.partnership_id == fair_host.pk and "Harvest fair" in reminder.text
    contact(fair_host, "results", d(1))
    assert of_kind(library, Kind.SHARE_RESULTS, d(2)) == []


@pytest.mark.django_db
def test_share_the_outcome_of_a_decision_they_helped_with(library):
    council = partnership(library, "Chamber of Commerce")
    support = contact(
        council, "support", d(-20), support_kind="budget_meeting", outcome_due_on=FRIDAY
    )
    contact(council, "thanks", d(-19))
    assert of_kind(library, Kind.SHARE_RESULTS, FRIDAY) == []  # the decision is today
    [reminder] = of_kind(library, Kind.SHARE_RESULTS, d(1))
    assert reminder.key == f"outcome:contact:{support.pk}"
    contact(council, "results", d(3))
    assert of_kind(library, Kind.SHARE_RESULTS, d(4)) == []


# Leadership change -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leadership_change_at_an_organization_with_two_contacts(library):
    foundation = partnership(library, "Community Foundation")
    new_director = Person.objects.create(library=library, name="Dana Reyes")
    treasurer = Person.objects.create(library=library, name="Lee Park")
    for person in (new_director, treasurer):
        Affiliation.objects.create(person=person, organization=foundation.organization)
    change = contact(foundation, "leadership_change", FRIDAY, person=new_director)
    contact(foundation, "meeting", d(2), person=treasurer)  # the other person: not enough
    [reminder] = of_kind(library, Kind.LEADERSHIP, d(3))
    assert reminder.key == f"leadership:contact:{change.pk}"
    assert reminder.person_id == new_director.pk
    assert "Dana Reyes" in reminder.text and "tour" in reminder.text
    contact(foundation, "email", d(4), person=new_director)
    assert of_kind(library, Kind.LEADERSHIP, d(5)) == []


@pytest.mark.django_db
def test_leadership_change_without_a_name_needs_a_meeting_call_visit_tour_or_invitation(library):
    foundation = partnership(library, "Community Foundation")
    contact(foundation, "leadership_change", FRIDAY)
    contact(foundation, "library_news", d(1))  # not reaching out to the new person
    assert len(of_kind(library, Kind.LEADERSHIP, d(2))) == 1
    contact(foundation, "visit", d(2))
    assert of_kind(library, Kind.LEADERSHIP, d(3)) == []


@pytest.mark.django_db
def test_a_call_earlier_the_same_day_does_not_answer_a_leadership_change(library):
    foundation = partnership(library, "Community Foundation")
    contact(foundation, "call", FRIDAY)
    contact(foundation, "leadership_change", FRIDAY)
    assert len(of_kind(library, Kind.LEADERSHIP, FRIDAY)) == 1


# Keep in touch -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_keep_in_touch_after_the_cadence(library):
    rotary = partnership(library, "Rotary", started_on=d(-300))
    contact(rotary, "call", d(-90))
    assert of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY) == []  # exactly 90 days: not yet
    [reminder] = of_kind(library, Kind.KEEP_IN_TOUCH, d(1))
    assert reminder.due == FRIDAY and reminder.key.endswith(d(-90).isoformat())
    contact(rotary, "leadership_change", d(1))  # noting a change is not being in touch
    assert len(of_kind(library, Kind.KEEP_IN_TOUCH, d(2))) == 1
    contact(rotary, "chat", d(2))
    assert of_kind(library, Kind.KEEP_IN_TOUCH, d(3)) == []


@pytest.mark.django_db
def test_keep_in_touch_uses_the_partnership_cadence_and_counts_from_the_start(library):
    scouts = partnership(library, "Scouts", started_on=d(-31), keep_in_touch_days=30)
    StewardshipSettings.objects.create(library=library, keep_in_touch_days=20)
    lions = partnership(library, "Lions", started_on=d(-25))
    found = {r.partnership_id for r in of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY)}
    assert found == {scouts.pk, lions.pk}
    assert "no contact logged since" in of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY)[0].text


@pytest.mark.django_db
def test_paused_six_months_no_drift_while_paused_and_counted_from_the_resume(library, staff):
    rotary = partnership(library, "Rotary", started_on=d(-400))
    contact(rotary, "meeting", d(-200))
    rotary.move_to("paused", by=staff)
    StageChange.objects.filter(partnership=rotary).update(
        changed_at=timezone.make_aware(datetime.datetime.combine(d(-190), datetime.time(12)))
    )
    assert of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY) == []  # paused: no drift
    rotary.move_to("active", by=staff)
    resumed = StageChange.objects.filter(partnership=rotary, from_stage="paused").get()
    resumed.changed_at = timezone.make_aware(datetime.datetime.combine(d(-10), datetime.time(12)))
    resumed.save()
    assert of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY) == []  # ten days since it resumed
    [reminder] = of_kind(library, Kind.KEEP_IN_TOUCH, d(81))
    assert reminder.due == d(80)


@pytest.mark.django_db
def test_no_keep_in_touch_for_declined_ended_or_archived(library):
    partnership(library, "Declined", stage="declined", started_on=d(-400))
    partnership(library, "Ended", stage="ended", started_on=d(-400))
    gone = partnership(library, "Gone", started_on=d(-400))
    gone.archive()
    assert of_kind(library, Kind.KEEP_IN_TOUCH, FRIDAY) == []


# Try again, commitments, invitations --------------------------------------------------------------


@pytest.mark.django_db
def test_try_again_when_the_date_comes(library):
    lions = partnership(library, "Lions", stage="declined", try_again_on=FRIDAY)
    partnership(library, "Later", stage="declined", try_again_on=d(1))
    assert of_kind(library, Kind.TRY_AGAIN, d(-1)) == []
    [reminder] = of_kind(library, Kind.TRY_AGAIN, FRIDAY)
    assert reminder.partnership_id == lions.pk and reminder.due == FRIDAY


@pytest.mark.django_db
def test_commitments_due_within_a_week_or_overdue(library):
    rotary = partnership(library, "Rotary")

    def promise(owed_by, what, due_on, **fields):
        return Commitment.objects.create(
            library=library, partnership=rotary, owed_by=owed_by, what=what, due_on=due_on, **fields
        )

    ours = promise("library", "Lend the hall", d(-2))
    theirs = promise("partner", "Bring prizes", d(7))
    promise("partner", "Far away", d(8))
    promise("library", "Kept already", d(-1), status="kept", done_on=d(-1))
    found = {r.key: r for r in of_kind(library, Kind.COMMITMENT, FRIDAY)}
    assert set(found) == {f"commitment:{ours.pk}:{d(-2)}", f"commitment:{theirs.pk}:{d(7)}"}
    assert found[f"commitment:{ours.pk}:{d(-2)}"].text.startswith("Do what the library promised")
    assert found[f"commitment:{theirs.pk}:{d(7)}"].text.startswith("Check in with Rotary")


@pytest.mark.django_db
def test_invite_active_partners_reaching_the_event_audience(library, owner):
    teens = Audience.objects.create(library=library, name="Teens test", slug="teens-test")
    seniors = Audience.objects.create(library=library, name="Seniors test", slug="seniors-test")
    youth_club = partnership(library, "Youth Club")
    youth_club.organization.audiences.add(teens)
    garden_club = partnership(library, "Garden Club")
    garden_club.organization.audiences.add(seniors)
    partnership(library, "Prospect Teens", stage="prospect").organization.audiences.add(teens)
    opening = LibraryEvent.objects.create(
        library=library, title="Teen room opening", starts_on=d(20)
    )
    opening.audiences.add(teens)
    LibraryEvent.objects.filter(pk=opening.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(d(-3), datetime.time(9)))
    )
    LibraryEvent.objects.create(library=library, title="Too far", starts_on=d(31))
    contact(youth_club, "invitation", d(-4))  # before the event was added: another event
    [reminder] = of_kind(library, Kind.INVITE, FRIDAY)
    assert reminder.partnership_id == youth_club.pk
    assert reminder.key == f"invite:event:{opening.pk}:partnership:{youth_club.pk}"
    assert reminder.due == d(6)  # two weeks ahead
    contact(youth_club, "invitation", d(1))
    assert [r for r in of_kind(library, Kind.INVITE, d(1)) if r.key == reminder.key] == []


@pytest.mark.django_db
def test_an_event_for_everyone_invites_every_active_partner(library):
    one, two = partnership(library, "One"), partnership(library, "Two")
    partnership(library, "Paused", stage="paused")
    LibraryEvent.objects.create(library=library, title="Open house", starts_on=d(5))
    found = {r.partnership_id for r in of_kind(library, Kind.INVITE, FRIDAY)}
    assert found == {one.pk, two.pk}


# Who sees which, decisions, cost ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_gets_the_reminders_of_partnerships_they_lead_owners_also_the_unassigned(
    library, owner, staff, volunteer, outsider
):
    staffs = partnership(library, "Staff's", lead=staff)
    owners = partnership(library, "Owner's", lead=owner)
    nobodys = partnership(library, "Nobody's")
    for p in (staffs, owners, nobodys):
        contact(p, "support", FRIDAY)

    def ids(user):
        return {r.partnership_id for r in of_kind(library, Kind.THANK, FRIDAY, user=user)}

    assert ids(None) == {staffs.pk, owners.pk, nobodys.pk}
    assert ids(staff) == {staffs.pk}
    assert ids(owner) == {owners.pk, nobodys.pk}
    assert ids(volunteer) == set()
    assert ids(outsider) == set()
    [one] = of_kind(library, Kind.THANK, FRIDAY, user=staff)
    assert one.assignee_id == staff.pk


@pytest.mark.django_db
def test_decisions_hide_done_and_dismissed_and_snoozed_until_their_date(library, staff):
    rotary = partnership(library, "Rotary")
    contact(rotary, "support", FRIDAY)
    contact(rotary, "partner_news", FRIDAY)
    LibraryEvent.objects.create(library=library, title="Open house", starts_on=d(20))
    thank, congratulate, invite = (
        of_kind(library, kind, FRIDAY)[0] for kind in (Kind.THANK, Kind.CONGRATULATE, Kind.INVITE)
    )
    rules.dismiss(library, congratulate, by=staff, reason="They asked for no fuss")
    rules.snooze(library, invite, by=staff, until=d(7))
    decision = rules.mark_done(library, thank, by=staff, day=FRIDAY)
    assert decision.contact.kind == "thanks" and decision.contact.logged_by == staff
    assert decision.contact.happened_on == FRIDAY
    left = {r.kind for r in reminders_for(library, day=FRIDAY)}
    assert not left & {Kind.THANK, Kind.CONGRATULATE, Kind.INVITE}
    assert Kind.INVITE in {r.kind for r in reminders_for(library, day=d(7))}  # snooze over
    with pytest.raises(ValueError):
        rules.dismiss(library, invite, by=staff, reason="  ")
    assert ReminderDecision.objects.filter(library=library).count() == 3


@pytest.mark.django_db
def test_done_on_the_library_s_own_promise_marks_it_kept(library, staff):
    rotary = partnership(library, "Rotary")
    promise = Commitment.objects.create(
        library=library, partnership=rotary, owed_by="library", what="Lend the hall", due_on=d(1)
    )
    [reminder] = of_kind(library, Kind.COMMITMENT, FRIDAY)
    rules.mark_done(library, reminder, by=staff, day=FRIDAY)
    promise.refresh_from_db()
    assert promise.status == "kept" and promise.done_on == FRIDAY
    assert not Contact.objects.filter(partnership=rotary).exists()


@pytest.mark.django_db
def test_other_libraries_records_never_show(library, other_library):
    contact(partnership(other_library, "Elsewhere Rotary"), "support", FRIDAY)
    assert reminders_for(library, day=FRIDAY) == []


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_record(library, owner):
    def build(n):
        for i in range(n):
            p = partnership(library, f"Partner {n}-{i}", started_on=d(-400))
            contact(p, "support", d(-i))
            contact(p, "partner_news", d(-i))
            contact(p, "leadership_change", d(-i))
            pilot(p, d(-i - 1))
            Commitment.objects.create(
                library=library, partnership=p, owed_by="library", what="x", due_on=d(1)
            )
        LibraryEvent.objects.create(library=library, title=f"Event {n}", starts_on=d(5))

    def count():
        with CaptureQueriesContext(connection) as queries:
            found = reminders_for(library, day=FRIDAY, user=owner)
        return len(queries), len(found)

    build(2)
    few_queries, few = count()
    build(10)
    many_queries, many = count()
    assert many > few
    assert many_queries == few_queries


@pytest.mark.django_db
def test_support_older_than_a_year_is_no_longer_a_to_do(library):
    rotary = partnership(library, "Rotary")
    contact(rotary, "support", d(-rules.LOOKBACK_DAYS))
    contact(rotary, "support", d(-rules.LOOKBACK_DAYS - 1))
    assert len(of_kind(library, Kind.THANK, FRIDAY)) == 1


@pytest.mark.django_db
def test_supports_waiting_on_one_partner_make_one_reminder(library):
    """One thank-you answers every support before it, so two waiting supports are one reminder:
    due after the older one, keyed by the newer (new support brings a dismissed reminder back)."""
    rotary = partnership(library, "Rotary")
    contact(rotary, "support", d(0), support_kind="funded")
    newer = contact(rotary, "support", d(3), support_kind="volunteered")
    [reminder] = of_kind(library, Kind.THANK, d(4))
    assert reminder.key == f"thank:contact:{newer.pk}"
    assert reminder.due == d(7)
    assert "(volunteered)" in reminder.text
    assert "And 1 earlier time not yet thanked." in reminder.text
    contact(rotary, "thanks", d(5))
    assert of_kind(library, Kind.THANK, d(6)) == []
