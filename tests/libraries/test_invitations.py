"""Inviting someone by e-mail: the signed link, joining with a new or existing account, expiry."""

import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from allies.libraries import invitations
from allies.libraries.models import Invitation, Membership, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def invite_url():
    return reverse("libraries:invite", args=["riverton"])


def link_in(message):
    match = re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def send(owner_client, email="newcomer@example.org", role="staff"):
    response = owner_client.post(invite_url(), {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()
    return link_in(mail.outbox[-1])


def test_owner_invites_and_the_email_has_a_signed_link(owner_client, owner):
    link = send(owner_client, "NewComer@Example.org", "volunteer")
    invitation = Invitation.objects.get()
    assert invitation.email == "newcomer@example.org"
    assert invitation.role == "volunteer"
    assert invitation.invited_by == owner
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.org"]
    assert "Riverton Public Library" in message.subject
    assert "Olivia Owner has invited you" in message.body
    assert "14 days" in message.body
    assert invitations.invitation_for_token(link.split("/")[-2]) == invitation


def test_invite_form_refuses_members_and_bad_addresses(owner_client, staff):
    response = owner_client.post(invite_url(), {"email": staff.email, "role": "staff"})
    assert "already a member" in response.content.decode()
    response = owner_client.post(invite_url(), {"email": "not an address", "role": "staff"})
    assert "error-summary" in response.content.decode()
    response = owner_client.post(invite_url(), {"email": "x@example.org", "role": "boss"})
    assert "error-summary" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_second_open_invitation_for_same_address_is_refused(owner_client):
    send(owner_client)
    response = owner_client.post(invite_url(), {"email": "newcomer@example.org", "role": "staff"})
    assert "already has an open invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_only_owners_invite(client, staff, volunteer, outsider):
    client.force_login(staff)
    assert client.get(invite_url()).status_code == 403
    client.force_login(volunteer)
    assert client.post(invite_url(), {"email": "a@b.org", "role": "staff"}).status_code == 403
    client.force_login(outsider)
    assert client.get(invite_url()).status_code == 404
    assert Invitation.objects.count() == 0


def test_new_person_sets_name_and_password_and_joins(owner_client):
    client = owner_client
    link = send(owner_client)
    owner_client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert "Create my account and join" in response.content.decode()

    response = client.post(
        link, {"full_name": "Nia New", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="newcomer@example.org").exists()

    password = "a good long passphrase"
    response = client.post(
        link, {"full_name": "Nia New", "password1": password, "password2": password}
    )
    assert response.url == reverse("today", args=["riverton"])
    user = User.objects.get(email="newcomer@example.org")
    assert user.full_name == "Nia New"
    assert user.check_password(password)
    assert Membership.objects.get(user=user).role == "staff"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Invitation.objects.get().accepted_at is not None

    # The link is spent.
    response = client.get(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_existing_account_signs_in_then_accepts(owner_client, outsider):
    client = owner_client
    link = send(owner_client, outsider.email, "volunteer")
    owner_client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = client.post(
        response.url, {"username": outsider.email, "password": PASSWORD, "next": link}
    )
    assert response.url == link
    response = client.get(link)
    assert "Accept and join" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, library__slug="riverton").exists()
    response = client.post(link)
    assert response.url == reverse("today", args=["riverton"])
    assert Membership.objects.get(user=outsider, library__slug="riverton").role == "volunteer"
    # Still a member of the first library too.
    assert Membership.objects.filter(user=outsider, library__slug="elsewhere").exists()


def test_someone_else_signed_in_is_told_to_switch_accounts(owner_client, outsider, staff):
    link = send(owner_client, outsider.email)
    owner_client.force_login(staff)
    response = owner_client.post(link)
    assert response.status_code == 403
    assert "another account" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, library__slug="riverton").exists()


def test_expired_link_shows_a_clear_page(owner_client, monkeypatch):
    client = owner_client
    send(owner_client)
    invitation = Invitation.objects.get()
    days = 15
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(time.time()) - days * 86400),
    )
    old_token = invitations.make_token(invitation)
    monkeypatch.undo()
    response = client.get(reverse("accept_invitation", args=[old_token]))
    assert response.status_code == 410
    body = response.content.decode()
    assert "This invitation has expired" in body
    assert "Riverton Public Library" in body
    # The same age is fine when invitations last longer.
    from django.conf import settings

    monkeypatch.setattr(settings, "INVITATION_MAX_AGE_DAYS", days + 1)
    assert client.get(reverse("accept_invitation", args=[old_token])).status_code == 200


def test_tampered_link_is_404(owner_client):
    client = owner_client
    link = send(owner_client)
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "not complete" in response.content.decode()


def test_revoke_makes_the_link_useless(owner_client, client):
    link = send(owner_client)
    invitation = Invitation.objects.get()
    response = owner_client.post(
        reverse("libraries:invitation_revoke", args=["riverton", invitation.pk])
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = client.get(link)
    assert response.status_code == 410
    assert "withdrew" in response.content.decode()
    members = owner_client.get(reverse("libraries:members", args=["riverton"]))
    assert "newcomer@example.org" not in members.content.decode()


def test_resend_sends_a_fresh_link(owner_client):
    send(owner_client)
    invitation = Invitation.objects.get()
    response = owner_client.post(
        reverse("libraries:invitation_resend", args=["riverton", invitation.pk])
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["newcomer@example.org"]


def test_revoke_and_resend_are_for_owners(owner_client, staff, volunteer, outsider):
    send(owner_client)
    invitation = Invitation.objects.get()
    for name in ("invitation_revoke", "invitation_resend"):
        url = reverse(f"libraries:{name}", args=["riverton", invitation.pk])
        for user, status in ((staff, 403), (volunteer, 403), (outsider, 404)):
            owner_client.force_login(user)
            assert owner_client.post(url).status_code == status
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert len(mail.outbox) == 1


def test_invitation_of_another_library_is_404(owner_client, other_library):
    other = Invitation.objects.create(library=other_library, email="x@example.org")
    url = reverse("libraries:invitation_revoke", args=["riverton", other.pk])
    assert owner_client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.is_open
