"""`allies backup FILE [--library SLUG]`: the whole site, or one library, in one file."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from allies.backup import BackupRefused, progress_bars
from allies.backup.dump import write_backup


class Command(BaseCommand):
    help = (
        "Write the whole site (every library, every row, every history entry) or one library to "
        "one compressed file, consistently while the site runs. Restore it with `allies restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file to write, e.g. allies-2026-01-31.zip.")
        parser.add_argument(
            "--library", metavar="SLUG", help="Only this library, to move it to another Allies."
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace FILE when it exists already."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=argparse.SUPPRESS)

    def handle(self, *args, file, library, overwrite, database, **options):
        path = Path(file)
        if path.exists() and not overwrite:
            raise CommandError(f"{path} exists already; choose another name or add --overwrite.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write {path.name} in.")

        progress = progress_bars(self.stderr._out)
        try:
            summary = write_backup(path, using=database, library=library, progress=progress)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        what = f"the library {library}" if library else "every library"
        self.stdout.write(
            f"Backed up {what}: {summary.rows:,} rows of {summary.tables} tables to {path} "
            f"({summary.size / 1_000_000:.1f} MB).\nSHA-256: {summary.sha256}"
        )
