"""Every benchmark runs at a small size and prints the keys DESIGN.md promises (times are not judged)."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from allies.core.backup.databases import database_url


def bench(*args):
    out = StringIO()
    call_command("bench", *args, "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_bench_pages_small():
    figures = bench("pages", "--organizations", "300", "--requests", "10")
    assert figures["organizations"] == 300 and figures["requests"] == 10
    for key in ("p50_ms", "p95_ms", "baseline_p50_ms", "ratio"):
        assert figures[key] > 0, key
    # The page's query count does not grow with the page number or the filters (a short filtered
    # page may even skip the count).
    assert figures["queries"] == figures["queries_page_5"]
    assert figures["queries_search_filter"] <= figures["queries"]


@pytest.mark.django_db
def test_bench_paths_small():
    figures = bench("paths", "--people", "2000", "--connections", "8000", "--queries", "20")
    assert figures["people"] == 2000 and figures["connections"] == 8000
    for key in ("build_s", "memory_mb"):  # rounded: a tiny graph may show 0.0
        assert figures[key] >= 0, key
    for key in ("p50_ms", "p99_ms", "baseline_p50_ms", "ratio"):
        assert figures[key] > 0, key


@pytest.mark.django_db
def test_bench_rank_small():
    figures = bench("rank", "--organizations", "500", "--goals", "5", "--no-irs")
    for key in ("p50_ms", "p99_ms", "baseline_p50_ms", "ratio"):
        assert figures[key] > 0, key


@pytest.mark.django_db(transaction=True)
def test_bench_stewardship_small():
    figures = bench(
        "stewardship",
        "--libraries",
        "3",
        "--contacts",
        "3000",
        "--library-contacts",
        "1000",
        "--requests",
        "5",
    )
    assert (figures["libraries"], figures["contacts"], figures["library_contacts"]) == (
        3,
        3000,
        1000,
    )
    for key in ("today_p95_ms", "attention_p95_ms", "assess_p95_ms", "p95_ms", "ratio"):
        assert figures[key] > 0, key


@pytest.mark.django_db
def test_bench_workshop_small():
    """A real server on loopback: a few participants join, answer every activity, and finish."""
    figures = bench(
        "workshop",
        "--participants",
        "3",
        "--seconds",
        "90",
        "--poll",
        "0.3",
        "--think",
        "0.3",
        "--arrive",
        "0.3",
        "--workers",
        "1",
        "--threads",
        "4",
    )
    assert figures["participants"] == figures["joined"] == 3
    assert figures["finished"] and figures["errors"] == 0, figures["error_examples"]
    assert figures["feedback"] == 3 and figures["contributions"] >= 3 * 5
    kinds = figures["by_kind"]
    assert {"enter", "join", "room", "now", "move", "live panel"} <= set(kinds)
    assert any(kind.startswith("answer ") for kind in kinds)
    for key in ("p50_ms", "p95_ms", "baseline_p50_ms", "ratio"):
        assert figures[key] > 0, key


@pytest.mark.django_db(transaction=True)
def test_bench_backup_small(tmp_path):
    """Run as its own command, as it measures commands run in their own processes: a database in
    a file (or the suite's PostgreSQL database), backed up and restored into a new one."""
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    environ["ALLIES_DATA_DIR"] = str(tmp_path)
    if connection.vendor == "postgresql":
        environ["DATABASE_URL"] = database_url(connection.settings_dict)
    arguments = ["--libraries", "3", "--contacts", "600", "--library-contacts", "200", "--json"]
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "allies.cli", "bench", "backup", *arguments],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["database"] == connection.vendor and figures["contacts"] == 600
    assert figures["rows"] > 600 and figures["file_mb"] >= 0
    for key in ("backup_s", "restore_s", "backup_peak_mb", "restore_peak_mb"):
        assert figures[key] > 0, key
    for key in ("p50_ms", "p95_ms", "baseline_p50_ms", "ratio"):
        assert figures[key] > 0, key


@pytest.mark.django_db(transaction=True)
def test_bench_api_small():
    figures = bench("api", "--organizations", "300", "--requests", "10")
    assert figures["organizations"] == 300 and figures["page_size"] == 100
    for key in ("p50_ms", "p95_ms", "baseline_p50_ms", "ratio", "contact_p95_ms", "contact_ratio"):
        assert figures[key] > 0, key
    # A page deep in the list costs the queries of page 1 (keyset pages, no OFFSET or count).
    assert figures["queries"] == figures["queries_deeper_page"]
    assert figures["pages_walked"] == 3


@pytest.mark.django_db(transaction=True)
def test_bench_duplicates_small():
    figures = bench("duplicates", "--copies", "40", "--lookalikes", "20", "--scan", "2000")
    assert figures["copies"] == 40 and figures["lookalikes"] == 20
    assert figures["recall"] >= 0.8 and figures["precision"] is not None
    assert figures["stable_ranking"] is True
    assert figures["scan_organizations"] == 2000 and figures["scan_seconds"] > 0


@pytest.mark.django_db(transaction=True)
def test_bench_load_small():
    """Members sign in and browse every page through the real server, after the bare view, while
    another process saves a partnership every 2 seconds."""
    figures = bench(
        "load", "--members", "2", "--seconds", "4", "--baseline-seconds", "2",
        "--workers", "2", "--threads", "1", "--no-irs", "--changes-per-minute", "30",
    )  # fmt: skip
    assert figures["errors"] == 0 and figures["bare_errors"] == 0, figures["error_examples"]
    assert figures["requests"] > 0 and figures["bare_requests_per_second"] > 0
    for key in ("p50_ms", "p95_ms", "bare_p50_ms", "throughput_ratio"):
        assert figures[key] > 0, key
    # What the server and the load client spent per request, measured from their processes.
    for key in ("server_cpu_ms_per_request", "bare_server_cpu_ms_per_request", "cpu_ratio"):
        assert figures[key] > 0, key
    assert figures["client_cpu_ms_per_request"] > 0
    assert len(figures["load_average_before"]) == 3
    # Pages kept for the members were served between the changes, which were made.
    assert figures["changes"] >= 2 and 0 < figures["kept_pages_share"] < 1
