"""Importing organizations and people from spreadsheets: read, map columns, plan, then write.

The steps are separate so that the upload page can show each one:

1. `read_table` turns the uploaded bytes into rows, or raises `BadFile` with a message a librarian
   can act on (too big, empty, not a spreadsheet, damaged workbook, no recognisable columns).
2. `auto_mapping` guesses which field each column holds from its heading.
3. `plan_table` checks every row and decides what would happen to it (created, updated, unchanged,
   skipped, or an error to fix) without writing anything: that is the preview and the dry run.
4. `ImportPlan.apply` writes everything in one transaction, or nothing at all when any row has an
   error. Records are written with bulk queries, and simple-history's bulk helpers record each
   creation and change with the reason "Import of <file name>".

The modules follow those steps: `reading` (files into a `Table`), `columns` (what each heading
means), `cleaning` (checking values row by row), `plan` (the plan, its report and the bulk writer),
`organizations` and `people` (matching rows to the directory), and `running` (putting it together).
This package re-exports the names the rest of Allies uses.
"""

from allies.directory.importing.cleaning import Candidate, RowOutcome, clean_value
from allies.directory.importing.columns import (
    KINDS,
    ORGANIZATIONS,
    auto_mapping,
    check_mapping,
    columns_for,
)
from allies.directory.importing.organizations import plan_organizations
from allies.directory.importing.plan import ImportPlan, ImportReport
from allies.directory.importing.reading import FORMATS, BadFile, Table, detect_delimiter, read_table
from allies.directory.importing.running import plan_table, run_import

__all__ = [
    "FORMATS",
    "KINDS",
    "ORGANIZATIONS",
    "BadFile",
    "Candidate",
    "ImportPlan",
    "ImportReport",
    "RowOutcome",
    "Table",
    "auto_mapping",
    "check_mapping",
    "clean_value",
    "columns_for",
    "detect_delimiter",
    "plan_organizations",
    "plan_table",
    "read_table",
    "run_import",
]
