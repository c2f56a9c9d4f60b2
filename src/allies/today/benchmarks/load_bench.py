"""`allies bench load`: signed-in members browsing through the real server, beside a bare view.

The sample library (with the Vermont directory when ../shared/data has it) in a fresh database
(a SQLite file in a temporary folder, or the PostgreSQL database of DATABASE_URL, emptied first),
N extra staff members, and the real server (gunicorn as `allies serve` runs it, WhiteNoise for
static files) on a free loopback port. Every page is first asked a few times, by up to twice as
many members at once as the server has workers, so that every worker is warm (warm-up). Then,
for `--baseline-seconds`, N clients ask a bare Django list view (50 organizations, no access
checks, a minimal template) through the same server; then N members sign in (through the sign-in
form, with its CSRF token, all before the clock starts) and browse without pause for `--seconds`:
Today, Partners, the directory with searches, a partnership's page, the ranking for a goal,
Connections and Reports, in a random order. Every answer must be a 200.
Figures: p50/p95 of each, errors, our throughput as a fraction of the bare view's, and the CPU
per request of the server and of the load client (read from /proc, so that other work on the
machine matters less).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from allies.core.bench import summarize
from allies.core.page_cache import KEPT_HEADER
from allies.management.commands.serve import gunicorn_argv
from allies.workshop.benchmarks.workshop_bench import free_port, wait_for

DESCRIPTION = "30 signed-in members browse for 60 s through the real server, beside a bare view."
PASSWORD = "bench-load-password-1"  # noqa: S105 - a throwaway database
SEARCHES = ["club", "library", "school", "rotary", "food", "arts", "youth", "church", "museum"]

PREPARE = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.urls import reverse
call_command("migrate", verbosity=0, interactive=False)
from allies import sample_data
from allies.libraries.models import Library, Membership, User
if not Library.objects.filter(slug="sample").exists():
    sample_data.load_sample_data(include_irs=sys.argv[3] == "irs")
library = Library.objects.get(slug="sample")
emails = []
for n in range(int(sys.argv[1])):
    email = f"member{n}@bench.example"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, sys.argv[2], full_name=f"Bench Member {n}")
    Membership.objects.get_or_create(user=user, library=library, defaults={"role": "staff"})
    emails.append(email)
# Fresh statistics, as a maintained database has them (autovacuum on PostgreSQL), as the pages
# and stewardship benchmarks do: without them PostgreSQL reads every organization for a directory
# search (170 ms) instead of its full-text index (8 ms).
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
slug = library.slug
partnership = library.partnerships.order_by("id").first()
goal = library.goals.order_by("id").first()
pages = [
    reverse("today", args=[slug]),
    reverse("partnerships:list", args=[slug]),
    reverse("directory:organizations", args=[slug]),
    reverse("partnerships:detail", args=[slug, partnership.pk]),
    reverse("matching:goal_rank", args=[slug, goal.pk]),
    reverse("connections:index", args=[slug]),
    reverse("recognition:dashboard", args=[slug]),
]
print(json.dumps({"emails": emails, "pages": pages, "library": library.pk,
                  "partnership": partnership.pk,
                  "organizations": library.organizations.count()}))
"""

# `--changes-per-minute`: another process saves the benchmark's partnership (as a member's edit
# would, with its history entry) at that rate while the members browse. Every change forgets the
# pages kept for members (allies/core/page_cache.py), so this shows what the kept pages are worth
# when the data changes.
CHANGE = """
import sys, time
import django
django.setup()
from allies.partnerships.models import Partnership
deadline, pause = time.monotonic() + float(sys.argv[2]), float(sys.argv[3])
partnership = Partnership.objects.get(pk=int(sys.argv[1]))
changes = 0
while time.monotonic() < deadline:
    partnership.partner_expects = f"Change {changes} of the load benchmark"
    partnership.save()
    changes += 1
    time.sleep(pause)
print(changes)
"""


def add_arguments(parser):
    parser.add_argument("--members", type=int, default=30, help="Default 30.")
    parser.add_argument("--seconds", type=float, default=60, help="Default 60.")
    parser.add_argument("--baseline-seconds", type=float, default=20, help="Default 20.")
    # The deployment guide's shape on this 2-core machine (docs/deploying.md, "App processes"):
    # eight single-threaded workers, as `allies serve --workers 4` twice runs them.
    parser.add_argument("--workers", type=int, default=8, help="gunicorn workers (default 8).")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="Threads per worker (default 1: gunicorn's sync workers, as `allies serve` runs).",
    )
    parser.add_argument(
        "--no-irs", action="store_true", help="Leave out the Vermont directory (quicker)."
    )
    parser.add_argument(
        "--changes-per-minute",
        type=float,
        default=0,
        help="Save a partnership this often while the members browse (default 0: they only read).",
    )


