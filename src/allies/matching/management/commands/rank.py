"""`allies rank --library SLUG --goal ID [--top 20] [--from EMAIL] [--json]`.

Ranks every organization of the library for an advocacy goal, best first, with the reasons in
words. Reachability counts the paths the --from member may see (shared connections and their
own); without --from only shared connections count.
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.libraries.models import Library, User
from allies.matching.features import rank_for_goal
from allies.matching.ranking_views import ranked_rows


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError(f"must be from 1 to 10000, not {value}")
    return value


class Command(BaseCommand):
    help = "Rank the library's organizations for an advocacy goal, best fit first."

    def add_arguments(self, parser):
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument("--goal", required=True, type=int, metavar="ID", help="The goal's id.")
        parser.add_argument("--top", type=positive, default=20, help="How many (default 20).")
        parser.add_argument(
            "--from",
            dest="viewer",
            metavar="EMAIL",
            help="Rank as this member sees it (their private connections count too).",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with the short name {options['library']!r}.")
        goal = Goal.objects.filter(library=library, pk=options["goal"]).first()
        if goal is None:
            raise CommandError(f"The library has no goal with id {options['goal']}.")
        user = None
        if options["viewer"]:
            user = User.objects.filter(
                email__iexact=options["viewer"], memberships__library=library
            ).first()
            if user is None:
                raise CommandError(f"{options['viewer']} is not a member of this library.")
        ranking = rank_for_goal(library, goal, user, top=options["top"])
        rows = ranked_rows(library, ranking, ranking.fits, user)
        results = [
            {
                "organization_id": row["organization"].pk,
                "name": row["organization"].name,
                "ein": row["organization"].ein or None,
                "city": row["organization"].city,
                "score": round(row["fit"].score, 1),
                "reasons": [str(reason) for reason in row["reasons"]],
            }
            for row in rows
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"results": results}, ensure_ascii=False))
            return
        if not results:
            count = Organization.objects.filter(library=library).count()
            self.stdout.write(f"No organization to rank ({count} in the directory).")
            return
        self.stdout.write(f"Candidates for: {goal.statement}")
        for place, result in enumerate(results, start=1):
            self.stdout.write(f"{place:>3}. {result['score']:5.1f}  {result['name']}")
            for reason in result["reasons"]:
                self.stdout.write(f"          - {reason}")
