"""`allies rank --library SLUG --goal ID [--top 20] [--from EMAIL] [--kind CODE]... [--any-kind]
[--name WORDS] [--any-name] [--json]`.

Ranks every organization of the library for an advocacy goal, best first, with the reasons in
words. Reachability counts the paths the --from member may see (shared connections and their
own); without --from only shared connections count. --kind keeps the organizations of an NTEE
major group or code (their own, or the one their name suggests), as the ranking page's filter;
without it the ranking looks among the kinds the goal remembers, and --any-kind among every kind.
--name keeps the organizations whose name has one of its comma-separated phrases where a word
starts ("legion, vfw, credit union"), as the page's "Name has"; without it the ranking keeps to the
words of names the goal remembers, and --any-name to none.
After the candidates, the kinds most common among the best 50, as the ranking page suggests them
(`kinds_among_best` in JSON).
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.directory.models import Organization
from allies.directory.ntee import is_kind, kind_label
from allies.directory.search import name_words, name_words_problem
from allies.goals.models import Goal
from allies.libraries.models import Library, User
from allies.matching.features import BEST_FOR_KINDS, kinds_among_best, rank_for_goal
from allies.matching.ranking_views import ranked_rows


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(text)r is not a whole number") % {"text": text}
        ) from None
    if not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError(
            _("must be from %(low)s to %(high)s, not %(value)s")
            % {"low": 1, "high": 10000, "value": value}
        )
    return value


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Rank the library's organizations for an advocacy goal, best fit first.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--goal", required=True, type=int, metavar="ID", help=gettext_lazy("The goal's id.")
        )
        parser.add_argument(
            "--top", type=positive, default=20, help=gettext_lazy("How many (default 20).")
        )
        parser.add_argument(
            "--from",
            dest="viewer",
            metavar="EMAIL",
            help=gettext_lazy("Rank as this member sees it (their private connections count too)."),
        )
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            metavar="CODE",
            help=gettext_lazy(
                "Only organizations of this NTEE major group or code (L, L21), their own or the "
                "one their name suggests (repeatable)."
            ),
        )
        parser.add_argument(
            "--any-kind",
            action="store_true",
            help=gettext_lazy("Every kind of organization, not only the ones the goal remembers."),
        )
        parser.add_argument(
            "--name",
            default=None,
            metavar="WORDS",
            help=gettext_lazy(
                "Only organizations whose name has one of these phrases, separated by commas, "
                "at the start of a word: 'legion, vfw, credit union'."
            ),
        )
        parser.add_argument(
            "--any-name",
            action="store_true",
            help=gettext_lazy("Every name, not only the words of names the goal remembers."),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("Print one JSON object.")
        )

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(
                _("No library with the short name %(slug)r.") % {"slug": options["library"]}
            )
        goal = Goal.objects.filter(library=library, pk=options["goal"]).first()
        if goal is None:
            raise CommandError(
                _("The library has no goal with id %(id)s.") % {"id": options["goal"]}
            )
        user = None
        if options["viewer"]:
            user = User.objects.filter(
                email__iexact=options["viewer"], memberships__library=library
            ).first()
            if user is None:
                raise CommandError(
                    _("%(email)s is not a member of this library.") % {"email": options["viewer"]}
                )
        unknown = [kind for kind in options["kind"] if not is_kind(kind)]
        if unknown:
            raise CommandError(
                _(
                    "%(kinds)s: not an NTEE major group or code. Give a letter (L: Housing & "
                    "Shelter) or a letter and two digits (L21)."
                )
                % {"kinds": ", ".join(repr(kind) for kind in unknown)}
            )
        names = options["name"]
        if names is None and options["any_name"]:
            names = ""
        if names is not None:
            try:
                names = name_words(names)
            except ValueError as error:
                raise CommandError(f"--name: {name_words_problem(error)}") from None
        kinds = options["kind"] or ([] if options["any_kind"] else None)
        # The best 50 are ranked for their kinds, even when fewer are listed.
        top = max(options["top"], BEST_FOR_KINDS)
        ranking = rank_for_goal(library, goal, user, top=top, kinds=kinds, names=names)
        counted, common = kinds_among_best(ranking)
        rows = ranked_rows(library, ranking, ranking.fits[: options["top"]], user)
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
        suggested = [
            {"kind": kind, "label": kind_label(kind), "count": count} for kind, count in common
        ]
        if options["json"]:
            self.stdout.write(
                json.dumps({"results": results, "kinds_among_best": suggested}, ensure_ascii=False)
            )
            return
        if not results:
            count = Organization.objects.filter(library=library).count()
            self.stdout.write(
                ngettext(
                    "No organization to rank (%(count)s in the directory).",
                    "No organization to rank (%(count)s in the directory).",
                    count,
                )
                % {"count": count}
            )
            return
        self.stdout.write(_("Candidates for: %(goal)s") % {"goal": goal.statement})
        for place, result in enumerate(results, start=1):
            self.stdout.write(f"{place:>3}. {result['score']:5.1f}  {result['name']}")
            for reason in result["reasons"]:
                self.stdout.write(f"          - {reason}")
        if suggested:
            self.stdout.write(
                ngettext(
                    "Kinds among the best candidate: %(kinds)s. Rank inside one with --kind.",
                    "Kinds among the best %(best)s: %(kinds)s. Rank inside one with --kind.",
                    counted,
                )
                % {
                    "best": counted,
                    # A code's label starts with the code; a group's needs its letter for --kind.
                    "kinds": "; ".join(
                        f"{item['label']} ({item['kind']}, {item['count']})"
                        if len(item["kind"]) == 1
                        else f"{item['label']} ({item['count']})"
                        for item in suggested
                    ),
                }
            )
