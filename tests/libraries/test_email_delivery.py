"""E-mails leave through a real SMTP server (aiosmtpd), as they will in production."""

import re

from django.urls import reverse


def test_password_reset_travels_over_smtp_and_its_link_works(client, staff, smtp_server):
    client.post(reverse("password_reset"), {"email": "staff@riverton.example"})
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "staff@riverton.example"
    assert message["Subject"] == "Choose a new password for Allies"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)
    assert client.get(link).status_code == 302  # the token is good


def test_an_invitation_travels_over_smtp(owner_client, library, smtp_server):
    response = owner_client.post(
        reverse("libraries:invite", args=[library.slug]),
        {"email": "new.colleague@riverton.example", "role": "staff"},
    )
    assert response.status_code == 302
    assert [m["To"] for m in smtp_server.messages] == ["new.colleague@riverton.example"]
    body = smtp_server.messages[0].get_payload(decode=True).decode()
    assert "/accounts/invitation/" in body
