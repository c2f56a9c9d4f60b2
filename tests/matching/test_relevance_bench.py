"""The judged evaluation's arithmetic on tiny hand-computed examples, and its files."""

import csv
import io
import json
import math

import pytest

from allies.matching.benchmarks import relevance_bench as bench
from tests.conftest import first_rows


def test_precision_counts_grades_1_and_2_and_missing_places_as_misses():
    grades = {"a": 2, "b": 1, "c": 0}
    assert bench.precision_at(["a", "b", "c", "x"], grades, k=4) == 0.5
    assert bench.precision_at(["a"], grades, k=10) == 0.1  # a short list is not rewarded


def test_ndcg_by_hand():
    grades = {"a": 2, "b": 1, "c": 0}
    # DCG of [b, a]: (2^1-1)/log2(2) + (2^2-1)/log2(3) = 1 + 3/1.58496
    # ideal [a, b]:  3/1 + 1/log2(3)
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert bench.ndcg_at(["b", "a"], grades, k=20) == pytest.approx(expected)
    assert bench.ndcg_at(["a", "b"], grades, k=20) == pytest.approx(1.0)
    assert bench.ndcg_at(["c", "x"], grades, k=20) == 0.0
    assert bench.ndcg_at(["a"], {"a": 0}, k=20) == 0.0  # nothing relevant: 0, not a division


def test_the_baselines_filter_and_sort_by_income():
    directory = bench.Directory()
    for pk, (ein, name, code, income) in enumerate(
        [
            ("1", "Riverside Homeless Shelter", "L41", 10),
            ("2", "Youth Hockey", "N60", 500),
            ("3", "Warming Shelter", "L41", None),
            ("4", "Homeless Youth Alliance", "P30", 900),
        ],
        start=1,
    ):
        key = bench.organization_key(ein, name)
        directory.keys[pk] = key
        directory.rows[key] = {
            "pk": pk,
            "ein": ein,
            "name": name,
            "ntee_code": code,
            "income": income,
        }
    goal = {"ntee": ["L41"], "keywords": ["homeless"]}
    assert bench.ntee_baseline(directory, goal) == ["ein:1", "ein:3"]  # unknown income last
    assert bench.keyword_baseline(directory, goal) == ["ein:4", "ein:1"]


def test_the_evaluation_set_holds_ten_goals_half_statement_only_all_judged():
    goals = bench.load_goals()
    assert len(goals) >= 8
    ticked = [g for g in goals if g.get("primary") or g.get("resources")]
    assert len(ticked) == len(goals) // 2
    judged = bench.load_judgments()
    assert set(judged) == {g["id"] for g in goals}
    for goal in goals:
        grades = judged[goal["id"]]
        assert sum(1 for g in grades.values() if g == 2) >= 5, goal["id"]
        assert set(grades.values()) <= {0, 1, 2}
    with bench.JUDGMENTS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["note"] for row in rows)  # every grade says why
    assert len({(row["goal"], row["key"]) for row in rows}) == len(rows)


