"""The directory's search right after a large import, with and without fresh statistics.

An import of 1,000 records or more ends with ANALYZE of the directory's tables
(`allies.core.statistics`). This imports the Vermont IRS extract into an empty library twice, in two
new databases of the same kind, once as shipped and once with the refresh turned off (the
baseline: what the database knows before autovacuum runs), and times the directory's search for
three words at once after each import: the ranked first page and the count, median of 9.

    .venv/bin/python bench/search_after_import.py                              # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/search_after_import.py                          # PostgreSQL

On PostgreSQL, DATABASE_URL names the server; the two databases are made beside it and dropped.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

WORDS = ("club", "homeless", "vermont")
VERMONT = "irs-eo-bmf-vt.csv"  # found where the demo finds it ($ALLIES_SHARED_DATA, ../shared/data)

ONE_RUN = """
import json, os, sys, time, statistics as st
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from allies.core import statistics
from allies.directory import search
from allies.directory.importing import run_import
from allies.directory.models import Organization
from allies.libraries.models import Library

if sys.argv[1] == "off":
    statistics.LARGE_WRITE = float("inf")
library = Library.objects.create(name="Search bench", slug="search-bench")
start = time.perf_counter()
report = run_import(open(sys.argv[2], "rb").read(), library, "organizations", filename="vt.csv")
figures = {"created": report.created, "import_s": round(time.perf_counter() - start, 2)}
directory = Organization.objects.filter(library=library)
for word in sys.argv[3:]:
    times = []
    for _ in range(9):
        start = time.perf_counter()
        list(search.ranked(directory, word, library.pk)[:25])  # the first page, ranked
        search.counted(search.matching(directory, word, library.pk))
        times.append((time.perf_counter() - start) * 1000)
    figures[word + "_ms"] = round(st.median(times), 1)
print(json.dumps(figures))
"""


def run(mode: str, vermont: Path, folder: Path) -> dict:
    environment = {**os.environ, "ALLIES_DATA_DIR": str(folder / mode)}
    environment.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
    server = os.environ.get("DATABASE_URL")
    database = f"allies_search_bench_{mode}"
    if server:
        parts = urlsplit(server)
        admin = urlunsplit(parts._replace(path="/postgres"))
        for statement in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
            subprocess.run(["psql", admin, "-qc", statement], check=True)  # noqa: S603, S607
        environment["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + database))
    try:
        done = subprocess.run(  # noqa: S603 - our own Python, fixed arguments
            [sys.executable, "-c", ONE_RUN, mode, str(vermont), *WORDS],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        if server:
            drop = f"DROP DATABASE IF EXISTS {database}"
            subprocess.run(["psql", admin, "-qc", drop], check=False)  # noqa: S603, S607
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from allies.directory.sample import shared_data_file

    vermont = shared_data_file(VERMONT)
    if vermont is None:
        sys.exit(f"{VERMONT} was not found: set ALLIES_SHARED_DATA to the folder that holds it")
    with tempfile.TemporaryDirectory(prefix="allies-search-bench-") as folder:
        figures = {mode: run(mode, vermont, Path(folder)) for mode in ("off", "on")}
    figures["database"] = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    figures["ratio"] = {  # how many times faster with fresh statistics
        word: round(figures["off"][word + "_ms"] / figures["on"][word + "_ms"], 1) for word in WORDS
    }
    figures["median_ratio"] = statistics.median(figures["ratio"].values())
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
