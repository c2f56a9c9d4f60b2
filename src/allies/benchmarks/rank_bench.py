"""`allies bench rank`: rank a whole directory for a goal and keep the best 20.

A seeded synthetic directory of N organizations (missions of 8-30 words drawn with a Zipf-like
law from the words of the NTEE descriptions; 0-4 audiences and 0-3 resources from the sizes of the
starting vocabularies; most ratings unknown) is turned into `matching.scoring.DirectoryFeatures`
(`build_s`), then 50 random goals (audiences, needed resources, a goal text, and introduction paths
to 300 organizations) are ranked with `rank(..., top=20)` (`p50_ms`, `p99_ms`). The baseline, in
the same run, is a plain per-row Python loop over the same precomputed features (sets of audiences
and resources, a dict of TF-IDF weights per organization) that scores every row and keeps the best
20 with heapq; `ratio` = baseline p50 / ours, and `agrees` checks both return the same 20.

Only `rank` is timed. The app's "is the cached matrix still current?" check is one indexed query,
measured separately by the app helper, not here.

The real Rhode Island extract of the IRS Business Master File (../shared/data/irs-eo-bmf-ri.csv,
or `--irs FILE`) is ranked too when found: texts are the NTEE descriptions, audiences come from the
importer's NTEE mapping (`directory.irs.ntee_audiences`); `irs_p50_ms` over the same 50 goals.
"""

from __future__ import annotations

import csv
import heapq
import math
import re
import time
from pathlib import Path

import numpy as np

from allies.benchmarks.timing import percentile
from allies.directory.irs import ntee_audiences
from allies.directory.ntee import ntee_codes, ntee_description
from allies.directory.vocabularies import STARTING_AUDIENCES, STARTING_RESOURCES
from allies.matching.scoring import (
    DEFAULT_WEIGHTS,
    NEUTRAL,
    PARTS,
    PRIMARY_WEIGHT,
    SECONDARY_WEIGHT,
    DirectoryFeatures,
    GoalSpec,
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


def vocabulary() -> list[str]:
    """The distinct words of the NTEE descriptions, most frequent first."""
    counts: dict[str, int] = {}
    for entry in ntee_codes().values():
        for word in re.findall(r"[a-z]+", entry["description"].lower()):
            if len(word) > 2:
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


def generate(organizations: int, seed: int) -> dict:
    """Arguments of `DirectoryFeatures.build` for a synthetic directory."""
    rng = np.random.default_rng(seed)
    words = np.array(vocabulary())
    zipf = 1.0 / np.arange(1, len(words) + 1) ** 0.8
    zipf /= zipf.sum()
    lengths = rng.integers(8, 31, organizations)
    drawn = words[rng.choice(len(words), int(lengths.sum()), p=zipf)]
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    texts = [" ".join(drawn[bounds[i] : bounds[i + 1]]) for i in range(organizations)]
    ids = rng.permutation(organizations).astype(np.int64) + 1

    def pairs(vocabulary_size: int, most: int) -> np.ndarray:
        count = rng.integers(0, most + 1, organizations)
        owners = np.repeat(ids, count)
        return np.stack([owners, rng.integers(1, vocabulary_size + 1, len(owners))], axis=1)

    def ratings() -> np.ndarray:
        values = rng.random(organizations)
        values[rng.random(organizations) < 0.8] = np.nan
        return values

    return {
        "organization_ids": ids,
        "texts": texts,
        "audience_pairs": pairs(len(STARTING_AUDIENCES), 4),
        "resource_pairs": pairs(len(STARTING_RESOURCES), 3),
        "capacity": ratings(),
        "reputation": ratings(),
        "risk": ratings(),
    }


def goals(count: int, ids: np.ndarray, seed: int, audiences: int, resources: int) -> list:
    """(GoalSpec, reachability) pairs."""
    rng = np.random.default_rng(seed + 1)
    result = []
    for index in range(count):
        chosen = rng.permutation(audiences)[: rng.integers(1, 6)] + 1
        split = rng.integers(1, len(chosen) + 1)
        needed = rng.permutation(resources)[: rng.integers(1, 4)] + 1
        goal = GoalSpec(
            primary_audiences=tuple(int(a) for a in chosen[:split]),
            secondary_audiences=tuple(int(a) for a in chosen[split:]),
            needed_resources=tuple(int(r) for r in needed),
            library_resources=tuple(int(r) for r in needed[: rng.integers(0, 2)]),
            text=GOAL_TEXTS[index % len(GOAL_TEXTS)],
        )
        reachable = rng.choice(ids, min(REACHABLE, len(ids)), replace=False)
        result.append((goal, {int(i): float(rng.random()) for i in reachable}))
    return result


class Baseline:
    """The same scores computed one organization at a time in plain Python."""

    def __init__(self, data: dict, features: DirectoryFeatures) -> None:
        self.features = features
        count = len(data["organization_ids"])
        self.ids = [int(i) for i in data["organization_ids"]]
        self.audiences: list[set[int]] = [set() for _ in range(count)]
        self.resources: list[set[int]] = [set() for _ in range(count)]
        row_of = {organization: row for row, organization in enumerate(self.ids)}
        for key, sets in (("audience_pairs", self.audiences), ("resource_pairs", self.resources)):
            for organization, term in np.asarray(data[key]).tolist():
                if organization in row_of:
                    sets[row_of[organization]].add(term)
        mission = features.mission.tocsr()
        self.words: list[dict[int, float]] = [
            dict(
                zip(
                    mission.indices[mission.indptr[r] : mission.indptr[r + 1]].tolist(),
                    mission.data[mission.indptr[r] : mission.indptr[r + 1]].tolist(),
                    strict=True,
                )
            )
            for r in range(count)
        ]
        self.ratings = {
            part: [float(v) for v in data[part]] for part in ("capacity", "reputation", "risk")
        }

    def rank(self, goal: GoalSpec, reachability: dict[int, float]) -> list[int]:
        """Organization ids of the best TOP, best first (ties by id)."""
        wanted = dict.fromkeys(goal.secondary_audiences, SECONDARY_WEIGHT)
        wanted.update(dict.fromkeys(goal.primary_audiences, PRIMARY_WEIGHT))
        wanted_total = sum(wanted.values())
        lacking = set(goal.needed_resources) - set(goal.library_resources)
        vector = self.features.goal_vector(goal.text)
        query = {} if vector is None else {int(c): float(vector[c]) for c in np.flatnonzero(vector)}
        weights = DEFAULT_WEIGHTS
        scored = []
        for row, organization in enumerate(self.ids):
            parts: dict[str, float] = {}
            if wanted:
                reached = self.audiences[row]
                parts["audience"] = sum(w for a, w in wanted.items() if a in reached) / wanted_total
            if query:
                words = self.words[row]
                parts["mission"] = (
                    sum(v * query.get(c, 0.0) for c, v in words.items()) if words else math.nan
                )
            if lacking:
                parts["resources"] = len(lacking & self.resources[row]) / len(lacking)
            for part, values in self.ratings.items():
                parts[part] = values[row]
            parts["reachability"] = reachability.get(organization, math.nan)
            total = weight_sum = 0.0
            for part in PARTS:
                if part in parts and weights[part]:
                    value = parts[part]
                    weight_sum += weights[part]
                    total += weights[part] * (NEUTRAL[part] if math.isnan(value) else value)
            score = round(min(100.0, max(0.0, 100 * total / weight_sum)), 9) if weight_sum else 0.0
            scored.append((-score, organization))
        return [organization for _, organization in heapq.nsmallest(TOP, scored)]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(features: DirectoryFeatures, cases: list, progress, desc: str) -> list[float]:
    """Milliseconds of rank(top=20) for each goal, after three untimed warm-up calls."""
    for goal, reach in cases[:3]:
        rank(features, goal, reachability=reach, top=TOP)
    bar = progress(len(cases), desc)
    samples = []
    for goal, reach in cases:
        samples.append(timed(lambda g=goal, r=reach: rank(features, g, reachability=r, top=TOP)))
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


def irs_directory(path: Path) -> dict:
    """Arguments of `DirectoryFeatures.build` for an IRS extract: NTEE texts and audiences."""
    audience_ids = {str(name): index + 1 for index, name in enumerate(STARTING_AUDIENCES)}
    texts, pairs = [], []
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=1):
            code = row.get("NTEE_CD", "")
            texts.append(ntee_description(code))
            for name in ntee_audiences(code, row.get("SUBSECTION", "")):
                if name in audience_ids:
                    pairs.append((row_number, audience_ids[name]))
    count = len(texts)
    unknown = np.full(count, np.nan)
    return {
        "organization_ids": np.arange(1, count + 1, dtype=np.int64),
        "texts": texts,
        "audience_pairs": np.array(pairs, dtype=np.int64).reshape(-1, 2),
        "resource_pairs": np.zeros((0, 2), dtype=np.int64),
        "capacity": unknown,
        "reputation": unknown,
        "risk": unknown,
    }


