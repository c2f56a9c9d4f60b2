"""The move to PostgreSQL (and back): the sample library through a backup file into the other kind
of database, compared row by row, history and sequences included."""

from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Max

from allies import sample_data
from allies.core import statistics
from allies.core.backup.archive import Archive
from allies.core.backup.databases import current_schema
from tests.backup.helpers import backup, database_rows, file_rows, manifest, restore
from tests.planner_statistics import rows_in_statistics

OLDER_BACKUP = Path(__file__).parent / "data" / "before-upgrade.zip"


@pytest.mark.django_db(transaction=True)
def test_sample_library_moves_to_the_other_database_and_back_row_by_row(
    other_kind_of_database, tmp_path, monkeypatch
):
    from allies.directory.models import Organization
    from allies.partnerships.models import Partnership

    sample_data.load_sample_data(include_irs=False)
    monkeypatch.setattr(statistics, "LARGE_WRITE", 500)  # the sample has 743 rows
    here = connection.vendor
    there = connections[other_kind_of_database].vendor
    assert {here, there} == {"sqlite", "postgresql"}
    original = database_rows("default")
    history = Organization.history.model
    highest_organization = Organization.objects.aggregate(Max("pk"))["pk__max"]
    highest_entry = history.objects.aggregate(Max("history_id"))["history_id__max"]
    assert original["partnerships.historicalpartnership"], "the sample has history to carry"
    assert original["directory.organization_audiences"], "and many-to-many rows"

    first = tmp_path / "from-here.zip"
    output = backup(first)
    assert "Backed up every library" in output and "SHA-256: " in output
    assert manifest(first)["database"] == here
    restore(first, "--database", other_kind_of_database)
    moved = database_rows(other_kind_of_database)
    for label, rows in original.items():
        assert moved[label] == rows, f"{label} differs after {here} -> {there}"
    # The restored database's planner statistics know how full its tables are.
    assert sum(len(rows) for rows in original.values()) >= statistics.LARGE_WRITE
    organizations = len(original["directory.organization"])
    assert rows_in_statistics("directory_organization", other_kind_of_database) == organizations

    # A record made after the move gets a fresh id, and so does a history entry.
    library = Partnership.objects.using(other_kind_of_database).first().library
    made = Organization.objects.using(other_kind_of_database).create(library=library, name="New")
    assert made.pk > highest_organization
    entry = history.objects.using(other_kind_of_database).first()
    entry.history_id = None
    entry.save(using=other_kind_of_database)
    assert entry.history_id > highest_entry

    # And back: the other database's backup replaces everything here, row for row.
    Organization.objects.using(other_kind_of_database).filter(pk=made.pk).delete()
    entry.delete(using=other_kind_of_database)
    second = tmp_path / "from-there.zip"
    backup(second, "--database", other_kind_of_database)
    assert file_rows(second) == file_rows(first)  # the same rows, whichever database wrote them
    restore(second, "--replace")
    assert database_rows("default") == original


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_an_upgrade_is_migrated_when_restored():
    """data/before-upgrade.zip was written by `allies backup` at the schema before stewardship's
    0005 migration (a library, its owner, a partnership with its history, a logged contact). It is
    loaded at its own schema in a scratch database, migrated there, and restored."""
    from allies.libraries.models import Library
    from allies.stewardship.models import Contact

    with Archive(OLDER_BACKUP) as archive:
        assert archive.migrations < current_schema()
        assert ("stewardship", "0005_reminder_due") not in archive.migrations

    output = restore(OLDER_BACKUP)
    assert "older version of Allies" in output
    riverton = Library.objects.get(slug="riverton")
    contact = Contact.objects.get(library=riverton)
    assert contact.note == "Thanked them for the book sale"
    assert contact.partnership.organization.name == "Riverton Rotary Club"
    assert contact.logged_by.email == "owner@riverton.example"
    assert riverton.memberships.get().role == "owner"
