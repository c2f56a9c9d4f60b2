"""`allies digest`: one e-mail per staff member with reminders, through a real SMTP server."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allies.directory.models import Organization
from allies.libraries.models import Membership, User
from allies.partnerships.models import Partnership
from allies.stewardship.models import Contact

DAY = datetime.date(2026, 3, 16)


def partnership(library, name, lead=None):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=lead, started_on=DAY
    )


def support(p, on):
    Contact.objects.create(library=p.library, partnership=p, kind="support", happened_on=on)


def digest(*args):
    out = StringIO()
    call_command("digest", "--library", "riverton", "--date", DAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def parts(message):
    """(plain text, HTML) of a received message."""
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found[part.get_content_type()] = part.get_payload(decode=True).decode()
    return found["text/plain"], found["text/html"]


@pytest.fixture
def timeline(library, owner, staff, volunteer, settings):
    settings.SITE_URL = "https://allies.riverton.example"
    support(partnership(library, "Rotary", lead=staff), DAY - datetime.timedelta(days=10))
    support(partnership(library, "Lions", lead=staff), DAY - datetime.timedelta(days=1))
    support(partnership(library, "Unled Foundation"), DAY - datetime.timedelta(days=2))
    # A volunteer who leads a partnership gets no digest (volunteers get none): the owners do.
    support(partnership(library, "Volunteer's Club", lead=volunteer), DAY)
    # Another library's reminders never reach Riverton's staff.
    from allies.libraries.models import Library

    elsewhere = Library.objects.create(name="Elsewhere", slug="elsewhere-digest")
    Membership.objects.create(user=staff, library=elsewhere, role="staff")
    support(partnership(elsewhere, "Elsewhere Rotary", lead=staff), DAY)


@pytest.mark.django_db
def test_each_staff_member_gets_their_reminders_over_smtp(smtp_server, timeline, staff, owner):
    output = digest()
    assert "Sent 2 e-mails." in output
    by_recipient = {message["To"]: message for message in smtp_server.messages}
    assert set(by_recipient) == {staff.email, owner.email}

    text, html = parts(by_recipient[staff.email])
    assert "Thank Rotary for their support on 6 Mar 2026." in text
    assert "Thank Lions for their support on 15 Mar 2026." in text
    assert text.index("Rotary") < text.index("Lions")  # due first
    assert "Was due 13 Mar 2026." in text
    assert "Unled Foundation" not in text and "Elsewhere" not in text
    assert "https://allies.riverton.example/l/riverton/" in text
    assert 'href="https://allies.riverton.example/l/riverton/"' in html
    assert "Thank Lions" in html
    assert "Riverton Public Library: 2 things to do" in by_recipient[staff.email]["Subject"]

    text, _html = parts(by_recipient[owner.email])
    assert "Unled Foundation" in text and "Volunteer's Club" in text and "Rotary" not in text
    assert "2 things to do" in by_recipient[owner.email]["Subject"]


@pytest.mark.django_db
def test_dry_run_sends_nothing(smtp_server, timeline, staff):
    output = digest("--dry-run")
    assert f"Would send to {staff.email}" in output
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_nobody_with_reminders_gets_nothing(smtp_server, library, staff):
    partnership(library, "Quiet", lead=staff)
    assert "Nobody at Riverton Public Library has reminders" in digest()
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_an_unreachable_mail_server_is_a_clear_error(timeline, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(CommandError, match="check EMAIL_URL"):
        digest()


@pytest.mark.django_db
def test_bad_library_or_date(library):
    with pytest.raises(CommandError, match="No library"):
        call_command("digest", "--library", "nowhere", stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("digest", "--library", "riverton", "--date", "soon", stdout=StringIO())


@pytest.mark.django_db
def test_inactive_accounts_get_no_digest(smtp_server, timeline, staff, owner):
    User.objects.filter(pk=staff.pk).update(is_active=False)
    digest()
    assert {message["To"] for message in smtp_server.messages} == {owner.email}


@pytest.mark.django_db
def test_a_long_list_shows_the_soonest_due_and_counts_the_rest(smtp_server, library, staff):
    from allies.stewardship.management.commands.digest import DIGEST_LIMIT

    for n in range(DIGEST_LIMIT + 3):
        support(
            partnership(library, f"Partner {n:03}", lead=staff), DAY - datetime.timedelta(days=n)
        )
    digest()
    [message] = smtp_server.messages
    text, html = parts(message)
    assert text.count("Thank Partner") == DIGEST_LIMIT
    assert "Thank Partner 052" in text and "Thank Partner 000" not in text  # the oldest first
    assert "And 3 more reminders in Allies." in text and "And 3 more reminders" in html
    assert f"{DIGEST_LIMIT + 3} things to do" in message["Subject"]


@pytest.mark.django_db
def test_a_spanish_speaking_member_gets_the_digest_in_spanish_over_smtp(
    smtp_server, timeline, staff, owner
):
    from django.utils import translation

    staff.language = "es"
    staff.save()
    digest()
    by_recipient = {message["To"]: message for message in smtp_server.messages}
    text, html = parts(by_recipient[staff.email])
    with translation.override("es"):
        sentence = translation.gettext("Thank %(partner)s for their support on %(date)s.")
    assert sentence.startswith("Agradezca")  # our Spanish catalog, not the English text
    opening = sentence.split("%(date)s")[0] % {"partner": "Rotary"}
    assert opening in text and "Thank Rotary" not in text
    assert '<html lang="es">' in html
    assert "things to do" not in by_recipient[staff.email]["Subject"]
    # The owner, who chose nothing, still reads English.
    assert "Thank" in parts(by_recipient[owner.email])[0]
