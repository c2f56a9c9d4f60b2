"""Signing in and out, resetting and changing a password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_in_our_words(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign in to Allies" in body
    assert 'type="email"' in body
    assert reverse("password_reset") in body


def test_owner_signs_in_with_email_in_any_case_and_lands_in_the_library(client, owner):
    response = client.post(
        reverse("login"), {"username": "Owner@Riverton.Example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    response = client.get(reverse("home"))
    assert response.url == reverse("today", args=["riverton"])


def test_wrong_password_says_what_to_do(client, owner):
    response = client.post(reverse("login"), {"username": owner.email, "password": "nope"})
    assert response.status_code == 200
    assert "password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_follows_next(client, owner):
    target = reverse("libraries:settings", args=["riverton"])
    response = client.post(
        reverse("login"), {"username": owner.email, "password": PASSWORD, "next": target}
    )
    assert response.url == target


def test_logout_is_post_only(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    response = owner_client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in owner_client.session


def test_library_pages_send_anonymous_visitors_to_sign_in(client, library):
    response = client.get(reverse("libraries:settings", args=["riverton"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _reset_link(message):
    match = re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_password_reset_by_email_end_to_end(client, staff):
    response = client.post(reverse("password_reset"), {"email": "STAFF@riverton.example"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@riverton.example"]
    assert message.subject == "Choose a new password for Allies"
    assert "ignore this message" in message.body
    link = _reset_link(message)
    assert link.startswith("http://testserver/")

    response = client.get(link)  # Django swaps the token for a session and redirects
    assert response.status_code == 302
    set_password_url = response.url
    response = client.post(
        set_password_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response.url == reverse("password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password("a brand new passphrase")
    # The link works once.
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(client, staff):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_reaches_an_account_without_a_password(client, library):
    from allies.libraries.models import User

    User.objects.create_user("scripted@riverton.example", None)
    client.post(reverse("password_reset"), {"email": "scripted@riverton.example"})
    assert len(mail.outbox) == 1


def test_password_change(staff_client, staff):
    url = reverse("password_change")
    response = staff_client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = staff_client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.url == reverse("password_change_done")
    staff.refresh_from_db()
    assert staff.check_password("another long passphrase")


def test_password_change_needs_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
