"""A large import leaves fresh planner statistics for the tables it wrote (both databases)."""

import pytest

from allies.core import statistics
from allies.directory.importing import run_import
from allies.directory.models import Organization
from tests.planner_statistics import rows_in_statistics

TABLE = Organization._meta.db_table


def sheet(count: int) -> bytes:
    rows = [f"Riverton Club {number},Riverton,05602" for number in range(count)]
    return ("Organization,City,ZIP\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.django_db
def test_a_large_import_refreshes_the_statistics_of_the_tables_it_wrote(library, monkeypatch):
    monkeypatch.setattr(statistics, "LARGE_WRITE", 12)
    report = run_import(sheet(12), library, "organizations", filename="clubs.csv")
    assert report.created == 12
    assert rows_in_statistics(TABLE) == Organization.objects.count()
    history = Organization.history.model._meta.db_table
    assert rows_in_statistics(history) == Organization.history.count()


def refreshes(monkeypatch) -> list:
    """The tables of each refresh from now on (the refresh itself still runs)."""
    made = []
    refresh = statistics.refresh_statistics

    def counted(models, *args, **kwargs):
        tables = refresh(models, *args, **kwargs)
        made.append(tables)
        return tables

    monkeypatch.setattr(statistics, "refresh_statistics", counted)
    return made


@pytest.mark.django_db
def test_a_small_import_leaves_the_refresh_to_the_database(library, monkeypatch):
    monkeypatch.setattr(statistics, "LARGE_WRITE", 12)
    made = refreshes(monkeypatch)
    report = run_import(sheet(11), library, "organizations", filename="clubs.csv")
    assert report.created == 11
    assert made == []
    # (PostgreSQL's autovacuum may analyse meanwhile, but never sees rows not yet committed.)
    assert rows_in_statistics(TABLE) != Organization.objects.count()


@pytest.mark.django_db
def test_an_import_with_errors_writes_nothing_and_analyses_nothing(library, monkeypatch):
    monkeypatch.setattr(statistics, "LARGE_WRITE", 1)
    made = refreshes(monkeypatch)
    bad = sheet(3) + b",Riverton,05602\n"  # a row without a name: nothing is imported
    report = run_import(bad, library, "organizations", filename="clubs.csv")
    assert report.errors and report.created == 0
    assert made == []
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_the_refresh_names_the_directorys_tables(library, monkeypatch):
    monkeypatch.setattr(statistics, "LARGE_WRITE", 2)
    made = refreshes(monkeypatch)
    run_import(sheet(2), library, "organizations", filename="clubs.csv")
    assert len(made) == 1
    assert {TABLE, Organization.history.model._meta.db_table} <= set(made[0])
