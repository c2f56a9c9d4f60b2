"""`allies bench workshop`: a live session over real HTTP, as in a training room.

A fresh SQLite database in a temporary folder, the real server (gunicorn, as `allies serve` runs it)
on a free loopback port, one session, and N participants (threads, each with its own cookies, reading
CSRF tokens from the pages like a browser) who type the join code, join, poll for the trainer's next
part, and answer every activity's form on their room page (filled the way a hurried participant
would: every field, first choices). A trainer signs in, polls the live panel every two seconds and
moves the room on once everyone has answered. A baseline client fetches a static file through the
same server all along, so the figures can be read as a ratio measured under the same load.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from allies.core.bench import percentile, summarize
from allies.management.commands.serve import gunicorn_argv

DESCRIPTION = "60 participants join one live session over HTTP and answer every activity."
TRAINER_EMAIL = "trainer@bench.example"
TRAINER_PASSWORD = "bench-workshop-password"  # noqa: S105 - a throwaway database
BASELINE_PATH = "/static/allies/allies.css"

PREPARE = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from allies.libraries.models import Library, Membership, User
from allies.workshop.running import create_workshop
library = Library.objects.create(name="Bench Training Library", slug="bench-training")
user = User.objects.create_user(sys.argv[1], sys.argv[2], full_name="Bench Trainer")
Membership.objects.create(user=user, library=library, role="owner")
workshop = create_workshop(library=library, trainer=user, title="Partnerships (load test)",
                           groups=3)
print(json.dumps({"slug": library.slug, "id": workshop.pk, "code": workshop.join_code}))
"""

COUNT = """
import json, sys
import django
django.setup()
from allies.workshop.models import Contribution, Feedback, GroupAnswer, Participant, Workshop
workshop = Workshop.objects.get(join_code=sys.argv[1])
print(json.dumps({
    "participants": Participant.objects.filter(workshop=workshop).count(),
    "contributions": Contribution.objects.filter(workshop=workshop).count(),
    "group_answers": GroupAnswer.objects.filter(workshop=workshop).count(),
    "feedback": Feedback.objects.filter(workshop=workshop).count(),
    "status": workshop.status,
    "current": workshop.current,
}))
"""


