"""`allies assess --library SLUG [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]`.

Each of the seven habits measured from the contact log over the period (the last twelve months
unless given): chances, how many were followed, the rate and the rating by the library's
thresholds. The rules are in `allies.stewardship.habits` and docs/stewardship.md.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.libraries.models import Library
from allies.stewardship.habit_forms import MAX_PERIOD_DAYS
from allies.stewardship.habits import assess


def _date(text: str | None, name: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--%(name)s must be a date written YYYY-MM-DD, not %(text)r.")
            % {"name": name, "text": text}
        ) from None


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Measure the seven habits from the contact log over a period.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--since", help=gettext_lazy("First day, YYYY-MM-DD (default: a year before --until).")
        )
        parser.add_argument("--until", help=gettext_lazy("Last day, YYYY-MM-DD (default: today)."))
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("Print one JSON object.")
        )

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(
                _("No library with the short name %(slug)r.") % {"slug": options["library"]}
            )
        today = timezone.localdate()
        until = _date(options["until"], "until") or today
        since = _date(options["since"], "since") or until - datetime.timedelta(days=365)
        if since > until:
            raise CommandError(
                _("--since (%(since)s) must be on or before --until (%(until)s).")
                % {"since": since, "until": until}
            )
        if (until - since).days > MAX_PERIOD_DAYS:
            raise CommandError(_("Choose a period of ten years at most."))
        evidence = assess(library, since=since, until=until, today=today)
        habits = [
            {
                "habit": item.habit,
                "opportunities": item.opportunities,
                "followed": item.followed,
                "rate": None if item.rate is None else round(item.rate, 4),
                "rating": item.rating,
            }
            for item in evidence
        ]
        if options["json"]:
            payload = {"habits": habits, "since": since.isoformat(), "until": until.isoformat()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            _("Habits of %(library)s, %(since)s to %(until)s")
            % {"library": library.name, "since": since, "until": until}
        )
        heading = (_("habit"), _("chances"), _("followed"), _("rate"), _("rating"))
        self.stdout.write("{:<14}{:>9}{:>10}{:>7}  {}".format(*heading))
        for row in habits:
            rate = "-" if row["rate"] is None else f"{round(row['rate'] * 100)}%"
            rating = row["rating"] or _("no chance")
            self.stdout.write(
                f"{row['habit']:<14}{row['opportunities']:>9}{row['followed']:>10}{rate:>7}  {rating}"
            )
