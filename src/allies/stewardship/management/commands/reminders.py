"""`allies reminders --library SLUG [--user EMAIL] [--date YYYY-MM-DD] [--json]`.

The reminders the record gives on a day (today unless --date): every one of the library's, or those
of one member (--user: the partnerships they lead, and the unassigned ones for owners). The rules
are in `allies.stewardship.reminders`.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from allies.libraries.models import Library, User
from allies.stewardship.reminders import reminders_for


def parse_day(text: str | None) -> datetime.date:
    if text is None:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, not {text!r}.") from None


def find_library(slug: str) -> Library:
    library = Library.objects.filter(slug=slug).first()
    if library is None:
        raise CommandError(f"No library has the short name {slug!r}.")
    return library


class Command(BaseCommand):
    help = (
        "List the reminders the record gives: thank, congratulate, share results, keep in touch..."
    )

    def add_arguments(self, parser):
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument(
            "--user", metavar="EMAIL", help="Only this member's reminders (by e-mail address)."
        )
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="The day to ask about (today).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

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
                    f"No member of {library.slug} has the e-mail address {options['user']!r}."
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
        whose = f" for {user.email}" if user else ""
        if not found:
            self.stdout.write(f"No reminders{whose} at {library.name} on {day.isoformat()}.")
            return
        self.stdout.write(
            f"{len(found)} reminder{'s' if len(found) != 1 else ''}{whose} at {library.name} "
            f"on {day.isoformat()}, due first:"
        )
        for reminder in found:
            late = "  (late)" if reminder.due < day else ""
            self.stdout.write(f"  {reminder.due.isoformat()}  {reminder.text}{late}")
