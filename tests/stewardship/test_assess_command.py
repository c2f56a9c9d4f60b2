"""`allies assess`: the habits from the log on the command line, as JSON or a table."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from allies.directory.models import Organization
from allies.partnerships.models import Partnership
from allies.stewardship.models import Contact


def run(*args):
    out = StringIO()
    call_command("assess", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def log(library):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    rotary = Partnership.objects.create(library=library, organization=organization, stage="active")
    for day, kind in [
        (datetime.date(2026, 1, 2), "support"),
        (datetime.date(2026, 1, 16), "thanks"),
        (datetime.date(2026, 2, 2), "support"),
    ]:
        Contact.objects.create(library=library, partnership=rotary, kind=kind, happened_on=day)
    return rotary


@pytest.mark.django_db
def test_json_shape(log):
    payload = json.loads(
        run("--library", "riverton", "--since", "2025-07-01", "--until", "2026-06-30", "--json")
    )
    assert set(payload) == {"habits", "since", "until"}
    assert (payload["since"], payload["until"]) == ("2025-07-01", "2026-06-30")
    assert [row["habit"] for row in payload["habits"]] == [
        "thank",
        "congratulate",
        "share_news",
        "invite",
        "leadership",
        "offer_space",
        "chat",
    ]
    for row in payload["habits"]:
        assert set(row) == {"habit", "opportunities", "followed", "rate", "rating"}
    thank = payload["habits"][0]
    assert thank == {
        "habit": "thank",
        "opportunities": 2,
        "followed": 1,
        "rate": 0.5,
        "rating": "sometimes",
    }
    congratulate = payload["habits"][1]
    assert congratulate["rate"] is None and congratulate["rating"] is None


@pytest.mark.django_db
def test_since_alone_runs_to_today_and_defaults_are_a_year(log):
    payload = json.loads(run("--library", "riverton", "--since", "2026-01-01", "--json"))
    assert payload["since"] == "2026-01-01"
    assert payload["until"] == datetime.date.today().isoformat()
    payload = json.loads(run("--library", "riverton", "--json"))
    since = datetime.date.fromisoformat(payload["since"])
    until = datetime.date.fromisoformat(payload["until"])
    assert (until - since).days == 365


@pytest.mark.django_db
def test_readable_table(log):
    text = run("--library", "riverton", "--since", "2025-07-01", "--until", "2026-06-30")
    assert "Riverton Public Library" in text
    thank_line = next(line for line in text.splitlines() if line.startswith("thank"))
    assert "50%" in thank_line and "sometimes" in thank_line
    assert "no chance" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["--library", "nowhere"], "No library"),
        (["--library", "riverton", "--since", "2026-13-01"], "YYYY-MM-DD"),
        (["--library", "riverton", "--until", "yesterday"], "YYYY-MM-DD"),
        (
            ["--library", "riverton", "--since", "2026-06-02", "--until", "2026-06-01"],
            "on or before",
        ),
        (["--library", "riverton", "--since", "2000-01-01", "--until", "2026-06-01"], "ten years"),
    ],
)
def test_bad_arguments(library, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
