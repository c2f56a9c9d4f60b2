"""Pilots: planning one moves the partnership to Pilot; the review at its end moves it on."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.models import Pilot, PilotDecision
from allies.partnerships.models import LogEntry, Partnership, Stage, StageChange

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def partnership(library):
    organization = Organization.objects.create(library=library, name="Riverside Youth Shelter")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.EXPLORING
    )


def make_pilot(partnership, *, starts_on, ends_on, **fields):
    return Pilot.objects.create(
        library=partnership.library,
        partnership=partnership,
        title="Weekly drop-ins",
        starts_on=starts_on,
        ends_on=ends_on,
        library_does="Two librarians and laptops",
        partner_does="The room and word of mouth",
        success_looks_like="Ten teens a week",
        **fields,
    )


def new_url(partnership):
    return f"/l/riverton/outreach/partnerships/{partnership.pk}/pilots/new/"


def pilot_url(pilot, suffix=""):
    return f"/l/riverton/outreach/pilots/{pilot.pk}/{suffix}"


PILOT_POST = {
    "kind": "drop_ins",
    "title": "Weekly drop-ins at the shelter",
    "starts_on": "2026-03-02",
    "ends_on": "2026-05-25",
    "library_does": "Homework help and library cards",
    "partner_does": "Their common room, and they tell the teens",
    "success_looks_like": "Ten teens a week, five new cards",
}


def test_the_partnership_page_lists_pilots_and_offers_to_record_one(staff_client, partnership):
    make_pilot(partnership, starts_on=TODAY + DAY, ends_on=TODAY + 5 * DAY)
    page = staff_client.get(f"/l/riverton/partners/{partnership.pk}/")
    html = page.content.decode()
    assert "Weekly drop-ins" in html
    assert "Planned" in html
    assert "Record a pilot" in html
    assert new_url(partnership) in html


def test_the_partnership_page_links_to_the_review_of_an_ended_pilot(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 5 * DAY, ends_on=TODAY - DAY)
    html = staff_client.get(f"/l/riverton/partners/{partnership.pk}/").content.decode()
    assert "Waiting for review" in html
    assert pilot_url(pilot, "review/") in html


def test_a_volunteer_sees_pilots_but_no_link_to_record_one(volunteer_client, partnership):
    make_pilot(partnership, starts_on=TODAY - 5 * DAY, ends_on=TODAY + DAY)
    html = volunteer_client.get(f"/l/riverton/partners/{partnership.pk}/").content.decode()
    assert "Weekly drop-ins" in html and "Running" in html
    assert "Record a pilot" not in html


def test_recording_a_pilot_moves_the_partnership_to_pilot_and_logs_it(
    staff_client, staff, partnership
):
    form = staff_client.get(new_url(partnership))
    assert form.status_code == 200
    assert "Save the pilot" in form.content.decode()
    response = staff_client.post(new_url(partnership), PILOT_POST)
    pilot = Pilot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == pilot_url(pilot)
    assert pilot.partnership == partnership
    assert pilot.created_by == staff
    assert pilot.decision == ""
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT
    change = partnership.stage_changes.first()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.EXPLORING,
        Stage.PILOT,
        staff,
    )
    entry = LogEntry.objects.get(partnership=partnership)
    assert "Weekly drop-ins at the shelter" in entry.summary
    assert entry.link == pilot_url(pilot)
    page = staff_client.get(pilot_url(pilot)).content.decode()
    assert "Homework help and library cards" in page


def test_a_pilot_for_an_active_partnership_leaves_its_stage(staff_client, partnership):
    partnership.stage = Stage.ACTIVE
    partnership.save()
    assert staff_client.post(new_url(partnership), PILOT_POST).status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ACTIVE
    assert not StageChange.objects.filter(partnership=partnership).exists()


def test_a_pilot_ending_before_it_starts_is_refused_and_nothing_is_lost(staff_client, partnership):
    data = {**PILOT_POST, "starts_on": "2026-05-25", "ends_on": "2026-03-02"}
    response = staff_client.post(new_url(partnership), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The last day comes before the first day" in html
    assert 'id="id_ends_on_error"' in html
    for value in ["2026-05-25", "2026-03-02", "Homework help and library cards", "Ten teens"]:
        assert value in html
    assert not Pilot.objects.exists()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING


def test_a_pilot_with_what_success_looks_like_missing_is_refused(staff_client, partnership):
    data = {**PILOT_POST, "success_looks_like": ""}
    response = staff_client.post(new_url(partnership), data)
    assert response.status_code == 400
    assert "Say what success looks like" in response.content.decode()
    assert not Pilot.objects.exists()


def test_editing_a_pilot_records_attendance_and_outcome(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 3 * DAY, ends_on=TODAY + 3 * DAY)
    data = {**PILOT_POST, "attendance": "42", "outcome": "Teens came back each week"}
    response = staff_client.post(pilot_url(pilot, "edit/"), data)
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert (pilot.attendance, pilot.outcome) == (42, "Teens came back each week")
    bad = staff_client.post(pilot_url(pilot, "edit/"), {**data, "ends_on": "2026-01-01"})
    assert bad.status_code == 400
    pilot.refresh_from_db()
    assert pilot.ends_on == datetime.date(2026, 5, 25)


def test_the_review_is_not_open_before_the_last_day(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - DAY, ends_on=TODAY + 2 * DAY)
    detail = staff_client.get(pilot_url(pilot)).content.decode()
    assert "Review this pilot" not in detail
    page = staff_client.get(pilot_url(pilot, "review/"))
    assert page.status_code == 200
    assert "It can be reviewed from its last day" in page.content.decode()
    early = staff_client.post(pilot_url(pilot, "review/"), {"decision": "grow"})
    assert early.status_code == 400
    pilot.refresh_from_db()
    assert pilot.decision == ""
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING


def test_the_review_opens_on_the_last_day(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - DAY, ends_on=TODAY)
    detail = staff_client.get(pilot_url(pilot)).content.decode()
    assert "Review this pilot" in detail
    page = staff_client.get(pilot_url(pilot, "review/")).content.decode()
    assert "Save the review" in page
    for label in ["Continue as a pilot", "Grow into a formal partnership", "Stop here"]:
        assert label in page


@pytest.mark.parametrize(
    ("start_stage", "decision", "stage"),
    [
        (Stage.PILOT, "continue", Stage.PILOT),
        (Stage.PILOT, "grow", Stage.ACTIVE),
        (Stage.EXPLORING, "continue", Stage.PILOT),
    ],
)
def test_a_decision_moves_the_stage(staff_client, staff, partnership, start_stage, decision, stage):
    partnership.stage = start_stage
    partnership.save()
    pilot = make_pilot(partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY)
    response = staff_client.post(
        pilot_url(pilot, "review/"),
        {"attendance": "31", "outcome": "Steady", "decision": decision},
    )
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert (pilot.decision, pilot.attendance, pilot.outcome) == (decision, 31, "Steady")
    assert (pilot.reviewed_on, pilot.reviewed_by) == (TODAY, staff)
    partnership.refresh_from_db()
    assert partnership.stage == stage
    moves = StageChange.objects.filter(partnership=partnership)
    if start_stage == stage:
        assert not moves.exists()
    else:
        assert moves.get().to_stage == stage
    assert LogEntry.objects.filter(partnership=partnership, summary__contains="review").exists()
    page = staff_client.get(pilot_url(pilot)).content.decode()
    assert str(PilotDecision(decision).label) in page


def test_stopping_requires_what_we_learned_and_ends_the_partnership(
    staff_client, staff, partnership
):
    partnership.stage = Stage.PILOT
    partnership.lessons = "Call before noon."
    partnership.save()
    pilot = make_pilot(partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY)
    refused = staff_client.post(
        pilot_url(pilot, "review/"), {"attendance": "3", "outcome": "Few came", "decision": "stop"}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Say why you stop and what you learned" in html
    assert "Few came" in html
    pilot.refresh_from_db()
    assert pilot.decision == "" and pilot.outcome == ""
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT

    note = "Teens were at school at that hour; try evenings."
    response = staff_client.post(
        pilot_url(pilot, "review/"),
        {"attendance": "3", "outcome": "Few came", "decision": "stop", "decision_note": note},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ENDED
    assert partnership.end_reason == note
    assert partnership.lessons == f"Call before noon.\n\n{note}"
    assert partnership.ended_on == TODAY
    change = partnership.stage_changes.first()
    assert (change.to_stage, change.reason, change.changed_by) == (Stage.ENDED, note, staff)


def test_the_review_asks_only_what_is_not_known(staff_client, partnership):
    pilot = make_pilot(
        partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY, attendance=12
    )
    page = staff_client.get(pilot_url(pilot, "review/")).content.decode()
    assert 'name="attendance"' not in page
    assert 'name="outcome"' in page


def test_a_pilot_is_reviewed_only_once(staff_client, partnership, owner):
    partnership.stage = Stage.ACTIVE
    partnership.save()
    pilot = make_pilot(
        partnership,
        starts_on=TODAY - 9 * DAY,
        ends_on=TODAY - 2 * DAY,
        decision=PilotDecision.GROW,
        reviewed_on=TODAY - DAY,
        reviewed_by=owner,
    )
    response = staff_client.post(
        pilot_url(pilot, "review/"), {"decision": "stop", "decision_note": "No"}, follow=True
    )
    assert response.status_code == 200
    assert "already reviewed" in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.decision == PilotDecision.GROW
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ACTIVE
    assert "Review this pilot" not in staff_client.get(pilot_url(pilot)).content.decode()


def test_a_pilot_of_an_archived_partnership_is_not_reviewed(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY)
    partnership.archive()
    response = staff_client.post(pilot_url(pilot, "review/"), {"decision": "grow"}, follow=True)
    assert "can no longer be reviewed" in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.decision == ""
    refused = staff_client.post(new_url(partnership), PILOT_POST)
    assert refused.status_code == 302
    assert Pilot.objects.count() == 1


def test_a_volunteer_cannot_record_edit_or_review(volunteer_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY)
    assert volunteer_client.get(pilot_url(pilot)).status_code == 200
    assert volunteer_client.post(new_url(partnership), PILOT_POST).status_code == 403
    assert volunteer_client.post(pilot_url(pilot, "edit/"), PILOT_POST).status_code == 403
    review = {"decision": "grow", "outcome": "Fine"}
    assert volunteer_client.post(pilot_url(pilot, "review/"), review).status_code == 403
    assert Pilot.objects.get().title == "Weekly drop-ins"
    pilot.refresh_from_db()
    assert pilot.decision == ""


def test_another_librarys_member_gets_404_everywhere(outsider_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 9 * DAY, ends_on=TODAY - 2 * DAY)
    urls = [new_url(partnership), pilot_url(pilot), pilot_url(pilot, "edit/")]
    urls.append(pilot_url(pilot, "review/"))
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {**PILOT_POST, "decision": "grow"}).status_code == 404
    assert not Pilot.objects.exclude(pk=pilot.pk).exists()


def test_a_pilot_of_another_library_is_404_for_its_own_ids(staff_client, other_library):
    organization = Organization.objects.create(library=other_library, name="Elsewhere Club")
    theirs = Partnership.objects.create(library=other_library, organization=organization)
    pilot = make_pilot(theirs, starts_on=TODAY, ends_on=TODAY)
    assert staff_client.get(pilot_url(pilot)).status_code == 404
    assert staff_client.post(new_url(theirs), PILOT_POST).status_code == 404
    assert staff_client.post(pilot_url(pilot, "review/"), {"decision": "grow"}).status_code == 404


def test_a_review_settles_an_older_pilot_that_was_never_reviewed(staff_client, partnership):
    partnership.stage = Stage.PILOT
    partnership.save()
    older = make_pilot(partnership, starts_on=TODAY - 90 * DAY, ends_on=TODAY - 60 * DAY)
    newer = make_pilot(partnership, starts_on=TODAY - 30 * DAY, ends_on=TODAY - 2 * DAY)
    newer.title = "Summer drop-ins"
    newer.save()
    assert Pilot.objects.to_review(partnership.library, TODAY).count() == 2
    response = staff_client.post(
        pilot_url(newer, "review/"), {"attendance": "12", "outcome": "Good", "decision": "grow"}
    )
    assert response.status_code == 302
    older.refresh_from_db()
    assert older.decision == PilotDecision.CLOSED
    assert older.decision_note == "Settled by the review of “Summer drop-ins”."
    assert not Pilot.objects.to_review(partnership.library, TODAY).exists()
    page = staff_client.get(pilot_url(older)).content.decode()
    assert "Waiting for review" not in page and "Closed without its own review" in page


def test_an_ended_pilot_can_be_closed_without_a_review(client, staff, volunteer, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 90 * DAY, ends_on=TODAY - 60 * DAY)
    client.force_login(volunteer)
    assert client.post(pilot_url(pilot, "close/")).status_code == 403
    staff_client = client
    staff_client.force_login(staff)
    page = staff_client.get(pilot_url(pilot)).content.decode()
    assert "Close without a review" in page
    response = staff_client.post(pilot_url(pilot, "close/"), {"note": "Replaced by the fall one"})
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert (pilot.decision, pilot.decision_note) == ("closed", "Replaced by the fall one")
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING  # closing moves nothing
    review = staff_client.get(pilot_url(pilot, "review/"))
    assert "Closed without its own review" not in review.content.decode()


def test_a_running_pilot_is_not_closed(staff_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - DAY, ends_on=TODAY + 9 * DAY)
    staff_client.post(pilot_url(pilot, "close/"))
    pilot.refresh_from_db()
    assert pilot.decision == ""


def test_closing_another_librarys_pilot_is_404(outsider_client, partnership):
    pilot = make_pilot(partnership, starts_on=TODAY - 90 * DAY, ends_on=TODAY - 60 * DAY)
    assert outsider_client.post(pilot_url(pilot, "close/")).status_code == 404
    pilot.refresh_from_db()
    assert pilot.decision == ""