def test_another_evaluation_set_is_read(tmp_path):
    goals = tmp_path / "goals.json"
    goals.write_text(
        '{"goals": [{"id": "g1", "statement": "Chess club", "ntee": ["N"], "keywords": ["chess"]}]}'
    )
    assert [g["id"] for g in bench.load_goals(goals)] == ["g1"]
    judgments = tmp_path / "judgments.csv"
    judgments.write_text("goal,key,grade,note\ng1,ein:1,2,a chess club\n")
    assert bench.load_judgments(judgments) == {"g1": {"ein:1": 2}}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "goals.json",
            '{"goals": [{"id": "g1", "statement": "Chess club", "ntee": ["N"]}]}',
            "Goal 1 of .* has no keywords",
        ),
        ("goals.json", "[1, 2]", "is not a goals file"),
        ("goals.json", None, "No goals file at"),
        (
            "judgments.csv",
            "goal,key,grade,note\ng1,ein:1,2,fine\ng1,ein:2,3,too good\n",
            "Line 3 of .*: a grade is 0, 1 or 2",
        ),
        ("judgments.csv", "goal,key,grade,note\ng1,ein:1,two,?\n", "Line 2 of .* needs a goal"),
    ],
)
def test_a_broken_set_says_what_is_wrong(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    load = bench.load_goals if name.endswith(".json") else bench.load_judgments
    with pytest.raises(bench.EvaluationSetError, match=message):
        load(path)


@pytest.mark.django_db
def test_a_bad_set_stops_the_bench_with_its_reason_before_any_work(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    goals = tmp_path / "goals.json"
    goals.write_text('{"goals": [{"id": "g1"}]}')
    with pytest.raises(CommandError, match="has no statement, ntee, keywords"):
        call_command("bench", "relevance", "--json", "--goals", str(goals))


@pytest.mark.django_db
def test_an_unknown_goal_id_stops_the_bench_naming_the_set_s_goals(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from allies.libraries.models import Library

    goals = tmp_path / "goals.json"
    goals.write_text(
        '{"goals": [{"id": "tax-help", "statement": "Free tax help", "ntee": ["W"],'
        ' "keywords": ["tax"]}, {"id": "chess", "statement": "A chess club", "ntee": ["N"],'
        ' "keywords": ["chess"]}]}'
    )
    with pytest.raises(
        CommandError, match="No goal tax-hepl in this set; its goals are tax-help, chess"
    ):
        call_command("bench", "relevance", "--json", "--goals", str(goals), "--goal", "tax-hepl")
    assert not Library.objects.exists()  # stopped before building the sample library


def test_what_a_goal_ticks_must_be_in_the_library(library):
    goals = [
        {"id": "g1", "primary": ["teens", "martians"], "resources": ["funding"]},
        {"id": "g2", "resources": ["gold"]},
    ]
    assert bench.unknown_slugs(library, goals) == (
        "audience 'martians' (goal g1), resource 'gold' (goal g2)"
    )
    assert bench.unknown_slugs(library, goals[:0]) == ""


def test_a_long_goal_keeps_its_first_sentences_as_the_statement_and_the_rest_as_background(
    library,
):
    from allies.goals.models import Goal
    from allies.matching.features import goal_meaning_text

    limit = Goal._meta.get_field("statement").max_length
    first = "Start a weekly club where teens build and fly model rockets with a mentor."
    second = "Each month ends with a launch day at the fairgrounds, " + "open to all " * 30
    text = f"{first} {second.strip()}."
    assert len(text) > limit
    goal = bench.create_goal(library, {"statement": text})
    goal.refresh_from_db()  # PostgreSQL refuses a statement over the limit: saved, and whole
    assert goal.statement == first
    assert goal_meaning_text(goal) == text  # the ranking reads what the set wrote
    # Without a sentence that fits, the statement ends at the last word that does.
    words = "word " * 100
    statement, background = bench.statement_and_background(words, limit)
    assert len(statement) <= limit and statement.endswith("word")
    assert f"{statement} {background}" == words.strip()
    assert bench.statement_and_background("Short goal.", limit) == ("Short goal.", "")


def test_allies_within_the_kinds_ranks_only_those_kinds_by_fit(library, staff):
    from allies.directory.models import Organization

    made = {
        name: Organization.objects.create(library=library, name=name, ntee_code=code, ein=ein)
        for name, code, ein in [
            ("Hill Housing Trust", "L21", "1"),
            ("Valley Habitat for Humanity", "L20Z", "2"),
            ("Riverton Homebuyer Club", "", "3"),
            ("Hill Elementary PTO", "B94", "4"),
        ]
    }
    spec = {
        "id": "homes",
        "statement": "A workshop series for first-time home buyers",
        "ntee": ["L2"],
        "keywords": ["housing"],
    }
    grades = {"ein:1": 2, "ein:2": 1, "ein:4": 0}
    directory = bench.read_directory(library)
    result = bench.evaluate_goal(library, staff, directory, spec, grades, feedback=False)
    # The two filed under L2..., in the engine's order; nobody of another kind.
    assert sorted(result["pool"]["kinds"]) == ["ein:1", "ein:2"]
    assert result["kinds_p10"] == pytest.approx(0.2)
    assert set(result["pool"]["allies"]) == {f"ein:{o.ein}" for o in made.values()}
    # Among the best four, only housing is a kind of two: the group and its codes (L20 and L21
    # have one each); the librarian picked L2, so one click would lead to a kind they chose.
    assert result["suggested_kinds"] == ["L"]
    assert result["kinds_suggested"] is True


def test_allies_among_the_names_ranks_only_the_names_with_a_keyword_by_fit(library, staff):
    from allies.directory.models import Organization

    for name, ein in [
        ("Riverton Housing Trust", "1"),
        ("Hill Housing Authority", "2"),
        ("Hill Elementary PTO", "3"),
        ("Warehousing Workers Union", "4"),  # "housing" inside a word: not found
    ]:
        Organization.objects.create(library=library, name=name, ein=ein)
    spec = {
        "id": "homes",
        "statement": "A workshop series for first-time home buyers",
        "ntee": ["L2"],
        "keywords": ["housing", "homebuyer"],
    }
    grades = {"ein:1": 2, "ein:2": 0, "ein:3": 0}
    directory = bench.read_directory(library)
    result = bench.evaluate_goal(library, staff, directory, spec, grades, feedback=False)
    assert sorted(result["pool"]["names"]) == ["ein:1", "ein:2"]
    assert result["names_p10"] == pytest.approx(0.1)
    assert result["names_unjudged"] == []
    # The keyword baseline reads the name as a librarian's search box does: inside words too.
    assert "ein:4" in bench.keyword_baseline(directory, spec)


def test_a_suggested_kind_is_one_picked_when_it_is_a_picked_code_s_group_or_under_a_prefix():
    assert bench.suggests_picked_kind(["P", "B94"], ["L21"]) is False
    assert bench.suggests_picked_kind(["L"], ["L21"]) is True  # the group of a picked code
    assert bench.suggests_picked_kind(["K31"], ["k3"]) is True  # under a picked prefix
    assert bench.suggests_picked_kind(["A6E"], ["A6E1"]) is True  # above a picked code
    assert bench.suggests_picked_kind(["L2"], ["L21"]) is True
    assert bench.suggests_picked_kind(["B90"], ["B9", "L"]) is True
    assert bench.suggests_picked_kind(["B"], ["L", "K31"]) is False
    assert bench.suggests_picked_kind([], ["L"]) is False


def test_the_second_set_is_judged_whole():
    folder = bench.FOLDER / "second"
    goals = bench.load_goals(folder / "goals.json")
    judged = bench.load_judgments(folder / "judgments.csv")
    assert len(goals) >= 6 and set(judged) == {g["id"] for g in goals}
    assert not any(g.get("primary") or g.get("resources") for g in goals)  # statement only
    for goal in goals:
        assert sum(1 for grade in judged[goal["id"]].values() if grade == 2) >= 3, goal["id"]


# The directory holds only two organizations clearly suited to the fifth set's Abenaki programs,
# and two to the thirteenth's matching of spare rooms with housemates.
@pytest.mark.parametrize(
    ("name", "fewest"),
    [
        ("third", 3),
        ("fourth", 3),
        ("fifth", 2),
        ("sixth", 3),
        ("seventh", 3),
        ("eighth", 3),
        ("ninth", 3),
        ("tenth", 3),
        ("eleventh", 3),
        ("twelfth", 3),
        ("thirteenth", 2),
        ("rhode-island", 3),  # over the Rhode Island extract (--extract)
    ],
)
def test_the_later_sets_are_judged_whole_and_half_of_each_is_ticked(library, name, fewest):
    folder = bench.FOLDER / name
    goals = bench.load_goals(folder / "goals.json")
    judged = bench.load_judgments(folder / "judgments.csv")
    assert len(goals) >= 8 and set(judged) == {g["id"] for g in goals}
    ticked = [g for g in goals if g.get("primary") or g.get("resources")]
    assert len(ticked) * 2 == len(goals)
    assert bench.unknown_slugs(library, goals) == ""  # the starting vocabularies have them all
    for goal in goals:
        assert sum(1 for grade in judged[goal["id"]].values() if grade == 2) >= fewest, goal["id"]
        assert goal["id"] in (folder / "GUIDANCE.md").read_text(encoding="utf-8")


def _extract_slice(tmp_path, rows: int):
    """The first `rows` organizations of the real Rhode Island extract, as a file of their own."""
    from allies.directory.sample import shared_data_file

    source = shared_data_file("irs-eo-bmf-ri.csv")
    if source is None:
        pytest.skip("../shared/data/irs-eo-bmf-ri.csv is not here")
    path = first_rows(source, tmp_path / "irs-eo-bmf-ri-slice.csv", rows)
    with path.open(encoding="utf-8", newline="") as handle:
        return path, list(csv.DictReader(handle))


@pytest.mark.django_db
def test_another_extract_is_ranked_in_a_library_of_its_own_in_its_commonest_town(tmp_path):
    from collections import Counter

    from django.core.management import call_command

    from allies.directory.models import Organization
    from allies.libraries.models import Library

    extract, rows = _extract_slice(tmp_path, 400)
    legal = [row for row in rows if row["NTEE_CD"].startswith("I")]
    assert legal, "the slice holds a legal or crime-related organization to find"
    goals = tmp_path / "goals.json"
    goals.write_text(
        '{"goals": [{"id": "legal-help", "statement": "Free legal help for neighbours",'
        ' "ntee": ["I"], "keywords": ["legal"]}]}'
    )
    judgments = tmp_path / "judgments.csv"
    judgments.write_text(
        "goal,key,grade,note\n"
        + "".join(f"legal-help,ein:{row['EIN']},2,{row['NTEE_CD']}\n" for row in legal)
    )
    options = ["--goals", str(goals), "--judgments", str(judgments), "--no-feedback"]
    out = tmp_path / "out.json"
    with out.open("w") as handle:
        call_command(
            "bench", "relevance", "--json", "--extract", str(extract), *options, stdout=handle
        )
    figures = json.loads(out.read_text())
    library = Library.objects.get()
    town, _count = Counter(row["CITY"].title() for row in rows).most_common(1)[0]
    assert (library.city, library.state) == (town, "RI")
    assert library.zip_code in {row["ZIP"][:5] for row in rows if row["CITY"].title() == town}
    imported = Organization.objects.filter(library=library).count()
    assert figures["organizations"] == imported > 300
    assert figures["goals"] == 1
    assert figures["ntee_p10"] > 0  # the baseline found the judged organizations of code I
    # A second run ranks in the same library, without importing again.
    call_command(
        "bench", "relevance", "--json", "--extract", str(extract), *options, stdout=io.StringIO()
    )
    assert Library.objects.count() == 1
    assert Organization.objects.filter(library=library).count() == imported


@pytest.mark.django_db
def test_an_extract_needs_its_own_goals_and_must_be_readable(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from allies.libraries.models import Library

    with pytest.raises(CommandError, match="--extract needs --goals"):
        call_command("bench", "relevance", "--json", "--extract", str(tmp_path / "x.csv"))
    goals = tmp_path / "goals.json"
    goals.write_text(
        '{"goals": [{"id": "g1", "statement": "Chess club", "ntee": ["N"], "keywords": ["chess"]}]}'
    )
    with pytest.raises(CommandError, match="Cannot read .*missing.csv"):
        call_command(
            "bench",
            "relevance",
            "--json",
            "--goals",
            str(goals),
            "--extract",
            str(tmp_path / "missing.csv"),
        )
    empty = tmp_path / "empty.csv"
    empty.write_text("EIN,NAME,CITY,STATE,ZIP\n")
    with pytest.raises(CommandError, match="it has no rows"):
        call_command("bench", "relevance", "--json", "--goals", str(goals), "--extract", str(empty))
    # A list of partners, not the IRS extract: the import refuses it, and the library goes too.
    partners = tmp_path / "partners.csv"
    partners.write_text("Name,City\nRiverton Rotary Club,Riverton\n")
    with pytest.raises(CommandError, match="partners.csv: This file does not have the columns"):
        call_command(
            "bench", "relevance", "--json", "--goals", str(goals), "--extract", str(partners)
        )
    assert not Library.objects.exists()
