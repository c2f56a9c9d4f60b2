"""`allies bench relevance`: is the ranking better than what a librarian does by hand?

The judged evaluation of the fit ranking. `relevance/goals.json` holds ten goals written over the
sample library's directory (its own partners plus the 6,208 Vermont organizations of the IRS
extract); `relevance/judgments.csv` holds graded judgments (2 clearly relevant, 1 plausible, 0 not)
of every organization pooled for each goal from several routes (NTEE codes picked by hand, keyword
searches on names, the engine's own top 50, the largest organizations of the right groups), each
judged by reading what the directory knows of it.

For each goal the bench ranks the directory five ways in the same run:

- **Allies**: the goal is created in the sample library (inside a transaction that is rolled back)
  and ranked by the app exactly as the ranking page does, as the library's director sees it;
- **NTEE filter by income**: the organizations whose NTEE code starts with one of the goal's
  hand-picked prefixes, largest income first;
- **name keywords by income**: the organizations whose name contains one of the goal's keywords,
  largest income first;
- **Allies within those kinds** (`kinds_*`): the goal remembering the NTEE baseline's prefixes
  as its kinds of organization ("Remember" on the ranking page; an organization without a code
  counts under the one its name suggests), ordered by fit: what a librarian who knows the kinds
  gets from Allies;
- **Allies among those names** (`names_*`): the goal remembering the keyword baseline's words
  as its words of names ("Name has", then "Remember", on the ranking page; each at the start of
  a word of the name), ordered by fit: what a librarian who knows the names gets from Allies.

`ndcg_ratio` is Allies alone against the better baseline, `kinds_ndcg_ratio` and
`names_ndcg_ratio` those two routes'; `kinds_vs_ntee` and `names_vs_keywords` compare each route
with the baseline that has the same knowledge (the same kinds, the same words) ordered by income.

and prints precision@10 (the share of the top ten judged 1 or 2) and nDCG@20 (gain 2^grade - 1,
the ideal ordering taken from every judged organization of the goal). Organizations that were
never judged count as not relevant and are listed, so they can be judged and added to the file.
`feedback_p10` is Allies' precision@10 after two rounds of simulated feedback: the judged grades of
the top five unmarked organizations are fed back as "Good fit" (2) or "Not a fit" (0; 1 is left
unmarked) and the goal ranked again.

`kinds_suggested` is how often the kinds the ranking page suggests ("Kinds among the best 50":
the most common NTEE groups and codes of Allies' best 50) include one the librarian picked for the
NTEE baseline (a group of a picked code, or a code under a picked prefix): the share of goals for
which one click on a suggested kind leads to a kind the librarian would choose.

`--pool FILE` writes the organizations that the routes bring up and that are not judged yet, with
what the directory knows of each, for the next round of judging. `--goals FILE` (and
`--judgments FILE`) evaluate another set of goals over the same sample library: goals written by
someone who has not seen the engine, judged as GUIDELINES.md says; with `--pool` it starts a set.
`--extract FILE` ranks over another IRS extract instead of the sample library, for goals written
for that state (`relevance/rhode-island/`): the extract is imported once into a library of its
own, standing in the town most of its organizations give, whose owner ranks the goals.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allies.core.bench import summarize

DESCRIPTION = "Judged quality of the ranking (precision@10, nDCG@20) against two baselines."
FOLDER = Path(__file__).with_name("relevance")
GOALS_FILE = FOLDER / "goals.json"
JUDGMENTS_FILE = FOLDER / "judgments.csv"
TOP = 20
POOL_ENGINE = 30
POOL_BASELINE = 40
# Allies, the two baselines, and Allies inside the kinds of organizations the NTEE baseline picks
# and among the names its keywords find
ROUTES = ("allies", "ntee", "keywords", "kinds", "names")


def add_arguments(parser) -> None:
    """Options of `allies bench relevance`."""
    parser.add_argument(
        "--pool",
        metavar="FILE",
        help="Write the pooled organizations still to judge to FILE (CSV).",
    )
    parser.add_argument(
        "--goal", action="append", default=[], help="Only this goal id (repeatable)."
    )
    parser.add_argument(
        "--goals",
        metavar="FILE",
        help="Another set of goals (JSON, as relevance/goals.json) over the sample library.",
    )
    parser.add_argument(
        "--judgments",
        metavar="FILE",
        help="Its judgments (CSV with goal, key, grade, note, as relevance/judgments.csv).",
    )
    parser.add_argument(
        "--no-feedback", action="store_true", help="Skip the simulated feedback rounds."
    )
    parser.add_argument(
        "--extract",
        metavar="FILE",
        help=(
            "Rank over this IRS extract instead of the sample library: imported once into a "
            "library of its own, in the town most of its organizations give (give --goals and "
            "--judgments written for it)."
        ),
    )


# Metrics ------------------------------------------------------------------------------------


def precision_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    """Share of the first k that are judged relevant (grade 1 or 2); missing places count as not
    relevant, so a list shorter than k cannot score better than a full one."""
    return sum(1 for key in ranked[:k] if grades.get(key, 0) >= 1) / k


def dcg(gains: Iterable[float]) -> float:
    return sum(gain / math.log2(position + 2) for position, gain in enumerate(gains))


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = TOP) -> float:
    """Normalised discounted cumulative gain at k with gain 2^grade - 1; 0 when nothing is
    relevant for the goal."""
    ideal = dcg(sorted((2**g - 1 for g in grades.values()), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(2 ** grades.get(key, 0) - 1 for key in ranked[:k]) / ideal


# The evaluation set ---------------------------------------------------------------------------


class EvaluationSetError(ValueError):
    """A goals or judgments file the bench cannot read, with what is wrong in it."""


GOAL_FIELDS = ("id", "statement", "ntee", "keywords")


def load_goals(path: Path = GOALS_FILE) -> list[dict]:
    """The goals of an evaluation set: each with an id, a statement, the NTEE prefixes and the
    name keywords of the baselines, and optionally the slugs it ticks (primary, secondary,
    resources)."""
    try:
        goals = json.loads(Path(path).read_text(encoding="utf-8"))["goals"]
    except FileNotFoundError as error:
        raise EvaluationSetError(f"No goals file at {path}.") from error
    except (ValueError, KeyError, TypeError) as error:
        raise EvaluationSetError(
            f'{path} is not a goals file: a JSON object with a list under "goals" ({error}).'
        ) from error
    for number, goal in enumerate(goals, start=1):
        missing = [name for name in GOAL_FIELDS if not isinstance(goal, dict) or name not in goal]
        if missing:
            raise EvaluationSetError(f"Goal {number} of {path} has no {', '.join(missing)}.")
    return goals


def load_judgments(path: Path = JUDGMENTS_FILE) -> dict[str, dict[str, int]]:
    """goal id -> organization key -> grade."""
    judged: dict[str, dict[str, int]] = {}
    path = Path(path)
    if not path.exists():
        return judged
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                grade = int(row["grade"])
                judged.setdefault(row["goal"], {})[row["key"]] = grade
            except (KeyError, TypeError, ValueError) as error:
                raise EvaluationSetError(
                    f"Line {line} of {path} needs a goal, a key and a grade 0, 1 or 2."
                ) from error
            if grade not in (0, 1, 2):
                raise EvaluationSetError(f"Line {line} of {path}: a grade is 0, 1 or 2.")
    return judged


def organization_key(ein: str, name: str) -> str:
    """How a judgment names an organization: its EIN, else (the sample's own) its name."""
    return f"ein:{ein}" if ein else f"name:{name}"


@dataclass
class Directory:
    """What the baselines and the judges read of each organization, by key."""

    keys: dict[int, str] = field(default_factory=dict)  # organization id -> key
    rows: dict[str, dict] = field(default_factory=dict)  # key -> fields


def read_directory(library) -> Directory:
    from allies.directory.models import Organization
    from allies.directory.ntee import ntee_title

    directory = Directory()
    fields = (
        "pk",
        "ein",
        "name",
        "city",
        "ntee_code",
        "income",
        "assets",
        "irs_subsection",
        "irs_foundation",
        "sector",
        "mission",
        "current_interests",
        "needs",
    )
    for values in Organization.objects.filter(library=library).order_by("pk").values(*fields):
        key = organization_key(values["ein"], values["name"])
        directory.keys[values["pk"]] = key
        directory.rows[key] = {**values, "ntee_title": ntee_title(values["ntee_code"])}
    return directory


def _by_income(rows: Iterable[dict]) -> list[str]:
    ordered = sorted(rows, key=lambda row: (-(row["income"] or -1), row["name"], row["pk"]))
    return [organization_key(row["ein"], row["name"]) for row in ordered]


def ntee_baseline(directory: Directory, goal: dict) -> list[str]:
    """A librarian's filter: the hand-picked NTEE groups, largest income first."""
    prefixes = tuple(goal["ntee"])
    return _by_income(
        row for row in directory.rows.values() if (row["ntee_code"] or "").startswith(prefixes)
    )


def keyword_baseline(directory: Directory, goal: dict) -> list[str]:
    """A librarian's search: names containing one of the keywords, largest income first."""
    words = [word.casefold() for word in goal["keywords"]]
    return _by_income(
        row
        for row in directory.rows.values()
        if any(word in row["name"].casefold() for word in words)
    )


# Allies ---------------------------------------------------------------------------------------


def unknown_slugs(library, goals: list[dict]) -> str:
    """What the goals tick that the library does not have ('' when all is known), said plainly."""
    from allies.directory.models import Audience, Resource

    audiences = set(Audience.objects.filter(library=library).values_list("slug", flat=True))
    resources = set(Resource.objects.filter(library=library).values_list("slug", flat=True))
    problems = []
    for goal in goals:
        for field_name, known, noun in (
            ("primary", audiences, "audience"),
            ("secondary", audiences, "audience"),
            ("resources", resources, "resource"),
        ):
            for slug in goal.get(field_name, []):
                if slug not in known:
                    problems.append(f"{noun} '{slug}' (goal {goal['id']})")
    return ", ".join(problems)


def statement_and_background(text: str, limit: int) -> tuple[str, str]:
    """A goal's text as a librarian would fit it in the form: what fits in the statement's
    `limit` characters, ending at the last sentence that fits (else the last word), and the rest
    as its background. The ranking reads the two together (`goal_meaning_text`), so a long goal
    of a set ranks the same on every database (PostgreSQL refuses a longer statement)."""
    if len(text) <= limit:
        return text, ""
    text = " ".join(text.split())
    head = text[: limit + 1]
    cut = max(head.rfind(f"{mark} ") + 1 for mark in ".?!;")
    if cut <= 0:
        cut = head.rfind(" ")
    if cut <= 0:
        cut = limit
    return text[:cut].strip(), text[cut:].strip()


def create_goal(library, spec: dict):
    """The goal as a librarian would save it (statement, background, ticked audiences and
    resources)."""
    from allies.directory.models import Audience, Resource
    from allies.goals.models import Goal

    limit = Goal._meta.get_field("statement").max_length
    statement, background = statement_and_background(spec["statement"], limit)
    goal = Goal.objects.create(library=library, statement=statement, description=background)
    audiences = {a.slug: a for a in Audience.objects.filter(library=library)}
    resources = {r.slug: r for r in Resource.objects.filter(library=library)}
    goal.primary_audiences.set([audiences[slug] for slug in spec.get("primary", [])])
    goal.secondary_audiences.set([audiences[slug] for slug in spec.get("secondary", [])])
    goal.resources_needed.set([resources[slug] for slug in spec.get("resources", [])])
    return goal


def allies_ranking(library, goal, user, top: int) -> list[int]:
    """Organization ids, best first, as the ranking page orders them for `user` (among the kinds
    and the words of names the goal remembers, when it does)."""
    from allies.matching.features import rank_for_goal

    ranking = rank_for_goal(library, goal, user, top=top)
    return [fit.organization_id for fit in ranking.fits]


def suggests_picked_kind(suggested: Iterable[str], picked: Iterable[str]) -> bool:
    """Whether a suggested kind is one the librarian picked: a group of one of the picked codes,
    or a code under (or above) a picked prefix."""
    prefixes = [prefix.upper() for prefix in picked]
    return any(
        kind == prefix[:1] if len(kind) == 1 else kind.startswith(prefix) or prefix.startswith(kind)
        for kind in suggested
        for prefix in prefixes
    )


def feedback_rounds(library, goal, user, directory, grades, rounds: int = 2) -> list[str] | None:
    """Mark the top five unmarked organizations from their grades, `rounds` times, then rank.

    None when this version of Allies cannot take feedback."""
    try:
        from allies.matching.feedback import mark_fit
    except ImportError:
        return None
    marked: set[int] = set()
    for _round in range(rounds):
        ranked = allies_ranking(library, goal, user, TOP + len(marked))
        fresh = [pk for pk in ranked if pk not in marked][:5]
        for pk in fresh:
            grade = grades.get(directory.keys[pk])
            if grade == 2:
                mark_fit(goal, pk, good=True, user=user)
            elif grade == 0 or grade is None:
                mark_fit(goal, pk, good=False, user=user, reason="")
            marked.add(pk)
    return [directory.keys[pk] for pk in allies_ranking(library, goal, user, TOP)]


# The run --------------------------------------------------------------------------------------


def _sample_library(progress):
    from allies import sample_data
    from allies.libraries.models import Membership

    report = sample_data.load_sample_data(progress=progress_adapter(progress))
    library = report.library
    director = (
        Membership.objects.filter(library=library, role="owner")
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    return library, director


def extract_library(path: Path, progress):
    """A library of its own for an IRS extract (`--extract`): created and the extract imported
    the first time, found again after. It stands in the town most of the extract's organizations
    give, so distance means what it would for a library of that state. Its one member, the owner,
    ranks the goals."""
    from collections import Counter

    from django.db import transaction
    from django.utils.text import slugify

    from allies.directory.importing.reading import decode
    from allies.libraries.models import Library, Membership

    slug = slugify(f"bench-{path.stem}")[:50]
    library = Library.objects.filter(slug=slug).first()
    if library is None:
        places: Counter[tuple[str, str, str]] = Counter()  # (town, state, ZIP) -> organizations
        text = decode(path.read_bytes())  # as the import will read it (UTF-8, or Windows-1252)
        for row in csv.DictReader(io.StringIO(text, newline="")):
            town = (row.get("CITY", "").strip().title(), row.get("STATE", "").strip())
            places[(*town, row.get("ZIP", "").strip()[:5])] += 1
        if not places:
            raise ValueError("it has no rows")
        towns: Counter[tuple[str, str]] = Counter()
        for (city, state, _zip), count in places.items():
            towns[(city, state)] += count
        (city, state), _count = towns.most_common(1)[0]
        zip_code = max((n, z) for (c, st, z), n in places.items() if (c, st) == (city, state))[1]
        with transaction.atomic():
            library = _new_extract_library(
                path, places.total(), slug, city, state, zip_code, progress
            )
    director = Membership.objects.get(library=library, role="owner").user
    return library, director


def _new_extract_library(
    path: Path, rows: int, slug: str, city: str, state: str, zip_code: str, progress
):
    from allies.directory.irs import import_irs_bmf
    from allies.directory.signals import organizations_written
    from allies.libraries.models import Library, Membership, User

    library = Library.objects.create(
        name=f"{city} (benchmark, {path.name})",
        slug=slug,
        city=city,
        state=state,
        zip_code=zip_code,
    )
    user = User.objects.create_user(f"{slug}@bench.allies.example")
    Membership.objects.create(user=user, library=library, role="owner")
    bar = progress(rows, path.name)
    try:
        import_irs_bmf(path, library, user=user, progress=bar.update)
    finally:
        bar.close()
    organizations_written.send(sender=Library, library=library, progress=progress)
    return library


def progress_adapter(progress):
    return lambda total, desc: progress(total, desc)


def evaluate_goal(library, user, directory, spec, grades, *, feedback: bool) -> dict:
    from django.db import transaction

    from allies.matching.features import BEST_FOR_KINDS, kinds_among, library_directory

    assert BEST_FOR_KINDS >= POOL_ENGINE  # the engine's pool is the head of the best

    with transaction.atomic():
        goal = create_goal(library, spec)
        allies_ranking(library, goal, user, TOP)  # warm the features cache
        start = time.perf_counter()
        ranked_ids = allies_ranking(library, goal, user, TOP)
        elapsed_ms = (time.perf_counter() - start) * 1000
        ours = [directory.keys[pk] for pk in ranked_ids]
        best = allies_ranking(library, goal, user, BEST_FOR_KINDS)
        pool_ids = best[:POOL_ENGINE]
        suggested = [kind for kind, _n in kinds_among(library_directory(library), best)]
        # The librarian's kinds remembered for the goal, as "Remember" on the ranking page does
        # (prefixes as the baseline has them, "K3" among them: not through Goal.set_kinds).
        goal.kinds = list(spec["ntee"])
        goal.save(update_fields=["kinds"])
        kinds_ids = allies_ranking(library, goal, user, POOL_ENGINE)
        goal.kinds = []
        goal.save(update_fields=["kinds"])
        # The librarian's keywords remembered as the goal's words of names, as "Remember" on
        # the ranking page keeps what was typed in "Name has".
        goal.set_names(", ".join(spec["keywords"]))
        goal.save(update_fields=["names"])
        names_ids = allies_ranking(library, goal, user, POOL_ENGINE)
        goal.names = ""
        goal.save(update_fields=["names"])
        after_feedback = (
            feedback_rounds(library, goal, user, directory, grades) if feedback else None
        )
        transaction.set_rollback(True)
    start = time.perf_counter()
    by_keyword = keyword_baseline(directory, spec)
    baseline_ms = (time.perf_counter() - start) * 1000
    by_ntee = ntee_baseline(directory, spec)
    routes = {
        "allies": ours,
        "ntee": by_ntee,
        "keywords": by_keyword,
        "kinds": [directory.keys[pk] for pk in kinds_ids],
        "names": [directory.keys[pk] for pk in names_ids],
    }
    result = {
        "goal": spec["id"],
        "ticked": bool(spec.get("primary") or spec.get("resources")),
        "ms": elapsed_ms,
        "baseline_ms": baseline_ms,
        "unjudged": [key for key in ours if key not in grades],
        "names_unjudged": [key for key in routes["names"][:TOP] if key not in grades],
        "suggested_kinds": suggested,
        "kinds_suggested": suggests_picked_kind(suggested, spec["ntee"]),
        "pool": {
            "allies": [directory.keys[pk] for pk in pool_ids],
            "kinds": routes["kinds"][:POOL_ENGINE],
            "names": routes["names"][:POOL_ENGINE],
            "ntee": by_ntee[:POOL_BASELINE],
            "keywords": by_keyword[:POOL_BASELINE],
        },
    }
    for route, ranked in routes.items():
        result[f"{route}_p10"] = precision_at(ranked, grades)
        result[f"{route}_ndcg20"] = ndcg_at(ranked, grades)
    if after_feedback is not None:
        result["feedback_p10"] = precision_at(after_feedback, grades)
    return result


def write_pool(path: str, results: list[dict], directory: Directory, judged) -> int:
    columns = [
        "goal",
        "key",
        "routes",
        "name",
        "city",
        "ntee_code",
        "ntee_title",
        "irs_subsection",
        "irs_foundation",
        "income",
        "assets",
        "sector",
        "mission",
        "current_interests",
        "needs",
    ]
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for result in results:
            grades = judged.get(result["goal"], {})
            routes: dict[str, list[str]] = {}
            for route, keys in result["pool"].items():
                for key in keys:
                    routes.setdefault(key, []).append(route)
            for key, found_by in sorted(routes.items()):
                if key in grades:
                    continue
                writer.writerow(
                    {
                        **directory.rows[key],
                        "goal": result["goal"],
                        "key": key,
                        "routes": " ".join(found_by),
                    }
                )
                written += 1
    return written


def _meaning_in_use() -> str:
    """The sentence encoder the ranking used ("off" without one), so runs can be compared."""
    from allies.matching.features import meaning_model
    from allies.matching.meaning import MODEL_NAME

    return MODEL_NAME if meaning_model() is not None else "off"


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def run(options: dict, progress) -> dict:
    from django.core.management.base import CommandError

    # Another set of goals comes with its own judgments (the kept ones are of the kept goals).
    judgments = options.get("judgments") or (None if options.get("goals") else JUDGMENTS_FILE)
    try:
        goals = load_goals(options.get("goals") or GOALS_FILE)
        judged = load_judgments(judgments) if judgments else {}
    except EvaluationSetError as error:
        raise CommandError(str(error)) from error
    wanted = options.get("goal") or []
    unknown_goals = sorted(set(wanted) - {goal["id"] for goal in goals})
    if unknown_goals:
        raise CommandError(
            f"No goal {', '.join(unknown_goals)} in this set; its goals are "
            f"{', '.join(goal['id'] for goal in goals)}."
        )
    goals = [goal for goal in goals if not wanted or goal["id"] in wanted]
    if options.get("extract"):
        if not options.get("goals"):
            raise CommandError("--extract needs --goals (and --judgments) written for that list.")
        from allies.directory.importing.reading import BadFile

        try:
            library, director = extract_library(Path(options["extract"]), progress)
        except (OSError, ValueError, BadFile) as error:
            raise CommandError(f"Cannot read {options['extract']}: {error}") from error
    else:
        library, director = _sample_library(progress)
    unknown = unknown_slugs(library, goals)
    if unknown:
        raise CommandError(f"The library {library.name} has no {unknown}.")
    directory = read_directory(library)
    results = []
    bar = progress(len(goals), "goals")
    for spec in goals:
        results.append(
            evaluate_goal(
                library,
                director,
                directory,
                spec,
                judged.get(spec["id"], {}),
                feedback=not options.get("no_feedback"),
            )
        )
        bar.update(1)
    bar.close()
    figures: dict = {"goals": len(results), "organizations": len(directory.rows)}
    figures["meaning"] = _meaning_in_use()
    for result in results:
        figures[f"goal {result['goal']}"] = (
            " ".join(
                f"{route} P@10 {result[f'{route}_p10']:.1f} nDCG@20 {result[f'{route}_ndcg20']:.3f}"
                for route in ROUTES
            )
            + (f" feedback P@10 {result['feedback_p10']:.1f}" if "feedback_p10" in result else "")
            + (
                f" suggested kinds {','.join(result['suggested_kinds']) or '-'}"
                f" ({'one picked' if result['kinds_suggested'] else 'none picked'})"
            )
        )
    for label, subset in (
        ("", results),
        ("statement_", [r for r in results if not r["ticked"]]),
        ("ticked_", [r for r in results if r["ticked"]]),
    ):
        for route in ROUTES:
            figures[f"{label}{route}_p10"] = _mean([r[f"{route}_p10"] for r in subset])
            figures[f"{label}{route}_ndcg20"] = _mean([r[f"{route}_ndcg20"] for r in subset])
        better = max(figures[f"{label}ntee_ndcg20"], figures[f"{label}keywords_ndcg20"])
        for route, name in (
            ("allies", "ndcg_ratio"),
            ("kinds", "kinds_ndcg_ratio"),
            ("names", "names_ndcg_ratio"),
        ):
            figures[f"{label}{name}"] = (
                round(figures[f"{label}{route}_ndcg20"] / better, 3) if better else None
            )
        for route, baseline in (("kinds", "ntee"), ("names", "keywords")):
            by_income = figures[f"{label}{baseline}_ndcg20"]
            figures[f"{label}{route}_vs_{baseline}"] = (
                round(figures[f"{label}{route}_ndcg20"] / by_income, 3) if by_income else None
            )
    figures["kinds_suggested"] = _mean([float(r["kinds_suggested"]) for r in results])
    figures["min_allies_p10"] = min((r["allies_p10"] for r in results), default=0.0)
    with_feedback = [r["feedback_p10"] for r in results if "feedback_p10" in r]
    if with_feedback:
        figures["feedback_p10"] = _mean(with_feedback)
    figures.update(summarize([r["ms"] for r in results]))
    figures.update(summarize([r["baseline_ms"] for r in results], prefix="baseline_"))
    figures["ratio"] = round(figures["baseline_p50_ms"] / figures["p50_ms"], 4)
    figures["unjudged_in_top20"] = {r["goal"]: r["unjudged"] for r in results if r["unjudged"]}
    figures["names_unjudged_in_top20"] = {
        r["goal"]: r["names_unjudged"] for r in results if r["names_unjudged"]
    }
    if options.get("pool"):
        figures["pooled_to_judge"] = write_pool(options["pool"], results, directory, judged)
    return figures