def run(options: dict, progress) -> dict:
    """Build, rank 50 goals, compare with the per-row loop; then the IRS extract if found."""
    size, seed, goal_count = options["organizations"], options["seed"], options["goals"]
    data = generate(size, seed)
    start = time.perf_counter()
    features = DirectoryFeatures.build(**data)
    build_s = time.perf_counter() - start
    cases = goals(
        goal_count, data["organization_ids"], seed, len(STARTING_AUDIENCES), len(STARTING_RESOURCES)
    )
    samples = measure(features, cases, progress, "rank")
    figures: dict = {
        "organizations": size,
        "goals": goal_count,
        "vocabulary_terms": len(features.terms),
        "build_s": round(build_s, 3),
        "p50_ms": round(float(np.median(samples)), 3),
        "p99_ms": round(percentile(samples, 0.99), 3),
    }
    if not options.get("no_baseline"):
        baseline = Baseline(data, features)
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
        irs = irs_directory(path)
        start = time.perf_counter()
        irs_features = DirectoryFeatures.build(**irs)
        irs_build_s = time.perf_counter() - start
        irs_cases = goals(goal_count, irs["organization_ids"], seed, len(STARTING_AUDIENCES), 0)
        irs_samples = measure(irs_features, irs_cases, progress, "irs")
        figures.update(
            {
                "irs_file": path.name,
                "irs_organizations": len(irs["texts"]),
                "irs_build_s": round(irs_build_s, 3),
                "irs_p50_ms": round(float(np.median(irs_samples)), 3),
                "irs_p99_ms": round(percentile(irs_samples, 0.99), 3),
            }
        )
    return figures
