"""Joining a session by code, with or without an account, and the participant's room."""

import pytest
from django.test import Client

from allies.workshop import running
from allies.workshop.access import SESSION_KEY
from allies.workshop.models import Participant, Workshop, WorkshopStatus


@pytest.fixture
def workshop(library, owner):
    return running.create_workshop(library=library, trainer=owner, title="Partnerships, spring")


def room_url(workshop):
    return f"/w/{workshop.join_code}/"


def join_url(workshop):
    return f"/w/{workshop.join_code}/join/"


@pytest.mark.django_db
def test_typing_the_code_in_any_shape_finds_the_session(client, workshop):
    code = workshop.join_code
    for typed in (code.lower(), f"{code[:3]}-{code[3:]}", f" {code[:3]} {code[3:].lower()} "):
        response = client.get("/w/", {"code": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == join_url(workshop)


@pytest.mark.django_db
def test_a_wrong_code_gets_a_clear_message(client, workshop):
    response = client.get("/w/", {"code": "NOPE99"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "No session has the code “NOPE99”" in page and 'href="#id_code"' in page
    assert client.get("/w/", {"code": ""}).status_code == 400
    assert client.get("/w/").status_code == 200


@pytest.mark.django_db
def test_joining_without_an_account(client, workshop):
    assert client.get(room_url(workshop))["Location"] == join_url(workshop)
    page = client.get(join_url(workshop)).content.decode()
    assert "Partnerships, spring" in page and "Join with my Allies account" not in page
    response = client.post(join_url(workshop), {"display_name": "  Ana  "})
    assert response["Location"] == room_url(workshop)
    participant = Participant.objects.get(workshop=workshop)
    assert participant.display_name == "Ana" and participant.user is None
    assert client.session[SESSION_KEY] == {workshop.join_code: participant.token}
    page = client.get(room_url(workshop)).content.decode()
    assert "has not started yet" in page
    # Coming back to the join page does not join twice.
    assert client.get(join_url(workshop))["Location"] == room_url(workshop)
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_joining_without_a_name(client, workshop):
    client.post(join_url(workshop), {"display_name": ""})
    assert Participant.objects.get().display_name == ""


@pytest.mark.django_db
def test_joining_with_an_account_stores_the_user(staff_client, staff, workshop):
    page = staff_client.get(join_url(workshop)).content.decode()
    assert "Join with my Allies account" in page
    staff_client.post(join_url(workshop), {"display_name": "Sam", "with_account": "on"})
    assert Participant.objects.get().user == staff


@pytest.mark.django_db
def test_signed_in_but_joining_anonymously(staff_client, workshop):
    staff_client.post(join_url(workshop), {"display_name": "Sam"})
    assert Participant.objects.get().user is None


@pytest.mark.django_db
def test_a_finished_session_refuses_joining_politely(client, workshop):
    running.finish(workshop)
    response = client.get(join_url(workshop))
    assert response.status_code == 410
    assert "This session has ended" in response.content.decode()
    assert client.post(join_url(workshop), {"display_name": "Late"}).status_code == 410
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_an_unknown_code_in_the_address_is_404(client, workshop):
    assert client.get("/w/ZZZZZZ/join/").status_code == 404
    assert client.get("/w/ZZZZZZ/").status_code == 404
    assert client.get("/w/ZZZZZZ/now/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/w/ZZZZZZ/", "/w/zzz-zzz/join/"])
def test_a_mistyped_link_shows_the_code_form_with_why(client, workshop, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Join a workshop" in page and 'name="code"' in page
    assert 'action="/w/"' in page
    assert "No session has the code" in page
    assert ("ZZZZZZ" if path == "/w/ZZZZZZ/" else "zzz-zzz") in page
    assert client.post(path, {"display_name": "Ana"}).status_code == 404
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_a_good_code_in_the_address_still_joins(client, workshop):
    response = client.get(f"/w/{workshop.join_code}/")
    assert response.status_code == 302 and response["Location"] == join_url(workshop)
    assert client.get(join_url(workshop)).status_code == 200
    assert client.get(f"/w/{workshop.join_code.lower()}/join/").status_code == 200


@pytest.mark.django_db
def test_a_code_written_with_a_dash_in_the_address_opens_the_room(client, workshop):
    client.post(join_url(workshop), {"display_name": "Ana"})
    code = workshop.join_code
    response = client.get(f"/w/{code[:3].lower()}-{code[3:]}/")
    assert response.status_code == 200 and "Ana" in response.content.decode()


@pytest.mark.django_db
def test_the_room_follows_the_trainer(client, workshop):
    client.post(join_url(workshop), {"display_name": "Ana"})
    now = client.get(f"/w/{workshop.join_code}/now/").json()
    assert now == {"status": "waiting", "current": -1, "state": "waiting:-1"}
    running.start(workshop)
    running.move(workshop, 1)
    now = client.get(f"/w/{workshop.join_code}/now/").json()
    assert now["current"] == 1 and now["state"] == "running:1"
    page = client.get(room_url(workshop)).content.decode()
    assert "Part 2 of 6: Benefits of partnerships" in page
    assert 'data-state="running:1"' in page
    assert "15 minutes left" in page
    assert "Benefits board" in page


@pytest.mark.django_db
def test_participants_see_their_group(client, workshop):
    client.post(join_url(workshop), {"display_name": "Ana"})
    running.start(workshop)
    running.split_into_groups(workshop)
    assert "Group 1" in client.get(room_url(workshop)).content.decode()


@pytest.mark.django_db
def test_after_the_end_the_room_thanks_and_points_to_the_worksheets(client, workshop):
    client.post(join_url(workshop), {"display_name": "Ana"})
    running.start(workshop)
    running.finish(workshop)
    page = client.get(room_url(workshop)).content.decode()
    assert "Thank you for taking part" in page
    assert f'href="/w/{workshop.join_code}/worksheets/"' in page
    # Joined before the end: the room stays open to them.
    assert client.get(join_url(workshop))["Location"] == room_url(workshop)


@pytest.mark.django_db
def test_a_participant_of_one_workshop_cannot_act_in_another(client, library, owner, workshop):
    other = running.create_workshop(library=library, trainer=owner, title="Another session")
    client.post(join_url(workshop), {"display_name": "Ana"})
    # Their token belongs to the first workshop only.
    response = client.get(room_url(other))
    assert response.status_code == 302 and response["Location"] == join_url(other)
    ana = Participant.objects.get(workshop=workshop)
    session = client.session
    session[SESSION_KEY] = {other.join_code: ana.token}  # a token carried over by hand
    session.save()
    assert client.get(room_url(other))["Location"] == join_url(other)


@pytest.mark.django_db
def test_the_room_shows_no_library_data(client, library, workshop):
    client.post(join_url(workshop), {"display_name": "Ana"})
    page = client.get(room_url(workshop)).content.decode()
    assert library.name not in page and "/l/riverton/" not in page


@pytest.mark.django_db
def test_two_people_in_one_room_are_two_participants(workshop):
    first, second = Client(), Client()
    first.post(join_url(workshop), {"display_name": "Ana"})
    second.post(join_url(workshop), {"display_name": "Ben"})
    assert list(Participant.objects.values_list("display_name", flat=True)) == ["Ana", "Ben"]
    assert Workshop.objects.get().status == WorkshopStatus.WAITING


@pytest.mark.django_db
def test_a_participant_cannot_answer_in_a_workshop_they_did_not_join(
    client, library, owner, workshop
):
    from allies.workshop.models import Contribution

    other = running.create_workshop(library=library, trainer=owner, title="Another session")
    for session in (workshop, other):
        running.start(session)
        running.move(session, 1)  # the benefits board is open in both
    client.post(join_url(workshop), {"display_name": "Ana"})
    answer = {
        "benefits_board-partner": "Rotary Club",
        "benefits_board-receives": "Volunteers",
        "benefits_board-offers": "A meeting room",
    }
    response = client.post(f"/w/{other.join_code}/activities/benefits_board/", answer)
    assert response.status_code == 302 and response["Location"] == join_url(other)
    assert not Contribution.objects.exists()
    # The same answer in their own workshop is saved, to show the post itself was right.
    client.post(f"/w/{workshop.join_code}/activities/benefits_board/", answer)
    assert Contribution.objects.get().workshop == workshop
