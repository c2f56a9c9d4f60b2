"""`allies backup FILE [--library SLUG]`: the whole site, or one library, in one file."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.core.backup import BackupRefused, progress_bars
from allies.core.backup.dump import write_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _(
            "Write the whole site (every library, every row, every history entry) or one library "
            "to one compressed file, consistently while the site runs. Restore it with "
            "`allies restore`."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=gettext_lazy("The backup file to write, e.g. allies-2026-01-31.zip.")
        )
        parser.add_argument(
            "--library",
            metavar="SLUG",
            help=gettext_lazy("Only this library, to move it to another Allies."),
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=gettext_lazy("Replace FILE when it exists already."),
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=argparse.SUPPRESS)

    def handle(self, *args, file, library, overwrite, database, **options):
        path = Path(file)
        if path.is_dir():
            raise CommandError(
                _("%(path)s is a folder: name the backup file in it, e.g. %(example)s.")
                % {"path": path, "example": path / "allies-2026-01-31.zip"}
            )
        if path.exists() and not overwrite:
            raise CommandError(
                _("%(path)s exists already; choose another name or add --overwrite.")
                % {"path": path}
            )
        if not path.parent.is_dir():
            raise CommandError(
                _("There is no folder %(folder)s to write %(file)s in.")
                % {"folder": path.parent, "file": path.name}
            )

        progress = progress_bars(self.stderr._out)
        try:
            summary = write_backup(path, using=database, library=library, progress=progress)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except OSError as error:  # a full disk, a folder we may not write in
            raise CommandError(
                _("The backup could not be written to %(path)s (%(error)s). Nothing was kept.")
                % {"path": path, "error": error.strerror or error}
            ) from error
        values = {
            "library": library,
            "rows": f"{summary.rows:,}",
            "tables": summary.tables,
            "path": path,
            "size": f"{summary.size / 1_000_000:.1f}",
        }
        if library:
            done = ngettext(
                "Backed up the library %(library)s: %(rows)s rows of %(tables)s tables to "
                "%(path)s (%(size)s MB).",
                "Backed up the library %(library)s: %(rows)s rows of %(tables)s tables to "
                "%(path)s (%(size)s MB).",
                summary.rows,
            )
        else:
            done = ngettext(
                "Backed up every library: %(rows)s rows of %(tables)s tables to %(path)s "
                "(%(size)s MB).",
                "Backed up every library: %(rows)s rows of %(tables)s tables to %(path)s "
                "(%(size)s MB).",
                summary.rows,
            )
        self.stdout.write(f"{done % values}\nSHA-256: {summary.sha256}")
