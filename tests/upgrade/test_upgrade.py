"""Upgrades keep data: the sample library built by the previous release, migrated by this code.

The previous release is the commit in `previous_release.txt` (the code libraries run today). Its
source is taken from git, its `allies demo` data (the sample library and the Vermont extract) is
built into a fresh database with that code, every table is dumped, the database is migrated by
this code and dumped again. Every row of every old table must still be there, with the same value
in every column that still exists; only the changes listed below are allowed. Runs on SQLite, and on
PostgreSQL when DATABASE_URL points there (in a database of its own, dropped afterwards).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PREVIOUS = (HERE / "previous_release.txt").read_text().strip()

# Tables this code renamed: old name -> new name (the rows move with them).
RENAMED_TABLES: dict[str, str] = {
    # Advocacy goals moved from planning to goals (goals 0001).
    **{
        f"planning_{table}": f"goals_{table}"
        for table in (
            "goal",
            "goal_primary_audiences",
            "goal_secondary_audiences",
            "goal_decision_makers",
            "goal_resources_needed",
            "historicalgoal",
            "historicalgoal_primary_audiences",
            "historicalgoal_secondary_audiences",
            "historicalgoal_decision_makers",
            "historicalgoal_resources_needed",
        )
    },
}
# Columns this code dropped on purpose, as "table.column", with the reason in a comment.
DROPPED_COLUMNS: set[str] = set()
# Columns derived from others that a migration rebuilt on purpose; their words may only grow
# (directory 0008: organization search also looks in interests, needs and notes).
REBUILT_COLUMNS: set[str] = {"directory_organization.search_text"}
# Values this code changed on purpose: (table, column, old value) -> new value, for the rows
# `CHANGED_WHERE(table, row)` selects.
CHANGED_VALUES: dict[tuple[str, str, object], object] = {
    ("django_content_type", "app_label", "planning"): "goals",
}


def CHANGED_WHERE(table: str, row: dict) -> bool:  # noqa: N802 - a constant-like rule
    return table == "django_content_type" and "goal" in str(row.get("model"))


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)


def previous_source(folder: Path) -> Path:
    """The previous release's src/ folder, extracted from git into `folder`."""
    if _git("cat-file", "-e", f"{PREVIOUS}^{{commit}}").returncode != 0:
        if os.environ.get("CI") or os.environ.get("ALLIES_REQUIRE_UPGRADE_TEST"):
            pytest.fail(f"the previous release {PREVIOUS} is not in this checkout's git history")
        pytest.skip(f"the previous release {PREVIOUS} is not in this checkout's git history")
    archive = folder / "previous.tar"
    with archive.open("wb") as handle:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", PREVIOUS, "src"], stdout=handle, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _environment(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }
    env["ALLIES_DATA_DIR"] = str(tmp_path / "data")
    env["ALLIES_SHARED_DATA"] = str(ROOT.parent / "shared" / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, str(HERE / "dump_tables.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.fixture
def database_url():
    """None for SQLite; for PostgreSQL a fresh database of its own, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"allies_upgrade_{os.getpid()}"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def compare(old: dict, new: dict) -> list[str]:
    """Every old row must be in the new dump with the same values; returns the differences."""
    problems = []
    for table, rows in old["tables"].items():
        new_table = RENAMED_TABLES.get(table, table)
        if new_table not in new["tables"]:
            problems.append(f"table {table} is gone ({len(rows)} rows)")
            continue
        key = old["keys"].get(table)
        if key is None:
            continue  # no table of ours lacks a primary key; Django's own are compared by count
        new_rows = {
            dict(row)[new["keys"][new_table]]: dict(row) for row in new["tables"][new_table]
        }
        for row in rows:
            values = dict(row)
            kept = new_rows.get(values[key])
            if kept is None:
                problems.append(f"{table} row {key}={values[key]} is gone")
                continue
            for column, value in values.items():
                if f"{table}.{column}" in DROPPED_COLUMNS:
                    continue
                if column not in kept:
                    problems.append(f"{table}.{column} is gone")
                    break
                if f"{table}.{column}" in REBUILT_COLUMNS:
                    if not set(str(value).split()) <= set(str(kept[column]).split()):
                        problems.append(f"{table} row {values[key]}: {column} lost words")
                    continue
                expected = (
                    CHANGED_VALUES.get((table, column, value), value)
                    if CHANGED_WHERE(table, values)
                    else value
                )
                if kept[column] != expected:
                    problems.append(
                        f"{table} row {values[key]}: {column} was {value!r}, is {kept[column]!r}"
                    )
        if len(problems) > 50:
            break
    return problems


def test_the_previous_release_sample_library_survives_the_upgrade(tmp_path, database_url):
    old_source = previous_source(tmp_path)
    env = _environment(tmp_path, database_url)
    (tmp_path / "data").mkdir()
    _run(["build", str(tmp_path / "old.json")], {**env, "PYTHONPATH": str(old_source)})
    _run(["migrate", str(tmp_path / "new.json")], env)
    old = json.loads((tmp_path / "old.json").read_text())
    new = json.loads((tmp_path / "new.json").read_text())
    assert old["vendor"] == new["vendor"] == ("postgresql" if database_url else "sqlite")
    # The sample library is really there: thousands of organizations and their history.
    assert len(old["tables"]["directory_organization"]) > 6000
    assert len(old["tables"]["directory_historicalorganization"]) > 6000
    problems = compare(old, new)
    assert not problems, "\n".join(problems[:50])
    assert new["broken_keys"] == []


def test_a_new_database_has_no_foreign_key_to_a_missing_table(db):
    from django.db import connection

    sys.path.insert(0, str(HERE))
    from dump_tables import broken_foreign_keys

    assert broken_foreign_keys(connection) == []


def test_the_comparison_finds_a_lost_row_a_changed_value_and_a_lost_column():
    old = {
        "keys": {"t": "id"},
        "tables": {"t": [[["id", 1], ["name", "a"]], [["id", 2], ["name", "b"]]]},
    }
    assert compare(old, old) == []
    lost_row = {"keys": {"t": "id"}, "tables": {"t": [[["id", 1], ["name", "a"]]]}}
    assert compare(old, lost_row) == ["t row id=2 is gone"]
    changed = {
        "keys": {"t": "id"},
        "tables": {"t": [[["id", 1], ["name", "a"]], [["id", 2], ["name", "c"]]]},
    }
    assert compare(old, changed) == ["t row 2: name was 'b', is 'c'"]
    lost_column = {"keys": {"t": "id"}, "tables": {"t": [[["id", 1]], [["id", 2]]]}}
    assert compare(old, lost_column) == ["t.name is gone", "t.name is gone"]
    assert compare(old, {"keys": {}, "tables": {}}) == ["table t is gone (2 rows)"]
