"""The plan: what would happen to each row, the report of it, and the writer that carries it out.

Nothing is written until `ImportPlan.apply`, which writes everything in one transaction or nothing
at all; simple-history's bulk helpers record each creation and change with the import's reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from allies.core import statistics
from allies.directory.importing.cleaning import RowOutcome
from allies.directory.importing.columns import ORGANIZATIONS, PEOPLE
from allies.directory.models import Affiliation, Organization, Person
from allies.directory.signals import records_imported

BATCH_SIZE = 500
# Chunk for `id__in` lookups: SQLite builds may limit a query to 999 parameters.
IN_CHUNK = 900

Progress = Callable[[int], object]


@dataclass
class ImportReport:
    """The row-by-row result of an import (or of its preview), kept as JSON on the ImportBatch."""

    kind: str
    filename: str
    file_format: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    # Rows that create an organization which looks like one the directory has under another name.
    possible_duplicates: int = 0
    # Rows merged, as staff chose in the preview, into the organization they looked like.
    merged: int = 0
    # People an organizations sheet's contact columns create or update (with their affiliation).
    people_created: int = 0
    people_updated: int = 0
    # Written without the rows with errors, as staff chose ("Import the N good rows").
    good_rows_only: bool = False
    # Whether staff may keep filled fields (spreadsheets) or not (the IRS extract's own rules).
    choosable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def rows_to_fix(self) -> int:
        return len({error["row"] for error in self.errors})

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})

    def summary(self) -> dict:
        """The object `allies import --json` prints."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "possible_duplicates": self.possible_duplicates,
            "merged": self.merged,
            "people_created": self.people_created,
            "people_updated": self.people_updated,
            "errors": self.errors,
            "warnings": self.warnings,
            "written": self.written,
            "dry_run": self.dry_run,
        }

    @classmethod
    def for_bad_file(cls, kind: str, filename: str, message: str) -> ImportReport:
        return cls(kind=kind, filename=filename, errors=[{"row": None, "message": message}])


ORGANIZATION = "organization"
PERSON = "person"


@dataclass
class Change:
    """One value a row changes on a record already in the directory."""

    row: int
    target: str  # ORGANIZATION or PERSON
    record: object
    name: str
    old: object
    new: object
    kept: bool = False

    @property
    def key(self) -> str:
        return f"{self.row}:{self.target}.{self.name}"

    @property
    def filled(self) -> bool:
        """Staff had a value there: the file's value replaces it only if they say so."""
        return self.old not in ("", None)

    def as_dict(self) -> dict:
        model = type(self.record)
        try:
            label = str(model._meta.get_field(self.name).verbose_name)
        except FieldDoesNotExist:
            label = self.name
        return {
            "key": self.key,
            "target": self.target,
            "field": self.name,
            "label": label[:1].upper() + label[1:],
            "old": "" if self.old is None else str(self.old),
            "new": "" if self.new is None else str(self.new),
            "filled": self.filled,
            "kept": self.kept,
        }


