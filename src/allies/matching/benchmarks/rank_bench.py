"""`allies bench rank`: rank a whole directory for a goal and keep the best 20.

A seeded synthetic directory of N organizations (names of 2-6 words drawn with a Zipf-like law from
the words of real IRS names and NTEE titles, an NTEE code for two thirds of them, one to three IRS
activity codes for half, a mission for one in ten, an income for most, a ZIP code for most, staff's
own tags for one in twenty, ratings for one in five) goes through the same preparation as the app (`matching.features.prepare`: the words
stemmed, the audiences and resources inferred with the library's thesaurus; `prepare_s`) and is
turned into `matching.scoring.DirectoryFeatures` (`build_s`); then 50 random goals (audiences,
needed resources, a goal's words, and introduction paths to 300 organizations) are ranked with
`rank(..., top=20)` (`p50_ms`, `p99_ms`). The baseline, in the same run, computes the same scores
one organization at a time in plain Python over the same features (dicts of each organization's
word weights, audiences and resources) and keeps the best 20 with heapq; `ratio` = baseline p50 /
ours, and `agrees` checks both return the same 20 in the same order.

The real Rhode Island extract of the IRS Business Master File (../shared/data/irs-eo-bmf-ri.csv,
or `--irs FILE`) is prepared, built and ranked too when found (`irs_*`).
"""

from __future__ import annotations

import csv
import heapq
import math
import re
import time
from pathlib import Path

import numpy as np

from allies.core.bench import percentile
from allies.directory.inference import Term, Thesaurus
from allies.directory.irs import irs_amount, irs_code, readable_name, readable_town
from allies.directory.ntee import ACTIVITY_TITLES, ntee_codes
from allies.directory.places import Home
from allies.directory.thesaurus import AUDIENCES, RESOURCES
from allies.directory.words import stems
from allies.matching.features import prepare, widen_with_audiences
from allies.matching.scoring import (
    COVERAGE,
    DEFAULT_WEIGHTS,
    FIELD_WEIGHTS,
    NAMED_WEIGHT,
    NEARBY_MILES,
    NEUTRAL,
    PARTS,
    PRACTICAL,
    PRACTICAL_SHARE,
    PRIMARY_WEIGHT,
    RELEVANCE,
    SECONDARY_WEIGHT,
    SPECIFIC_FLOOR,
    TEXT_FLOOR,
    TOPICAL,
    DirectoryFeatures,
    GoalSpec,
    features_column,
    rank,
)

DESCRIPTION = "Rank N organizations for a goal (top 20), against a per-row Python loop."
TOP = 20
REACHABLE = 300  # organizations with a known introduction path, per goal
IRS_FILE = Path("shared") / "data" / "irs-eo-bmf-ri.csv"
GOAL_TEXTS = [
    "Two more public computers now, before the budget is reviewed; technology for seniors",
    "Summer reading for children and families in every neighborhood",
    "Job search help and digital literacy classes for adults looking for work",
    "English conversation circles for immigrants and refugees",
    "A makerspace where teens learn science, technology and the arts",
    "Health information and services for people experiencing homelessness",
    "Small business workshops with the chamber of commerce",
    "Local history and culture programs with the historical society",
]
VERMONT_ZIPS = [f"05{n:03d}" for n in range(1, 908)]


def add_arguments(parser) -> None:
    """Options of `allies bench rank`."""
    parser.add_argument(
        "--organizations", type=int, default=100_000, help="Organizations in the directory."
    )
    parser.add_argument("--goals", type=int, default=50, help="Random goals to time.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the directory and goals.")
    parser.add_argument(
        "--irs",
        default=None,
        help="IRS Business Master File extract to rank too (default: ../shared/data/irs-eo-bmf-ri.csv).",
    )
    parser.add_argument("--no-irs", action="store_true", help="Skip the IRS extract.")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the per-row baseline.")


def starting_thesaurus() -> Thesaurus:
    """The starting audiences (ids 1..16) and resources (ids 101..111) of every new library."""
    terms = [Term(i + 1, "audience", slug, slug) for i, slug in enumerate(AUDIENCES)]
    terms += [Term(101 + i, "resource", slug, slug) for i, slug in enumerate(RESOURCES)]
    return Thesaurus(terms)


