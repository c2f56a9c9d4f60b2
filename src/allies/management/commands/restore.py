"""`allies restore FILE [--replace] [--library SLUG]`: a backup back into the database."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from allies.backup import BackupRefused, progress_bars
from allies.backup.restore import restore_backup
from allies.management.commands.demo import describe_database


class Command(BaseCommand):
    help = (
        "Restore a file written by `allies backup`: the whole site into an empty database (or "
        "over everything with --replace), or one library beside the others. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `allies backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace everything in this database by the backup (whole-site backups).",
        )
        parser.add_argument(
            "--library",
            metavar="SLUG",
            help="Add only this library (from a whole-site or a one-library backup) with new ids.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=argparse.SUPPRESS)

    def handle(self, *args, file, replace, library, database, **options):
        progress = progress_bars(self.stderr._out)
        try:
            summary = restore_backup(
                file, using=database, replace=replace, library=library, progress=progress
            )
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if summary.upgraded:
            self.stdout.write("The backup came from an older version of Allies; it was upgraded.")
        if summary.library:
            self.stdout.write(
                f"Added the library {summary.library['name']} ({summary.library['slug']}): "
                f"{summary.rows:,} rows. People: {summary.people_matched} matched by e-mail "
                f"address to accounts already here, {summary.people_added} added."
            )
        else:
            self.stdout.write(
                f"Restored {summary.rows:,} rows of {summary.tables} tables into "
                f"{describe_database(database)}. Restart the app processes."
            )