def environment(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        ALLIES_DATA_DIR=str(folder),
        ALLIES_MANIFEST_STATIC="0",
        DJANGO_SETTINGS_MODULE="allies.today.benchmarks.load_settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
    )
    return env


class Run:
    def __init__(self, deadline: float):
        self.deadline = deadline
        self.samples: list[float] = []
        self.errors: list[str] = []
        self.kept = 0  # answers that were a page kept for the member (allies/core/page_cache.py)
        self.lock = threading.Lock()

    def record(self, started: float, problem: str | None, kept: bool = False) -> None:
        with self.lock:
            self.samples.append((time.perf_counter() - started) * 1000)
            self.kept += kept
            if problem:
                self.errors.append(problem)


def _open(opener, url: str, data: bytes | None = None) -> tuple[int, str, dict]:
    """Ask `url`: the status, the text and the headers of the answer."""
    try:
        with opener.open(url, data=data, timeout=60) as reply:
            return reply.status, reply.read().decode("utf-8", "replace"), dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, "", {}
    except OSError as error:
        return 0, str(error), {}


def _client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _sign_in(opener, base: str, email: str) -> bool:
    status, page, _headers = _open(opener, f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        return False
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=body)  # noqa: S310
    request.add_header("Referer", f"{base}/accounts/login/")
    status, page, _headers = _open(opener, request)
    return status == 200 and "Sign in to Allies" not in page


