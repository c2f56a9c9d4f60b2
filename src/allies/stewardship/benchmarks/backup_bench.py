"""`allies bench backup`: `allies backup` and `allies restore` of a consortium-size database (the
stewardship benchmark's 200 libraries and 2,000,000 logged contacts), each run as its own process
so that its peak memory is its own: seconds, file size, peak memory. The baseline, in the same run,
is the database's own copy of itself: SQLite's online backup API, or `pg_dump -Fc`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, connections

from allies.core.backup.databases import database_url
from allies.core.backup.tables import carried_tables
from allies.core.bench import summarize
from allies.stewardship.benchmarks import stewardship_bench

DESCRIPTION = (
    "Backup and restore of 200 libraries with 2,000,000 contacts: seconds, size, peak memory."
)


def add_arguments(parser):
    stewardship_bench.add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=1, help="Backups timed (default 1).")


def run(options: dict, progress) -> dict:
    source = dict(connection.settings_dict)
    if connection.vendor == "sqlite" and not Path(source["NAME"]).is_file():
        raise CommandError("The backup benchmark needs a database in a file or on a server.")
    stewardship_bench.prepare(options, progress)
    rows = sum(table.model._base_manager.count() for table in carried_tables(apps))
    connections.close_all()
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=settings.DATA_DIR))
    try:
        path = folder / "consortium.zip"
        samples, peaks = [], []
        for _ in range(max(1, options["repeat"])):
            seconds, peak = _child(["backup", str(path), "--overwrite"], database_url(source))
            samples.append(seconds * 1000)
            peaks.append(peak)
        baseline_seconds, baseline_size = _baseline(source, folder)
        target, drop = _empty_target(source, folder)
        try:
            restore_seconds, restore_peak = _child(["restore", str(path)], target)
        finally:
            drop()
        figures = {
            "libraries": options["libraries"],
            "contacts": options["contacts"],
            "rows": rows,
            "file_mb": round(path.stat().st_size / 1_000_000, 1),
            "backup_s": round(min(samples) / 1000, 1),
            "backup_peak_mb": max(peaks),
            "restore_s": round(restore_seconds, 1),
            "restore_peak_mb": restore_peak,
            "baseline": "sqlite3 backup API" if connection.vendor == "sqlite" else "pg_dump -Fc",
            "baseline_mb": round(baseline_size / 1_000_000, 1),
            **summarize(samples),
            "baseline_p50_ms": round(baseline_seconds * 1000, 3),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures["ratio"] = round(figures["baseline_p50_ms"] / figures["p50_ms"], 3)
    return figures


def _child(arguments: list[str], database_url: str) -> tuple[float, int]:
    """Run `allies ARGUMENTS` in its own process: (seconds, peak resident memory in MB)."""
    environ = {**os.environ, "DATABASE_URL": database_url}
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "allies.cli", *arguments],
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")
            raise CommandError(f"allies {arguments[0]} failed:\n{text[-2000:]}")
    return seconds, round(usage.ru_maxrss / 1024)  # Linux gives kilobytes


def _baseline(source: dict, folder: Path) -> tuple[float, int]:
    """The database copying itself: (seconds, bytes)."""
    copy = folder / "baseline"
    start = time.perf_counter()
    if "sqlite" in source["ENGINE"]:
        with sqlite3.connect(source["NAME"]) as original, sqlite3.connect(copy) as target:
            original.backup(target)
    else:
        environ = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        subprocess.run(  # noqa: S603 - pg_dump with our own arguments
            [shutil.which("pg_dump") or "pg_dump", "-Fc", "-f", str(copy), *_pg_args(source)],
            env=environ,
            check=True,
        )
    return time.perf_counter() - start, copy.stat().st_size


def _empty_target(source: dict, folder: Path):
    """A new, empty database of the same kind to restore into, and how to drop it."""
    if "sqlite" in source["ENGINE"]:
        path = folder / "restored.sqlite3"
        return f"sqlite://{path}", lambda: None
    name = f"{source['NAME']}_bench_restore"

    def admin(statement: str) -> None:
        import psycopg

        with psycopg.connect(
            dbname="postgres",
            user=source.get("USER") or None,
            password=source.get("PASSWORD") or None,
            host=source.get("HOST") or None,
            port=source.get("PORT") or None,
            autocommit=True,
        ) as server:
            server.execute(statement)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    return database_url({**source, "NAME": name}), lambda: admin(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def _pg_args(source: dict) -> list[str]:
    arguments = ["--dbname", source["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if source.get(key):
            arguments += [option, str(source[key])]
    return arguments
