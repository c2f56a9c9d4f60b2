"""The fit engine: how well each organization of a directory suits a goal, as a score from 0 to 100.

Plain Python on arrays, no Django. The app layer (`matching.features`) reads the library's
directory once into `Organizations` (stems of each name and text, NTEE codes, the audiences and
resources each organization reaches or offers with how sure we are, ratings, income, distance from
the library), builds `DirectoryFeatures`, caches it, and calls `rank` with a `GoalSpec`.

A fit has two halves.

**Relevance** (0..1): does the organization serve this goal? The weighted mean of
- `audience`: for each audience of the goal, how surely the organization reaches it (1 for staff's
  own tag, the evidence's strength for an inferred one, a fraction for a related audience: a shelter
  for adults counts 0.6 for "youth facing homelessness"), weighted by the audience's role (primary
  1, secondary 0.25, and 0.25 for one only the statement's words name, that nobody ticked) and by
  how specific it is in this directory (an audience few organizations reach says more than one
  half of them reach: its inverse frequency over the largest possible, 0 to 1, as a word's;
  reaching "children", whom hundreds of organizations reach, says little beside reaching
  "veterans"). The part
  is 0.7 x the best of these + COVERAGE (0.3) x their sum over the sum of the roles, so serving
  one audience of the goal well is already a strong fit and serving several is better. An
  organization serving a primary audience outranks one serving only a secondary one, and a shelter
  outranks a sports club for "teens experiencing homelessness". When the statement itself asks for
  a resource ("Fund two more public computers"), bringing it counts as reaching the goal (the part
  is at least the strength of that offer): a community foundation serves a funding goal. Only
  money, a room or a ride serve any goal from anyone (`GoalSpec.asked_from_anyone`); other asked
  resources count times how much the organization is about the goal (the best of `audience`,
  `mission` and `meaning`): "experienced mentors" for start-up owners are not any volunteers.
- `mission` (their words): BM25 relevance of the organization's words to the goal's words (its
  statement and description, widened with the thesaurus words of its audiences, each audience's
  words counted once per field at the best of them: `GoalSpec.audience_words`), summed over the
  fields with weights: the name 1.0, the texts staff wrote (mission, interests, needs, notes) 0.8,
  the NTEE title and keywords 0.6 and its description 0.2, the titles of its IRS activity codes
  0.3 ("Supplying money, goods or services to the poor"); the code suggested for an organization
  without one (learned from the names of those with one) counts × its probability; divided by the
  best in the directory,
  or by TEXT_FLOOR (0.35) of the sum of the goal's idf-weighted words when that is more (so weak
  matches stay weak when nothing matches well), and never by less than what one word of the goal
  would score in one organization's name (`one_word`): in a directory of a handful, where none of
  the statement's words is used, a thesaurus word of an audience ("seniors" in "Seniors Lunch")
  is not a full match.
- `resources`: share of the resources the goal needs and the library lacks that they offer, times
  how much they are about the goal (the best of `audience`, `mission` and `meaning`; not when none
  of those is known): bringing what the goal needs orders those who serve it and never lifts one
  that does not (an obedience training club offers training, not to a goal of naloxone training).
- `meaning`: closeness in meaning of their record to the goal (0..1, read by a sentence encoder:
  `matching.meaning`), given in `GoalSpec.meaning` for the candidates the app read it for; the
  others count 0, so it reorders those candidates and never lifts anyone above them. Left out
  when nothing was read.

**Practicality** (0..1): could it work? The weighted mean of `capacity` (staff's rating of question
4, else inferred from the income on their IRS filing), `reputation` and `risk` (ratings),
`reachability` (strength of the best introduction path) and `proximity` (1 in the library's town,
1 / (1 + miles / 15) elsewhere).

    score = 100 * relevance * (1 - PRACTICAL_SHARE + PRACTICAL_SHARE * practicality)

so practicality orders organizations that serve the goal but never lifts one that does not.

Unknowns. A part that is unknown for every organization (a goal without audiences; nobody offers a
needed resource; no rating anywhere; no distance known) is left out of its mean and reported as
missing. A rating or distance unknown for one organization counts as NEUTRAL (0.5), the middle, so
it neither lifts nor buries it; reachability unknown counts 0, so an organization without a known
path is never pushed above one with a path.

Feedback. Organizations marked "not a fit" for the goal are left out; every other one gains
FEEDBACK x (its similarity to the closest "good fit" minus its similarity to the closest "not a
fit"), on a vector of its words, NTEE code and audiences, added to its relevance (clipped to 0..1).

Ties (scores rounded to 9 decimals) are broken by evidence (how many parts are known and above 0),
then distance (nearest first, unknown last), then size (income, largest first, unknown last), then
name, then id, so the order never depends on the order of the input.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

PARTS = (
    "audience",
    "mission",
    "meaning",
    "resources",
    "capacity",
    "reputation",
    "risk",
    "reachability",
    "proximity",
)
RELEVANCE = ("audience", "mission", "resources", "meaning")
TOPICAL = ("audience", "mission", "meaning")  # the parts that say an organization is about the goal
PRACTICAL = ("capacity", "reputation", "risk", "reachability", "proximity")
# The recommended weights, chosen on the judged goals of `allies bench relevance` (eleven sets,
# each set's figure taken with weights chosen on the other ten; docs/benchmarks.md): what the goal
# says and means counts more than whom an organization reaches, as a broad audience ticked or named
# (children, older residents) otherwise fills the first places with whoever reaches it; capacity
# counts most of the practical parts, as income is the one most of a directory has. Resources keep
# 2 (1 scored a little higher): it is where what staff record that a partner offers counts, and at 1
# the library's own funders fell below strangers with a name close to "fund".
DEFAULT_WEIGHTS: dict[str, float] = {
    "audience": 1.0,
    "mission": 3.0,
    "resources": 2.0,
    "capacity": 3.0,
    "reputation": 1.0,
    "risk": 1.0,
    "reachability": 2.0,
    "proximity": 1.0,
    "meaning": 3.0,
}
NEUTRAL = 0.5
PRACTICAL_SHARE = 0.3
PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.25
# An audience only the statement's words name, nobody ticked, counts as a secondary one: "a cast
# from second-graders to retirees" says who takes part, not that the play is for older residents
# (on judged sets, councils on aging led an outdoor play's partners).
NAMED_WEIGHT = SECONDARY_WEIGHT
# No floor under an audience's specificity: one that hundreds reach (children, older residents)
# says little of any one of them, and a floor let it outweigh what the goal is about (on a judged
# set kept unseen, preschools above the humane societies for reading to therapy dogs).
SPECIFIC_FLOOR = 0.0
COVERAGE = 0.3
TEXT_FLOOR = 0.35
FEEDBACK = 0.3
LIKE_SHOWN = 0.25  # a marked organization is named as "like" it from this similarity on
# The IRS activity codes' titles weigh half the NTEE title: older, self-declared codes whose
# titles are short and broad ("Other school related activities").
BEST_OF_WORDS_KEPT = 16  # audiences' words whose best match is kept per directory
FIELD_WEIGHTS = {
    "name": 1.0,
    "text": 0.8,
    "activity": 0.3,
    "category": 0.6,
    "description": 0.2,
}
BM25_K1 = 1.2
BM25_B = 0.5
NEARBY_MILES = 15.0
DECIMALS = 9
SHARED_TERMS = 4


@dataclass
class Organizations:
    """A directory as plain lists and arrays, one entry per organization, in any order.

    `audiences` and `resources` are [organization id, term id, strength 0..1] rows; ratings,
    inferred capacity, distance (miles) and size (income) are NaN when unknown; `code_stems` and
    `code_description_stems` give the stems of each NTEE code's title and keywords, and of its
    description; `activity_stems` the stems of the titles of each organization's IRS activity
    codes (None: none known); `suggested_codes` the NTEE code suggested for each organization
    without one and its probability (None: none), whose words count × that probability."""

    ids: Sequence[int]
    labels: Sequence[str]
    name_stems: Sequence[Sequence[str]]
    text_stems: Sequence[Sequence[str]]
    ntee_codes: Sequence[str]
    audiences: np.ndarray | Sequence[Sequence[float]] = ()
    resources: np.ndarray | Sequence[Sequence[float]] = ()
    capacity: Sequence[float] | None = None
    capacity_inferred: Sequence[float] | None = None
    reputation: Sequence[float] | None = None
    risk: Sequence[float] | None = None
    distance: Sequence[float] | None = None
    size: Sequence[float] | None = None
    code_stems: Mapping[str, Sequence[str]] = field(default_factory=dict)
    code_description_stems: Mapping[str, Sequence[str]] = field(default_factory=dict)
    activity_stems: Sequence[Sequence[str]] | None = None
    suggested_codes: Sequence[tuple[str, float] | None] | None = None


@dataclass(frozen=True)
class GoalSpec:
    """What the engine needs to know about a goal (built by the app from a goals.Goal)."""

    primary_audiences: tuple[int, ...] = ()
    secondary_audiences: tuple[int, ...] = ()
    # Of the primary audiences, those only the statement's words name (nobody ticked them).
    named_audiences: tuple[int, ...] = ()
    needed_resources: tuple[int, ...] = ()
    library_resources: tuple[int, ...] = ()
    query: tuple[tuple[str, float], ...] = ()  # (stem, weight) of the goal's words
    related: tuple[tuple[int, int, float], ...] = ()  # (goal audience, related audience, factor)
    asked_resources: tuple[int, ...] = ()  # resources the statement asks for ("Fund ...")
    asked_from_anyone: tuple[int, ...] = ()  # of those, the ones anyone can bring (money)
    good: tuple[int, ...] = ()  # organizations marked a good fit
    bad: tuple[int, ...] = ()  # organizations marked not a fit: left out
    # (organization id, closeness in meaning 0..1) of the candidates whose meaning was read; the
    # others count 0 (never lifted above those read), and without any the part is left out.
    meaning: tuple[tuple[int, float], ...] = ()
    # Stems of the statement's words said around what it is about (the farthest from its
    # meaning: "come", "asked"): they count, and are never quoted as a reason.
    around: tuple[str, ...] = ()
    # The thesaurus's words of each of the goal's audiences that the statement does not say as
    # strongly itself, with their weight: (stems, weight) for each audience. In the words part an
    # audience's words count once in each field of a record, at the best of them, as one word
    # of the statement would: the list for children has "child", "children", "childcare" and
    # "preschool", and a day care's name has three of them where a science club's has one.
    # Their stems are in `query` too, at that weight (what a reason may quote).
    audience_words: tuple[tuple[tuple[str, ...], float], ...] = ()


@dataclass(frozen=True)
class Fit:
    """The fit of one organization for one goal, with what it rests on."""

    organization_id: int
    score: float  # 0..100
    relevance: float  # 0..1
    practicality: float | None  # 0..1, None when no practical part is known for the goal
    parts: dict[str, float | None]  # each 0..1, None when unknown
    matched_primary: tuple[int, ...] = ()
    matched_secondary: tuple[int, ...] = ()
    related_audiences: tuple[tuple[int, int], ...] = ()  # (goal audience, the one they reach)
    matched_resources: tuple[int, ...] = ()
    supplied_asked: tuple[int, ...] = ()  # resources the statement asks for that they bring
    matched_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> stems
    matched_code: str = ""  # the code whose words matched (their own, 501(c)(NN) or suggested)
    capacity_from: str = ""  # "rating", "income" or ""
    distance: float | None = None
    like_good: int | None = None  # the closest organization marked a good fit
    like_bad: int | None = None  # the closest organization marked not a fit
    evidence: int = 0
    missing: tuple[str, ...] = ()


def _floats(values, n: int, name: str) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if len(array) != n:
        raise ValueError(f"{name} has {len(array)} values for {n} organizations")
    return array


def _triples(rows) -> np.ndarray:
    array = np.asarray(rows, dtype=np.float64)
    return array.reshape(-1, 3) if array.size else np.empty((0, 3))


def _bm25(docs: Sequence[Sequence[str]], vocabulary: dict[str, int]):
    """BM25 term weights (without idf) of each document as (rows, columns, values, count); the
    columns are stems, numbered in `vocabulary` as they are met."""
    rows: list[int] = []
    columns: list[int] = []
    counts: list[int] = []
    lengths = np.zeros(len(docs))
    for row, stems in enumerate(docs):
        lengths[row] = len(stems)
        seen: dict[int, int] = {}
        for stem in stems:
            column = vocabulary.setdefault(stem, len(vocabulary))
            seen[column] = seen.get(column, 0) + 1
        rows.extend([row] * len(seen))
        columns.extend(seen)
        counts.extend(seen.values())
    average = lengths.mean() if len(lengths) and lengths.mean() > 0 else 1.0
    tf = np.asarray(counts, dtype=np.float64)
    row_array = np.asarray(rows, dtype=np.int64)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[row_array] / average)
    data = tf * (BM25_K1 + 1) / (tf + norm) if len(tf) else tf
    return row_array, np.asarray(columns, dtype=np.int64), data, len(docs)


class DirectoryFeatures:
    """The directory of one library as arrays, ready to be ranked against any goal."""

    def __init__(self, organizations: Organizations) -> None:
        ids = np.asarray(organizations.ids, dtype=np.int64).reshape(-1)
        n = len(ids)
        if len(np.unique(ids)) != n:
            raise ValueError("organization ids must be distinct")
        for name in ("labels", "name_stems", "text_stems", "ntee_codes"):
            if len(getattr(organizations, name)) != n:
                raise ValueError(f"{name} has {len(getattr(organizations, name))} entries for {n}")
        self.organization_ids = ids
        order = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[order]
        self._rows_of = order.astype(np.int64)
        self.labels = list(organizations.labels)
        # Each row's place in the order of the names (casefolded), once: ties are broken by name
        # on every ranking, and casefolding thousands of names per request is most of the sort.
        # Equal names share a place, so the order never depends on the order of the input.
        folded = np.array([label.casefold() for label in self.labels] or [""], dtype=object)
        self.label_rank = np.unique(folded, return_inverse=True)[1].reshape(-1)[:n]
        self.label_rank = self.label_rank.astype(np.int64)

        # Words: one vocabulary for every field.
        self.vocabulary: dict[str, int] = {}
        name = _bm25(organizations.name_stems, self.vocabulary)
        text = _bm25(organizations.text_stems, self.vocabulary)
        activity_stems = organizations.activity_stems
        if activity_stems is None:
            activity_stems = [()] * n
        elif len(activity_stems) != n:
            raise ValueError(f"activity_stems has {len(activity_stems)} entries for {n}")
        activity = _bm25(activity_stems, self.vocabulary)
        suggested = organizations.suggested_codes
        if suggested is None:
            suggested = [None] * n
        elif len(suggested) != n:
            raise ValueError(f"suggested_codes has {len(suggested)} entries for {n}")
        codes = sorted(
            {code for code in organizations.ntee_codes if code}
            | {found[0] for found in suggested if found}
        )
        self.code_index = {code: i for i, code in enumerate(codes)}
        self.code_names = codes
        category = _bm25(
            [organizations.code_stems.get(code, ()) for code in codes], self.vocabulary
        )
        description = _bm25(
            [organizations.code_description_stems.get(code, ()) for code in codes],
            self.vocabulary,
        )
        width = len(self.vocabulary)
        self.fields = {
            "name": _widen(name, width),
            "text": _widen(text, width),
            "activity": _widen(activity, width),
        }
        self.code_fields = {
            "category": _widen(category, width),
            "description": _widen(description, width),
        }
        # Each organization's code (1), or the code suggested for it (its probability).
        code_rows, code_columns, code_values = [], [], []
        for row, code in enumerate(organizations.ntee_codes):
            if code:
                code_rows.append(row)
                code_columns.append(self.code_index[code])
                code_values.append(1.0)
        for row, found in enumerate(suggested):
            if found:
                code_rows.append(row)
                code_columns.append(self.code_index[found[0]])
                code_values.append(float(found[1]))
        self.codes = sp.csr_matrix(
            (code_values, (code_rows, code_columns)), shape=(n, len(codes)), dtype=np.float64
        )
        self.codes.sort_indices()
        # Document frequency over organizations (a code's words count for each of its members).
        present = sum((matrix > 0).astype(np.float64) for matrix in self.fields.values())
        per_code = (self.code_fields["category"] > 0).astype(np.float64) + (
            self.code_fields["description"] > 0
        ).astype(np.float64)
        present = present + self.codes @ per_code
        df = np.asarray((present > 0).sum(axis=0)).reshape(-1)
        self.document_frequency = df  # organizations using each stem, in any field
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)) if n else np.zeros(width)

        # Audiences and resources reached or offered, with how sure we are.
        self.audiences, self.audience_ids = _term_matrix(self, _triples(organizations.audiences))
        self.resources, self.resource_ids = _term_matrix(self, _triples(organizations.resources))
        # How many organizations surely reach each audience (its specificity is read from the
        # others: an organization's own tag never makes its audience look common to itself).
        self.audience_reached = np.asarray((self.audiences >= 0.5).sum(axis=0)).reshape(-1)
        reached = self.audience_reached
        self.audience_idf = np.log((n + 1.0) / (1.0 + reached)) if n else reached * 0.0

        self.capacity = np.clip(_floats(organizations.capacity, n, "capacity"), 0, 1)
        self.capacity_inferred = np.clip(
            _floats(organizations.capacity_inferred, n, "capacity_inferred"), 0, 1
        )
        self.reputation = np.clip(_floats(organizations.reputation, n, "reputation"), 0, 1)
        self.risk = np.clip(_floats(organizations.risk, n, "risk"), 0, 1)
        self.distance = _floats(organizations.distance, n, "distance")
        self.size = _floats(organizations.size, n, "size")

        # What does not depend on the goal, once: the columns of the audiences for reading one
        # audience at a time, the practical parts as values (NaN unknown) and filled with the
        # neutral value, the terms by column.
        self.audiences_by_column = self.audiences.tocsc()
        self.fields_by_column = {name: matrix.tocsc() for name, matrix in self.fields.items()}
        self.code_fields_by_column = {
            name: matrix.tocsc() for name, matrix in self.code_fields.items()
        }
        self._best_of_words: dict[tuple[tuple[str, ...], float], np.ndarray | None] = {}
        self.resources_by_column = self.resources.tocsc()
        self.terms = np.array(list(self.vocabulary), dtype=object)
        self.practical: dict[str, np.ndarray | None] = {}
        self.practical_filled: dict[str, np.ndarray] = {}
        for part in ("capacity", "reputation", "risk", "proximity"):
            values = features_column(self, part)
            if part == "proximity":
                values = 1.0 / (1.0 + np.maximum(values, 0.0) / NEARBY_MILES)
            known = not np.isnan(values).all()
            self.practical[part] = values if known else None
            if known:
                self.practical_filled[part] = np.where(np.isnan(values), NEUTRAL, values)

        # Similarity for feedback: words, NTEE code and audiences, each row of unit length.
        words = _unit_rows(self.fields["name"] + self.fields["text"])
        self.similarity = _unit_rows(
            sp.hstack([words * 0.7, _unit_rows(self.codes) * 0.4, _unit_rows(self.audiences) * 0.6])
        ).tocsr()

    @classmethod
    def build(cls, organizations: Organizations) -> DirectoryFeatures:
        return cls(organizations)

    def __len__(self) -> int:
        return len(self.organization_ids)

    def best_of_words(self, stems: tuple[str, ...], weight: float) -> np.ndarray | None:
        """What one audience's words (each at `weight` times its idf) bring to each
        organization's words part: in each field, the best of them (GoalSpec.audience_words);
        None when the directory uses none of them. Kept for the last BEST_OF_WORDS_KEPT
        audiences: a page ranks its goal four times, with the same words."""
        key = (stems, weight)
        if key in self._best_of_words:
            return self._best_of_words[key]
        found = (self.vocabulary.get(stem) for stem in stems)
        columns = np.asarray(sorted({c for c in found if c is not None}), dtype=np.int64)
        total = None
        if len(columns):
            factors = self.idf[columns] * weight
            total = np.zeros(len(self))
            for name, matrix in self.fields_by_column.items():
                total += FIELD_WEIGHTS[name] * _best_in_columns(matrix, columns, factors)
            for name, matrix in self.code_fields_by_column.items():
                best = _best_in_columns(matrix, columns, factors)
                total += FIELD_WEIGHTS[name] * (self.codes @ best)
            total.flags.writeable = False
        if len(self._best_of_words) >= BEST_OF_WORDS_KEPT:
            self._best_of_words.pop(next(iter(self._best_of_words)), None)
        self._best_of_words[key] = total
        return total

    def reached(self, audience: int) -> int:
        """How many organizations surely reach an audience (0 for one nobody reaches)."""
        column = _column(self.audience_ids, audience)
        return int(self.audience_reached[column]) if column >= 0 else 0

    def rows(self, organization_ids) -> np.ndarray:
        """Rows of the given organization ids, -1 for ids not in the directory."""
        return _rows_for(self._rows_of, self._sorted_ids, np.asarray(organization_ids))

    def query_vector(self, query: Sequence[tuple[str, float]]) -> np.ndarray | None:
        """idf-weighted vector of a goal's words over the vocabulary; None when none is known."""
        vector = np.zeros(len(self.vocabulary))
        for stem, weight in query:
            column = self.vocabulary.get(stem)
            if column is not None:
                vector[column] = max(vector[column], float(weight))
        vector *= self.idf
        return vector if vector.any() else None