def name_words() -> list[str]:
    """Words of NTEE titles and keywords, most frequent first: what organizations are named."""
    counts: dict[str, int] = {}
    for entry in ntee_codes().values():
        for text in [entry["title"], *entry.get("keywords", [])]:
            for word in re.findall(r"[A-Za-z]+", text):
                if len(word) > 2:
                    counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


def generate(organizations: int, seed: int) -> tuple[list[dict], list, dict]:
    """Rows of a synthetic directory (as `prepare` reads them), staff tags and ratings."""
    rng = np.random.default_rng(seed)
    words = np.array(name_words())
    zipf = 1.0 / np.arange(1, len(words) + 1) ** 0.8
    zipf /= zipf.sum()
    codes = [code for code in ntee_codes() if len(code) == 3]
    descriptions = [entry["description"] for entry in ntee_codes().values()]
    activities = sorted(ACTIVITY_TITLES)
    ids = rng.permutation(organizations).astype(np.int64) + 1
    lengths = rng.integers(2, 7, organizations)
    drawn = words[rng.choice(len(words), int(lengths.sum()), p=zipf)]
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    rows = []
    for i in range(organizations):
        income = None if rng.random() < 0.2 else int(rng.lognormal(11, 2.5))
        rows.append(
            {
                "pk": int(ids[i]),
                "name": " ".join(drawn[bounds[i] : bounds[i + 1]]),
                "ntee_code": codes[rng.integers(len(codes))] if rng.random() < 0.66 else "",
                "irs_subsection": "03" if rng.random() < 0.8 else f"{rng.integers(2, 20):02d}",
                "irs_foundation": f"{rng.choice([0, 4, 15, 16]):02d}",
                "irs_activity": "".join(rng.choice(activities, rng.integers(1, 4)))
                if rng.random() < 0.5
                else "",
                "mission": descriptions[rng.integers(len(descriptions))]
                if rng.random() < 0.1
                else "",
                "current_interests": "",
                "needs": "",
                "notes": "",
                "income": income,
                "city": "",
                "zip_code": VERMONT_ZIPS[rng.integers(len(VERMONT_ZIPS))]
                if rng.random() < 0.9
                else "",
            }
        )
    tags = []
    for organization in ids[rng.random(organizations) < 0.05]:
        for audience in rng.choice(len(AUDIENCES), rng.integers(1, 4), replace=False):
            tags.append((int(organization), "audience", int(audience) + 1))
        for resource in rng.choice(len(RESOURCES), rng.integers(0, 3), replace=False):
            tags.append((int(organization), "resource", int(resource) + 101))

    def ratings() -> np.ndarray:
        values = rng.random(organizations)
        values[rng.random(organizations) < 0.8] = np.nan
        return values

    return rows, tags, {"capacity": ratings(), "reputation": ratings(), "risk": ratings()}


def goals(count: int, ids: np.ndarray, seed: int) -> list:
    """(GoalSpec, reachability) pairs."""
    rng = np.random.default_rng(seed + 1)
    thesaurus = starting_thesaurus()
    result = []
    for index in range(count):
        chosen = rng.permutation(len(AUDIENCES))[: rng.integers(1, 5)] + 1
        split = rng.integers(1, len(chosen) + 1)
        needed = rng.permutation(len(RESOURCES))[: rng.integers(1, 4)] + 101
        related = [(int(a), int(b), 0.5) for a in chosen for b in chosen if a != b][:2]
        query = dict.fromkeys(stems(GOAL_TEXTS[index % len(GOAL_TEXTS)]), 1.0)
        # Each audience's thesaurus words, as a goal read by the app has them (read_goal).
        audience_words = widen_with_audiences(thesaurus, sorted(int(a) for a in chosen), query)
        goal = GoalSpec(
            asked_resources=tuple(int(r) for r in needed[:1]) if index % 3 == 0 else (),
            asked_from_anyone=tuple(int(r) for r in needed[:1]) if index % 6 == 0 else (),
            primary_audiences=tuple(int(a) for a in chosen[:split]),
            secondary_audiences=tuple(int(a) for a in chosen[split:]),
            named_audiences=tuple(int(a) for a in chosen[:1]) if index % 2 == 0 else (),
            needed_resources=tuple(int(r) for r in needed),
            library_resources=tuple(int(r) for r in needed[: rng.integers(0, 2)]),
            query=tuple(sorted(query.items())),
            audience_words=audience_words,
            related=tuple(related),
        )
        reachable = rng.choice(ids, min(REACHABLE, len(ids)), replace=False)
        result.append((goal, {int(i): float(rng.random()) for i in reachable}))
    return result


