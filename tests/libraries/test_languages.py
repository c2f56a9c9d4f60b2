"""Choosing the language: the member's profile, the visitor's switcher, the library's default,
and e-mails written in the recipient's language (docs/translating.md).

Our catalogs may not be compiled here, so the language is read from the page's lang attribute,
the Content-Language header, or Django's own translations (month names).
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from allies.libraries import invitations
from allies.libraries.models import Invitation, User
from allies.stewardship.management.commands.digest import digest_messages

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("libraries:my_profile", args=["riverton"])
TODAY_URL = reverse("today", args=["riverton"])


def lang_of(response) -> str:
    return response["Content-Language"]


def test_a_member_chooses_their_language_and_every_page_follows(staff_client, staff):
    response = staff_client.post(PROFILE_URL, {"full_name": "Sam Staff", "language": "es"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.language == "es"
    # The profile wins over the browser's Accept-Language.
    response = staff_client.get(TODAY_URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert lang_of(response) == "es"
    assert '<html lang="es">' in response.content.decode()


def test_an_empty_choice_follows_the_browser(staff_client):
    assert lang_of(staff_client.get(TODAY_URL, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")) == "fr"
    assert lang_of(staff_client.get(TODAY_URL, HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_the_profile_refuses_a_language_we_do_not_have(staff_client, staff):
    response = staff_client.post(PROFILE_URL, {"full_name": "Sam", "language": "de"})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.language == ""


def test_the_profile_page_is_404_for_another_library(outsider_client):
    assert outsider_client.get(PROFILE_URL).status_code == 404


def test_the_footer_switcher_sets_the_visitors_language(client):
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert '<option value="es" lang="es">Español</option>' in page
    assert "<script>" not in page  # a plain form: the CSP allows no inline script
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    response = client.get(reverse("login"))
    assert lang_of(response) == "fr"
    assert '<option value="fr" lang="fr" selected>' in response.content.decode()


def test_the_library_sets_its_language_in_its_profile(owner_client, library):
    data = {"name": library.name, "city": "Riverton", "language": "fr"}
    response = owner_client.post(reverse("libraries:settings_edit", args=["riverton"]), data)
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.language == "fr"


def test_an_invitation_to_a_spanish_speaking_member_is_written_in_spanish(
    owner_client, other_library, monkeypatch
):
    User.objects.create_user("ana@example.org", "x" * 12, language="es")
    seen = []

    def render(name, context):
        seen.append((translation.get_language(), str(context["role"])))
        return name

    monkeypatch.setattr(invitations, "render_to_string", render)
    owner_client.post(
        reverse("libraries:invite", args=["riverton"]),
        {"email": "ana@example.org", "role": "staff"},
    )
    assert Invitation.objects.filter(email="ana@example.org").exists()
    assert [language for language, _role in seen] == ["es", "es"]
    assert mail.outbox[-1].to == ["ana@example.org"]


def test_an_invitation_to_a_newcomer_is_in_the_librarys_language(owner_client, library):
    library.language = "fr"
    library.save()
    with translation.override("fr"):
        expected = str(Invitation(role="staff").get_role_display())
    owner_client.post(
        reverse("libraries:invite", args=["riverton"]),
        {"email": "new@example.org", "role": "staff"},
    )
    assert translation.get_language() != "fr"
    # The role's name comes from our catalog; with none compiled it stays English in both.
    assert expected in mail.outbox[-1].body


def test_the_password_reset_e_mail_is_in_the_accounts_language(client, staff, monkeypatch):
    staff.language = "es"
    staff.save()
    from django.contrib.auth.forms import PasswordResetForm

    seen = []
    original = PasswordResetForm.send_mail

    def spy(self, *args, **kwargs):
        seen.append(translation.get_language())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PasswordResetForm, "send_mail", spy)
    client.post(reverse("password_reset"), {"email": staff.email}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(mail.outbox) == 1
    # Our override wraps Django's send_mail (which the spy replaced underneath it).
    assert seen == ["es"]


def test_the_digest_is_written_in_each_members_language(library, owner, staff):
    from allies.directory.models import Organization
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import Contact

    staff.language = "es"
    staff.save()
    day = datetime.date(2026, 12, 7)
    for lead in (staff, owner):
        organization = Organization.objects.create(library=library, name=f"Shelter {lead.pk}")
        partnership = Partnership.objects.create(
            library=library, organization=organization, stage="active", lead=lead, started_on=day
        )
        Contact.objects.create(
            library=library, partnership=partnership, kind="support", happened_on=day
        )
    messages = {message.to[0]: message for message in digest_messages(library, day)}
    spanish, english = messages[staff.email], messages[owner.email]
    assert '<html lang="es">' in spanish.alternatives[0][0]
    assert "dic" in spanish.body.lower() and "Dec" not in spanish.body  # Django's own Spanish
    assert '<html lang="en">' in english.alternatives[0][0] and "Dec 2026" in english.body