@dataclass
class ImportPlan:
    """Everything an import would write, decided row by row before anything is written."""

    kind: str
    library: object
    filename: str
    file_format: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_organizations: list[Organization] = field(default_factory=list)
    changed_organizations: dict[int, tuple[Organization, set[str]]] = field(default_factory=dict)
    # (organization, m2m field name, term id) to add; the organization may not be saved yet.
    terms_to_add: list[tuple[Organization, str, int]] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    changed_people: dict[int, tuple[Person, set[str]]] = field(default_factory=dict)
    # (person, organization, role) for affiliations to create; either may not be saved yet.
    new_affiliations: list[tuple[Person, Organization, str]] = field(default_factory=list)
    changed_affiliations: list[Affiliation] = field(default_factory=list)
    # row number -> {"id", "name", "score"} of the existing organization a new row looks like
    duplicate_of: dict[int, dict] = field(default_factory=dict)
    # row number -> {"id", "name", "score"} of the organization staff chose to merge the row into
    merged_into: dict[int, dict] = field(default_factory=dict)
    # row number -> "created" or "updated": the contact person of an organizations sheet's row
    contacts: dict[int, str] = field(default_factory=dict)
    # Each value a row changes on a record already in the directory, for the preview to show
    # field by field and for staff to keep what they have (see `choose`).
    changes: list[Change] = field(default_factory=list)
    # Spreadsheet imports let staff keep filled fields; the IRS extract has its own rules.
    choosable: bool = False
    # (row, target) updated by more than its fields (an affiliation): stays "updated" when kept.
    other_updates: set[tuple[int, str]] = field(default_factory=set)
    chosen: bool = False

    def note_change(self, row: int, target: str, record, name: str, old, new) -> None:
        self.changes.append(Change(row, target, record, name, old, new))

    def choose(self, *, take_all: bool = False, take: Iterable[str] = ()) -> None:
        """Keep what the directory has in filled fields, except those staff chose to take from the
        file (`take_all`, or the keys of `take`, "<row>:<target>.<field>"); empty fields are filled."""
        if self.chosen:
            return
        self.chosen = True
        if not self.choosable or take_all:
            return
        take = set(take)
        for change in self.changes:
            if not change.filled or change.key in take or change.kept:
                continue
            change.kept = True
            setattr(change.record, change.name, change.old)
            changed = self.changed_organizations if change.target == ORGANIZATION else None
            changed = self.changed_people if change.target == PERSON else changed
            entry = changed.get(change.record.pk)
            if entry is None:
                continue
            entry[1].discard(change.name)
            if entry[1]:
                continue
            del changed[change.record.pk]
            for other in self.changes:  # every row that changed this record now changes nothing
                if other.record is change.record and (other.row, other.target) not in (
                    self.other_updates
                ):
                    self._unchanged(other.row, other.target)

    def _unchanged(self, row: int, target: str) -> None:
        if target == PERSON and self.kind == ORGANIZATIONS:
            if self.contacts.get(row) == "updated":
                self.contacts[row] = "unchanged"
            return
        for outcome in self.outcomes:
            if outcome.row == row and outcome.action == "updated":
                outcome.action = "unchanged"

    @property
    def has_errors(self) -> bool:
        return any(outcome.errors for outcome in self.outcomes)

    @property
    def good_rows(self) -> int:
        """Rows that would be written if the rows with errors were left out."""
        return sum(1 for outcome in self.outcomes if not outcome.errors)

    def report(self, *, written: bool = False, dry_run: bool = False) -> ImportReport:
        self.choose()  # unless staff chose already: keep what the directory has
        report = ImportReport(kind=self.kind, filename=self.filename, file_format=self.file_format)
        report.written, report.dry_run = written, dry_run
        report.choosable = self.choosable
        by_row: dict[int, list[Change]] = {}
        for change in self.changes:
            by_row.setdefault(change.row, []).append(change)
        for outcome in self.outcomes:
            if outcome.errors:
                outcome.action = "error"
            row = outcome.as_dict()
            if outcome.row in self.duplicate_of and outcome.action == "created":
                row["duplicate_of"] = self.duplicate_of[outcome.row]
                report.possible_duplicates += 1
            elif outcome.row in self.merged_into and not outcome.errors:
                row["duplicate_of"] = self.merged_into[outcome.row]
                row["merged"] = True
                report.merged += 1
            changes = [c.as_dict() for c in by_row.get(outcome.row, ())]
            if changes and not outcome.errors:
                row["changes"] = changes
            if outcome.row in self.contacts and not outcome.errors:
                row["contact"] = self.contacts[outcome.row]
                if self.contacts[outcome.row] == "created":
                    report.people_created += 1
                elif self.contacts[outcome.row] == "updated":
                    report.people_updated += 1
            report.rows.append(row)
            report.errors += [{"row": outcome.row, "message": m} for m in outcome.errors]
            report.warnings += [{"row": outcome.row, "message": m} for m in outcome.warnings]
            if outcome.action in ("created", "updated", "unchanged", "skipped"):
                setattr(report, outcome.action, getattr(report, outcome.action) + 1)
        if report.errors and not dry_run and not written:
            report.created = report.updated = report.unchanged = 0
            report.people_created = report.people_updated = 0
        return report

    @property
    def rows_written(self) -> int:
        """How many records applying the plan creates or changes."""
        return sum(
            len(records)
            for records in (
                self.new_organizations,
                self.changed_organizations,
                self.new_people,
                self.changed_people,
                self.new_affiliations,
                self.changed_affiliations,
            )
        )

    def apply(
        self, user=None, progress: Progress | None = None, *, good_rows_only: bool = False
    ) -> ImportReport:
        """Write the whole plan in one transaction, or nothing when any row has an error; with
        `good_rows_only` (staff's explicit choice), the rows without errors, which are all the
        plan holds: a row with an error adds nothing to it."""
        self.choose()
        if self.has_errors and not (good_rows_only and self.good_rows):
            return self.report()
        reason = _("Import of %(filename)s") % {"filename": self.filename}
        with transaction.atomic():
            writer = _Writer(user=user, reason=reason, progress=progress)
            writer.organizations(
                self.new_organizations,
                self.changed_organizations,
                self.terms_to_add,
                advance=self.kind == ORGANIZATIONS,
            )
            if self.kind == PEOPLE or self.new_people or self.changed_people:
                writer.people(self.new_people, self.changed_people, advance=self.kind == PEOPLE)
            if self.new_affiliations or self.changed_affiliations:
                writer.affiliations(self.new_affiliations, self.changed_affiliations)
            # Bulk writes send no post_save: tell the apps that cache what the directory holds.
            records_imported.send(sender=ImportPlan, library=self.library)
            if self.rows_written >= statistics.LARGE_WRITE:
                # Thousands of new rows: the next search is planned from fresh statistics.
                statistics.refresh_statistics(
                    apps.get_app_config("directory").get_models(include_auto_created=True)
                )
        if progress:
            progress(max(0, len(self.outcomes) - writer.reported))
        report = self.report(written=True)
        report.good_rows_only = self.has_errors
        return report


