"""`allies rank`: the JSON shape, best first, and the errors a librarian can act on."""

import json

import pytest
from django.core.management import CommandError, call_command

from allies.matching.features import forget_features
from tests.matching.test_ranking import connect, make_goal, make_org, person_at, staff_person


@pytest.fixture(autouse=True)
def _fresh():
    forget_features()


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("rank", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def goal(library):
    make_org(library, "Valley Bank", audiences=["job-seekers"], resources=["funding"])
    make_org(library, "Chess Club")
    make_org(library, "Seniors Lunch", audiences=["seniors"])
    return make_goal(library)


def test_json_lists_the_best_first_with_reasons(goal):
    data = json.loads(run("--library", "riverton", "--goal", str(goal.pk), "--json"))
    assert list(data) == ["results", "kinds_among_best"]
    assert data["kinds_among_best"] == []  # nobody here has a kind
    results = data["results"]
    assert [r["name"] for r in results] == ["Valley Bank", "Seniors Lunch", "Chess Club"]
    for result in results:
        assert set(result) == {"organization_id", "name", "ein", "city", "score", "reasons"}
        assert result["ein"] is None  # typed by hand, not from the IRS list
        assert 0 <= result["score"] <= 100
        assert all(isinstance(reason, str) for reason in result["reasons"])
    assert results[0]["score"] > results[1]["score"]
    assert any("Funding" in reason for reason in results[0]["reasons"])


def test_top_limits_the_list(goal):
    data = json.loads(run("--library", "riverton", "--goal", str(goal.pk), "--top", "1", "--json"))
    assert len(data["results"]) == 1


def test_from_counts_that_members_private_connections(goal, library, staff):
    lunch = goal.library.organizations.get(name="Seniors Lunch")
    connect(library, staff_person(library, staff), person_at(lunch, "Dora"), by=staff, shared=False)
    args = ["--library", "riverton", "--goal", str(goal.pk), "--json"]
    plain = {r["name"]: r["score"] for r in json.loads(run(*args))["results"]}
    mine = {r["name"]: r["score"] for r in json.loads(run(*args, "--from", staff.email))["results"]}
    assert mine["Seniors Lunch"] > plain["Seniors Lunch"]
    assert mine["Chess Club"] == plain["Chess Club"] == 0  # nothing of it serves the goal


def test_kind_keeps_the_organizations_of_that_ntee_group_or_code(goal, library):
    make_org(library, "Hill Housing Trust", ntee_code="L21")
    make_org(library, "Valley Habitat", ntee_code="L20")
    make_org(library, "Hill Elementary PTO", ntee_code="B94")

    def names(*kinds):
        args = [arg for kind in kinds for arg in ("--kind", kind)]
        out = run("--library", "riverton", "--goal", str(goal.pk), "--json", *args)
        return sorted(result["name"] for result in json.loads(out)["results"])

    assert names("l") == ["Hill Housing Trust", "Valley Habitat"]
    assert names("L21", "B94") == ["Hill Elementary PTO", "Hill Housing Trust"]
    assert len(names()) == 6
    with pytest.raises(CommandError, match="'L2X'.*not an NTEE major group or code"):
        names("L2X")
    # The kinds the goal remembers, unless told otherwise.
    goal.set_kinds(["B"])
    goal.save()
    assert names() == ["Hill Elementary PTO"]
    assert names("L21") == ["Hill Housing Trust"]
    out = run("--library", "riverton", "--goal", str(goal.pk), "--json", "--any-kind")
    assert len(json.loads(out)["results"]) == 6


def test_name_keeps_the_organizations_whose_name_has_one_of_its_phrases(goal, library):
    args = ["--library", "riverton", "--goal", str(goal.pk), "--json"]
    out = run(*args, "--name", "chess, valley")
    assert [r["name"] for r in json.loads(out)["results"]] == ["Valley Bank", "Chess Club"]
    assert json.loads(run(*args, "--name", "bank club"))["results"] == []
    with pytest.raises(CommandError, match="at most 10 alternatives"):
        run(*args, "--name", ",".join(f"w{n}" for n in range(11)))
    # The words the goal remembers, unless told otherwise.
    goal.set_names("chess")
    goal.save()
    assert [r["name"] for r in json.loads(run(*args))["results"]] == ["Chess Club"]
    assert len(json.loads(run(*args, "--any-name"))["results"]) == 3
    assert [r["name"] for r in json.loads(run(*args, "--name", "bank"))["results"]] == [
        "Valley Bank"
    ]


def test_the_kinds_among_the_best_follow_the_candidates(goal, library):
    for name in ("Hill Housing Trust", "Valley Housing Trust", "Hill Elementary PTO"):
        make_org(library, name, ntee_code="B94" if "PTO" in name else "L21")
    args = ["--library", "riverton", "--goal", str(goal.pk)]
    # Counted among the best 50 even when fewer are listed.
    data = json.loads(run(*args, "--json", "--top", "1"))
    assert len(data["results"]) == 1
    assert data["kinds_among_best"] == [
        {"kind": "L", "label": "All of Housing & Shelter", "count": 2},
        {"kind": "L21", "label": "L21 Low-Income & Subsidized Rental Housing", "count": 2},
    ]
    assert run(*args).strip().splitlines()[-1] == (
        "Kinds among the best 6: All of Housing & Shelter (L, 2); "
        "L21 Low-Income & Subsidized Rental Housing (2). Rank inside one with --kind."
    )
    # Inside a kind, that kind is not suggested again, nor one that narrows nothing.
    data = json.loads(run(*args, "--json", "--kind", "L"))
    assert data["kinds_among_best"] == []


def test_readable_table(goal):
    assert "1." in run("--library", "riverton", "--goal", str(goal.pk))


def test_errors(goal, other_library, outsider):
    with pytest.raises(CommandError, match="No library"):
        run("--library", "nowhere", "--goal", str(goal.pk))
    with pytest.raises(CommandError, match="no goal"):
        run("--library", "elsewhere", "--goal", str(goal.pk))
    with pytest.raises(CommandError, match="not a member"):
        run("--library", "riverton", "--goal", str(goal.pk), "--from", outsider.email)
    with pytest.raises(CommandError):
        run("--library", "riverton", "--goal", str(goal.pk), "--top", "0")
