"""`allies reminders --library SLUG [--user EMAIL] [--date YYYY-MM-DD] [--json]`.

The reminders the record gives on a day (today unless --date): every one of the library's, or those
of one member (--user: the partnerships they lead, and the unassigned ones for owners). The rules
are in `allies.stewardship.reminders`.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.libraries.models import Library, User
from allies.stewardship.reminders import reminders_for


def parse_day(text: str | None) -> datetime.date:
    if text is None:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--date must be a date written YYYY-MM-DD, not %(text)r.") % {"text": text}
        ) from None


def find_library(slug: str) -> Library:
    library = Library.objects.filter(slug=slug).first()
    if library is None:
        raise CommandError(_("No library has the short name %(slug)r.") % {"slug": slug})
    return library


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _(
            "List the reminders the record gives: thank, congratulate, share results, keep in "
            "touch..."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help=gettext_lazy("Only this member's reminders (by e-mail address)."),
        )
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help=gettext_lazy("The day to ask about (today).")
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("Print one JSON object.")
        )

    def handle(self, *args, **options):
        library = find_library(options["library"])
        day = parse_day(options["date"])
        user = None
        if options["user"]:
            user = User.objects.filter(
                email__iexact=options["user"].strip(), memberships__library=library
            ).first()
            if user is None:
                raise CommandError(
                    _("No member of %(library)s has the e-mail address %(email)r.")
                    % {"library": library.slug, "email": options["user"]}
                )
        found = reminders_for(library, day=day, user=user)
        if options["json"]:
            rows = [
                {
                    "kind": r.kind,
                    "partnership_id": r.partnership_id,
                    "due": r.due.isoformat(),
                    "text": r.text,
                }
                for r in found
            ]
            self.stdout.write(json.dumps({"reminders": rows}))
            return
        names = {
            "count": len(found),
            "email": user.email if user else "",
            "library": library.name,
            "day": day.isoformat(),
        }
        if not found:
            if user:
                none = _("No reminders for %(email)s at %(library)s on %(day)s.")
            else:
                none = _("No reminders at %(library)s on %(day)s.")
            self.stdout.write(none % names)
            return
        if user:
            heading = ngettext(
                "%(count)s reminder for %(email)s at %(library)s on %(day)s, due first:",
                "%(count)s reminders for %(email)s at %(library)s on %(day)s, due first:",
                len(found),
            )
        else:
            heading = ngettext(
                "%(count)s reminder at %(library)s on %(day)s, due first:",
                "%(count)s reminders at %(library)s on %(day)s, due first:",
                len(found),
            )
        self.stdout.write(heading % names)
        for reminder in found:
            late = "  " + _("(late)") if reminder.due < day else ""
            self.stdout.write(f"  {reminder.due.isoformat()}  {reminder.text}{late}")