def _rows(matrix) -> list[dict[int, float]]:
    matrix = matrix.tocsr()
    return [
        dict(
            zip(
                matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]].tolist(),
                matrix.data[matrix.indptr[r] : matrix.indptr[r + 1]].tolist(),
                strict=True,
            )
        )
        for r in range(matrix.shape[0])
    ]


def _telling(every_parts: list[dict[str, float]]) -> list[str]:
    """The topical parts that say of someone in the directory that they are about the goal."""
    return [name for name in TOPICAL if any(parts.get(name, 0.0) > 0 for parts in every_parts)]


class Baseline:
    """The same scores computed one organization at a time in plain Python, from the features
    laid out as dicts: each organization's word weights, audiences and resources."""

    def __init__(self, features: DirectoryFeatures) -> None:
        self.f = features
        self.ids = [int(i) for i in features.organization_ids]
        self.fields = {name: _rows(matrix) for name, matrix in features.fields.items()}
        self.code_fields = {name: _rows(matrix) for name, matrix in features.code_fields.items()}
        # Each organization's codes with their weights (its own 1, a suggested one its probability).
        self.codes_of = _rows(features.codes)
        audience_ids = features.audience_ids.tolist()
        resource_ids = features.resource_ids.tolist()
        self.audiences = [
            {audience_ids[c]: v for c, v in row.items()} for row in _rows(features.audiences)
        ]
        self.resources = [
            {resource_ids[c]: v for c, v in row.items()} for row in _rows(features.resources)
        ]
        self.idf = features.idf.tolist()
        self.audience_reached = dict(
            zip(audience_ids, features.audience_reached.tolist(), strict=True)
        )
        self.practical = {
            part: [float(v) for v in features_column(features, part)]
            for part in ("capacity", "reputation", "risk", "proximity")
        }

    def rank(self, goal: GoalSpec, reachability: dict[int, float]) -> list[int]:
        """Organization ids of the best TOP, best first, ties as the engine breaks them."""
        f, n = self.f, len(self.ids)
        weights = DEFAULT_WEIGHTS
        roles = dict.fromkeys(goal.secondary_audiences, SECONDARY_WEIGHT)
        roles.update(
            {
                a: NAMED_WEIGHT if a in goal.named_audiences else PRIMARY_WEIGHT
                for a in goal.primary_audiences
            }
        )
        related: dict[int, list[tuple[int, float]]] = {}
        for audience, other, factor in goal.related:
            if audience in roles and other not in roles:
                related.setdefault(audience, []).append((other, factor))
        top_idf = math.log(n + 1.0) if n else 0.0
        query = {}
        for stem, weight in goal.query:
            column = f.vocabulary.get(stem)
            if column is not None:
                query[column] = max(query.get(column, 0.0), weight) * 1.0
        query = {c: w * self.idf[c] for c, w in query.items() if w * self.idf[c]}
        # Each audience's words count once per field, at the best of them; the others one by one.
        groups = [
            {c: weight * self.idf[c] for s in words if (c := f.vocabulary.get(s)) is not None}
            for words, weight in goal.audience_words
        ]
        grouped = {c for group in groups for c in group}
        said = {c: w for c, w in query.items() if c not in grouped}

        def words_of(row: dict[int, float]) -> float:
            one_by_one = sum(v * said.get(c, 0.0) for c, v in row.items())
            return one_by_one + sum(
                max((v * group[c] for c, v in row.items() if c in group), default=0.0)
                for group in groups
            )

        code_scores = {
            name: [words_of(row) for row in rows] for name, rows in self.code_fields.items()
        }
        text = []
        for r in range(n):
            total = sum(
                FIELD_WEIGHTS[name] * words_of(rows[r]) for name, rows in self.fields.items()
            )
            for code, weight in self.codes_of[r].items():
                total += weight * sum(
                    FIELD_WEIGHTS[name] * scores[code] for name, scores in code_scores.items()
                )
            text.append(total)
        # One word of the statement in one name of n (idf of a word one organization uses).
        one_word = FIELD_WEIGHTS["name"] * math.log(1.0 + (n - 0.5) / 1.5) if n else 0.0
        best_text = max(max(text, default=0.0), TEXT_FLOOR * sum(query.values()), one_word)
        lacking = set(goal.needed_resources) - set(goal.library_resources)
        known_resources = [r for r in lacking if r in f.resource_ids.tolist()]
        any_offer = any(
            self.resources[r].get(term, 0.0) for r in range(n) for term in known_resources
        )
        practical = {}
        for part, values in self.practical.items():
            if all(math.isnan(v) for v in values):
                continue
            if part == "proximity":
                values = [1.0 / (1.0 + max(v, 0.0) / NEARBY_MILES) for v in values]
            practical[part] = values
        # Closeness read for nobody in the directory counts as not read.
        read = dict(goal.meaning)
        meaning_read = bool(set(read) & set(self.ids))
        every_parts: list[dict[str, float]] = []
        for r, organization in enumerate(self.ids):
            parts: dict[str, float] = {}
            if roles:
                total = weight_sum = best_one = 0.0
                for audience, role in sorted(roles.items()):
                    best = self.audiences[r].get(audience, 0.0)
                    specific = 1.0
                    if audience in self.audience_reached and top_idf > 0:
                        others = self.audience_reached[audience] - (best >= 0.5)
                        idf = math.log((n + 1.0) / (1.0 + others))
                        specific = SPECIFIC_FLOOR + (1 - SPECIFIC_FLOOR) * idf / top_idf
                    for other, factor in related.get(audience, ()):
                        best = max(best, factor * self.audiences[r].get(other, 0.0))
                    total += role * specific * best
                    weight_sum += role
                    best_one = max(best_one, role * specific * best)
                parts["audience"] = (1 - COVERAGE) * best_one + COVERAGE * total / weight_sum
            if query:
                parts["mission"] = min(text[r] / best_text, 1.0) if best_text > 0 else 0.0
            if lacking and known_resources and any_offer:
                parts["resources"] = sum(
                    self.resources[r].get(term, 0.0) for term in known_resources
                ) / len(lacking)
            if meaning_read:
                parts["meaning"] = min(max(float(read.get(organization, 0.0)), 0.0), 1.0)
            every_parts.append(parts)
        # An asked resource serves the goal: money from anyone, the others times how much the
        # organization is about the goal (the topical parts that say so of someone).
        asked = set(goal.asked_resources) - set(goal.library_resources)
        if asked and every_parts and "audience" in every_parts[0]:
            about_parts = _telling(every_parts)
            for r, parts in enumerate(every_parts):
                about = max((parts[name] for name in about_parts if name in parts), default=0.0)
                offers = [
                    self.resources[r].get(t, 0.0) * (1.0 if t in goal.asked_from_anyone else about)
                    for t in asked
                ]
                parts["audience"] = max([parts["audience"], *offers])
        # Offers count by how much an organization is about the goal, read from the parts that
        # say so of someone in the directory (a part that is 0 everywhere says nothing).
        telling = _telling(every_parts)
        scored = []
        for r, organization in enumerate(self.ids):
            parts = every_parts[r]
            topical = [parts[name] for name in telling if name in parts]
            if "resources" in parts and topical:
                parts["resources"] *= max(topical)
            for part, values in practical.items():
                parts[part] = values[r]
            parts["reachability"] = reachability.get(organization, math.nan)

            def mean(names, parts=parts):
                total = weight_sum = 0.0
                for part in names:
                    if part in parts and weights[part]:
                        value = parts[part]
                        neutral = 0.0 if part == "reachability" else NEUTRAL
                        total += weights[part] * (neutral if math.isnan(value) else value)
                        weight_sum += weights[part]
                return total / weight_sum if weight_sum else None

            relevance = mean(RELEVANCE) or 0.0
            practicality = mean(PRACTICAL)
            factor = (
                1.0
                if practicality is None
                else 1 - PRACTICAL_SHARE + PRACTICAL_SHARE * practicality
            )
            score = float(np.round(min(100.0, max(0.0, 100.0 * relevance * factor)), 9))
            evidence = sum(
                1
                for part in PARTS
                if part in parts
                and weights[part]
                and not math.isnan(parts[part])
                and parts[part] > 0
            )
            distance, size = float(f.distance[r]), float(f.size[r])
            scored.append(
                (
                    -score,
                    -evidence,
                    math.inf if math.isnan(distance) else distance,
                    math.inf if math.isnan(size) else -size,
                    f.labels[r].casefold(),
                    organization,
                )
            )
        return [key[-1] for key in heapq.nsmallest(TOP, scored)]