def _sign_in_all(base: str, emails: list[str]) -> tuple[list, float]:
    """Each member signed in (in parallel, through the sign-in form): their clients (None for one
    who could not sign in) and the seconds it took. Signing in is done before the members'
    phase: checking 30 passwords (PBKDF2, made slow on purpose) takes seconds of CPU, which
    would otherwise be counted as browsing."""
    openers: list = [None] * len(emails)

    def sign_in(n: int) -> None:
        opener = _client()
        if _sign_in(opener, base, emails[n]):
            openers[n] = opener

    threads = [threading.Thread(target=sign_in, args=(n,), daemon=True) for n in range(len(emails))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return openers, time.monotonic() - started


def _browse(run: Run, base: str, opener, email: str, pages: list[str], seed: int) -> None:
    if opener is None:
        run.errors.append(f"{email} could not sign in")
        return
    chooser = random.Random(seed)
    while time.monotonic() < run.deadline:
        page = chooser.choice(pages)
        if page.endswith("/directory/organizations/"):
            page += "?" + urllib.parse.urlencode({"q": chooser.choice(SEARCHES)})
        started = time.perf_counter()
        status, _body, headers = _open(opener, base + page)
        kept = headers.get(KEPT_HEADER) == "hit"  # a page kept for the member
        run.record(started, None if status == 200 else f"{status} {page}", kept)


def _bare(run: Run, base: str, library_id: int) -> None:
    opener = _client()
    while time.monotonic() < run.deadline:
        started = time.perf_counter()
        status, _body, _headers = _open(opener, f"{base}/bench/baseline/{library_id}/")
        run.record(started, None if status == 200 else f"{status} baseline")


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the server `pid` and its worker processes, read
    from /proc (Linux); 0 elsewhere."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the name: state, ppid, ..., utime and stime are the 12th and 13th.
        if int(entry.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _phase(target, count: int, seconds: float, arguments, server_pid: int = 0) -> tuple[Run, dict]:
    """Run `count` clients for `seconds`; the run, and its elapsed time and the CPU seconds the
    clients (this process) and the server spent meanwhile."""
    run = Run(time.monotonic() + seconds)
    threads = [
        threading.Thread(target=target, args=(run, *arguments(n)), daemon=True)
        for n in range(count)
    ]
    started, client_cpu = time.monotonic(), time.process_time()
    server_cpu = server_cpu_seconds(server_pid) if server_pid else 0.0
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 90)
    return run, {
        "elapsed": time.monotonic() - started,
        "client_cpu": time.process_time() - client_cpu,
        "server_cpu": (server_cpu_seconds(server_pid) - server_cpu) if server_pid else 0.0,
    }


def _warm_up(base: str, setup: dict, clients: int, rounds: int) -> float:
    """Ask every page a few times before measuring, from `clients` members at once; the seconds
    it took. Each server worker loads its templates, catalogs and URL patterns on its first
    requests and builds its own caches (the directory's features for the ranking: about 2 s of
    CPU per process), which would otherwise land in the measured phases. One client asking in
    turn reached only some of the workers (each request goes to whichever is free); as many
    clients at once as the server has threads keep them all busy, so each gets its share."""
    emails = setup["emails"]

    def warm(n: int) -> None:
        opener = _client()
        if not _sign_in(opener, base, emails[n % len(emails)]):
            return
        for _ in range(rounds):
            # The ranking first: the slowest first request, while the others are still free.
            for page in sorted(setup["pages"], key=lambda page: "/rank/" not in page):
                _open(opener, base + page)
            _open(opener, f"{base}/bench/baseline/{setup['library']}/")

    started = time.monotonic()
    threads = [threading.Thread(target=warm, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return time.monotonic() - started


def _per_request_ms(seconds: float, run: Run) -> float:
    return round(1000 * seconds / len(run.samples), 1) if run.samples else 0.0


def run(options: dict, progress) -> dict:
    count = options["members"]
    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="allies-bench-load-"))
    env = environment(folder)
    if "DATABASE_URL" in env:
        subprocess.run(  # noqa: S603 - our own Python, fixed arguments
            [sys.executable, "-m", "allies.cli", "flush", "--no-input"], env=env, check=False
        )
    server = None
    try:
        bar = progress(3, "prepare, bare view, members")
        prepared = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-c",
                PREPARE,
                str(count),
                PASSWORD,
                "no-irs" if options["no_irs"] else "irs",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])
        bar.update(1)
        port = free_port()
        argv = gunicorn_argv(f"127.0.0.1:{port}", options["workers"])
        argv = [a for a in argv if a not in ("--access-logfile", "-")]
        if options["threads"] > 1:
            argv += ["--worker-class", "gthread", "--threads", str(options["threads"])]
        with open(folder / "server.log", "w") as log:
            server = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        wait_for(port, server)
        base = f"http://127.0.0.1:{port}"

        slots = options["workers"] * options["threads"]
        warm_up_seconds = _warm_up(base, setup, clients=min(2 * slots, count), rounds=3)
        bare, bare_use = _phase(
            _bare,
            count,
            options["baseline_seconds"],
            lambda n: (base, setup["library"]),
            server.pid,
        )
        bar.update(1)
        openers, sign_in_seconds = _sign_in_all(base, setup["emails"][:count])
        changer = None
        if options["changes_per_minute"] > 0:
            changer = subprocess.Popen(  # noqa: S603 - our own Python, fixed arguments
                [
                    sys.executable,
                    "-c",
                    CHANGE,
                    str(setup["partnership"]),
                    str(options["seconds"]),
                    str(60 / options["changes_per_minute"]),
                ],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
        ours, our_use = _phase(
            _browse,
            count,
            options["seconds"],
            lambda n: (base, openers[n], setup["emails"][n], setup["pages"], n),
            server.pid,
        )
        changes = int(changer.communicate(timeout=120)[0].strip() or 0) if changer else 0
        bar.update(1)
        bar.close()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    our_elapsed, bare_elapsed = our_use["elapsed"], bare_use["elapsed"]
    ours_rate = len(ours.samples) / our_elapsed if our_elapsed else 0
    bare_rate = len(bare.samples) / bare_elapsed if bare_elapsed else 0
    our_cpu = _per_request_ms(our_use["server_cpu"], ours)
    bare_cpu = _per_request_ms(bare_use["server_cpu"], bare)
    return {
        "members": count,
        "organizations": setup["organizations"],
        "seconds": round(our_elapsed, 1),
        "requests": len(ours.samples),
        "requests_per_second": round(ours_rate, 1),
        **summarize(ours.samples or [0.0]),
        "errors": len(ours.errors),
        # The share of answers that were pages kept for the member, and the changes made meanwhile.
        "kept_pages_share": round(ours.kept / len(ours.samples), 3) if ours.samples else 0,
        "changes": changes,
        "sign_in_seconds": round(sign_in_seconds, 1),
        "warm_up_seconds": round(warm_up_seconds, 1),
        "error_examples": ours.errors[:5],
        "bare_requests_per_second": round(bare_rate, 1),
        **summarize(bare.samples or [0.0], prefix="bare_"),
        "bare_errors": len(bare.errors),
        "throughput_ratio": round(ours_rate / bare_rate, 3) if bare_rate else 0,
        # CPU per request (ms), of the server's processes and of the load client (this process):
        # what the machine's other work does not change much, unlike the rates above.
        "server_cpu_ms_per_request": our_cpu,
        "bare_server_cpu_ms_per_request": bare_cpu,
        "client_cpu_ms_per_request": _per_request_ms(our_use["client_cpu"], ours),
        "bare_client_cpu_ms_per_request": _per_request_ms(bare_use["client_cpu"], bare),
        "cpu_ratio": round(bare_cpu / our_cpu, 3) if our_cpu else 0,
        # The machine's load (1, 5, 15 minutes) when the run began and when it ended.
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "workers": options["workers"],
        "threads": options["threads"],
    }
