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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from tqdm import tqdm

from allies.directory import importing
from allies.directory.signals import organizations_written
from allies.libraries.models import Library, User


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Import organizations or people from a CSV or XLSX file (or the IRS extract).")

    def add_arguments(self, parser):
        parser.add_argument(
            "what", choices=importing.KINDS, help=gettext_lazy("What the file lists.")
        )
        parser.add_argument("file", help=gettext_lazy("The CSV or XLSX file to import."))
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            default="auto",
            choices=importing.FORMATS,
            help=gettext_lazy("auto (default) recognises CSV, XLSX and the IRS extract (irs-bmf)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Check every row and report; write nothing."),
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help=gettext_lazy("Print one JSON object."),
        )
        parser.add_argument(
            "--take-file-values",
            action="store_true",
            help=gettext_lazy(
                "Replace what staff filled in with the file's values (default: keep what we have)."
            ),
        )
        parser.add_argument(
            "--user",
            default="",
            help=gettext_lazy("E-mail of the account the history should name."),
        )

    def handle(self, *args, what, file, library, file_format, dry_run, as_json, user, **options):
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(_("No library with the short name %(slug)r.") % {"slug": library})
        account = None
        if user:
            account = User.objects.filter(email__iexact=user).first()
            if account is None:
                raise CommandError(
                    _("No account with the e-mail address %(email)r.") % {"email": user}
                )
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as problem:
            raise CommandError(
                _("Cannot read %(file)s: %(problem)s.")
                % {"file": file, "problem": problem.strerror}
            ) from None
        try:
            table = importing.read_table(data, path.name, file_format)
            plan = importing.plan_table(table, found, what, filename=path.name)
        except importing.BadFile as problem:
            if as_json:
                report = importing.ImportReport.for_bad_file(what, path.name, problem.message)
                self.stdout.write(_dumps(report.summary()))
            raise CommandError(
                _("%(file)s: %(problem)s Nothing was imported.")
                % {"file": path.name, "problem": problem.message}
            ) from None
        # Filled fields keep what staff have unless asked; empty ones are filled either way.
        plan.choose(take_all=options.get("take_file_values", False))
        if dry_run:
            report = plan.report(dry_run=True)
        else:
            with tqdm(
                total=len(table.rows),
                desc=_("Importing"),
                unit="rows",
                disable=as_json,
                file=sys.stderr,
            ) as bar:
                report = plan.apply(user=account, progress=bar.update)
            if what == importing.ORGANIZATIONS and report.written:
                # What the first ranking would do otherwise: seconds for a state's list.
                organizations_written.send(
                    sender=Command, library=found, progress=None if as_json else _bar
                )
        self._print(report, path.name, found, as_json)
        if report.errors:
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)s problem(s) to fix in %(file)s.",
                    "Nothing was imported: %(count)s problem(s) to fix in %(file)s.",
                    len(report.errors),
                )
                % {"count": len(report.errors), "file": path.name}
            )

    def _print(self, report, filename, library, as_json):
        if as_json:
            self.stdout.write(_dumps(report.summary()))
            return
        if report.dry_run:
            heading = _("Checked %(file)s into %(library)s:")
        else:
            heading = _("Imported %(file)s into %(library)s:")
        self.stdout.write(heading % {"file": filename, "library": library.name})
        counts = [
            (_("created"), report.created),
            (_("updated"), report.updated),
            (_("unchanged"), report.unchanged),
            (_("skipped"), report.skipped),
            (_("errors"), len(report.errors)),
        ]
        for label, count in counts:
            self.stdout.write(f"  {label:<10} {count:>7}")
        if report.people_created or report.people_updated:
            self.stdout.write(
                _("Contact people: %(created)s created, %(updated)s updated.")
                % {"created": report.people_created, "updated": report.people_updated}
            )
        if report.possible_duplicates:
            self.stdout.write(
                ngettext(
                    "%(count)s new organization(s) look like one already in the directory: see "
                    "Directory > Possible duplicates (allies duplicates --library %(slug)s).",
                    "%(count)s new organization(s) look like one already in the directory: see "
                    "Directory > Possible duplicates (allies duplicates --library %(slug)s).",
                    report.possible_duplicates,
                )
                % {"count": report.possible_duplicates, "slug": library.slug}
            )
        for warning in report.warnings[:50]:
            self.stdout.write(
                _("Row %(row)s: %(message)s")
                % {"row": warning["row"], "message": warning["message"]}
            )
        if len(report.warnings) > 50:
            more = len(report.warnings) - 50
            self.stdout.write(
                ngettext("... and %(count)s more notes.", "... and %(count)s more notes.", more)
                % {"count": more}
            )
        for error in report.errors:
            self.stderr.write(
                _("Row %(row)s: %(message)s") % {"row": error["row"], "message": error["message"]}
            )
        if report.dry_run and not report.errors:
            self.stdout.write(_("Dry run: nothing was written."))


def _dumps(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False)


def _bar(total: int, description: str):
    return tqdm(total=total, desc=description, unit="words", file=sys.stderr)
