"""The fit engine: how well each organization of a directory suits a goal, as a score from 0 to 100.

Plain Python on arrays, no Django. The app layer loads the library's directory once into a
`DirectoryFeatures` (boolean sparse matrices of audiences and resources, a TF-IDF matrix of the
organizations' missions, and the answered ratings), caches it, and calls `rank` or `score` with a
`GoalSpec` built from the goal.

The parts of a fit, each between 0 and 1:

- audience: weighted share of the goal's audiences the organization reaches, primary audiences
  counting 1.0 and secondary ones 0.5 (an audience named both ways counts as primary). 0 when it
  reaches none of them.
- mission: cosine similarity between the TF-IDF vector of the organization's mission (or NTEE
  description) and that of the goal's text (library mission plus goal statement).
- resources: share of the resources the goal needs *and the library lacks* that the organization
  offers.
- capacity, reputation, risk: the answered ratings scaled to 0..1 (risk: 1 = low risk, good).
- reachability: strength of the best introduction path, 0..1, given per organization by the caller.

Unknown information, two kinds:

- Unknown for the goal (it names no audience; it needs no resource the library lacks; its text has
  no word the directory uses; no reachability was computed at all): the part would be the same for
  every organization, so it is left out of the weighted mean altogether and reported as missing.
- Unknown for one organization: the part counts at `NEUTRAL[part]` and is reported as missing.
  Ratings (capacity, reputation, risk) count at 0.5, the middle of the scale, so that an unanswered
  question neither ranks an organization first nor buries it. Reachability and mission count at 0:
  an organization with no known introduction path is never pushed above one with a known path, and
  one with no words to compare is not credited with an overlap it might not have. So a reachability
  of 0 and an absent one score the same, and any higher value scores higher.

Score = 100 * sum(weight * part) / sum(weight) over the parts taken into account (0 when no weight
is left). Scores are rounded to 9 decimals so that equal fits compare equal; ties are broken by
organization id ascending, so the result is deterministic and independent of input order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

PARTS = ("audience", "mission", "resources", "capacity", "reputation", "risk", "reachability")
DEFAULT_WEIGHTS: dict[str, float] = {
    "audience": 3.0,
    "mission": 2.0,
    "resources": 3.0,
    "capacity": 1.0,
    "reputation": 1.0,
    "risk": 1.0,
    "reachability": 2.0,
}
NEUTRAL: dict[str, float] = {
    "audience": 0.0,
    "mission": 0.0,
    "resources": 0.0,
    "capacity": 0.5,
    "reputation": 0.5,
    "risk": 0.5,
    "reachability": 0.0,
}
PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5
SHARED_TERMS = 3
DECIMALS = 9


@dataclass(frozen=True)
class GoalSpec:
    """What the engine needs to know about a goal (built by the app from a planning Goal)."""

    primary_audiences: tuple[int, ...] = ()
    secondary_audiences: tuple[int, ...] = ()
    needed_resources: tuple[int, ...] = ()  # resource ids the goal needs
    library_resources: tuple[int, ...] = ()  # resource ids the library already has
    text: str = ""  # library mission + goal statement/description, for mission overlap


@dataclass(frozen=True)
class Fit:
    """The fit of one organization for one goal, with what it rests on."""

    organization_id: int
    score: float  # 0..100
    parts: dict[str, float | None]  # each 0..1, None when unknown
    matched_primary: tuple[int, ...] = ()
    matched_secondary: tuple[int, ...] = ()
    matched_resources: tuple[int, ...] = ()
    shared_terms: tuple[str, ...] = ()  # top words behind the mission overlap
    missing: tuple[str, ...] = field(default=())  # parts that are unknown, e.g. ("reputation",)


def _term_matrix(
    rows_of: np.ndarray, sorted_ids: np.ndarray, n: int, pairs: np.ndarray
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Boolean CSR (n organizations x distinct terms) from [organization_id, term_id] pairs."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    rows = _rows_for(rows_of, sorted_ids, pairs[:, 0])
    keep = rows >= 0
    rows, terms = rows[keep], pairs[keep, 1]
    term_ids, columns = np.unique(terms, return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, columns.reshape(-1))),
        shape=(n, len(term_ids)),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    matrix.sort_indices()
    return matrix, term_ids.astype(np.int64)


def _rows_for(rows_of: np.ndarray, sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Row of each organization id, -1 for ids not in the directory."""
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    if len(sorted_ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    position = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    found = sorted_ids[position] == ids
    return np.where(found, rows_of[position], -1).astype(np.int64)


def _ratings(values: Sequence[float] | np.ndarray, n: int, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if len(array) != n:
        raise ValueError(f"{name} has {len(array)} values for {n} organizations")
    return np.clip(array, 0.0, 1.0)  # NaN stays NaN


class DirectoryFeatures:
    """The directory of one library as arrays, ready to be ranked against any goal.

    Rows follow the order of `organization_ids` as given to `build`; nothing depends on that order.
    """

    def __init__(
        self,
        organization_ids: np.ndarray,
        audiences: sp.csr_matrix,
        audience_ids: np.ndarray,
        resources: sp.csr_matrix,
        resource_ids: np.ndarray,
        vectorizer: TfidfVectorizer | None,
        mission: sp.csr_matrix,
        capacity: np.ndarray,
        reputation: np.ndarray,
        risk: np.ndarray,
    ) -> None:
        self.organization_ids = organization_ids
        order = np.argsort(organization_ids, kind="stable")
        self._sorted_ids = organization_ids[order]
        self._rows_of = order.astype(np.int64)
        self.audiences = audiences
        self.audience_ids = audience_ids
        self.resources = resources
        self.resource_ids = resource_ids
        self.vectorizer = vectorizer
        self.mission = mission
        self.terms: np.ndarray = (
            vectorizer.get_feature_names_out()
            if vectorizer is not None
            else np.array([], dtype=object)
        )
        self.has_text = np.diff(mission.indptr) > 0
        self.capacity = capacity
        self.reputation = reputation
        self.risk = risk

    @classmethod
    def build(
        cls,
        organization_ids: Sequence[int] | np.ndarray,
        texts: Sequence[str],
        audience_pairs: np.ndarray | Sequence[Sequence[int]],
        resource_pairs: np.ndarray | Sequence[Sequence[int]],
        capacity: Sequence[float] | np.ndarray,
        reputation: Sequence[float] | np.ndarray,
        risk: Sequence[float] | np.ndarray,
    ) -> DirectoryFeatures:
        """Build the features; see the module docstring for what each argument means.

        `audience_pairs` / `resource_pairs` are [organization_id, term_id] rows (pairs naming an
        organization not in `organization_ids` are ignored); ratings are 0..1 with NaN when unknown.
        """
        ids = np.asarray(organization_ids, dtype=np.int64).reshape(-1)
        n = len(ids)
        if len(np.unique(ids)) != n:
            raise ValueError("organization_ids must be distinct")
        if len(texts) != n:
            raise ValueError(f"{len(texts)} texts for {n} organizations")
        order = np.argsort(ids, kind="stable")
        sorted_ids, rows_of = ids[order], order.astype(np.int64)
        audiences, audience_ids = _term_matrix(rows_of, sorted_ids, n, np.asarray(audience_pairs))
        resources, resource_ids = _term_matrix(rows_of, sorted_ids, n, np.asarray(resource_pairs))
        vectorizer: TfidfVectorizer | None = TfidfVectorizer(
            stop_words="english", sublinear_tf=True, dtype=np.float64, norm=None
        )
        try:
            mission = sp.csr_matrix(vectorizer.fit_transform([text or "" for text in texts]))  # type: ignore[union-attr]
        except ValueError:  # no documents, or not one word outside the stop words
            vectorizer = None
            mission = sp.csr_matrix((n, 0), dtype=np.float64)
        # Unit rows, normalised here in column order so that the values do not depend on the
        # order of the input (sklearn's own normalisation sums in the order words were met).
        mission.sort_indices()
        if mission.shape[1]:
            mission = sp.csr_matrix(normalize(mission, norm="l2", copy=False))
        mission.sort_indices()
        return cls(
            ids,
            audiences,
            audience_ids,
            resources,
            resource_ids,
            vectorizer,
            mission,
            _ratings(capacity, n, "capacity"),
            _ratings(reputation, n, "reputation"),
            _ratings(risk, n, "risk"),
        )

    def __len__(self) -> int:
        return len(self.organization_ids)

    def rows(self, organization_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Rows of the given organization ids, -1 for ids not in the directory."""
        return _rows_for(self._rows_of, self._sorted_ids, np.asarray(organization_ids))

    def goal_vector(self, text: str) -> np.ndarray | None:
        """Dense TF-IDF vector of a goal's text (unit length), None when it has no known word."""
        if self.vectorizer is None or not text:
            return None
        query = np.asarray(self.vectorizer.transform([text]).toarray()).reshape(-1)
        length = float(np.sqrt(np.dot(query, query)))
        if length == 0.0:
            return None
        return query / length


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    checked = {}
    for part in PARTS:
        value = float(weights.get(part, 0.0))
        if not value >= 0.0:
            raise ValueError(f"weight of {part} must be a number >= 0, not {value}")
        checked[part] = value
    return checked


def _term_vector(term_ids: np.ndarray, wanted: Mapping[int, float]) -> np.ndarray:
    """Weights of the wanted terms laid out on the matrix columns (absent terms dropped)."""
    vector = np.zeros(len(term_ids), dtype=np.float64)
    if wanted and len(term_ids):
        keys = np.fromiter(wanted.keys(), dtype=np.int64, count=len(wanted))
        values = np.fromiter(wanted.values(), dtype=np.float64, count=len(wanted))
        position = np.minimum(np.searchsorted(term_ids, keys), len(term_ids) - 1)
        found = term_ids[position] == keys
        vector[position[found]] = values[found]
    return vector


class _Computed:
    """Every part for the selected rows, as arrays (NaN = unknown for that organization)."""

    def __init__(
        self,
        features: DirectoryFeatures,
        goal: GoalSpec,
        weights: Mapping[str, float],
        reachability: Mapping[int, float] | None,
        rows: np.ndarray | None,
    ) -> None:
        self.features = features
        self.rows = rows if rows is not None else np.arange(len(features), dtype=np.int64)
        whole = rows is None
        count = len(self.rows)
        weight = _check_weights(weights)

        def pick(matrix: sp.csr_matrix) -> sp.csr_matrix:
            return matrix if whole else matrix[self.rows]

        self.parts: dict[str, np.ndarray | None] = {}
        # audience
        wanted = {int(a): SECONDARY_WEIGHT for a in goal.secondary_audiences}
        wanted.update({int(a): PRIMARY_WEIGHT for a in goal.primary_audiences})
        self.primary = {int(a) for a in goal.primary_audiences}
        self.secondary = set(wanted) - self.primary
        if wanted:
            vector = _term_vector(features.audience_ids, wanted)
            self.parts["audience"] = pick(features.audiences) @ vector / sum(wanted.values())
        else:
            self.parts["audience"] = None
        # mission
        self.query = features.goal_vector(goal.text)
        if self.query is not None:
            overlap = np.clip(pick(features.mission) @ self.query, 0.0, 1.0)
            has_text = features.has_text if whole else features.has_text[self.rows]
            self.parts["mission"] = np.where(has_text, overlap, np.nan)
        else:
            self.parts["mission"] = None
        # resources
        self.lacking = {int(r) for r in goal.needed_resources} - {
            int(r) for r in goal.library_resources
        }
        if self.lacking:
            vector = _term_vector(features.resource_ids, dict.fromkeys(self.lacking, 1.0))
            self.parts["resources"] = pick(features.resources) @ vector / len(self.lacking)
        else:
            self.parts["resources"] = None
        # ratings
        for part in ("capacity", "reputation", "risk"):
            values = getattr(features, part)
            self.parts[part] = values if whole else values[self.rows]
        # reachability
        if reachability is None:
            self.parts["reachability"] = None
        else:
            values = np.full(count, np.nan)
            if reachability:
                ids = np.fromiter(reachability.keys(), dtype=np.int64, count=len(reachability))
                strength = np.fromiter(
                    reachability.values(), dtype=np.float64, count=len(reachability)
                )
                where = features.rows(ids)
                lookup = np.full(len(features), np.nan)
                known = where >= 0
                lookup[where[known]] = np.clip(strength[known], 0.0, 1.0)
                values = lookup if whole else lookup[self.rows]
            self.parts["reachability"] = values
        # score
        total = np.zeros(count, dtype=np.float64)
        weight_sum = 0.0
        for part in PARTS:
            values = self.parts[part]
            if values is None or weight[part] == 0.0:
                continue
            weight_sum += weight[part]
            total += weight[part] * np.where(np.isnan(values), NEUTRAL[part], values)
        scores = np.clip(100.0 * total / weight_sum, 0.0, 100.0) if weight_sum > 0 else total
        self.scores = np.round(scores, DECIMALS)
        self.ids = features.organization_ids[self.rows]

    def order(self, top: int | None) -> np.ndarray:
        """Positions (into self.rows) of the best `top`, best first, ties by organization id."""
        scores, ids, count = self.scores, self.ids, len(self.scores)
        if top is None or top >= count:
            return np.lexsort((ids, -scores))
        if top <= 0:
            return np.zeros(0, dtype=np.int64)
        best = np.argpartition(-scores, top - 1)[:top]
        threshold = scores[best].min()
        above = np.flatnonzero(scores > threshold)
        tied = np.flatnonzero(scores == threshold)
        room = top - len(above)
        if len(tied) > room:
            tied = tied[np.argpartition(ids[tied], room - 1)[:room]]
        chosen = np.concatenate([above, tied])
        return chosen[np.lexsort((ids[chosen], -scores[chosen]))]

    def fit(self, position: int) -> Fit:
        """The full explanation of one selected row."""
        features, row = self.features, int(self.rows[position])
        parts: dict[str, float | None] = {}
        missing = []
        for part in PARTS:
            values = self.parts[part]
            value = None if values is None else float(values[position])
            if value is None or np.isnan(value):
                parts[part] = None
                missing.append(part)
            else:
                parts[part] = value
        audiences = {
            int(a)
            for a in features.audience_ids[
                features.audiences.indices[_span(features.audiences, row)]
            ]
        }
        resources = {
            int(r)
            for r in features.resource_ids[
                features.resources.indices[_span(features.resources, row)]
            ]
        }
        shared: tuple[str, ...] = ()
        if self.query is not None:
            span = _span(features.mission, row)
            columns = features.mission.indices[span]
            contribution = features.mission.data[span] * self.query[columns]
            positive = np.flatnonzero(contribution > 0)
            if len(positive):
                best = positive[np.lexsort((columns[positive], -contribution[positive]))]
                shared = tuple(str(features.terms[c]) for c in columns[best[:SHARED_TERMS]])
        return Fit(
            organization_id=int(features.organization_ids[row]),
            score=float(self.scores[position]),
            parts=parts,
            matched_primary=tuple(sorted(audiences & self.primary)),
            matched_secondary=tuple(sorted(audiences & self.secondary)),
            matched_resources=tuple(sorted(resources & self.lacking)),
            shared_terms=shared,
            missing=tuple(missing),
        )


def _span(matrix: sp.csr_matrix, row: int) -> slice:
    return slice(int(matrix.indptr[row]), int(matrix.indptr[row + 1]))


def rank(
    features: DirectoryFeatures,
    goal: GoalSpec,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    reachability: Mapping[int, float] | None = None,
    only: np.ndarray | Sequence[int] | None = None,
    top: int | None = 20,
) -> list[Fit]:
    """The organizations best suited to the goal, best first (ties by organization id).

    `reachability` maps organization id to the strength (0..1) of its best introduction path;
    None means paths were not computed (the part is left out), an absent id means no known path.
    `only` restricts the ranking to those organization ids (ids not in the directory are ignored);
    `top` None returns every organization.
    """
    rows = None
    if only is not None:
        rows = features.rows(np.asarray(only, dtype=np.int64))
        rows = np.unique(rows[rows >= 0])
    computed = _Computed(features, goal, weights, reachability, rows)
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
    """The fit of one organization; KeyError when it is not in the directory."""
    rows = features.rows(np.array([organization_id], dtype=np.int64))
    if rows[0] < 0:
        raise KeyError(organization_id)
    return _Computed(features, goal, weights, reachability, rows).fit(0)