def add_arguments(parser):
    parser.add_argument("--participants", type=int, default=60, help="Default 60.")
    parser.add_argument(
        "--seconds", type=float, default=180, help="Stop everyone after this long (default 180)."
    )
    parser.add_argument(
        "--poll",
        type=float,
        default=2.5,
        help="Seconds between a participant's polls (2.5, as the room page does).",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=10,
        help="At most this many seconds of reading and typing before each answer (default 10).",
    )
    parser.add_argument(
        "--arrive",
        type=float,
        default=10,
        help="Participants join within this many seconds of each other (default 10).",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
    parser.add_argument("--threads", type=int, default=8, help="Threads per worker (default 8).")
    parser.add_argument("--seed", type=int, default=42)


# ---- A tiny browser --------------------------------------------------------------------------


# What a participant types, by the kind of input (a marker in place of a value).
TEXT, DATE, NUMBER = object(), object(), object()
TYPED = {"date": DATE, "number": NUMBER}


class Forms(HTMLParser):
    """The activity forms of a page: action and the fields a participant would fill."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": [], "radios": {}, "selects": {}}
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                self._form["radios"].setdefault(a["name"], []).append(a.get("value", ""))
            elif kind == "checkbox":
                self._form["fields"].append((a["name"], a.get("value", "on")))
            elif kind in ("hidden",):
                self._form["fields"].append((a["name"], a.get("value", "")))
            elif kind not in ("submit", "button"):
                self._form["fields"].append((a["name"], TYPED.get(kind, TEXT)))  # to be typed
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append((a["name"], TEXT))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["selects"][self._select] = []
        elif tag == "option" and self._select is not None and a.get("value"):
            self._form["selects"][self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def fill(form: dict, rng: random.Random, who: int) -> list[tuple[str, str]]:
    """A participant's answer to one activity form: every field, plausible values."""
    data = []
    typed: dict[str, str] = {}
    soon = (datetime.date.today() + datetime.timedelta(days=rng.randint(7, 90))).isoformat()
    for name, value in form["fields"]:
        through = re.search(r"through_(\d+)$", name)
        if value is DATE:
            value = soon
        elif value is NUMBER:
            value = str(rng.randint(1, 5))
        elif value is TEXT and through:
            # "Through whom" names someone else on the same connection tree: the first person.
            first = typed.get(name[: through.start()] + "name_0", "")
            value = first if through.group(1) != "0" else ""
        elif value is TEXT:
            value = f"Answer {who}.{len(data)}"  # distinct: names on one tree must differ
        typed[name] = value
        data.append((name, value))
    for name, values in form["radios"].items():
        data.append((name, rng.choice(values)))
    for name, values in form["selects"].items():
        if values:
            data.append((name, rng.choice(values)))
    return data


class Browser:
    """One person's browser: a keep-alive connection, cookies, and timed requests."""

    def __init__(self, port: int, room: Room):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.record = room.record
        self.refused = room.refused
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, kind: str, method: str, path: str, body=None, headers=None, expect=(200,)):
        headers = {**(headers or {}), "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.record(kind, (time.perf_counter() - start) * 1000, f"{kind}: {error!r}")
            return None, ""
        elapsed = (time.perf_counter() - start) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        problem = None
        if response.status not in expect:
            problem = f"{kind}: {method} {path} answered {response.status}"
        self.record(kind, elapsed, problem)
        return response, content

    def csrf(self, page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return found.group(1) if found else ""


# ---- The run ---------------------------------------------------------------------------------


class Room:
    """What the simulated people share: samples, errors, and who answered which part."""

    def __init__(self, participants: int, deadline: float):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.deadline = deadline
        self.joined = 0
        self.answered: dict[int, int] = {}
        self.participants = participants
        self.stop = threading.Event()

    def record(self, kind: str, ms: float, problem: str | None) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(ms)
            if problem:
                self.errors.append(problem)

    def refused(self, problem: str) -> None:
        with self.lock:
            self.errors.append(problem)

    def late(self) -> bool:
        return self.stop.is_set() or time.monotonic() > self.deadline

    def mark(self, part: int) -> None:
        with self.lock:
            self.answered[part] = self.answered.get(part, 0) + 1


def participant(room: Room, port: int, code: str, who: int, options: dict, joined_bar):
    rng = random.Random(options["seed"] * 1000 + who)
    poll, think = options["poll"], options["think"]
    browser = Browser(port, room)
    time.sleep(rng.uniform(0, options["arrive"]))  # people do not all press Join at once
    browser.request("enter", "GET", "/w/")
    typed = code.lower()[:3] + "-" + code.lower()[3:]
    browser.request("enter", "GET", "/w/?" + urlencode({"code": typed}), expect=(302,))
    _response, page = browser.request("join", "GET", f"/w/{code}/join/")
    browser.request(
        "join",
        "POST",
        f"/w/{code}/join/",
        {"csrfmiddlewaretoken": browser.csrf(page), "display_name": f"Participant {who}"},
        expect=(302,),
    )
    with room.lock:
        room.joined += 1
    joined_bar.update(1)
    state, answered = None, set()
    while not room.late():
        _response, body = browser.request("now", "GET", f"/w/{code}/now/")
        try:
            now = json.loads(body)
        except ValueError:
            now = {}
        if now.get("state") != state:
            state = now.get("state")
            _response, page = browser.request("room", "GET", f"/w/{code}/")
            if now.get("status") == "finished":
                link = re.search(r'href="(/w/[^"]+/worksheets/)"', page)
                if link:
                    browser.request("worksheets", "GET", link.group(1))
                return
            part = now.get("current", -1)
            if now.get("status") == "running" and part not in answered:
                answer_part(browser, page, rng, who, room, think)
                answered.add(part)
                room.mark(part)
        time.sleep(poll * (0.8 + 0.4 * rng.random()))


def answer_part(browser, page: str, rng: random.Random, who: int, room, think: float) -> None:
    """Read, type, send: every activity form on the room page, a few seconds apart."""
    parser = Forms()
    parser.feed(page)
    for form in parser.forms:
        action = form["action"]
        match = re.search(r"/activities/([\w-]+)/", action)
        if not match or any(name == "remove" for name, _v in form["fields"]):
            continue
        time.sleep(min(max(0.0, room.deadline - time.monotonic()), rng.uniform(1, max(1, think))))
        if room.late():
            return
        kind = f"answer {match.group(1)}"
        _response, body = browser.request(
            kind, "POST", urlsplit(action).path, fill(form, rng, who), {"HX-Request": "true"}
        )
        if 'class="field-error"' in body:
            why = re.findall(r'class="field-error" id="([^"]+)"', body)
            browser.refused(f"{kind}: the answer was refused ({', '.join(why)})")


def trainer(room: Room, port: int, session: dict, parts: int, pause: float, parts_bar):
    """Sign in, wait for the room, start, then move on each time everyone has answered."""
    slug, workshop_id = session["slug"], session["id"]
    browser = Browser(port, room)
    _response, page = browser.request("sign in", "GET", "/accounts/login/")
    browser.request(
        "sign in",
        "POST",
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "username": TRAINER_EMAIL,
            "password": TRAINER_PASSWORD,
        },
        expect=(302,),
    )
    base = f"/l/{slug}/workshop/{workshop_id}/"
    _response, page = browser.request("trainer page", "GET", base)
    token = browser.csrf(page)
    while room.joined < room.participants and not room.late():
        browser.request("live panel", "GET", base + "live/", headers={"HX-Request": "true"})
        time.sleep(pause)

    def move(action: str, current: int):
        browser.request(
            "move",
            "POST",
            base + "move/",
            {
                "csrfmiddlewaretoken": token,
                "action": action,
                "from_part": str(current),
                "confirm": "yes",  # a finish asks first; the bench answers yes
            },
            expect=(302,),
        )
        browser.request("trainer page", "GET", base)

    move("start", -1)
    browser.request(
        "split groups", "POST", base + "groups/", {"csrfmiddlewaretoken": token}, expect=(302,)
    )
    for current in range(parts):
        while room.answered.get(current, 0) < room.joined and not room.late():
            browser.request("live panel", "GET", base + "live/", headers={"HX-Request": "true"})
            time.sleep(pause)
        parts_bar.update(1)
        if room.late():
            return
        move("next" if current + 1 < parts else "finish", current)


def baseline(room: Room, port: int):
    browser = Browser(port, room)
    while not room.late():
        browser.request("baseline", "GET", BASELINE_PATH)
        time.sleep(0.1)


def warm_up(port: int, connections: int) -> None:
    """First requests to each worker load templates and URLs; they are not what people wait for."""
    for _ in range(connections):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in ("/w/", "/accounts/login/", BASELINE_PATH, "/w/XXXXXX/now/"):
            conn.request("GET", path)
            conn.getresponse().read()
        conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("The server stopped while starting; see its log.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The server did not start in time.")


def environment(folder: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")
    }
    env.update(
        ALLIES_DATA_DIR=str(folder),
        ALLIES_MANIFEST_STATIC="0",
        DJANGO_SETTINGS_MODULE="allies.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
    )
    return env


def run(options: dict, progress) -> dict:
    from allies.workshop.models import DEFAULT_AGENDA

    count = options["participants"]
    folder = Path(tempfile.mkdtemp(prefix="allies-bench-workshop-"))
    env = environment(folder)
    server = None
    try:
        prepared = subprocess.run(  # noqa: S603 - our own Python, fixed arguments
            [sys.executable, "-c", PREPARE, TRAINER_EMAIL, TRAINER_PASSWORD],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        session = json.loads(prepared.stdout.strip().splitlines()[-1])
        port = free_port()
        argv = gunicorn_argv(f"127.0.0.1:{port}", options["workers"])
        argv = [a for a in argv if a not in ("--access-logfile", "-")]
        # Phones keep their connection open between polls, as browsers do.
        argv += ["--worker-class", "gthread", "--threads", str(options["threads"])]
        argv += ["--keep-alive", "75"]
        with open(folder / "server.log", "w") as log:
            server = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        wait_for(port, server)
        warm_up(port, options["workers"] * options["threads"])

        started = time.monotonic()
        room = Room(count, started + options["seconds"])
        joined_bar = progress(count, "participants joined")
        parts_bar = progress(len(DEFAULT_AGENDA), "parts")
        threads = [
            threading.Thread(target=baseline, args=(room, port), daemon=True),
            *(
                threading.Thread(
                    target=participant,
                    args=(
                        room,
                        port,
                        session["code"],
                        n,
                        options,
                        joined_bar,
                    ),
                    daemon=True,
                )
                for n in range(count)
            ),
        ]
        runner = threading.Thread(
            target=trainer,
            # The session page polls its live panel every 2 s.
            args=(room, port, session, len(DEFAULT_AGENDA), min(2.0, options["poll"]), parts_bar),
            daemon=True,
        )
        for thread in threads:
            thread.start()
        runner.start()
        runner.join(options["seconds"] + 5)
        for thread in threads[1:]:
            thread.join(max(0.1, room.deadline + 5 - time.monotonic()))
        room.stop.set()
        threads[0].join(5)
        elapsed = time.monotonic() - started
        joined_bar.close()
        parts_bar.close()
        counted = subprocess.run(  # noqa: S603
            [sys.executable, "-c", COUNT, session["code"]],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        saved = json.loads(counted.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return figures(room, saved, elapsed, options)


def figures(room: Room, saved: dict, elapsed: float, options: dict) -> dict:
    base = room.samples.pop("baseline", [0.0])
    ours = [ms for samples in room.samples.values() for ms in samples]
    overall = summarize(ours)
    theirs = summarize(base, prefix="baseline_")
    return {
        "database": "sqlite",  # always a fresh SQLite file, whatever DATABASE_URL says
        "participants": options["participants"],
        "joined": saved["participants"],
        "finished": saved["status"] == "finished",
        "seconds": round(elapsed, 1),
        "requests": len(ours),
        "requests_per_second": round(len(ours) / elapsed, 1) if elapsed else 0,
        "errors": len(room.errors),
        "error_examples": room.errors[:5],
        "contributions": saved["contributions"],
        "group_answers": saved["group_answers"],
        "feedback": saved["feedback"],
        **overall,
        "p99_ms": round(percentile(ours, 0.99), 3),
        **theirs,
        "baseline_requests": len(base),
        "ratio": round(theirs["baseline_p50_ms"] / overall["p50_ms"], 3),
        "by_kind": {
            kind: {"requests": len(samples), **summarize(samples)}
            for kind, samples in sorted(room.samples.items())
        },
    }
