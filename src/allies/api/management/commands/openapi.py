"""`allies openapi [--output FILE]`: print (or write) the API's OpenAPI description as JSON.

The repository keeps it in docs/api/openapi.json; a test fails when that file and the code differ,
so after changing the API run `allies openapi --output docs/api/openapi.json` and commit it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from allies.api.api import api
from allies.api.description import description_json


class Command(BaseCommand):
    help = "Print the JSON API's OpenAPI description (or write it with --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write it to this file instead of printing it.")

    def handle(self, *args, **options):
        text = description_json(api)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(text, ending="")
