"""Trainer's sessions: creating one from the agenda, moving through its parts, the clock, groups."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from allies.workshop import running
from allies.workshop.models import JOIN_ALPHABET, Participant, Workshop, WorkshopStatus

BASE = "/l/riverton/workshop/"

AGENDA = {
    "minutes_welcome": "5",
    "minutes_benefits": "15",
    "minutes_identify": "30",
    "minutes_sustain": "15",
    "minutes_planning": "10",
    "minutes_closing": "5",
}


def new_session(client, **changes):
    data = {"title": "Partnerships, spring training", "groups": "3", **AGENDA, **changes}
    return client.post(BASE + "new/", data)


def make_workshop(library, trainer, **fields):
    return running.create_workshop(library=library, trainer=trainer, title="Partnerships", **fields)


def join(workshop, name="Ana"):
    return Participant.objects.create(workshop=workshop, display_name=name)


def move(client, workshop, action, from_part=None):
    data = {"action": action}
    if from_part is not None:
        data["from_part"] = str(from_part)
    return client.post(f"{BASE}{workshop.pk}/move/", data)


# Join codes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_join_codes_are_six_unambiguous_characters_and_differ(library, owner):
    codes = {make_workshop(library, owner).join_code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert re.fullmatch(f"[{JOIN_ALPHABET}]{{6}}", code)
        assert not set(code) & set("O0I1L")


@pytest.mark.django_db
def test_a_code_already_taken_is_never_given_twice(library, owner, monkeypatch):
    taken = make_workshop(library, owner).join_code
    codes = iter([taken, taken, "ZZZ222"])
    monkeypatch.setattr(running, "new_join_code", lambda: next(codes))
    assert make_workshop(library, owner).join_code == "ZZZ222"


def test_typed_codes_are_cleaned():
    assert running.clean_code(" k7m-q2p ") == "K7MQ2P"
    assert running.clean_code("k7m q2p") == "K7MQ2P"
    assert running.looks_like_code("K7MQ2P") and not running.looks_like_code("K7MQ2")


# Creating a session from the agenda ----------------------------------------------------------


@pytest.mark.django_db
def test_staff_create_a_session_with_their_own_minutes(staff_client, staff):
    response = new_session(staff_client, minutes_identify="40", groups="4")
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{workshop.pk}/"
    assert workshop.trainer == staff and workshop.groups == 4
    assert [item["minutes"] for item in workshop.agenda] == [5, 15, 40, 15, 10, 5]
    assert [item["part"] for item in workshop.agenda][0] == "welcome"
    assert workshop.status == WorkshopStatus.WAITING and workshop.current == -1
    page = staff_client.get(response["Location"]).content.decode()
    assert workshop.join_code in page and "workshop-qr" in page and "90 minutes" in page


@pytest.mark.parametrize(
    "minutes, message",
    [
        ("0", "at least 1 minute"),
        ("-5", "at least 1 minute"),
        ("ten", "whole number"),
        ("", "1 or more"),
    ],
)
@pytest.mark.django_db
def test_bad_minutes_are_refused_with_a_message(staff_client, minutes, message):
    response = new_session(staff_client, minutes_benefits=minutes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'href="#id_minutes_benefits"' in response.content.decode()
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("groups", ["1", "7", "x"])
@pytest.mark.django_db
def test_groups_must_be_two_to_six(staff_client, groups):
    assert new_session(staff_client, groups=groups).status_code == 400
    assert not Workshop.objects.exists()


@pytest.mark.django_db
def test_the_new_page_shows_the_total(staff_client):
    page = staff_client.get(BASE + "new/").content.decode()
    assert '<output id="workshop-total" data-total-of=".workshop-minutes">80</output>' in page


@pytest.mark.django_db
def test_another_trainers_material_cannot_be_chosen(staff_client, owner):
    from allies.workshop.models import TrainerMaterial

    theirs = TrainerMaterial.objects.create(trainer=owner, name="Owner's", case_study="x")
    assert new_session(staff_client, material=str(theirs.pk)).status_code == 400
    assert not Workshop.objects.exists()


# Moving through the parts --------------------------------------------------------------------


@pytest.mark.django_db
def test_start_next_previous_and_finish(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    move(staff_client, workshop, "start")
    workshop.refresh_from_db()
    assert (workshop.status, workshop.current) == (WorkshopStatus.RUNNING, 0)
    assert workshop.part_started_at is not None
    move(staff_client, workshop, "next", 0)
    workshop.refresh_from_db()
    assert workshop.current == 1
    move(staff_client, workshop, "previous", 1)
    workshop.refresh_from_db()
    assert workshop.current == 0
    move(staff_client, workshop, "finish")
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.RUNNING  # not without the confirmation
    staff_client.post(f"{BASE}{workshop.pk}/move/", {"action": "finish", "confirm": "yes"})
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.FINISHED and workshop.finished_at is not None


@pytest.mark.django_db
def test_a_finish_needs_the_confirmation(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    move(staff_client, workshop, "start")
    response = move(staff_client, workshop, "finish")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Finish “Partnerships”?" in page and "Yes, finish the session" in page
    assert 'name="confirm" value="yes"' in page
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.RUNNING and workshop.finished_at is None
    detail = staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    controls = detail.split('class="button-group workshop-controls"')[1].split("</form>")[0]
    assert 'value="finish"' not in controls  # not beside "Next part"
    assert 'class="workshop-finish"' in detail


@pytest.mark.django_db
def test_a_session_finished_by_mistake_reopens_within_the_hour(staff_client, library, staff):
    import datetime

    from django.utils import timezone

    workshop = make_workshop(library, staff)
    move(staff_client, workshop, "start")
    move(staff_client, workshop, "next", 0)
    staff_client.post(f"{BASE}{workshop.pk}/move/", {"action": "finish", "confirm": "yes"})
    detail = staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    assert "Reopen the session" in detail
    move(staff_client, workshop, "reopen")
    workshop.refresh_from_db()
    assert (workshop.status, workshop.current, workshop.finished_at) == ("running", 1, None)
    staff_client.post(f"{BASE}{workshop.pk}/move/", {"action": "finish", "confirm": "yes"})
    Workshop.objects.filter(pk=workshop.pk).update(
        finished_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    assert "Reopen the session" not in staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    response = move(staff_client, workshop, "reopen")
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.FINISHED


@pytest.mark.django_db
def test_a_volunteer_cannot_reopen(client, library, staff, volunteer):
    workshop = make_workshop(library, staff)
    running.start(workshop)
    running.finish(workshop)
    client.force_login(volunteer)
    assert move(client, workshop, "reopen").status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.FINISHED


@pytest.mark.django_db
def test_no_moving_past_either_end(library, staff):
    workshop = make_workshop(library, staff)
    assert not running.move(workshop, 1)  # not started
    running.start(workshop)
    assert not running.move(workshop, -1)
    assert workshop.current == 0
    for _ in range(5):
        assert running.move(workshop, 1)
    assert workshop.current == 5
    assert not running.move(workshop, 1)
    assert workshop.current == 5


@pytest.mark.django_db
def test_a_double_click_moves_once(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    running.start(workshop)
    move(staff_client, workshop, "next", 0)
    response = move(staff_client, workshop, "next", 0)  # the same form sent again
    workshop.refresh_from_db()
    assert workshop.current == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "Nothing changed" in page


@pytest.mark.django_db
def test_moving_restarts_the_clock(library, staff):
    workshop = make_workshop(library, staff)
    running.start(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(
        part_started_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    workshop.refresh_from_db()
    before = workshop.part_started_at
    running.move(workshop, 1)
    assert workshop.part_started_at > before + datetime.timedelta(minutes=29)


# The clock -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_part_ends_its_minutes_after_it_started(library, staff):
    workshop = make_workshop(library, staff)
    assert running.part_ends_at(workshop) is None
    running.start(workshop)
    running.move(workshop, 1)  # benefits: 15 minutes
    started = workshop.part_started_at
    assert running.part_ends_at(workshop) == started + datetime.timedelta(minutes=15)
    clock = running.clock(workshop, now=started + datetime.timedelta(minutes=10, seconds=30))
    assert (clock["minutes_left"], clock["minutes_over"]) == (5, 0)
    late = running.clock(workshop, now=started + datetime.timedelta(minutes=18, seconds=1))
    assert (late["minutes_left"], late["minutes_over"]) == (0, 4)


@pytest.mark.django_db
def test_the_session_page_prints_the_end_time_and_the_minutes(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    running.start(workshop)
    page = staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    ends = running.part_ends_at(workshop)
    assert f'data-ends-at="{timezone.localtime(ends).isoformat()}"' in page
    assert "5 minutes left" in page
    Workshop.objects.filter(pk=workshop.pk).update(
        part_started_at=timezone.now() - datetime.timedelta(minutes=8)
    )
    page = staff_client.get(f"{BASE}{workshop.pk}/live/").content.decode()
    assert "Over by 3 minutes" in page


# Groups --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_splitting_deals_people_round_robin(staff_client, library, staff):
    workshop = make_workshop(library, staff, groups=3)
    people = [join(workshop, f"P{n}") for n in range(7)]
    response = staff_client.post(f"{BASE}{workshop.pk}/groups/")
    assert response.status_code == 302
    groups = [Participant.objects.get(pk=p.pk).group for p in people]
    assert groups == [1, 2, 3, 1, 2, 3, 1]
    late = join(workshop, "Late")
    running.split_into_groups(workshop)
    late.refresh_from_db()
    assert late.group == 2  # the eighth person


@pytest.mark.django_db
def test_the_live_panel_counts_participants(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    for n in range(4):
        join(workshop, f"P{n}")
    join(make_workshop(library, staff), "Elsewhere")
    page = staff_client.get(f"{BASE}{workshop.pk}/live/").content.decode()
    assert re.search(r'workshop-people__count">4<', page)


# Who may do what -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_volunteers_read_but_cannot_create_or_run(volunteer_client, library, owner):
    workshop = make_workshop(library, owner)
    assert volunteer_client.get(BASE).status_code == 200
    assert volunteer_client.get(f"{BASE}{workshop.pk}/").status_code == 200
    assert volunteer_client.get(BASE + "new/").status_code == 403
    assert new_session(volunteer_client).status_code == 403
    assert move(volunteer_client, workshop, "start").status_code == 403
    assert volunteer_client.post(f"{BASE}{workshop.pk}/groups/").status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.WAITING
    assert Workshop.objects.count() == 1
    page = volunteer_client.get(f"{BASE}{workshop.pk}/").content.decode()
    assert "Start the session" not in page


@pytest.mark.django_db
def test_another_librarys_trainer_gets_404(outsider_client, library, owner):
    workshop = make_workshop(library, owner)
    assert outsider_client.get(f"{BASE}{workshop.pk}/").status_code == 404
    assert outsider_client.get(f"/l/elsewhere/workshop/{workshop.pk}/").status_code == 404
    assert (
        outsider_client.post(
            f"/l/elsewhere/workshop/{workshop.pk}/move/", {"action": "start"}
        ).status_code
        == 404
    )
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.WAITING


@pytest.mark.django_db
def test_an_anonymous_participant_cannot_open_trainer_pages(client, library, owner):
    workshop = make_workshop(library, owner)
    client.post(f"/w/{workshop.join_code}/join/", {"display_name": "Ana"})
    assert Participant.objects.filter(workshop=workshop).exists()
    for path in (
        f"{BASE}{workshop.pk}/",
        f"{BASE}{workshop.pk}/live/",
        f"{BASE}{workshop.pk}/present/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(f"{BASE}{workshop.pk}/move/", {"action": "start"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.WAITING


@pytest.mark.django_db
def test_the_projector_shows_code_and_qr(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    page = staff_client.get(f"{BASE}{workshop.pk}/present/").content.decode()
    assert workshop.join_code in page and "workshop-qr" in page
    assert f"/w/{workshop.join_code}/" in page
    assert 'role="img"' in page and "QR code that opens" in page


@pytest.mark.django_db
def test_the_index_lists_this_librarys_sessions_only(
    staff_client, library, other_library, staff, outsider
):
    make_workshop(library, staff)
    running.create_workshop(library=other_library, trainer=outsider, title="Elsewhere training")
    page = staff_client.get(BASE).content.decode()
    assert "Partnerships" in page and "Elsewhere training" not in page


@pytest.mark.django_db
def test_workshop_is_in_the_navigation(staff_client):
    page = staff_client.get("/l/riverton/").content.decode()
    assert f'href="{BASE}"' in page


@pytest.mark.django_db
def test_two_librarians_see_the_same_session(library, owner, staff):
    workshop = make_workshop(library, owner)
    other = Client()
    other.force_login(staff)
    other.post(f"{BASE}{workshop.pk}/move/", {"action": "start", "from_part": "-1"})
    workshop.refresh_from_db()
    assert workshop.status == WorkshopStatus.RUNNING


@pytest.mark.django_db
def test_a_finished_session_shows_everything_the_room_wrote_and_no_join_code(
    staff_client, library, staff
):
    from allies.workshop.activities import ACTIVITIES

    workshop = make_workshop(library, staff)
    running.start(workshop)
    running.finish(workshop)
    page = staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    assert "This session finished on" in page
    assert "workshop-qr" not in page  # no QR code inviting people in
    assert f"/w/{workshop.join_code}/" not in page
    assert 'hx-trigger="every 2s"' not in page  # nothing changes any more: no polling
    for activity in ACTIVITIES:
        assert f'id="live-{activity.key}"' in page, activity.key


# Changing a session before it starts ---------------------------------------------------------


def edit_session(client, workshop, **changes):
    data = {"title": "Partnerships, autumn", "groups": "4", **AGENDA, **changes}
    return client.post(f"{BASE}{workshop.pk}/edit/", data)


@pytest.mark.django_db
def test_a_waiting_session_is_changed_with_the_planning_form(staff_client, library, staff):
    workshop = make_workshop(library, staff, groups=3)
    code = workshop.join_code
    page = staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    assert f'href="{BASE}{workshop.pk}/edit/"' in page and "Change the session" in page
    form = staff_client.get(f"{BASE}{workshop.pk}/edit/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Partnerships"' in html and 'name="minutes_identify" value="30"' in html
    assert '<output id="workshop-total" data-total-of=".workshop-minutes">80</output>' in html
    response = edit_session(staff_client, workshop, minutes_identify="40")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{workshop.pk}/"
    workshop.refresh_from_db()
    assert workshop.title == "Partnerships, autumn"
    assert workshop.groups == 4
    assert workshop.agenda[2] == {"part": "identify", "minutes": 40}
    assert running.total_minutes(workshop.agenda) == 90
    assert workshop.join_code == code and workshop.status == WorkshopStatus.WAITING


@pytest.mark.django_db
def test_changing_a_session_is_validated_like_planning_one(staff_client, library, staff):
    workshop = make_workshop(library, staff)
    response = edit_session(staff_client, workshop, minutes_welcome="0", groups="9")
    assert response.status_code == 400
    page = response.content.decode()
    assert "A part needs at least 1 minute." in page and "Use at most 6 groups." in page
    workshop.refresh_from_db()
    assert workshop.title == "Partnerships" and workshop.groups == 3


@pytest.mark.django_db
def test_changing_keeps_a_colleagues_material_and_refuses_another_trainers(
    staff_client, library, owner, staff
):
    from allies.workshop.models import TrainerMaterial

    olivias = TrainerMaterial.objects.create(trainer=owner, name="Ghana", case_study="x")
    other = TrainerMaterial.objects.create(trainer=owner, name="Peru", case_study="y")
    workshop = make_workshop(library, owner, material=olivias)
    assert "selected>Ghana" in staff_client.get(f"{BASE}{workshop.pk}/edit/").content.decode()
    assert edit_session(staff_client, workshop, material=str(olivias.pk)).status_code == 302
    assert edit_session(staff_client, workshop, material=str(other.pk)).status_code == 400
    workshop.refresh_from_db()
    assert workshop.material == olivias


@pytest.mark.django_db
@pytest.mark.parametrize("finish", [False, True])
def test_a_started_or_finished_session_refuses_changes_politely(
    staff_client, library, staff, finish
):
    workshop = make_workshop(library, staff)
    running.start(workshop)
    if finish:
        running.finish(workshop)
    agenda = list(workshop.agenda)
    assert "Change the session" not in staff_client.get(f"{BASE}{workshop.pk}/").content.decode()
    page = staff_client.get(f"{BASE}{workshop.pk}/edit/")
    assert page.status_code == 200
    why = "has finished" if finish else "has already started"
    assert why in page.content.decode() and 'name="minutes_welcome"' not in page.content.decode()
    response = edit_session(staff_client, workshop, minutes_welcome="50", title="Changed")
    assert response.status_code == 409 and why in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.agenda == agenda and workshop.title == "Partnerships"


@pytest.mark.django_db
def test_a_session_started_while_the_form_was_open_is_not_changed(library, staff):
    workshop = make_workshop(library, staff)
    stale = Workshop.objects.get(pk=workshop.pk)
    running.start(workshop)
    assert not running.change_before_start(stale, title="Changed", groups=6)
    workshop.refresh_from_db()
    assert workshop.title == "Partnerships" and workshop.groups == 3


@pytest.mark.django_db
def test_who_may_change_a_session(library, owner, volunteer, outsider):
    workshop = make_workshop(library, owner)
    path = f"{BASE}{workshop.pk}/edit/"
    helper, stranger, anonymous = Client(), Client(), Client()
    helper.force_login(volunteer)
    stranger.force_login(outsider)
    assert "Change the session" not in helper.get(f"{BASE}{workshop.pk}/").content.decode()
    assert helper.get(path).status_code == 403
    assert edit_session(helper, workshop).status_code == 403
    assert stranger.get(path).status_code == 404
    assert edit_session(stranger, workshop).status_code == 404
    response = edit_session(anonymous, workshop)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    workshop.refresh_from_db()
    assert workshop.title == "Partnerships" and workshop.groups == 3
