"""`allies export organizations|people --library SLUG --format csv|xlsx --output FILE`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.directory import exporting
from allies.libraries.models import Library


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Export a library's organizations or people to CSV or XLSX.")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=exporting.WHAT, help=gettext_lazy("What to export."))
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--format", dest="file_format", default="csv", choices=exporting.FORMATS
        )
        parser.add_argument(
            "--output",
            default="-",
            help=gettext_lazy("The file to write; '-' (the default) is standard output."),
        )

    def handle(self, *args, what, library, file_format, output, **options):
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(_("No library with the short name %(slug)r.") % {"slug": library})
        if output == "-" and file_format == "xlsx" and sys.stdout.isatty():
            raise CommandError(_("An XLSX file cannot be shown in a terminal: add --output FILE."))
        content = exporting.export_bytes(found, what, file_format)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        try:
            Path(output).write_bytes(content)
        except OSError as problem:
            raise CommandError(
                _("Cannot write %(file)s: %(problem)s.")
                % {"file": output, "problem": problem.strerror}
            ) from None
        self.stderr.write(
            ngettext(
                "Wrote %(file)s (%(size)s bytes).", "Wrote %(file)s (%(size)s bytes).", len(content)
            )
            % {"file": output, "size": f"{len(content):,}"}
        )
