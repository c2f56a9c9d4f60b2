"""`allies openapi [--output FILE]`: print (or write) the API's OpenAPI description as JSON.

The repository keeps it in docs/api/openapi.json; a test fails when that file and the code differ,
so after changing the API run `allies openapi --output docs/api/openapi.json` and commit it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.api.api import api
from allies.api.description import description_json


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Print the JSON API's OpenAPI description (or write it with --output FILE).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help=gettext_lazy("Write it to this file instead of printing it.")
        )

    def handle(self, *args, **options):
        text = description_json(api)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(_("Wrote %(file)s") % {"file": options["output"]})
        else:
            self.stdout.write(text, ending="")
