"""Asking a colleague: the request, the e-mail, the colleague's choice to share or decline."""

import pytest
from django.core import mail

from allies.connections.models import Connection, HelpStatus, IntroductionHelpRequest
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from tests.connections.test_ties import connect, url


@pytest.fixture
def target(library):
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    chair = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(person=chair, organization=rotary, role="Chair")
    return rotary, chair


def test_asking_creates_a_request_and_emails_the_colleague(
    staff_client, library, staff, owner, target
):
    rotary, _chair = target
    response = staff_client.post(
        url("ask_colleague"),
        {"colleague": owner.pk, "organization": rotary.pk, "message": "Lunch?"},
    )
    assert response.status_code == 302
    request = IntroductionHelpRequest.objects.get()
    assert (request.asked_by, request.colleague, request.organization) == (staff, owner, rotary)
    assert request.status == HelpStatus.ASKED and request.message == "Lunch?"
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "Riverton Rotary Club" in message.subject
    assert "/l/riverton/connections/requests/" in message.body and "Lunch?" in message.body
    page = staff_client.get(url("help_requests")).content.decode()
    assert "Olivia Owner" in page and "Waiting" in page


def test_asking_about_a_person(staff_client, owner, target):
    _rotary, chair = target
    staff_client.post(url("ask_colleague"), {"colleague": owner.pk, "person": chair.pk})
    assert IntroductionHelpRequest.objects.get().person == chair


@pytest.mark.parametrize("who", ["outsider", "self", "nobody"])
def test_the_colleague_must_be_a_member_of_this_library(staff_client, staff, outsider, target, who):
    rotary, _chair = target
    colleague = {"outsider": outsider.pk, "self": staff.pk, "nobody": "abc"}[who]
    staff_client.post(url("ask_colleague"), {"colleague": colleague, "organization": rotary.pk})
    assert not IntroductionHelpRequest.objects.exists() and not mail.outbox


def test_a_target_from_another_library_is_refused(staff_client, owner, other_library):
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere")
    staff_client.post(url("ask_colleague"), {"colleague": owner.pk, "organization": elsewhere.pk})
    assert not IntroductionHelpRequest.objects.exists()


def test_ask_is_post_only(staff_client):
    assert staff_client.get(url("ask_colleague")).status_code == 405


def test_the_colleague_shares_some_private_connections(client, library, staff, owner, target):
    _rotary, chair = target
    friend = Person.objects.create(library=library, name="Eli Park")
    far = Person.objects.create(library=library, name="Far Away")
    owner_me = person_for(owner, library)
    near_one = connect(library, friend, chair, owner)  # touches someone inside
    near_two = connect(library, owner_me, friend, owner)  # two steps away
    too_far = connect(library, far, owner_me, owner)  # three steps: not offered
    staffs = connect(library, person_for(staff, library), friend, staff)  # not the colleague's
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=target[0]
    )
    client.force_login(owner)
    response = client.get(url("help_request_answer", request.pk))
    offered = set(response.context["candidates"])
    assert offered == {near_one, near_two}
    assert too_far not in offered and staffs not in offered
    client.post(
        url("help_request_answer", request.pk),
        {"decision": "share", "connections": [near_one.pk], "answer": "Happy to"},
    )
    assert Connection.objects.get(pk=near_one.pk).shared
    assert not Connection.objects.get(pk=near_two.pk).shared
    request.refresh_from_db()
    assert request.status == HelpStatus.REVEALED and request.answer == "Happy to"
    client.force_login(staff)
    page = client.get(url("help_requests")).content.decode()
    assert "Happy to" in page and "Shared" in page


def test_sharing_a_connection_not_offered_is_refused(client, library, staff, owner, target):
    _rotary, chair = target
    far = Person.objects.create(library=library, name="Far Away")
    unrelated = connect(library, far, Person.objects.create(library=library, name="X"), owner)
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=target[0]
    )
    client.force_login(owner)
    response = client.post(
        url("help_request_answer", request.pk), {"decision": "share", "connections": [unrelated.pk]}
    )
    assert response.status_code == 200 and not Connection.objects.get(pk=unrelated.pk).shared


def test_the_colleague_declines(client, library, staff, owner, target):
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=target[0]
    )
    client.force_login(owner)
    client.post(
        url("help_request_answer", request.pk), {"decision": "decline", "answer": "Not now"}
    )
    request.refresh_from_db()
    assert request.status == HelpStatus.DECLINED and request.answer == "Not now"
    assert client.get(url("help_request_answer", request.pk)).status_code == 302  # answered once


def test_only_the_colleague_may_answer(staff_client, library, staff, owner, target):
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=owner, colleague=owner, organization=target[0]
    )
    assert staff_client.get(url("help_request_answer", request.pk)).status_code == 404
    mine = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=target[0]
    )
    assert (
        staff_client.post(url("help_request_answer", mine.pk), {"decision": "decline"}).status_code
        == 404
    )


def test_volunteer_cannot_ask_or_answer(volunteer_client, library, volunteer, owner, target):
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=owner, colleague=volunteer, organization=target[0]
    )
    assert volunteer_client.get(url("help_requests")).status_code == 200
    assert volunteer_client.post(url("ask_colleague"), {"colleague": owner.pk}).status_code == 403
    assert volunteer_client.get(url("help_request_answer", request.pk)).status_code == 403


def test_outsider_gets_404(outsider_client, library, staff, owner, target):
    request = IntroductionHelpRequest.objects.create(
        library=library, asked_by=staff, colleague=owner, organization=target[0]
    )
    assert outsider_client.get(url("help_requests")).status_code == 404
    assert outsider_client.post(url("ask_colleague")).status_code == 404
    assert outsider_client.get(url("help_request_answer", request.pk)).status_code == 404
