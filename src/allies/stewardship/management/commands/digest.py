"""`allies digest --library SLUG [--date YYYY-MM-DD] [--dry-run]`: the weekly reminder e-mail.

Each owner and staff member who has reminders gets one e-mail (plain text and HTML) listing them,
with a link to Today. Volunteers get none. Mail goes through Django's e-mail backend: SMTP when
EMAIL_URL is set, the console otherwise. Run it once a week from cron (Monday morning suits most).
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from allies.core.languages import language_for
from allies.libraries.models import Membership, Role
from allies.stewardship.management.commands.reminders import find_library, parse_day
from allies.stewardship.reminders import assigned_to, reminders_for

# An e-mail lists the soonest due; the rest wait on Today and the reminders list.
DIGEST_LIMIT = 50


def digest_messages(library, day) -> list[EmailMultiAlternatives]:
    """One message per owner or staff member with reminders on `day`."""
    # Reminders' texts are written when found, so they are found once per language.
    everything: dict[str, list] = {}
    today_url = settings.SITE_URL + reverse("today", args=[library.slug])
    members = (
        Membership.objects.filter(
            library=library, role__in=[Role.OWNER, Role.STAFF], user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )
    found = []
    for membership in members:
        user = membership.user
        if not user.email:
            continue
        language = language_for(user, library)  # their profile's, else the library's
        with translation.override(language):
            if language not in everything:
                everything[language] = reminders_for(library, day=day)
            mine = assigned_to(everything[language], user, is_owner=membership.is_owner)
            if not mine:
                continue
            lines = [
                {
                    "reminder": r,
                    "late": r.due < day,
                    "url": settings.SITE_URL
                    + reverse("partnerships:detail", args=[library.slug, r.partnership_id]),
                }
                for r in mine[:DIGEST_LIMIT]
            ]
            context = {
                "library": library,
                "user": user,
                "lines": lines,
                "count": len(mine),
                "more": len(mine) - len(lines),
                "today_url": today_url,
                "day": day,
            }
            subject = " ".join(render_to_string("stewardship/digest_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject,
                render_to_string("stewardship/digest_email.txt", context),
                None,
                [user.email],
            )
            message.attach_alternative(
                render_to_string("stewardship/digest_email.html", context), "text/html"
            )
        found.append(message)
    return found


class Command(BaseCommand):
    help = "E-mail each staff member their reminders (run weekly)."

    def add_arguments(self, parser):
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="The day to ask about (today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )

    def handle(self, *args, **options):
        library = find_library(options["library"])
        day = parse_day(options["date"])
        messages = digest_messages(library, day)
        if not messages:
            self.stdout.write(f"Nobody at {library.name} has reminders on {day.isoformat()}.")
            return
        for message in messages:
            verb = "Would send" if options["dry_run"] else "Sending"
            self.stdout.write(f"{verb} to {message.to[0]}: {message.subject}")
        if options["dry_run"]:
            return
        try:
            with get_connection() as connection:
                sent = connection.send_messages(messages)
        except (OSError, smtplib.SMTPException) as error:
            raise CommandError(
                f"The mail server refused or could not be reached ({error.__class__.__name__}); "
                "check EMAIL_URL. Nothing more was sent."
            ) from None
        self.stdout.write(f"Sent {sent} e-mail{'s' if sent != 1 else ''}.")