def measure(features: DirectoryFeatures, cases: list, progress, desc: str) -> list[float]:
    """Milliseconds of rank(top=20) for each goal, after three untimed warm-up calls."""
    for goal, reach in cases[:3]:
        rank(features, goal, reachability=reach, top=TOP)
    bar = progress(len(cases), desc)
    samples = []
    for goal, reach in cases:
        start = time.perf_counter()
        rank(features, goal, reachability=reach, top=TOP)
        samples.append((time.perf_counter() - start) * 1000)
        bar.update(1)
    bar.close()
    return samples


def find_irs(option: str | None) -> Path | None:
    if option:
        return Path(option)
    root = Path(__file__).resolve().parents[3]
    for base in (Path.cwd().parent, root.parent):
        if (base / IRS_FILE).exists():
            return base / IRS_FILE
    return None


def irs_rows(path: Path) -> list[dict]:
    """An IRS extract as the rows `prepare` reads, named and coded as the importer does."""
    rows = []
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            rows.append(
                {
                    "pk": number,
                    "name": readable_name(row.get("NAME", "")),
                    "ntee_code": row.get("NTEE_CD", ""),
                    "irs_subsection": irs_code(row.get("SUBSECTION", ""), 2),
                    "irs_foundation": irs_code(row.get("FOUNDATION", ""), 2),
                    "irs_activity": irs_code(row.get("ACTIVITY", ""), 9),
                    "income": irs_amount(row.get("INCOME_AMT", "")),
                    "city": readable_town(row.get("CITY", "")),
                    "zip_code": row.get("ZIP", ""),
                }
            )
    return rows