def _widen(parts, width: int) -> sp.csr_matrix:
    rows, columns, data, count = parts
    matrix = sp.csr_matrix((data, (rows, columns)), shape=(count, width))
    matrix.sort_indices()
    return matrix


def _unit_rows(matrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).reshape(-1))
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def _rows_for(rows_of: np.ndarray, sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    if len(sorted_ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    position = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    found = sorted_ids[position] == ids
    return np.where(found, rows_of[position], -1).astype(np.int64)


def _term_matrix(features: DirectoryFeatures, triples: np.ndarray):
    """(n organizations x distinct terms) of strengths (the strongest of duplicate rows)."""
    n = len(features.organization_ids)
    rows = features.rows(triples[:, 0].astype(np.int64)) if len(triples) else np.zeros(0, int)
    keep = rows >= 0
    rows, terms = rows[keep], triples[keep, 1].astype(np.int64)
    strength = np.clip(triples[keep, 2], 0.0, 1.0)
    term_ids, columns = np.unique(terms, return_inverse=True)
    # The strongest value for each (row, term): sort so the strongest comes last, then keep it.
    order = np.lexsort((strength, columns.reshape(-1), rows))
    matrix = sp.csr_matrix((n, len(term_ids)))
    if len(order):
        r, c, s = rows[order], columns.reshape(-1)[order], strength[order]
        last = np.r_[(r[1:] != r[:-1]) | (c[1:] != c[:-1]), True]
        matrix = sp.csr_matrix((s[last], (r[last], c[last])), shape=(n, len(term_ids)))
    matrix.sort_indices()
    return matrix, term_ids.astype(np.int64)


def _dense_column(matrix: sp.csc_matrix, column: int, count: int) -> np.ndarray:
    if column < 0:
        return np.zeros(count)
    return np.asarray(matrix[:, column].todense()).reshape(-1)


def _column(term_ids: np.ndarray, term: int) -> int:
    position = int(np.searchsorted(term_ids, term))
    return position if position < len(term_ids) and term_ids[position] == term else -1


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    checked = {}
    for part in PARTS:
        value = float(weights.get(part, 0.0))
        if not value >= 0.0 or math.isinf(value):
            raise ValueError(f"weight of {part} must be a number >= 0, not {value}")
        checked[part] = value
    return checked


def one_word(count: int) -> float:
    """What one word of a goal's statement (weight 1) scores in the name of one organization of
    `count` (a name of average length; the word's idf as for a word only that one uses).

    The least the words part is divided by: in a directory of thousands the best match is always
    more (on the judged sets it never binds), in one of three it keeps a thesaurus word of a
    secondary audience from counting as the best match there could be."""
    if count <= 0:
        return 0.0
    return FIELD_WEIGHTS["name"] * float(np.log(1.0 + (count - 0.5) / 1.5))


def _about_the_goal(parts: dict[str, np.ndarray | None]) -> np.ndarray | None:
    """How much each organization is about the goal: the best of its topical parts, counting
    only the parts that say so of someone (a part that is 0 everywhere says nothing); None when
    none does."""
    telling = [
        values
        for values in (parts[name] for name in TOPICAL)
        if values is not None and values.any()
    ]
    return np.max(telling, axis=0) if telling else None


def _mean(parts: dict[str, np.ndarray | None], names, weight, count: int, filled=None):
    """Weighted mean of the known parts (NaN -> NEUTRAL, or 0 for reachability); None when no
    part is known. `filled` may give parts with their unknowns already replaced."""
    total = np.zeros(count)
    weights = 0.0
    for part in names:
        values = parts.get(part)
        if values is None or weight[part] == 0.0:
            continue
        if filled is not None and part in filled:
            total += weight[part] * filled[part]
        else:
            neutral = 0.0 if part == "reachability" else NEUTRAL
            total += weight[part] * np.where(np.isnan(values), neutral, values)
        weights += weight[part]
    return total / weights if weights else None


@dataclass
class _Whole:
    """A goal's parts that do not depend on reachability, over every row of the directory."""

    parts: dict[str, np.ndarray | None]
    relevance: np.ndarray
    effective: dict[int, np.ndarray]
    supplies: np.ndarray | None
    about: np.ndarray | None  # how much each is about the goal, when an asked resource needs it
    like_good: tuple[np.ndarray, np.ndarray] | None
    like_bad: tuple[np.ndarray, np.ndarray] | None
    rows: np.ndarray | None


class _Computed:
    """Every part for the selected rows, as arrays (NaN = unknown for that organization)."""

    def __init__(self, features, goal, weights, reachability, rows) -> None:
        self.features = features
        self.goal = goal
        count = len(features)
        weight = _check_weights(weights)
        self.weight = weight

        parts: dict[str, np.ndarray | None] = {}
        # audience -------------------------------------------------------------------------
        roles: dict[int, float] = {int(a): SECONDARY_WEIGHT for a in goal.secondary_audiences}
        named = {int(a) for a in goal.named_audiences}
        roles.update(
            {
                int(a): NAMED_WEIGHT if int(a) in named else PRIMARY_WEIGHT
                for a in goal.primary_audiences
            }
        )
        self.primary = {int(a) for a in goal.primary_audiences}
        self.secondary = set(roles) - self.primary
        self.related: dict[int, list[tuple[int, float]]] = {}
        for audience, other, factor in goal.related:
            if int(audience) in roles and int(other) not in roles:
                self.related.setdefault(int(audience), []).append((int(other), float(factor)))
        reach = features.audiences_by_column
        self.effective: dict[int, np.ndarray] = {}
        if roles:
            # Specificity against an audience nobody else reaches (the most specific there can
            # be), counting the other organizations only: a tag on this organization never lowers
            # its own fit, and no audience's specificity depends on another audience's count.
            top_idf = float(np.log(count + 1.0)) if count else 0.0
            total = np.zeros(count)
            best_one = np.zeros(count)
            weights = 0.0
            for audience, role in sorted(roles.items()):
                column = _column(features.audience_ids, audience)
                best = _dense_column(reach, column, count)
                specific: np.ndarray | float = 1.0
                if column >= 0 and top_idf > 0:
                    others = features.audience_reached[column] - (best >= 0.5)
                    specific = (
                        SPECIFIC_FLOOR
                        + (1 - SPECIFIC_FLOOR) * np.log((count + 1.0) / (1.0 + others)) / top_idf
                    )
                for other, factor in self.related.get(audience, ()):
                    near = _dense_column(reach, _column(features.audience_ids, other), count)
                    best = np.maximum(best, factor * near)
                self.effective[audience] = best
                total += role * specific * best
                weights += role
                best_one = np.maximum(best_one, role * specific * best)
            parts["audience"] = (1 - COVERAGE) * best_one + COVERAGE * total / weights
        else:
            parts["audience"] = None
        # mission: their words ---------------------------------------------------------------
        self.query = features.query_vector(goal.query)
        self.quoted = self.query  # what a reason may quote: the words, without those around
        if self.query is not None and goal.around:
            self.quoted = self.query.copy()
            for stem in goal.around:
                column = features.vocabulary.get(stem)
                if column is not None:
                    self.quoted[column] = 0.0
        if self.query is not None:
            said = self.query  # the words counted one by one: all but the audiences' words
            if goal.audience_words:
                said = self.query.copy()
                for stems, _weight in goal.audience_words:
                    for stem in stems:
                        if (column := features.vocabulary.get(stem)) is not None:
                            said[column] = 0.0
            text = np.zeros(count)
            for name, matrix in features.fields.items():
                text += FIELD_WEIGHTS[name] * (matrix @ said)
            for name, matrix in features.code_fields.items():
                text += FIELD_WEIGHTS[name] * (features.codes @ (matrix @ said))
            for stems, each in goal.audience_words:
                best = features.best_of_words(stems, each)
                if best is not None:
                    text += best
            # Divided by the best in the directory, but never by less than TEXT_FLOOR of what an
            # organization naming every word of the goal would score: when nobody's words match
            # much, nobody's words count much.
            reference = max(
                float(text.max()) if count else 0.0,
                TEXT_FLOOR * float(self.query.sum()),
                one_word(count),
            )
            parts["mission"] = (
                np.minimum(text / reference, 1.0) if reference > 0 else np.zeros(count)
            )
        else:
            parts["mission"] = None
        # resources ----------------------------------------------------------------------------
        self.lacking = {int(r) for r in goal.needed_resources} - {
            int(r) for r in goal.library_resources
        }
        columns = [c for c in (_column(features.resource_ids, r) for r in self.lacking) if c >= 0]
        parts["resources"] = None
        if self.lacking and columns:
            values = np.zeros(count)
            for column in columns:
                values += _dense_column(features.resources_by_column, column, count)
            if values.any():
                parts["resources"] = values / len(self.lacking)
        # meaning: closeness of their record to the goal, read for the best candidates -----------
        parts["meaning"] = None
        if goal.meaning:
            values = np.zeros(count)
            found = np.asarray(goal.meaning, dtype=np.float64).reshape(-1, 2)
            where = features.rows(found[:, 0].astype(np.int64))
            known = where >= 0
            values[where[known]] = np.clip(found[known, 1], 0.0, 1.0)
            # Read for nobody in this directory: not read at all (it must not gate resources).
            parts["meaning"] = values if known.any() else None
        # A goal that asks for a resource in its statement ("Fund two more computers") is
        # served by whoever brings it, whoever they reach: a funder counts as reaching the goal.
        # Money, a room or a ride serve any goal from anyone; other asked resources (volunteers,
        # goods) count as much as the organization is about the goal (its words, meaning or
        # audience): the fire department's volunteers are not mentors for start-up owners.
        asked = {int(r) for r in goal.asked_resources} - {int(r) for r in goal.library_resources}
        anyone = {int(r) for r in goal.asked_from_anyone}
        self.asked = asked
        self.anyone = anyone
        self.supplies = None
        self.about: np.ndarray | None = None
        if parts["audience"] is not None and asked:
            about = _about_the_goal(parts)
            self.about = np.zeros(count) if about is None else about
            supplies = np.zeros(count)
            for resource in sorted(asked):
                column = _column(features.resource_ids, resource)
                offer = _dense_column(features.resources_by_column, column, count)
                supplies = np.maximum(supplies, offer if resource in anyone else offer * self.about)
            self.supplies = supplies
            parts["audience"] = np.maximum(parts["audience"], supplies)
        # What they offer counts as much as they are about the goal: a dog obedience club offers
        # training, but not to a goal of naloxone training. Only parts that say so of someone
        # count (a part that is 0 everywhere says nothing); left alone when none does, as for a
        # goal known only by the resources it needs.
        topical = _about_the_goal(parts) if parts["resources"] is not None else None
        if topical is not None:
            parts["resources"] = parts["resources"] * topical
        # practicality ---------------------------------------------------------------------------
        parts.update(features.practical)
        relevance = _mean(parts, RELEVANCE, weight, count)
        relevance = np.zeros(count) if relevance is None else relevance
        # feedback ---------------------------------------------------------------------------
        self.like_good = self.like_bad = None
        good = features.rows(np.asarray(goal.good, dtype=np.int64))
        bad = features.rows(np.asarray(goal.bad, dtype=np.int64))
        good, bad = good[good >= 0], bad[bad >= 0]
        if len(good) or len(bad):
            shift = np.zeros(count)
            if len(good):
                similar = np.asarray((features.similarity @ features.similarity[good].T).todense())
                shift += similar.max(axis=1)
                self.like_good = (good[similar.argmax(axis=1)], similar.max(axis=1))
            if len(bad):
                similar = np.asarray((features.similarity @ features.similarity[bad].T).todense())
                shift -= similar.max(axis=1)
                self.like_bad = (bad[similar.argmax(axis=1)], similar.max(axis=1))
            relevance = np.clip(relevance + FEEDBACK * shift, 0.0, 1.0)
        # What does not depend on reachability, over every row: a second pass with the paths
        # of the first pass's candidates (`with_reachability`) starts from here.
        self._whole = _Whole(
            parts=parts,
            relevance=relevance,
            effective=self.effective,
            supplies=self.supplies,
            about=self.about,
            like_good=self.like_good,
            like_bad=self.like_bad,
            rows=rows,
        )
        self._finish(reachability)

    def with_reachability(self, reachability: Mapping[int, float] | None) -> _Computed:
        """The same goal with other reachability values, without computing relevance again."""
        again = copy.copy(self)
        again._finish(reachability)
        return again

    def _finish(self, reachability: Mapping[int, float] | None) -> None:
        features, weight, whole = self.features, self.weight, self._whole
        count, rows = len(features), whole.rows
        parts = dict(whole.parts)
        relevance = whole.relevance
        if reachability is None:
            parts["reachability"] = None
        else:
            values = np.full(count, np.nan)
            if reachability:
                ids = np.fromiter(reachability.keys(), dtype=np.int64, count=len(reachability))
                strength = np.fromiter(
                    reachability.values(), dtype=np.float64, count=len(reachability)
                )
                where = features.rows(ids)
                known = where >= 0
                values[where[known]] = np.clip(strength[known], 0.0, 1.0)
            parts["reachability"] = values
        practicality = _mean(parts, PRACTICAL, weight, count, features.practical_filled)
        factor = (
            1.0 if practicality is None else 1 - PRACTICAL_SHARE + PRACTICAL_SHARE * practicality
        )
        scores = np.round(np.clip(100.0 * relevance * factor, 0.0, 100.0), DECIMALS)
        evidence = np.zeros(count, dtype=np.int64)
        for part in PARTS:
            known = parts.get(part)
            if known is not None and weight[part]:
                evidence += known > 0  # False for NaN

        # The selected rows only, from here on (no copy when every row is selected).
        self.rows = rows if rows is not None else np.arange(count, dtype=np.int64)

        def keep(values):
            return values if rows is None or values is None else values[rows]

        self.parts = {part: keep(values) for part, values in parts.items()}
        self.effective = {audience: keep(values) for audience, values in whole.effective.items()}
        self.supplies = keep(whole.supplies)
        self.about = keep(whole.about)
        self.relevance = keep(relevance)
        self.practicality = keep(practicality)
        self.scores = keep(scores)
        self.evidence = keep(evidence)
        self.ids = keep(features.organization_ids)
        for name in ("like_good", "like_bad"):
            found = getattr(whole, name)
            setattr(self, name, None if found is None else (keep(found[0]), keep(found[1])))

    def order(self, top: int | None, among: np.ndarray | None = None) -> np.ndarray:
        """Positions (into self.rows) of the best `top`, best first (see the module's ties), of
        all or of these positions."""
        if top is not None and top <= 0:
            return np.zeros(0, dtype=np.int64)
        candidates = np.arange(len(self.scores)) if among is None else among
        count = len(candidates)
        if top is not None and top < count:
            # Everything scoring at least the top-th best score, ties included, then sort those.
            scores = self.scores[candidates]
            threshold = np.partition(scores, count - top)[count - top]
            candidates = candidates[scores >= threshold]
        features = self.features
        rows = self.rows[candidates]
        distance = features.distance[rows]
        size = features.size[rows]
        keys = [
            self.ids[candidates],
            features.label_rank[rows],
            np.where(np.isnan(size), np.inf, -size),
            np.where(np.isnan(distance), np.inf, distance),
            -self.evidence[candidates],
            -self.scores[candidates],
        ]
        ordered = candidates[np.lexsort(keys)]
        return ordered if top is None else ordered[:top]

    def fit(self, position: int) -> Fit:
        """The full explanation of one selected row."""
        features, row = self.features, int(self.rows[position])
        parts: dict[str, float | None] = {}
        missing = []
        for part in PARTS:
            values = self.parts.get(part)
            value = None if values is None else float(values[position])
            if value is None or math.isnan(value):
                parts[part] = None
                if self.weight[part]:
                    missing.append(part)
            else:
                parts[part] = value
        theirs = _row_terms(features.audiences, features.audience_ids, row)
        reached = set()
        related = []
        for audience, values in self.effective.items():
            if theirs.get(audience, 0.0) > 0:
                reached.add(audience)
            elif values[position] > 0:
                for other, _factor in self.related.get(audience, ()):
                    if theirs.get(other, 0.0) > 0:
                        related.append((audience, other))
                        break
        offers = _row_terms(features.resources, features.resource_ids, row)
        offered = tuple(sorted(r for r in self.lacking if offers.get(r, 0.0) > 0))
        supplied = tuple(
            sorted(
                r
                for r in self.asked
                if offers.get(r, 0.0) > 0
                and (r in self.anyone or (self.about is not None and self.about[position] > 0))
            )
        )
        matched: dict[str, tuple[str, ...]] = {}
        matched_code = ""
        if self.query is not None:
            for name, matrix in features.fields.items():
                matched[name] = _top_terms(matrix, row, self.quoted, features.terms)
            # Of an organization's codes (its own, its 501(c) subsection, the one suggested for
            # it), the one whose words match the goal best.
            start, end = features.codes.indptr[row], features.codes.indptr[row + 1]
            best = 0.0
            for code, weight in zip(
                features.codes.indices[start:end], features.codes.data[start:end], strict=True
            ):
                found = {
                    name: _top_terms(matrix, int(code), self.quoted, features.terms)
                    for name, matrix in features.code_fields.items()
                }
                strength = weight * sum(
                    FIELD_WEIGHTS[name] * _row_dot(matrix, int(code), self.query)
                    for name, matrix in features.code_fields.items()
                )
                if matched_code == "" or strength > best:
                    best, matched_code = strength, features.code_names[int(code)]
                    matched.update(found)
        capacity_from = ""
        if not math.isnan(features.capacity[row]):
            capacity_from = "rating"
        elif not math.isnan(features.capacity_inferred[row]):
            capacity_from = "income"
        distance = float(features.distance[row])

        def closest(found):
            if found is None:
                return None
            rows_of, similarity = found
            if similarity[position] < LIKE_SHOWN or int(rows_of[position]) == row:
                return None
            return int(features.organization_ids[int(rows_of[position])])

        practicality = None if self.practicality is None else float(self.practicality[position])
        return Fit(
            organization_id=int(features.organization_ids[row]),
            score=float(self.scores[position]),
            relevance=float(self.relevance[position]),
            practicality=practicality,
            parts=parts,
            matched_primary=tuple(sorted(reached & self.primary)),
            matched_secondary=tuple(sorted(reached & self.secondary)),
            related_audiences=tuple(related),
            matched_resources=offered,
            supplied_asked=supplied,
            matched_stems=matched,
            matched_code=matched_code,
            capacity_from=capacity_from,
            distance=None if math.isnan(distance) else distance,
            like_good=closest(self.like_good),
            like_bad=closest(self.like_bad),
            evidence=int(self.evidence[position]),
            missing=tuple(missing),
        )


def features_column(features: DirectoryFeatures, part: str) -> np.ndarray:
    """The whole directory's values behind a practical part (to know if any is known)."""
    if part == "capacity":
        return np.where(np.isnan(features.capacity), features.capacity_inferred, features.capacity)
    if part == "proximity":
        return features.distance
    return getattr(features, part)


def _row_terms(matrix: sp.csr_matrix, term_ids: np.ndarray, row: int) -> dict[int, float]:
    """term id -> value of one row of a CSR matrix of terms."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return dict(
        zip(
            term_ids[matrix.indices[start:end]].tolist(),
            matrix.data[start:end].tolist(),
            strict=True,
        )
    )


def _best_in_columns(matrix: sp.csc_matrix, columns: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """For each row, the largest of its values in these columns, each times its factor."""
    starts, ends = matrix.indptr[columns], matrix.indptr[columns + 1]
    rows = np.concatenate([matrix.indices[a:b] for a, b in zip(starts, ends, strict=True)])
    values = np.concatenate(
        [matrix.data[a:b] * f for a, b, f in zip(starts, ends, factors, strict=True)]
    )
    best = np.zeros(matrix.shape[0])
    np.maximum.at(best, rows, values)
    return best


def _row_dot(matrix: sp.csr_matrix, row: int, vector: np.ndarray) -> float:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return float(matrix.data[start:end] @ vector[matrix.indices[start:end]])


def _top_terms(matrix: sp.csr_matrix, row: int, query: np.ndarray, terms: np.ndarray):
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    columns = matrix.indices[start:end]
    contribution = matrix.data[start:end] * query[columns]
    positive = np.flatnonzero(contribution > 0)
    if not len(positive):
        return ()
    best = positive[np.lexsort((columns[positive], -contribution[positive]))]
    return tuple(terms[c] for c in columns[best[:SHARED_TERMS]])


def _selected_rows(features: DirectoryFeatures, goal: GoalSpec, only) -> np.ndarray | None:
    rows = None
    if only is not None:
        rows = features.rows(np.asarray(only, dtype=np.int64))
        rows = np.unique(rows[rows >= 0])
    if goal.bad:
        bad = features.rows(np.asarray(goal.bad, dtype=np.int64))
        base = np.arange(len(features)) if rows is None else rows
        rows = np.setdiff1d(base, bad[bad >= 0])
    return rows


class Ranked(Sequence):
    """Every selected organization in ranked order, each Fit made when it is first read: a page
    of fifty explains fifty, not the whole directory."""

    def __init__(self, computed: _Computed, order: np.ndarray) -> None:
        self._computed = computed
        self._order = order
        self._fits: dict[int, Fit] = {}

    def __len__(self) -> int:
        return len(self._order)

    def _fit(self, index: int) -> Fit:
        if index not in self._fits:
            self._fits[index] = self._computed.fit(int(self._order[index]))
        return self._fits[index]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._fit(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._fit(index)

    def with_reachability(
        self, reachability: Mapping[int, float] | None, top: int | None = None
    ) -> Ranked:
        """The same ranking with the strength of the best introduction path to some
        organizations: relevance is not computed again, only practicality and the order."""
        computed = self._computed.with_reachability(reachability)
        return Ranked(computed, computed.order(top))

    @property
    def organization_ids(self) -> list[int]:
        """The ids in ranked order, without explaining anyone."""
        return [int(i) for i in self._computed.ids[self._order]]

    def best_of(self, organization_ids, top: int) -> list[int]:
        """The ids of the best `top` of these organizations (those this ranking selected), best
        first, from the same scores: as ranking again with `only` would, without computing
        them again."""
        computed = self._computed
        among = np.flatnonzero(np.isin(computed.ids, np.asarray(organization_ids, dtype=np.int64)))
        return [int(i) for i in computed.ids[computed.order(top, among)]]


def ranked(
    features: DirectoryFeatures,
    goal: GoalSpec,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    reachability: Mapping[int, float] | None = None,
    only: np.ndarray | Sequence[int] | None = None,
    top: int | None = None,
) -> Ranked:
    """`rank` as a lazy sequence (for pages of a long ranking)."""
    computed = _Computed(
        features, goal, weights, reachability, _selected_rows(features, goal, only)
    )
    return Ranked(computed, computed.order(top))


def rank(
    features: DirectoryFeatures,
    goal: GoalSpec,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    reachability: Mapping[int, float] | None = None,
    only: np.ndarray | Sequence[int] | None = None,
    top: int | None = 20,
) -> list[Fit]:
    """The organizations best suited to the goal, best first (see the module docstring for ties).

    `reachability` maps organization id to the strength (0..1) of its best introduction path;
    None means paths were not computed (the part is left out), an absent id means no known path.
    `only` restricts the ranking to those organization ids; organizations marked not a fit are
    always left out; `top` None returns every organization.
    """
    computed = _Computed(
        features, goal, weights, reachability, _selected_rows(features, goal, only)
    )
    return [computed.fit(int(position)) for position in computed.order(top)]


def scores(
    features: DirectoryFeatures,
    goal: GoalSpec,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    reachability: Mapping[int, float] | None = None,
) -> np.ndarray:
    """Score of every organization, in the row order of `features.organization_ids`."""
    return _Computed(features, goal, weights, reachability, None).scores


def score(
    features: DirectoryFeatures,
    goal: GoalSpec,
    organization_id: int,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    reachability: Mapping[int, float] | None = None,
) -> Fit:
    """The fit of one organization, among all of the directory; KeyError when it is not there."""
    row = features.rows(np.array([organization_id], dtype=np.int64))[0]
    if row < 0:
        raise KeyError(organization_id)
    computed = _Computed(features, goal, weights, reachability, np.array([row], dtype=np.int64))
    return computed.fit(0)
