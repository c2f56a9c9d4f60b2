"""Putting it together: the plan for a table that was read, and a whole import in one call."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from allies.directory.importing.cleaning import spreadsheet_candidates
from allies.directory.importing.columns import KINDS, ORGANIZATIONS, auto_mapping, check_mapping
from allies.directory.importing.organizations import plan_organizations
from allies.directory.importing.people import plan_people
from allies.directory.importing.plan import ImportPlan, ImportReport, Progress
from allies.directory.importing.reading import BadFile, Table, read_table


def plan_table(
    table: Table,
    library,
    kind: str,
    *,
    filename: str,
    mapping: list[str] | None = None,
    merge_rows: Iterable[int] = (),
) -> ImportPlan:
    """The plan for a table read by `read_table`: the IRS importer, or the mapped spreadsheet.

    `merge_rows` are the row numbers staff chose to merge into the organization they look like
    (under another name); the others that look like one are still created, as before."""
    if kind not in KINDS:
        raise BadFile(_("Choose whether the file holds organizations or people."))
    if table.file_format == "irs-bmf":
        if kind != ORGANIZATIONS:
            raise BadFile(_("The IRS extract lists organizations: import it as organizations."))
        from allies.directory import irs

        return irs.plan_irs(table, library, filename=filename)
    if mapping is None:
        mapping = auto_mapping(table.headers, kind)
    check_mapping(mapping, kind)
    if not table.rows:
        raise BadFile(
            _("The file has headings but no rows below them: there is nothing to import.")
        )
    if kind == ORGANIZATIONS:
        plan = plan_organizations(
            spreadsheet_candidates(table, mapping, kind),
            library,
            filename=filename,
            file_format=table.file_format,
            source="import",
        )
        # Which organization a row looks like is known once the rows are planned: plan again,
        # from fresh rows, with the rows staff chose matched to it.
        merge_into = {row: plan.duplicate_of[row] for row in merge_rows if row in plan.duplicate_of}
        if not merge_into:
            return plan
        return plan_organizations(
            spreadsheet_candidates(table, mapping, kind),
            library,
            filename=filename,
            file_format=table.file_format,
            source="import",
            merge_into=merge_into,
        )
    candidates = spreadsheet_candidates(table, mapping, kind)
    return plan_people(candidates, library, filename=filename, file_format=table.file_format)


def run_import(
    data: bytes,
    library,
    kind: str,
    *,
    filename: str = "",
    file_format: str = "auto",
    mapping: list[str] | None = None,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
    merge_rows: Iterable[int] = (),
) -> ImportReport:
    """Read, plan and (unless dry_run) write; raises BadFile when the file cannot be imported."""
    table = read_table(data, filename, file_format)
    plan = plan_table(
        table, library, kind, filename=filename, mapping=mapping, merge_rows=merge_rows
    )
    if dry_run:
        return plan.report(dry_run=True)
    return plan.apply(user=user, progress=progress)