def chunks(items: list, size: int = IN_CHUNK) -> Iterable[list]:
    """`items` in slices of `size`, for lookups that must stay under a query's parameter limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_bulk(model, ids: Iterable[int]) -> dict[int, object]:
    """The records with these ids, by id, fetched in chunks."""
    found = {}
    for chunk in chunks(sorted(set(ids))):
        found.update(model.objects.in_bulk(chunk))
    return found


def fold(text: str) -> str:
    """Text as rows are matched on: without case, and with runs of spaces made one."""
    return " ".join(text.casefold().split())


class _Writer:
    """Bulk writes with history: one '+' or '~' history record per record touched."""

    def __init__(self, *, user, reason: str, progress: Progress | None) -> None:
        self.user = user
        self.reason = reason
        self.progress = progress
        self.now = timezone.now()
        self.reported = 0

    def _advance(self, count: int) -> None:
        if self.progress and count:
            self.progress(count)
            self.reported += count

    def _create(self, objects: list, model, advance: bool = True) -> None:
        self._in_batches(bulk_create_with_history, objects, advance, model)

    def _update(self, objects: list, model, fields: set[str], advance: bool = True) -> None:
        self._in_batches(bulk_update_with_history, objects, advance, model, sorted(fields))

    def _in_batches(self, write, objects: list, advance: bool, *args) -> None:
        """Write BATCH_SIZE records at a time with simple-history's bulk helper `write`."""
        for chunk in chunks(objects, BATCH_SIZE):
            write(
                chunk,
                *args,
                batch_size=BATCH_SIZE,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.now,
            )
            if advance:
                self._advance(len(chunk))

    def organizations(self, new: list, changed: dict, terms: list, advance: bool = True) -> None:
        for organization in new:
            organization.search_text = organization.build_search_text()
        self._create(new, Organization, advance)
        fields: set[str] = set()
        for organization, names in changed.values():
            organization.updated_at = self.now
            organization.search_text = organization.build_search_text()
            fields |= names
        fields = (fields - {"audiences", "resources"}) | {"updated_at", "search_text"}
        # Terms go in before the history is written below, so history shows the final lists.
        for name in ("audiences", "resources"):
            through = getattr(Organization, name).through
            column = "audience_id" if name == "audiences" else "resource_id"
            through.objects.bulk_create(
                [
                    through(organization_id=org.pk, **{column: term_id})
                    for org, field_name, term_id in terms
                    if field_name == name
                ],
                batch_size=BATCH_SIZE,
                ignore_conflicts=True,
            )
        self._update([org for org, _names in changed.values()], Organization, fields, advance)
        touched = {org.pk for org in new} | set(changed)
        self._term_history(sorted(touched))

    def _term_history(self, organization_ids: list[int]) -> None:
        """Copy each touched organization's audiences and resources into its new history record."""
        history_model = Organization.history.model
        for name in ("audiences", "resources"):
            model_field = Organization._meta.get_field(name)
            through = model_field.remote_field.through
            term_column = model_field.m2m_reverse_field_name() + "_id"
            history_terms = HistoricalRecords.m2m_models[model_field]
            for chunk in chunks(organization_ids):
                rows = list(
                    through.objects.filter(organization_id__in=chunk).values_list(
                        "id", "organization_id", term_column
                    )
                )
                if not rows:
                    continue
                with_terms = sorted({org_id for _id, org_id, _term in rows})
                history_ids = dict(
                    history_model.objects.filter(
                        id__in=with_terms, history_date=self.now
                    ).values_list("id", "history_id")
                )
                history_terms.objects.bulk_create(
                    [
                        history_terms(
                            id=row_id,
                            organization_id=org_id,
                            history_id=history_ids[org_id],
                            **{term_column: term_id},
                        )
                        for row_id, org_id, term_id in rows
                        if org_id in history_ids
                    ],
                    batch_size=BATCH_SIZE,
                )

    def people(self, new: list, changed: dict, advance: bool = True) -> None:
        self._create(new, Person, advance)
        fields: set[str] = {"updated_at"}
        for person, names in changed.values():
            person.updated_at = self.now
            fields |= names
        self._update([person for person, _names in changed.values()], Person, fields, advance)

    def affiliations(self, new: list, changed: list) -> None:
        created = [
            Affiliation(person_id=person.pk, organization_id=organization.pk, role=role)
            for person, organization, role in new
        ]
        self._create(created, Affiliation, advance=False)
        self._update(changed, Affiliation, {"role"}, advance=False)
