"""`allies goals add --library SLUG --statement TEXT [--audience NAME]... [--secondary-audience
NAME]... [--resource NAME]... [--kind CODE]... [--name WORDS] [--deadline YYYY-MM-DD] [--json]`:
set an advocacy goal.

Audiences and resources are named as the library names them (or by their short names, as in
`allies export`); a name the library does not have stops the command with the list of the names it
has, and nothing is saved. --kind remembers an NTEE major group or code (L, L21) for the goal: its
ranking then looks among those kinds of organization, as after "Remember" on the ranking page;
--name remembers words of names ("legion, vfw") the same way.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process

from allies.directory.models import Audience, Resource
from allies.directory.search import name_words_problem
from allies.goals.models import MAX_KINDS, Goal
from allies.libraries.models import Library

STATEMENT_LIMIT = Goal._meta.get_field("statement").max_length
# How alike (rapidfuzz's ratio, 0-100) an unknown name and one of the library's must be for the
# second to be offered: "Senoirs" and "Seniors" are 86, "Martians" and "Veterans" 50.
SLIP = 80


def _unknown(name: str, terms) -> str:
    """An unknown name, quoted, with the library's closest one when it looks like a typing slip
    ("Senoirs": did you mean "Seniors"?)."""
    found = process.extractOne(
        name.casefold(),
        {term.name: term.name.casefold() for term in terms},
        scorer=fuzz.ratio,
        score_cutoff=SLIP,
    )
    if found is None:
        return f"'{name}'"
    return _("'%(unknown)s' (did you mean '%(name)s'?)") % {"unknown": name, "name": found[2]}


def _terms(model, library, names: list[str], noun: str, plural: str):
    """The library's terms with these names or slugs; CommandError naming the unknown ones."""
    terms = list(model.objects.filter(library=library))
    by_name = {term.name.casefold(): term for term in terms}
    by_name.update({term.slug: term for term in terms})
    unknown = [name for name in names if " ".join(name.split()).casefold() not in by_name]
    if unknown:
        raise CommandError(
            _("The library has no %(noun)s called %(unknown)s. Its %(plural)s are: %(known)s.")
            % {
                "noun": noun,
                "plural": plural,
                "unknown": ", ".join(_unknown(name, terms) for name in unknown),
                "known": ", ".join(term.name for term in sorted(terms, key=lambda t: t.name)),
            }
        )
    return [by_name[" ".join(name.split()).casefold()] for name in names]


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Work with advocacy goals: `allies goals add` sets one.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help=gettext_lazy("Set an advocacy goal."))
        add.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        add.add_argument(
            "--statement", required=True, help=gettext_lazy("What should change, and by when.")
        )
        add.add_argument(
            "--audience",
            action="append",
            default=[],
            help=gettext_lazy("A primary audience (repeatable)."),
        )
        add.add_argument(
            "--secondary-audience",
            action="append",
            default=[],
            dest="secondary",
            help=gettext_lazy("A secondary audience (repeatable)."),
        )
        add.add_argument(
            "--resource",
            action="append",
            default=[],
            help=gettext_lazy("A resource it needs (repeatable)."),
        )
        add.add_argument(
            "--kind",
            action="append",
            default=[],
            metavar="CODE",
            help=gettext_lazy(
                "A kind of organization its ranking looks among: an NTEE major group or code "
                "(L, L21; repeatable)."
            ),
        )
        add.add_argument(
            "--name",
            default="",
            metavar="WORDS",
            help=gettext_lazy(
                "Words of names its ranking looks among, at the start of a word, alternatives "
                "separated by commas: 'legion, vfw'."
            ),
        )
        add.add_argument("--deadline", help=gettext_lazy("YYYY-MM-DD, the day a decision is made."))
        add.add_argument("--json", action="store_true", help=gettext_lazy('Print {"id": N}.'))

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(
                _("No library with the short name '%(slug)s'.") % {"slug": options["library"]}
            )
        statement = " ".join(
            "".join(ch for ch in options["statement"] if ch.isprintable() or ch.isspace()).split()
        )
        if not statement:
            raise CommandError(_("Give the goal's statement with --statement."))
        if len(statement) > STATEMENT_LIMIT:
            raise CommandError(
                _(
                    "The statement has %(count)s characters; keep it to one sentence of at most "
                    "%(limit)s (put the background on the goal's page)."
                )
                % {"count": len(statement), "limit": STATEMENT_LIMIT}
            )
        deadline = None
        if options["deadline"]:
            try:
                deadline = datetime.date.fromisoformat(options["deadline"])
            except ValueError:
                raise CommandError(
                    _("The deadline '%(value)s' is not a date like 2027-03-15.")
                    % {"value": options["deadline"]}
                ) from None
        goal = Goal(library=library, statement=statement, deadline=deadline)
        try:
            goal.set_kinds(options["kind"])
        except ValueError as error:
            raise CommandError(
                _(
                    "'%(kind)s' is not an NTEE major group or code, or one kind too many (at "
                    "most %(limit)s). Give a letter (L: Housing & Shelter) or a letter and two "
                    "digits (L21)."
                )
                % {"kind": error.args[0], "limit": MAX_KINDS}
            ) from None
        try:
            goal.set_names(options["name"])
        except ValueError as error:
            raise CommandError(f"--name: {name_words_problem(error)}") from None
        audience, audiences = _("audience"), _("audiences")
        primary = _terms(Audience, library, options["audience"], audience, audiences)
        secondary = _terms(Audience, library, options["secondary"], audience, audiences)
        resources = _terms(
            Resource, library, options["resource"], _("resource"), _("resources and skills")
        )
        with transaction.atomic():
            goal.save()
            goal.primary_audiences.set(primary)
            goal.secondary_audiences.set([a for a in secondary if a not in primary])
            goal.resources_needed.set(resources)
        if options["json"]:
            self.stdout.write(json.dumps({"id": goal.pk}))
        else:
            self.stdout.write(
                _("Goal %(id)s set: %(statement)s") % {"id": goal.pk, "statement": statement}
            )
