"""`allies export organizations|people --library SLUG --format csv|xlsx --output FILE`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from allies.directory import exporting
from allies.libraries.models import Library


class Command(BaseCommand):
    help = "Export a library's organizations or people to CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=exporting.WHAT, help="What to export.")
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument(
            "--format", dest="file_format", default="csv", choices=exporting.FORMATS
        )
        parser.add_argument(
            "--output", default="-", help="The file to write; '-' (the default) is standard output."
        )

    def handle(self, *args, what, library, file_format, output, **options):
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(f"No library with the short name {library!r}.")
        if output == "-" and file_format == "xlsx" and sys.stdout.isatty():
            raise CommandError("An XLSX file cannot be shown in a terminal: add --output FILE.")
        content = exporting.export_bytes(found, what, file_format)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        try:
            Path(output).write_bytes(content)
        except OSError as problem:
            raise CommandError(f"Cannot write {output}: {problem.strerror}.") from None
        self.stderr.write(f"Wrote {output} ({len(content):,} bytes).")
