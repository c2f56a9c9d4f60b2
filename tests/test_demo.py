"""The demo: sample data that loads once, `allies demo --no-serve`, and `allies serve`."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from allies import sample_data
from allies.core import network
from tests.conftest import first_rows
from tests.servers import allies_serve, first_answer, free_port


@pytest.mark.django_db
def test_sample_data_tells_the_story_and_loads_only_once():
    from allies.directory.models import Affiliation, Organization, Person
    from allies.goals.models import Goal
    from allies.libraries.models import Branch, Library, Membership
    from allies.partnerships.models import Partnership, StageChange

    first = sample_data.load_sample_data(include_irs=False)
    assert first.created
    counts = [
        model.objects.count()
        for model in (Library, Membership, Branch, Organization, Person, Partnership, Goal)
    ] + [StageChange.objects.count(), Affiliation.objects.count()]
    second = sample_data.load_sample_data(include_irs=False)
    assert not second.created
    assert counts == [
        model.objects.count()
        for model in (Library, Membership, Branch, Organization, Person, Partnership, Goal)
    ] + [StageChange.objects.count(), Affiliation.objects.count()]

    library = Library.objects.get(slug="sample")
    goal = Goal.objects.get(library=library)
    assert goal.statement == "Fund two more public computers before the next budget review"
    assert goal.status == "active"
    assert {a.slug for a in goal.primary_audiences.all()} == {
        "job-seekers",
        "low-income-households",
    }
    assert {a.slug for a in goal.secondary_audiences.all()} == {"seniors", "students"}
    assert {p.name for p in goal.decision_makers.all()} == {"Ruth Calloway", "Martin Osei"}
    assert goal.resources_needed.count() == 3

    roles = dict(library.memberships.values_list("user__email", "role"))
    assert roles["director@sample.allies.example"] == "owner"
    assert set(roles.values()) == {"owner", "staff", "volunteer"}
    director = library.memberships.get(role="owner").user
    assert director.check_password(sample_data.DEMO_PASSWORD)

    stages = set(Partnership.objects.filter(library=library).values_list("stage", flat=True))
    assert {"active", "pilot", "exploring", "prospect", "declined", "ended"} <= stages
    for declined in Partnership.objects.filter(library=library, stage="declined"):
        assert declined.lessons and declined.try_again_on
        assert declined.refusals.get().lessons == declined.lessons
    pilot = Partnership.objects.get(library=library, stage="pilot")
    assert "Youth Shelter" in pilot.organization.name

    dates = StageChange.objects.filter(partnership__library=library).values_list(
        "changed_at", flat=True
    )
    assert (max(dates) - min(dates)).days > 300  # history spread over the past year

    dean = Affiliation.objects.former().get(person__library=library)
    assert dean.role.startswith("Dean")
    sectors = set(Organization.objects.filter(library=library).values_list("sector", flat=True))
    assert {"service_club", "foundation", "college", "government", "business"} <= sectors


@pytest.mark.django_db
def test_sample_history_is_visible_with_dates_of_the_story():
    from allies.core.history import history_entries
    from allies.partnerships.models import Partnership

    sample_data.load_sample_data(include_irs=False)
    ended = Partnership.objects.get(library__slug="sample", stage="ended")
    entries = history_entries(ended)
    assert len(entries) >= 3
    assert entries[-1]["action"] == "created"
    assert (entries[0]["when"] - entries[-1]["when"]).days > 200


@pytest.mark.django_db
def test_sample_data_imports_the_vermont_file_once(tmp_path, monkeypatch):
    """On the first 1,500 organizations of the Vermont file (the whole file is imported by the
    demo CI builds from nothing, and reading its names' words here cost half a minute)."""
    from allies.directory.sample import IRS_FILE

    source = sample_data.shared_data_file()
    if source is None:
        pytest.skip("irs-eo-bmf-vt.csv is not here")
    from allies.directory.models import Organization

    first_rows(source, tmp_path / IRS_FILE, 1500)
    monkeypatch.setenv("ALLIES_SHARED_DATA", str(tmp_path))
    report = sample_data.load_sample_data()
    assert report.irs_report.created == 1500
    count = Organization.objects.filter(library=report.library).count()
    assert count > 1500
    again = sample_data.load_sample_data()
    assert again.irs_report is None
    assert Organization.objects.filter(library=report.library).count() == count


def _allies(data_dir, *args, shared=None, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["ALLIES_DATA_DIR"] = str(data_dir)
    if shared is not None:
        env["ALLIES_SHARED_DATA"] = str(shared)
    command = [sys.executable, "-m", "allies.cli", *args]
    return subprocess.run(  # noqa: S603 - our own command line
        command, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    empty = tmp_path_factory.mktemp("no-shared-data")
    first = _allies(folder, "demo", "--no-serve", shared=empty)
    second = _allies(folder, "demo", "--no-serve", shared=empty)
    return folder, first, second


def test_demo_no_serve_creates_the_database_and_prints_the_logins(demo_dir):
    folder, first, _second = demo_dir
    assert first.returncode == 0, first.stderr
    assert (folder / "allies.sqlite3").exists()
    assert "Loaded the sample library: Maple Ford Free Library." in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    for email, _name, _role in sample_data.logins():
        assert email in first.stdout
    assert f"Password for all of them: {sample_data.DEMO_PASSWORD}" in first.stdout
    assert "were not imported" in first.stdout  # the shared file was hidden from this run


def test_demo_reuses_its_database(demo_dir):
    folder, _first, second = demo_dir
    assert second.returncode == 0, second.stderr
    assert "already there" in second.stdout
    count = _allies(
        folder,
        "shell",
        "-c",
        "from allies.libraries.models import Library; print(Library.objects.count())",
    )
    assert count.stdout.strip().splitlines()[-1] == "1"


def test_demo_lan_prints_the_address_phones_can_open(demo_dir, tmp_path):
    """`allies demo --lan` picks the address as `allies serve --lan` does (tests/test_lan.py
    serves on it) and tells the trainer that one, not the loopback address."""
    address = network.lan_address()
    if address is None:
        pytest.skip("this machine has no address on a network")
    folder, _first, _second = demo_dir
    port = free_port()
    lan = _allies(
        folder, "demo", "--no-serve", "--lan", "--bind", f"127.0.0.1:{port}", shared=tmp_path
    )
    assert lan.returncode == 0, lan.stderr
    assert f"Open http://{address}:{port}/ and sign in" in lan.stdout
    assert "127.0.0.1" not in lan.stdout


def _workers_of(pid: int) -> list[int]:
    """The ids of the `allies worker --parent PID` processes running."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in words and [b"--parent", str(pid).encode()] == words[-3:-1]:
            found.append(int(cmdline.parent.name))
    return found


def test_serve_runs_gunicorn_with_static_files_and_a_worker(demo_dir, tmp_path):
    """Through gunicorn and WhiteNoise with the hashed static file names of production, with a
    background worker beside it that stops with it."""
    folder, _first, _second = demo_dir
    port = free_port()
    log_path = tmp_path / "serve.log"
    with allies_serve(folder, log_path, "--bind", f"127.0.0.1:{port}", worker=True) as server:
        answer = first_answer(server, f"http://127.0.0.1:{port}/accounts/login/")
        assert answer is not None, log_path.read_text()[-3000:]
        page = answer[1].decode()
        assert "Sign in to Allies" in page
        css = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css.startswith("/static/allies/allies.") and css.endswith(".css")  # hashed name
        assert first_answer(server, f"http://127.0.0.1:{port}{css}")[0] == 200
        assert _workers_of(server.pid), log_path.read_text()[-3000:]
    deadline = time.monotonic() + 60
    while _workers_of(server.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _workers_of(server.pid), "the worker outlived the server"
    output = log_path.read_text()
    assert "Serving Allies at http://127.0.0.1:" in output
    assert "Listening at" in output
    assert "Background jobs (large imports) run in a worker beside it." in output


@pytest.mark.django_db
def test_sample_outreach_has_something_in_every_list():
    from django.utils import timezone

    from allies.outreach.models import ApproachStep, CommunityEvent, IntroductionRequest, Pilot
    from allies.partnerships.models import Refusal

    library = sample_data.load_sample_data(include_irs=False).library
    day = timezone.localdate()
    assert ApproachStep.objects.overdue(library, day).count() >= 2
    assert [p.partnership.organization.name for p in Pilot.objects.to_review(library, day)] == [
        "Lantern House Youth Shelter"
    ]
    statuses = set(
        IntroductionRequest.objects.filter(library=library).values_list("status", flat=True)
    )
    assert {"asked", "introduced", "met"} <= statuses
    assert CommunityEvent.objects.filter(library=library, starts_on__gt=day).count() >= 2
    assert set(Refusal.objects.filter(library=library).values_list("reason", flat=True)) == {
        "timing",
        "capacity",
    }


@pytest.mark.django_db
def test_sample_has_every_reminder_kind_and_every_habit_kept_and_missed():
    import datetime

    from django.utils import timezone

    from allies.stewardship.habits import assess
    from allies.stewardship.reminders import Kind, reminders_for

    library = sample_data.load_sample_data(include_irs=False).library
    day = timezone.localdate()
    kinds = {value for name, value in vars(Kind).items() if name.isupper()}
    assert {reminder.kind for reminder in reminders_for(library, day=day)} == kinds
    for evidence in assess(library, since=day - datetime.timedelta(days=365), until=day):
        assert 0 < evidence.followed < evidence.opportunities, evidence.habit


def test_the_sample_data_gives_the_town_one_population():
    """Maple Ford has one population wherever the sample library or the workshop speaks of it."""
    import re
    from pathlib import Path

    import allies

    root = Path(allies.__file__).parent
    # The sample library is written by each app's sample.py; the workshop's material speaks of it.
    files = [root / "sample_data.py", root / "workshop" / "material.py", *root.glob("*/sample.py")]
    text = " ".join(path.read_text(encoding="utf-8") for path in files)
    text = re.sub(r'"\s+"', "", text)  # the implicit concatenation of long strings
    said = re.findall(r"town of (?:about )?([\d,]+)", text)
    said += re.findall(r"([\d,]+) people in Maple Ford", text)
    assert len(said) >= 3 and set(said) == {"6,800"}, said
