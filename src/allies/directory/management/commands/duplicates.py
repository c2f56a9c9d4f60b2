"""`allies duplicates --library SLUG [--people] [--json]`: the possible duplicates, best first.

With --json: {"pairs": [{"a": {"id", "name", "ein", "city"}, "b": {...}, "score", "why": [...]}]}
("ein" null when unknown; with --people, a and b are {"id", "name", "email"}). Merging is done
on the "Possible duplicates" page.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.directory import dedupe
from allies.directory.models import RecordKind
from allies.libraries.models import Library


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("List the organizations (or people) of a library that are probably duplicates.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--people", action="store_true", help=gettext_lazy("People instead of organizations.")
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help=gettext_lazy("Print one JSON object."),
        )

    def handle(self, *args, library, people, as_json, **options):
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(_("No library with the short name %(slug)r.") % {"slug": library})
        kind = RecordKind.PERSON if people else RecordKind.ORGANIZATION
        pairs = dedupe.find(found, kind)
        if as_json:
            self.stdout.write(json.dumps(dedupe.as_json(pairs, kind), ensure_ascii=False))
            return
        if not pairs:
            self.stdout.write(_("No possible duplicates."))
            return
        for pair in pairs:
            self.stdout.write(
                f"{pair.score:.2f}  {pair.a.name} (#{pair.a.pk})  ~  {pair.b.name} (#{pair.b.pk})"
            )
            self.stdout.write(f"      {'; '.join(pair.why)}")
