"""`allies goals add`: a goal from the command line, with the errors a librarian can act on."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allies.goals.models import Goal

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("goals", "add", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_id_and_saves_the_audiences_and_resources(library):
    out = run(
        "--library", "riverton",
        "--statement", "  English conversation circles\tfor new immigrants ",
        "--audience", "Immigrants and refugees",
        "--audience", "english-learners",
        "--secondary-audience", "families",
        "--resource", "VOLUNTEERS",
        "--deadline", "2027-03-15",
        "--json",
    )  # fmt: skip
    goal = Goal.objects.get(pk=json.loads(out)["id"])
    assert goal.library == library
    assert goal.statement == "English conversation circles for new immigrants"
    assert sorted(a.slug for a in goal.primary_audiences.all()) == [
        "english-learners",
        "immigrants-and-refugees",
    ]
    assert [a.slug for a in goal.secondary_audiences.all()] == ["families"]
    assert [r.slug for r in goal.resources_needed.all()] == ["volunteers"]
    assert str(goal.deadline) == "2027-03-15"
    assert "Goal" in run("--library", "riverton", "--statement", "Two more computers")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--library", "nowhere", "--statement", "x"], "No library"),
        (["--library", "riverton", "--statement", "   "], "Give the goal's statement"),
        (["--library", "riverton", "--statement", "x" * 100_000], "keep it to one sentence"),
        (["--library", "riverton", "--statement", "x", "--deadline", "2027-13-01"], "not a date"),
        (
            ["--library", "riverton", "--statement", "x", "--audience", "Martians"],
            "no audience called 'Martians'. Its audiences are: Adult learners, Children",
        ),
        (
            ["--library", "riverton", "--statement", "x", "--audience", "Senoirs"],
            r"no audience called 'Senoirs' \(did you mean 'Seniors'\?\)\. Its audiences are: ",
        ),
        (["--library", "riverton", "--statement", "x", "--resource", "Gold"], "no resource"),
        (
            ["--library", "riverton", "--statement", "x", "--kind", "L2X"],
            "'L2X' is not an NTEE major group or code",
        ),
        (
            ["--library", "riverton", "--statement", "x", "--resource", "fundng"],
            r"no resource called 'fundng' \(did you mean 'Funding'\?\)",
        ),
    ],
)
def test_bad_input_says_what_to_fix_and_saves_nothing(library, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Goal.objects.exists()


def test_kinds_are_remembered_for_the_ranking(library):
    out = run(
        "--library", "riverton", "--statement", "English circles",
        "--kind", "p84", "--kind", "B60", "--kind", "P84", "--json",
    )  # fmt: skip
    assert Goal.objects.get(pk=json.loads(out)["id"]).kinds == ["P84", "B60"]


def test_words_of_names_are_remembered_for_the_ranking(library):
    out = run(
        "--library", "riverton", "--statement", "Jobs for veterans", "--name", "Legion,VFW", "--json"
    )  # fmt: skip
    assert Goal.objects.get(pk=json.loads(out)["id"]).names == "legion, vfw"
    with pytest.raises(CommandError, match="at most 10 alternatives"):
        run("--library", "riverton", "--statement", "x", "--name", ",".join("abcdefghijk"))
    assert Goal.objects.count() == 1


def test_another_librarys_terms_are_not_this_librarys(library, other_library):
    from allies.directory.models import Audience

    Audience.objects.create(library=other_library, name="Their own", slug="their-own")
    with pytest.raises(CommandError, match="no audience called 'Their own'"):
        run("--library", "riverton", "--statement", "x", "--audience", "Their own")
