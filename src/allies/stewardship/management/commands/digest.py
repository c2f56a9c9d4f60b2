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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("E-mail each staff member their reminders (run weekly).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help=gettext_lazy("The day to ask about (today).")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Say who would get what; send nothing."),
        )

    def handle(self, *args, **options):
        library = find_library(options["library"])
        day = parse_day(options["date"])
        messages = digest_messages(library, day)
        if not messages:
            self.stdout.write(
                _("Nobody at %(library)s has reminders on %(day)s.")
                % {"library": library.name, "day": day.isoformat()}
            )
            return
        for message in messages:
            if options["dry_run"]:
                line = _("Would send to %(email)s: %(subject)s")
            else:
                line = _("Sending to %(email)s: %(subject)s")
            self.stdout.write(line % {"email": message.to[0], "subject": message.subject})
        if options["dry_run"]:
            return
        try:
            with get_connection() as connection:
                sent = connection.send_messages(messages)
        except (OSError, smtplib.SMTPException) as error:
            raise CommandError(
                _(
                    "The mail server refused or could not be reached (%(error)s); check EMAIL_URL. "
                    "Nothing more was sent."
                )
                % {"error": error.__class__.__name__}
            ) from None
        self.stdout.write(
            ngettext("Sent %(count)s e-mail.", "Sent %(count)s e-mails.", sent) % {"count": sent}
        )
