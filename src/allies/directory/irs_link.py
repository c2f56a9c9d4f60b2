"""Linking one organization to its row of the IRS exempt-organization extract, from its page.

The rows come from the extracts in the shared data folder (`irs-eo-bmf-<state>.csv`, found as the
demo finds them: $ALLIES_SHARED_DATA, else ../shared/data), the organization's state first. The
likely rows are found by the duplicates engine (name, address, city, ZIP; fuzzy), as the IRS
import links a hand-made record; here staff see the row and decide. Linking writes what the IRS
knows with the import's rules (`importing.organizations._staffs`): the EIN and NTEE code only when
staff left them empty, the income, assets and IRS codes always; nothing else staff wrote changes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from allies.directory import dedupe, duplicates, irs, sample
from allies.directory.importing import BadFile, read_table
from allies.directory.importing.organizations import _staffs
from allies.directory.models import Organization

MAX_CANDIDATES = 3
LINKED_FIELDS = (
    "ein",
    "ntee_code",
    "income",
    "assets",
    "irs_subsection",
    "irs_foundation",
    "irs_activity",
)


@dataclass
class IrsRow:
    """One organization of the extract, as the IRS import would write it."""

    values: dict
    score: float = 0.0
    why: tuple[str, ...] = ()

    @property
    def ein(self) -> str:
        return self.values["ein"]


def extract_files(state: str = "") -> list[Path]:
    """The extracts found, the organization's state first."""
    found = sample.shared_data_file()
    if found is None:
        return []
    files = sorted(found.parent.glob("irs-eo-bmf-*.csv"))
    first = f"irs-eo-bmf-{state.lower()}.csv"
    return sorted(files, key=lambda path: path.name != first)


@functools.lru_cache(maxsize=4)
def _rows(path: Path, modified: float) -> tuple[dict, ...]:
    """The rows of an extract (cached per file and version: read once per process)."""
    try:
        table = read_table(path.read_bytes(), path.name, "irs-bmf")
    except (OSError, BadFile):
        return ()
    return tuple(c.values for c in irs.irs_candidates(table) if c.values)


def rows_of(path: Path) -> tuple[dict, ...]:
    return _rows(path, path.stat().st_mtime)


def candidates(organization: Organization) -> list[IrsRow]:
    """The extract's rows that are probably this organization, likeliest first."""
    files = extract_files(organization.state)
    if not files:
        return []
    rows = rows_of(files[0])  # its state's extract (or the first one): a town is in one state
    # The EIN says nothing either way: the record may lack it.
    records = [dedupe.record_of(organization, 0, ein="")]
    for index, values in enumerate(rows):
        records.append(
            duplicates.OrganizationRecord(
                index + 1,
                values.get("name", ""),
                "",
                "",
                "",
                "",
                values.get("address", ""),
                values.get("city", ""),
                values.get("zip_code", ""),
            )
        )
    found = []
    for pair in duplicates.find_organization_duplicates(records, focus={0}):
        other = pair.b if pair.a == 0 else pair.a
        if other == 0:
            continue
        why = tuple(dedupe.describe(reason) for reason in pair.reasons)
        found.append(IrsRow(rows[other - 1], pair.score, why))
        if len(found) == MAX_CANDIDATES:
            break
    return found


def row_with_ein(organization: Organization, ein: str) -> IrsRow | None:
    for path in extract_files(organization.state):
        for values in rows_of(path):
            if values.get("ein") == ein:
                return IrsRow(values)
    return None


def link(organization: Organization, row: IrsRow, user=None) -> list[str]:
    """Write what the IRS knows into the organization; returns the names of the fields changed.
    Raises ValueError (with a message for staff) when another record has that EIN."""
    twin = (
        Organization.objects.filter(library_id=organization.library_id, ein=row.ein)
        .exclude(pk=organization.pk)
        .first()
    )
    if twin is not None:
        raise ValueError(
            _(
                "%(name)s already has the EIN %(ein)s in the directory: merge the two records "
                "from Possible duplicates instead."
            )
            % {"name": twin.name, "ein": row.ein}
        )
    changed = []
    for name in LINKED_FIELDS:
        value = row.values.get(name)
        if value in (None, "") or _staffs(organization, name):
            continue
        if getattr(organization, name) != value:
            setattr(organization, name, value)
            changed.append(name)
    if changed:
        organization._change_reason = _("Linked to its IRS row (EIN %(ein)s)") % {"ein": row.ein}
        if user is not None:
            organization._history_user = user
        organization.save()
    return changed
