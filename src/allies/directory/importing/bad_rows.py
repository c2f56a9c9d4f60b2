"""The rows an import could not take, as a spreadsheet to fix: the file's own columns, and first a
column saying what to fix (its heading is no field, so the fixed file imports back as it is)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from allies.directory.importing.plan import ImportReport
from allies.directory.importing.reading import Table


def bad_rows(table: Table, report: ImportReport) -> list[list[str]]:
    """The heading row then each row with an error, its problems joined in the first column."""
    problems: dict[int, list[str]] = {}
    for error in report.errors:
        if error["row"] is not None:
            problems.setdefault(error["row"], []).append(error["message"])
    rows = [[_("What to fix"), *table.headers]]
    for number, cells in table.rows:
        if number in problems:
            fix = "; ".join(
                _("Row %(row)s: %(message)s") % {"row": number, "message": message}
                for message in problems[number]
            )
            rows.append([fix, *[table.cell(cells, i) for i in range(len(table.headers))]])
    return rows