def run(options: dict, progress) -> dict:
    """Prepare and build, rank 50 goals, compare with the per-row loop; then the IRS extract."""
    size, seed, goal_count = options["organizations"], options["seed"], options["goals"]
    rows, tags, ratings = generate(size, seed)
    thesaurus = starting_thesaurus()
    home = Home(["05602"], [])
    start = time.perf_counter()
    prepared = prepare(rows, thesaurus, home, tags=tags, ratings=ratings)
    prepare_s = time.perf_counter() - start
    start = time.perf_counter()
    features = DirectoryFeatures.build(prepared.organizations)
    build_s = time.perf_counter() - start
    cases = goals(goal_count, features.organization_ids, seed)
    samples = measure(features, cases, progress, "rank")
    figures: dict = {
        "organizations": size,
        "goals": goal_count,
        "vocabulary_terms": len(features.vocabulary),
        "inferred_terms": sum(len(terms) for terms in prepared.inferred.values()),
        "prepare_s": round(prepare_s, 3),
        "build_s": round(build_s, 3),
        "total_build_s": round(prepare_s + build_s, 3),
        "p50_ms": round(float(np.median(samples)), 3),
        "p99_ms": round(percentile(samples, 0.99), 3),
    }
    if not options.get("no_baseline"):
        baseline = Baseline(features)
        bar = progress(len(cases), "baseline")
        baseline_samples, agrees = [], True
        for goal, reach in cases:
            start = time.perf_counter()
            result = baseline.rank(goal, reach)
            baseline_samples.append((time.perf_counter() - start) * 1000)
            ours = [f.organization_id for f in rank(features, goal, reachability=reach, top=TOP)]
            agrees = agrees and ours == result
            bar.update(1)
        bar.close()
        baseline_p50 = float(np.median(baseline_samples))
        figures.update(
            {
                "baseline_p50_ms": round(baseline_p50, 3),
                "ratio": round(baseline_p50 / float(np.median(samples)), 1),
                "agrees": agrees,
            }
        )
    path = None if options.get("no_irs") else find_irs(options.get("irs"))
    if path is not None:
        irs = irs_rows(path)
        start = time.perf_counter()
        irs_prepared = prepare(irs, thesaurus, home)
        irs_features = DirectoryFeatures.build(irs_prepared.organizations)
        irs_build_s = time.perf_counter() - start
        irs_cases = goals(goal_count, irs_features.organization_ids, seed)
        irs_samples = measure(irs_features, irs_cases, progress, "irs")
        figures.update(
            {
                "irs_file": path.name,
                "irs_organizations": len(irs),
                "irs_build_s": round(irs_build_s, 3),
                "irs_p50_ms": round(float(np.median(irs_samples)), 3),
                "irs_p99_ms": round(percentile(irs_samples, 0.99), 3),
            }
        )
    return figures
