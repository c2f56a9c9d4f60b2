"""What each page of `allies bench load` costs in one process: CPU, queries and Python calls.

The load benchmark measures the server as a whole; this tells which page to work on, and whether a
change made it cheaper. It builds the load benchmark's data once (the sample library with the
Vermont directory and two members) in ALLIES_DATA_DIR, then asks each page through Django's test
client: 3 requests of warm-up, then N (default 30) timed in CPU time (min and median), the queries
of one request, and the Python function calls of one request (counted by cProfile: unlike the
times, the same on a busy machine, so a change can be compared while others work).

    ALLIES_DATA_DIR=/tmp/page-cost .venv/bin/python bench/page_cost.py            # the seven pages
    ALLIES_DATA_DIR=/tmp/page-cost .venv/bin/python bench/page_cost.py /l/sample/reports/

To compare with an earlier version, run the same command with PYTHONPATH at a copy of its `src`.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

PASSWORD = "page-cost-password-1"  # noqa: S105 - a throwaway database


def prepare(folder: Path) -> dict:
    """The load benchmark's data in `folder` (built on the first run), and its pages."""
    from allies.today.benchmarks.load_bench import PREPARE

    setup_file = folder / "page-cost.json"
    if not setup_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        built = subprocess.run(  # noqa: S603 - our own Python, fixed arguments
            [sys.executable, "-c", PREPARE, "2", PASSWORD, "irs"],
            env=os.environ,
            check=True,
            capture_output=True,
            text=True,
        )
        setup_file.write_text(built.stdout.strip().splitlines()[-1])
    return json.loads(setup_file.read_text())


def main(pages: list[str]) -> None:
    os.environ.setdefault("ALLIES_DATA_DIR", "/tmp/page-cost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.today.benchmarks.load_settings")
    os.environ.setdefault("ALLIES_MANIFEST_STATIC", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # What drawing each page costs: pages kept for the member (allies/core/page_cache.py) would
    # answer every request after the first.
    os.environ.setdefault("ALLIES_PAGE_CACHE_SECONDS", "0")
    setup = prepare(Path(os.environ["ALLIES_DATA_DIR"]))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from allies.libraries.models import User

    client = Client()
    client.force_login(User.objects.get(email=setup["emails"][0]))
    if not pages:
        pages = [re.sub(r"organizations/$", "organizations/?q=club", p) for p in setup["pages"]]
    count = int(os.environ.get("N", "30"))
    print(f"{'page':45s} {'min ms':>7s} {'median':>7s} {'queries':>7s} {'calls':>8s}")
    for page in pages:
        for _ in range(3):
            status = client.get(page).status_code
            if status != 200:
                raise SystemExit(f"{page}: {status}")
        times = []
        for _ in range(count):
            started = time.process_time()
            client.get(page)
            times.append((time.process_time() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries = len(captured)  # before the next request, which empties the log
        profile = cProfile.Profile()
        profile.runcall(client.get, page)
        calls = pstats.Stats(profile).total_calls
        print(
            f"{page:45s} {min(times):7.1f} {statistics.median(times):7.1f} {queries:7d} {calls:8d}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
