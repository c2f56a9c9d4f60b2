"""`allies import organizations|people FILE --library SLUG`: import a spreadsheet, all or nothing.

Prints the counts created, updated, unchanged, skipped and the errors (`--json`: one JSON object
with the keys created, updated, skipped, possible_duplicates and errors, each error {"row",
"message"}); possible_duplicates counts the new organizations that look like one already in the
directory (they are created all the same, for the Possible duplicates page to resolve). Exits 0 when
the import was written (or, with --dry-run, could be), 1 when the file or a row must be fixed,
having written nothing.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from allies.directory import importing
from allies.libraries.models import Library, User


class Command(BaseCommand):
    help = "Import organizations or people from a CSV or XLSX file (or the IRS extract)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=importing.KINDS, help="What the file lists.")
        parser.add_argument("file", help="The CSV or XLSX file to import.")
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument(
            "--format",
            dest="file_format",
            default="auto",
            choices=importing.FORMATS,
            help="auto (default) recognises CSV, XLSX and the IRS extract (irs-bmf).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and report; write nothing."
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print one JSON object."
        )
        parser.add_argument(
            "--take-file-values",
            action="store_true",
            help="Replace what staff filled in with the file's values (default: keep what we have).",
        )
        parser.add_argument(
            "--user", default="", help="E-mail of the account the history should name."
        )

    def handle(self, *args, what, file, library, file_format, dry_run, as_json, user, **options):
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(f"No library with the short name {library!r}.")
        account = None
        if user:
            account = User.objects.filter(email__iexact=user).first()
            if account is None:
                raise CommandError(f"No account with the e-mail address {user!r}.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        try:
            table = importing.read_table(data, path.name, file_format)
            plan = importing.plan_table(table, found, what, filename=path.name)
        except importing.BadFile as problem:
            if as_json:
                report = importing.ImportReport.for_bad_file(what, path.name, problem.message)
                self.stdout.write(_dumps(report.summary()))
            raise CommandError(f"{path.name}: {problem.message} Nothing was imported.") from None
        # Filled fields keep what staff have unless asked; empty ones are filled either way.
        plan.choose(take_all=options.get("take_file_values", False))
        if dry_run:
            report = plan.report(dry_run=True)
        else:
            with tqdm(
                total=len(table.rows),
                desc="Importing",
                unit="rows",
                disable=as_json,
                file=sys.stderr,
            ) as bar:
                report = plan.apply(user=account, progress=bar.update)
        self._print(report, path.name, found, as_json)
        if report.errors:
            raise CommandError(
                f"Nothing was imported: {len(report.errors)} problem(s) to fix in {path.name}."
            )

    def _print(self, report, filename, library, as_json):
        if as_json:
            self.stdout.write(_dumps(report.summary()))
            return
        verb = "Checked" if report.dry_run else "Imported"
        self.stdout.write(f"{verb} {filename} into {library.name}:")
        for key in ("created", "updated", "unchanged", "skipped"):
            self.stdout.write(f"  {key:<10} {getattr(report, key):>7}")
        self.stdout.write(f"  {'errors':<10} {len(report.errors):>7}")
        if report.people_created or report.people_updated:
            self.stdout.write(
                f"Contact people: {report.people_created} created, {report.people_updated} updated."
            )
        if report.possible_duplicates:
            self.stdout.write(
                f"{report.possible_duplicates} new organization(s) look like one already in the "
                f"directory: see Directory > Possible duplicates (allies duplicates --library "
                f"{library.slug})."
            )
        for warning in report.warnings[:50]:
            self.stdout.write(f"Row {warning['row']}: {warning['message']}")
        if len(report.warnings) > 50:
            self.stdout.write(f"... and {len(report.warnings) - 50} more notes.")
        for error in report.errors:
            self.stderr.write(f"Row {error['row']}: {error['message']}")
        if report.dry_run and not report.errors:
            self.stdout.write("Dry run: nothing was written.")


def _dumps(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False)
