"""`allies restore FILE [--replace] [--library SLUG]`: a backup back into the database."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.core.backup import BackupRefused, progress_bars
from allies.core.backup.restore import restore_backup
from allies.management.commands.demo import describe_database


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _(
            "Restore a file written by `allies backup`: the whole site into an empty database (or "
            "over everything with --replace), or one library beside the others. All or nothing."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("A file written by `allies backup`."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy(
                "Replace everything in this database by the backup (whole-site backups)."
            ),
        )
        parser.add_argument(
            "--library",
            metavar="SLUG",
            help=gettext_lazy(
                "Add only this library (from a whole-site or a one-library backup) with new ids."
            ),
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
            self.stdout.write(
                _("The backup came from an older version of Allies; it was upgraded.")
            )
        if summary.library:
            self.stdout.write(
                ngettext(
                    "Added the library %(name)s (%(slug)s): %(rows)s rows. People: %(matched)s "
                    "matched by e-mail address to accounts already here, %(added)s added.",
                    "Added the library %(name)s (%(slug)s): %(rows)s rows. People: %(matched)s "
                    "matched by e-mail address to accounts already here, %(added)s added.",
                    summary.rows,
                )
                % {
                    "name": summary.library["name"],
                    "slug": summary.library["slug"],
                    "rows": f"{summary.rows:,}",
                    "matched": summary.people_matched,
                    "added": summary.people_added,
                }
            )
        else:
            self.stdout.write(
                ngettext(
                    "Restored %(rows)s rows of %(tables)s tables into %(database)s. Restart the "
                    "app processes.",
                    "Restored %(rows)s rows of %(tables)s tables into %(database)s. Restart the "
                    "app processes.",
                    summary.rows,
                )
                % {
                    "rows": f"{summary.rows:,}",
                    "tables": summary.tables,
                    "database": describe_database(database),
                }
            )
