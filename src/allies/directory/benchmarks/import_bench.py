"""`allies bench import`: the IRS extract for Rhode Island into an empty library.

The baseline, measured in the same run, reads the same file with csv.DictReader and builds
unsaved Organization objects: the least any importer must do. `ratio` is baseline / ours, so it
says what share of the time goes to parsing alone; the rest is cleaning, matching, history and
the database. The import runs inside a transaction that is rolled back, so the database is left
as it was.
"""

from __future__ import annotations

import csv
import io
import time
import uuid
from pathlib import Path

from django.db import transaction

DESCRIPTION = "Import irs-eo-bmf-ri.csv into an empty library (goal: under 5 s)."
FILENAME = "irs-eo-bmf-ri.csv"
REPO_ROOT = Path(__file__).resolve().parents[3]


def add_arguments(parser) -> None:
    parser.add_argument("--file", default="", help=f"The extract to import (default: {FILENAME}).")


def find_data_file(name: str = FILENAME) -> Path:
    """../shared/data/NAME from the current directory, else from the repository root."""
    for base in (Path.cwd(), REPO_ROOT):
        candidate = base.parent / "shared" / "data" / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name} not found in ../shared/data; pass --file")


def baseline(data: bytes) -> float:
    """Seconds to parse the file and build unsaved organizations, with nothing else."""
    from allies.directory.models import Organization

    start = time.perf_counter()
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    organizations = [
        Organization(
            name=row["NAME"],
            ein=row["EIN"],
            address=row["STREET"],
            city=row["CITY"],
            state=row["STATE"],
            zip_code=row["ZIP"],
            ntee_code=row["NTEE_CD"],
        )
        for row in reader
    ]
    assert organizations
    return time.perf_counter() - start


class _Rollback(Exception):
    pass


def run(options: dict, progress) -> dict:
    from allies.directory.irs import import_irs_bmf
    from allies.libraries.models import Library

    path = Path(options["file"]) if options.get("file") else find_data_file()
    data = path.read_bytes()
    baseline_seconds = baseline(data)
    figures: dict = {}
    try:
        with transaction.atomic():
            library = Library.objects.create(
                name="Import benchmark", slug=f"bench-import-{uuid.uuid4().hex[:8]}"
            )
            rows = data.count(b"\n") - 1
            with progress(rows, "import") as bar:
                start = time.perf_counter()
                stream = io.BytesIO(data)
                stream.name = path.name
                report = import_irs_bmf(stream, library, progress=bar.update)
                seconds = time.perf_counter() - start
            # The same file again: every row matched and found unchanged, nothing written.
            start = time.perf_counter()
            stream.seek(0)
            again = import_irs_bmf(stream, library)
            reimport_seconds = time.perf_counter() - start
            figures = {
                "file": path.name,
                "rows": report.created + report.updated + report.unchanged + report.skipped,
                "created": report.created,
                "skipped": report.skipped,
                "errors": len(report.errors),
                "seconds": round(seconds, 3),
                "rows_per_s": round(rows / seconds, 1),
                "reimport_seconds": round(reimport_seconds, 3),
                "reimport_unchanged": again.unchanged,
                "baseline_seconds": round(baseline_seconds, 3),
                "ratio": round(baseline_seconds / seconds, 4),
            }
            raise _Rollback
    except _Rollback:
        pass
    return figures
