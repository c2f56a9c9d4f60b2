"""The library's directory as the fit engine wants it: built in bulk from the database, cached.

`library_directory(library)` reads every organization of the library with a handful of queries
(no per-row work in the ORM), infers the audiences and resources of each from the thesaurus, and
keeps the result per process under the library's `FeaturesVersion`; the signals in `signals.py`
raise that version on every change that matters, so one cheap query per request tells whether the
cache is still current.

What the library itself already has: there is no field for the library's own resources yet, so
`library_resources` is empty and every resource a goal needs counts as one the library lacks.

Reachability is per viewer (it depends on which private connections they may see), so it is never
cached: `rank_for_goal` ranks once without it, then looks up the best introduction path for the
viewer to the top candidates only, in one search, and ranks again with those values.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from allies.connections.graph import Path
from allies.connections.paths import library_graph, staff_people
from allies.core.versioned_cache import VersionedCache
from allies.directory.categories import learned_keywords, suggest_codes
from allies.directory.inference import RAISING_STEMS, STRENGTH, Inference, Thesaurus
from allies.directory.models import Affiliation, Audience, Organization, Resource
from allies.directory.ntee import (
    activity_codes,
    activity_title,
    kind_label,
    kind_text,
    normalize,
    ntee_codes,
    ntee_entry,
    ntee_title,
    subsection_title,
)
from allies.directory.places import Home
from allies.directory.search import name_phrases, named
from allies.directory.suggestions import (
    RECORD_FIELDS,
    code_inferences,
    library_thesaurus,
    record_of,
    rejected_terms,
)
from allies.directory.thesaurus import AUDIENCE, RESOURCE
from allies.directory.words import (
    GOAL_FORMAT_WORDS,
    GOAL_STOP_WORDS,
    STOP_WORDS,
    own_place,
    stems,
    tokens,
    when_not_what,
)
from allies.libraries.models import Branch
from allies.matching import meaning
from allies.matching.models import (
    RATED_PARTS,
    Answer,
    FeaturesVersion,
    FitMark,
    FitWeights,
    Meaning,
    WordMeaning,
)
from allies.matching.scoring import (
    DirectoryFeatures,
    Fit,
    GoalSpec,
    Organizations,
    ranked,
)

REACH_CANDIDATES = 50
MEANING_CANDIDATES = 100
# Meaning is read too for the best by their words alone: a telescope makers' club reaches none of
# a star-watching goal's audiences, so the first pass leaves it out, and only meaning can lift it.
WORD_CANDIDATES = 50
# And for the best of the organizations of the NTEE codes closest in meaning to the goal: a hunter
# education course says nothing a Fish & Game Club's name says, but the code its clubs are filed
# under ("Fishing & Hunting": archery, firearm training, hunting) is close to it. Each of the codes
# brings its own best KIND_CANDIDATES: the best of the three together were nearly all of the
# largest or best-scoring one (a mentoring goal's 30 were day cares, none of the adult and child
# matching programs of the second closest code).
CLOSEST_KINDS = 3
KIND_CANDIDATES = 10  # for each of those codes
# And for the best of the organizations whose names have one of the words closest in meaning to the
# goal: a model train layout shares no word with a railway society's name ("train", "Railway"),
# and the railway societies of a state list are filed under several codes, or none.
CLOSEST_WORDS = 8
WORD_MEANING_CANDIDATES = 5  # for each of those words
# A goal is a few sentences and a record a name and a title: read alone, the goal's meaning is
# noisy. It is read a second time moved toward the mean meaning of the BEST_FOR_MEANING best of
# the first reading, weighing BEST_SHARE to the goal's 1 (pseudo-relevance feedback: Rocchio's
# method on the encoder's vectors): what the best candidates share (the kind of organization that
# does this) counts more, one odd word of the goal less. Only those of them read as close to the
# goal itself count (BEST_CLOSENESS, where a reason says "close in meaning"): in a directory of a
# handful the best five are everyone, a chess club among them. Chosen on the thirteen judged sets
# of `allies bench relevance` (docs/benchmarks.md).
BEST_FOR_MEANING = 5
BEST_SHARE = 0.5
BEST_CLOSENESS = 0.5
# A statement of a few sentences says what the goal is about and much around it ("people come to
# the desk upset", "we'd like to", "a couple of Saturdays"). Each of its words counts by how close
# it is in meaning to the whole goal (the encoder reads the word alone and the goal; KeyBERT's
# measure of a keyword): the closest in full, the farthest WORD_FLOOR of their weight, the others
# in between from WORD_UNRELATED up. The words' own weights (a format word, an audience's word)
# still apply. Chosen on the thirteen judged sets of `allies bench relevance` (docs/benchmarks.md).
WORD_FLOOR = 0.25
WORD_UNRELATED = 0.05
# The goal's meaning is read whole and, too, from its KEY_WORDS words that weigh most by the above,
# as the statement writes them, in its order ("model train layout depot hobbyists photographs"),
# at KEY_WORDS_SHARE to the whole statement's 1. A record is a name and a title, a few words that
# say what an organization does; the statement's few words closest to its meaning read like one,
# and keep a reading of what the goal is about when a long statement says much around it ("kids
# could take turns at the controls" of a train layout read close to every day care). The kinds
# and the words of names closest in meaning (above) are chosen by the same reading
# (`goal_meaning`): read whole, a goal of training volunteers to report on the selectboard and the
# school board had the parent and teacher groups' code among its closest, and their PTOs filled
# its first places; read with "selectboard board report meetings newsletter journalists", that
# code gives way to theater, and names with "news" join the words. Chosen on the thirteen judged
# sets of `allies bench relevance` (docs/benchmarks.md).
KEY_WORDS = 6
KEY_WORDS_SHARE = 0.5
WORD_BATCH = 256  # words are short: read many at a time
MEANING_FIELDS = ("mission", "current_interests", "needs")
MEANING_DECIMALS = 4
STAFF_TAG = 1.0
GOAL_WORD = 1.0
AUDIENCE_WORD = 0.3
EXPANSION_WORD = 1.0  # the thesaurus's words for one audience of the goal: about one word
TEXT_FIELDS = ("mission", "current_interests", "needs", "notes")
GOAL_STOPS = STOP_WORDS | GOAL_STOP_WORDS
FORMAT_WORD = 0.3  # a word of the statement that says what kind of event it is (a workshop)
FORMAT_STEMS = frozenset(stems(" ".join(sorted(GOAL_FORMAT_WORDS)), frozenset()))


def features_version(library) -> int:
    version = (
        FeaturesVersion.objects.filter(library_id=library.pk)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def rating_to_unit(rating: int | None) -> float:
    """A 1-5 rating as 0..1; NaN when not rated."""
    if rating is None:
        return math.nan
    return (min(max(int(rating), 1), 5) - 1) / 4


def capacity_from_income(income: int | None) -> float:
    """What an income says of the means to take on a shared program, 0..1; NaN when unknown.

    0 (in the IRS list, a small organization that files the short return) 0.2; $10,000 0.25,
    $100,000 0.5, $1 million 0.75, $10 million or more 1."""
    if income is None:
        return math.nan
    if income <= 0:
        return 0.2
    return min(1.0, max(0.1, (math.log10(income + 1) - 3) / 4))


@dataclass
class LibraryDirectory:
    """The engine's features of a library's directory, with what explains them."""

    features: DirectoryFeatures
    thesaurus: Thesaurus
    # org -> (kind, term) -> (source, evidence) of what is inferred, not tagged nor rejected
    inferred: dict[int, dict[tuple[str, int], tuple[str, str]]]
    tagged: set[tuple[int, str, int]]  # (org, kind, term) staff tagged
    home: Home
    ntee_codes: dict[int, str] = field(default_factory=dict)
    # org -> (code, probability) suggested for an organization without an NTEE code
    suggested_codes: dict[int, tuple[str, float]] = field(default_factory=dict)

    @functools.cached_property
    def kinds(self) -> dict[int, str]:
        """org -> the NTEE code it is filed under, else the one its name suggests (read once per
        version of the directory, which is kept between requests)."""
        found = {pk: normalize(code) for pk, (code, _p) in self.suggested_codes.items()}
        found.update({pk: normalize(code) for pk, code in self.ntee_codes.items() if code})
        return found

    @functools.cached_property
    def kind_groups(self) -> dict[str, list[str]]:
        """NTEE major group -> its three-character codes that some organization is under."""
        known = ntee_codes()
        groups: dict[str, set[str]] = {}
        for code in self.kinds.values():
            if code[:1] in known:
                groups.setdefault(code[:1], set())
                if len(code) >= 3 and code[:3] in known:  # a bare "T" is the group itself
                    groups[code[:1]].add(code[:3])
        return {letter: sorted(groups[letter]) for letter in sorted(groups)}

    @functools.cached_property
    def name_words(self) -> tuple[tuple[str, str], ...]:
        """(stem, word) of the organizations' names (`words_of_names`)."""
        return words_of_names(self.features.labels)

    @functools.cached_property
    def _names_by_stem(self):
        return self.features.fields["name"].tocsc()

    def named_with(self, stem: str) -> np.ndarray:
        """The ids of the organizations whose name has this stem."""
        column = self.features.vocabulary.get(stem)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        by_stem = self._names_by_stem
        rows = by_stem.indices[by_stem.indptr[column] : by_stem.indptr[column + 1]]
        return self.features.organization_ids[np.sort(rows)]


def words_of_names(names) -> tuple[tuple[str, str], ...]:
    """(stem, word) for each stem of these names, by stem: the word is how the names most often
    write it, in lower case (what the encoder reads for the stem)."""
    spellings: dict[str, dict[str, int]] = {}
    for name in names:
        for token in tokens(name):
            word = name[token.start : token.end].lower()[: WordMeaning.word.field.max_length]
            counts = spellings.setdefault(token.stem, {})
            counts[word] = counts.get(word, 0) + 1
    return tuple(
        (stem, min(counts, key=lambda word: (-counts[word], word)))
        for stem, counts in sorted(spellings.items())
    )


SUBSECTION_CODE = "501(c)(%s)"


def category_code(ntee_code: str, subsection: str) -> str:
    """The code whose words stand for what an organization is: its NTEE code, else its 501(c)
    subsection when that says something (a credit union, a veterans' post), else ''."""
    if ntee_code:
        return ntee_code
    return SUBSECTION_CODE % subsection.zfill(2) if subsection_title(subsection) else ""


def _code_stems(
    codes: set[str], learned: dict[str, list[str]] | None = None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The stems of each code's title and keywords (with the words the directory's names learned
    for it, `categories.learned_keywords`), and of its description."""
    learned = learned or {}
    titles, descriptions = {}, {}
    for code in codes:
        if code.startswith("501(c)("):
            titles[code] = stems(subsection_title(code[len("501(c)(") : -1]))
            descriptions[code] = []
            continue
        entry = ntee_entry(code)
        if entry:
            titles[code] = stems(" ".join([entry["title"], *entry.get("keywords", [])]))
            titles[code] += learned.get(code[:3], [])
            descriptions[code] = stems(entry.get("description", ""))
    return titles, descriptions


_ACTIVITY_STEMS: dict[str, list[str]] = {}


def activity_stems(value: str) -> list[str]:
    """The stems of the titles of an organization's IRS activity codes (remembered per code)."""
    found: list[str] = []
    for code in activity_codes(value):
        if code not in _ACTIVITY_STEMS:
            _ACTIVITY_STEMS[code] = stems(activity_title(code))
        found += _ACTIVITY_STEMS[code]
    return found


def library_home(library) -> Home:
    branches = list(Branch.objects.filter(library_id=library.pk).values_list("zip_code", "city"))
    return Home(
        [library.zip_code, *(z for z, _c in branches)],
        [library.city, *(c for _z, c in branches)],
    )


@dataclass
class Prepared:
    """A directory turned into the engine's input, with the evidence of every inference."""

    organizations: Organizations
    inferred: dict[int, dict[tuple[str, int], tuple[str, str]]]
    tagged: set[tuple[int, str, int]]


def prepare(
    rows: list[dict],
    thesaurus: Thesaurus,
    home: Home,
    *,
    tags: list[tuple[int, str, int]] = (),
    rejected: set[tuple[int, str, int]] = frozenset(),
    ratings: dict[str, np.ndarray] | None = None,
) -> Prepared:
    """The engine's input for organizations given as dicts of their fields (pk, name, city,
    zip_code, income and the fields of `RECORD_FIELDS`), staff's tags as (org, kind, term) and
    the rejected suggestions. No database access: the benchmarks call it too."""
    tagged = set(tags)
    triples: dict[str, list[tuple[int, int, float]]] = {AUDIENCE: [], RESOURCE: []}
    for org_id, kind, term_id in tagged:
        triples[kind].append((org_id, term_id, STAFF_TAG))
    inferred: dict[int, dict[tuple[str, int], tuple[str, str]]] = {}
    ids, labels, names, texts, codes, activities = [], [], [], [], [], []
    own_codes = []
    strongest: dict[tuple[int, str, int], float] = {}
    capacity_inferred, distance, size = [], [], []

    def infer(org_id: int, inference: Inference) -> None:
        """Keep what is inferred of an organization unless staff tagged or rejected it, or
        something stronger says it already."""
        key = (org_id, inference.kind, inference.term_id)
        if key in tagged or key in rejected or strongest.get(key, 0.0) >= inference.strength:
            return
        strongest[key] = inference.strength
        inferred.setdefault(org_id, {})[(inference.kind, inference.term_id)] = (
            inference.source,
            inference.evidence,
        )
        triples[inference.kind].append((org_id, inference.term_id, inference.strength))

    for row in rows:
        org_id = row["pk"]
        record = record_of(row)
        # Each text is read once, for the inference and for the words of the ranking.
        analysed = {"name": tokens(record.name)}
        # Read from the record: its notes leave out the IRS import's in-care-of line.
        analysed.update(
            (name, tokens(getattr(record, name))) for name in TEXT_FIELDS if getattr(record, name)
        )
        for inference in thesaurus.infer(record, analysed):
            infer(org_id, inference)
        ids.append(org_id)
        labels.append(row["name"])
        names.append([token.stem for token in analysed["name"]])
        texts.append(
            [token.stem for name in TEXT_FIELDS if name in analysed for token in analysed[name]]
        )
        codes.append(category_code(record.ntee_code, record.irs_subsection))
        activities.append(activity_stems(record.irs_activity))
        own_codes.append(record.ntee_code)
        income = row.get("income")
        capacity_inferred.append(capacity_from_income(income))
        distance.append(
            home.distance(row.get("zip_code") or "", row.get("city") or "")
            if home.known
            else math.nan
        )
        size.append(math.nan if income is None else float(income))
    # Organizations without an NTEE code: the code their directory's coded organizations suggest
    # (directory.categories), read with its probability as the weight of the evidence.
    suggested = suggest_codes(names, own_codes)
    for org_id, found in zip(ids, suggested, strict=True):
        if found is None:
            continue
        for inference in code_inferences(thesaurus, *found):
            infer(org_id, inference)
    ratings = ratings or {}
    unknown = np.full(len(ids), np.nan)
    titles, descriptions = _code_stems(
        {code for code in codes if code} | {found[0] for found in suggested if found},
        learned_keywords(names, own_codes),
    )
    organizations = Organizations(
        ids=ids,
        labels=labels,
        name_stems=names,
        text_stems=texts,
        ntee_codes=codes,
        activity_stems=activities,
        audiences=triples[AUDIENCE],
        resources=triples[RESOURCE],
        capacity=ratings.get("capacity", unknown),
        capacity_inferred=capacity_inferred,
        reputation=ratings.get("reputation", unknown),
        risk=ratings.get("risk", unknown),
        distance=distance,
        size=size,
        code_stems=titles,
        code_description_stems=descriptions,
        suggested_codes=suggested,
    )
    return Prepared(organizations, inferred, tagged)


def build_directory(library) -> LibraryDirectory:
    """Every organization of the library, its words, inferred terms, ratings and distance."""
    rows = list(
        Organization.objects.filter(library_id=library.pk)
        .order_by("pk")
        .values("pk", "city", "zip_code", "income", *RECORD_FIELDS)
    )
    tags = []
    for kind, model in ((AUDIENCE, Organization.audiences), (RESOURCE, Organization.resources)):
        column = "audience_id" if kind == AUDIENCE else "resource_id"
        tags += [
            (org_id, kind, term_id)
            for org_id, term_id in model.through.objects.filter(
                organization__library_id=library.pk
            ).values_list("organization_id", column)
        ]
    ratings = {part: np.full(len(rows), np.nan) for part in RATED_PARTS.values()}
    position = {row["pk"]: index for index, row in enumerate(rows)}
    for organization_id, question, rating in Answer.objects.filter(
        library_id=library.pk,
        goal__isnull=True,
        question__in=list(RATED_PARTS),
        rating__isnull=False,
    ).values_list("organization_id", "question", "rating"):
        index = position.get(organization_id)
        if index is not None:
            ratings[RATED_PARTS[question]][index] = rating_to_unit(rating)
    thesaurus = library_thesaurus(library)
    home = library_home(library)
    prepared = prepare(
        rows,
        thesaurus,
        home,
        tags=tags,
        rejected=rejected_terms(library=library),
        ratings=ratings,
    )
    organizations = prepared.organizations
    return LibraryDirectory(
        features=DirectoryFeatures.build(organizations),
        thesaurus=thesaurus,
        inferred=prepared.inferred,
        tagged=prepared.tagged,
        home=home,
        ntee_codes={
            pk: code
            for pk, code in zip(organizations.ids, organizations.ntee_codes, strict=True)
            if not code.startswith("501(c)(")
        },
        suggested_codes={
            pk: found
            for pk, found in zip(
                organizations.ids,
                organizations.suggested_codes or [None] * len(organizations.ids),
                strict=True,
            )
            if found
        },
    )


_directories: VersionedCache[LibraryDirectory] = VersionedCache(features_version, build_directory)


def library_directory(library) -> LibraryDirectory:
    """The library's directory, rebuilt when its version has moved since this process built it."""
    return _directories.get(library)


def library_features(library) -> DirectoryFeatures:
    return library_directory(library).features


def forget_features() -> None:
    _directories.clear()


# Goals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalReading:
    """A goal as the engine reads it: what was ticked, what its words name, and its spec."""

    spec: GoalSpec
    named_audiences: tuple[tuple[int, str], ...]  # audiences its words name: (id, words quoted)
    named_resources: tuple[tuple[int, str], ...]
    # The statement's words closest to its meaning, as written, in its order (see KEY_WORDS);
    # '' when they were not weighed by meaning.
    key_words: str = ""


def audience_word(features: DirectoryFeatures, stem: str, audience: int) -> float:
    """The weight, among a goal's words, of a word of its statement that names its audience.

    The audience part already counts who the goal is for, so such a word counts little
    (AUDIENCE_WORD) among the words, as long as it says no more than the audience does. A word
    fewer organizations use than reach the audience narrows it ("blind" names people with
    disabilities, whom a hundred organizations of a state's list reach, and far fewer use the
    word; "elementary" narrows children): it keeps the share of GOAL_WORD the audience does not
    carry, 1 - (organizations using the word) / (organizations reaching the audience). A word
    of an audience nobody reaches counts in full: the words are all there is to go on."""
    reached = features.reached(audience)
    if reached <= 0:
        return GOAL_WORD
    column = features.vocabulary.get(stem)
    used = 0.0 if column is None else float(features.document_frequency[column])
    share = min(1.0, used / reached)
    return AUDIENCE_WORD + (GOAL_WORD - AUDIENCE_WORD) * (1.0 - share)


def read_goal(
    goal, directory: LibraryDirectory, *, marks: bool = True, by_meaning: bool = False
) -> GoalReading:
    """The goal's spec: ticked audiences and resources plus those its words name (counted as
    primary audiences, weighed as secondary ones when nobody ticked them: `named_audiences`, and
    needed resources), its words widened with the thesaurus words of its audiences, and the
    librarian's marks. `by_meaning`: each word of the statement weighed too by how close it is in
    meaning to the goal (`weighed_by_meaning`), when the encoder is installed."""
    thesaurus = directory.thesaurus
    text = when_not_what(" ".join(part for part in (goal.statement, goal.description) if part))
    primary = set(goal.primary_audiences.values_list("pk", flat=True))
    secondary = set(goal.secondary_audiences.values_list("pk", flat=True))
    needed = set(goal.resources_needed.values_list("pk", flat=True))
    named_audiences, named_resources = [], []
    ticked = set(primary)
    named_by_words: dict[int, set[str]] = {}  # audience the statement names -> the stems naming it
    chosen = primary | secondary  # ticked by the librarian, as primary or secondary
    audience_stems: dict[str, float] = {}  # stem -> the weight it keeps (see audience_word)
    asked_stems: set[str] = set()  # the words that ask for a resource ("volunteer", "donations")
    for kind, term_id, words, named_by in thesaurus.goal_terms(text):
        if kind == AUDIENCE:
            named_audiences.append((term_id, words))
            named_by_words.setdefault(term_id, set()).update(named_by)
            # A word that names several audiences is carried by the one it narrows least.
            for stem in named_by:
                weight = audience_word(directory.features, stem, term_id)
                audience_stems[stem] = min(audience_stems.get(stem, GOAL_WORD), weight)
            if term_id not in primary:
                primary.add(term_id)
                secondary.discard(term_id)
        else:
            named_resources.append((term_id, words))
            needed.add(term_id)
            if thesaurus.asks(term_id):
                # "Raise" then asks, and counts as lightly as the words that name what is
                # asked: "raise about $18,000" for a children's room is not about the "Fund
                # Raising" of a booster club's NTEE title.
                asked_stems.update(named_by | RAISING_STEMS)
    # The goal's words say what the partner should do; the words that name its audiences are
    # counted by the audience part, so here they count little. Each audience of the goal widens
    # the words with its thesaurus entry, lightly: together they count about as much as one word
    # of the statement ("veterans" finds the American Legion), so that what the statement says the
    # partner does keeps the lead.
    query: dict[str, float] = {}
    written: dict[str, str] = {}  # stem -> the word as the statement first writes it
    for token in tokens(text, GOAL_STOPS):
        if own_place(text, token) or token.stem.isdigit():
            continue  # a number is an amount, a year or a count: how much or when, not what
        stem = token.stem
        plain = FORMAT_WORD if stem in FORMAT_STEMS or stem in asked_stems else GOAL_WORD
        query[stem] = audience_stems.get(stem, plain)
        written.setdefault(stem, text[token.start : token.end].casefold())
    around: tuple[str, ...] = ()
    # How much each audience's thesaurus words count: fully for a ticked one; for one only the
    # statement names, as much as the word that names it counts by meaning ("Kids could take
    # turns at the controls" says who comes, not what a model train layout is about).
    strength = dict.fromkeys(primary | secondary, 1.0)
    key_words = ""
    if by_meaning:
        as_written = dict(query)
        query, around = weighed_by_meaning(query, written, goal_meaning_text(goal))
        for audience, stems in named_by_words.items():
            factors = [query[s] / as_written[s] for s in stems if as_written.get(s)]
            if audience not in chosen and factors:
                strength[audience] = max(factors)
        if meaning_model() is not None:  # else nothing reads them
            key_words = words_that_weigh_most(query, written)
    audience_words = widen_with_audiences(thesaurus, sorted(primary | secondary), query, strength)
    related = tuple(
        (audience, other, factor)
        for audience in sorted(primary | secondary)
        for other, factor in thesaurus.related(audience)
    )
    good: tuple[int, ...] = ()
    bad: tuple[int, ...] = ()
    if marks and goal.pk:
        verdicts = list(FitMark.objects.filter(goal=goal).values_list("organization_id", "verdict"))
        good = tuple(sorted(org for org, verdict in verdicts if verdict == FitMark.Verdict.GOOD))
        bad = tuple(sorted(org for org, verdict in verdicts if verdict == FitMark.Verdict.NOT))
    spec = GoalSpec(
        primary_audiences=tuple(sorted(primary)),
        secondary_audiences=tuple(sorted(secondary - primary)),
        named_audiences=tuple(sorted(primary - ticked)),
        needed_resources=tuple(sorted(needed)),
        library_resources=(),
        asked_resources=tuple(
            sorted(term for term, _words in named_resources if thesaurus.asks(term))
        ),
        asked_from_anyone=tuple(
            sorted(term for term, _words in named_resources if thesaurus.from_anyone(term))
        ),
        query=tuple(sorted(query.items())),
        around=around,
        audience_words=audience_words,
        related=related,
        good=good,
        bad=bad,
    )
    return GoalReading(spec, tuple(named_audiences), tuple(named_resources), key_words)


def widen_with_audiences(
    thesaurus, audiences, query: dict[str, float], strength: dict[int, float] | None = None
) -> tuple[tuple[tuple[str, ...], float], ...]:
    """Add to `query` (stem -> weight) each audience's thesaurus words that it does not hold as
    strongly already, together about one word of the statement (EXPANSION_WORD) times the
    audience's `strength` (1 when not given), and return them by audience as
    `GoalSpec.audience_words`: in the words part they count once per field, at the best of them."""
    widened = []
    for audience in audiences:
        words = {stem for phrase in thesaurus.expansion(audience) for stem in phrase}
        if not words:
            continue
        weight = (strength or {}).get(audience, 1.0) * EXPANSION_WORD / math.sqrt(len(words))
        unsaid = tuple(sorted(stem for stem in words if query.get(stem, 0.0) < weight))
        query.update(dict.fromkeys(unsaid, weight))
        if unsaid:
            widened.append((unsaid, weight))
    return tuple(widened)


def words_that_weigh_most(query: dict[str, float], written: dict[str, str]) -> str:
    """The KEY_WORDS words of the statement (`written`: stem -> the word as first written, in the
    statement's order) that weigh most in `query`, as written, in the statement's order; of words
    that weigh the same, the first said."""
    order = [stem for stem in written if stem in query]
    heaviest = set(sorted(order, key=lambda stem: -query[stem])[:KEY_WORDS])
    return " ".join(written[stem] for stem in order if stem in heaviest)


def weighed_by_meaning(
    query: dict[str, float], written: dict[str, str], goal_text: str
) -> tuple[dict[str, float], tuple[str, ...]]:
    """The goal's words (stem -> weight), each weighed by how close the word (`written`: stem ->
    the word) is in meaning to the goal's text, from WORD_FLOOR to 1 (see WORD_FLOOR), and the
    stems of those at the floor, said around what the goal is about; as they are, and none
    around, without a model, a text, or a word close to it."""
    encoder = meaning_model()
    if encoder is None or not goal_text or not query:
        return query, ()
    order = sorted(query)
    vectors = _vectors_of_words(encoder, tuple(written[stem] for stem in order))
    # Rounded: a vector's last bits depend on the batch it was read in, the weights must not.
    cosines = np.round(vectors @ goal_vector(encoder, goal_text), MEANING_DECIMALS)
    top = float(cosines.max())
    if top <= WORD_UNRELATED:
        return query, ()
    closeness = np.clip((cosines - WORD_UNRELATED) / (top - WORD_UNRELATED), 0.0, 1.0)
    factors = WORD_FLOOR + (1.0 - WORD_FLOOR) * closeness
    weighed = {stem: query[stem] * float(factors[i]) for i, stem in enumerate(order)}
    return weighed, tuple(stem for i, stem in enumerate(order) if closeness[i] == 0.0)


@functools.lru_cache(maxsize=1000)
def _vectors_of_words(encoder, words: tuple[str, ...]) -> np.ndarray:
    """The words' vectors as the encoder reads each alone, for each goal's words once per
    process (every ranking of the goal asks)."""
    return encoder.encode(list(words), batch=WORD_BATCH)


def best_paths(library, user, organization_ids) -> dict[int, Path]:
    """The best introduction path to each organization the viewer may see (shared links and
    their own; never another member's private ones). Organizations with none are left out.

    One search from the staff to everyone inside the candidates, so a page of fifty costs one
    walk of the graph, not fifty."""
    organization_ids = [int(pk) for pk in organization_ids]
    sources = staff_people(library)
    if not sources or not organization_ids:
        return {}
    inside: dict[int, list[int]] = {}
    for organization_id, person_id in (
        Affiliation.objects.current()
        .filter(organization_id__in=organization_ids)
        .order_by()
        .values_list("organization_id", "person_id")
        .distinct()
    ):
        inside.setdefault(organization_id, []).append(person_id)
    if not inside:
        return {}
    graph = library_graph(library)
    viewer = user.pk if user is not None else None
    found = {}
    for organization_id, targets in inside.items():
        starts = sorted(set(sources) - set(targets))
        paths = graph.paths(starts, targets, viewer=viewer, k=1, others_private=False)
        if paths:
            found[organization_id] = paths[0]
    return found


@dataclass
class Ranking:
    """A ranked list of fits for a goal with the paths behind the reachability of the top ones."""

    fits: Sequence[Fit]  # a lazy sequence: each Fit is explained when read
    paths: dict[int, Path] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    reading: GoalReading | None = None
    directory: LibraryDirectory | None = None
    goal_id: int | None = None
    kinds: tuple[str, ...] = ()  # the NTEE groups or codes ranked among; none: every kind


def rank_for_goal(
    library,
    goal,
    user,
    *,
    only: np.ndarray | None = None,
    top: int | None = None,
    kinds: Sequence[str] | None = None,
    names: str | None = None,
    directory: LibraryDirectory | None = None,
):
    """Rank the library's organizations for a goal as `user` sees them, best first.

    `only` limits the ranking to these organization ids (the filters of the page), `kinds` to the
    organizations of these NTEE groups or codes (`organizations_of_kinds`): by default the ones
    the goal remembers (`Goal.kinds`), none for every kind; `names` to those whose name has one
    of its comma-separated phrases (`directory.search.named`): by default the goal's
    (`Goal.names`), none for ''. Reachability is computed for the best
    REACH_CANDIDATES of a first pass. `directory`: the library's, when the caller has it already
    (`library_directory`).
    """
    directory = directory or library_directory(library)
    if kinds is None:
        kinds = goal.kinds or ()
    kinds = tuple(kinds)
    if kinds:
        of_kind = organizations_of_kinds(directory, kinds)
        only = of_kind if only is None else np.intersect1d(only, of_kind)
    if names is None:
        names = goal.names
    if name_phrases(names):
        found = named(Organization.objects.filter(library=library), names)
        named_ids = np.asarray(sorted(found), dtype=np.int64)
        only = named_ids if only is None else np.intersect1d(only, named_ids)
    weights = FitWeights.for_library(library)
    reading = read_goal(goal, directory, by_meaning=bool(weights.get("meaning")))
    features = directory.features
    if weights.get("meaning"):
        # How close in meaning the best candidates' records are to the goal, read once for them:
        # the best of a first pass, and the best by their words alone.
        goal_text = goal_meaning_text(goal)
        candidates = ranked(features, reading.spec, weights, only=only, top=MEANING_CANDIDATES)
        by_words = {part: weights[part] if part == "mission" else 0.0 for part in weights}
        wordy = ranked(features, reading.spec, by_words, only=only, top=WORD_CANDIDATES)
        either = np.union1d(candidates.organization_ids, wordy.organization_ids)
        close_kinds = kinds_close_in_meaning(directory, goal_text, reading.key_words)
        of_kinds = organizations_of_kinds(directory, close_kinds)  # one pass over the directory
        for kind in close_kinds:
            of_kind = [pk for pk in of_kinds.tolist() if directory.kinds[pk].startswith(kind)]
            either = np.union1d(either, candidates.best_of(of_kind, KIND_CANDIDATES))
        for stem in words_close_in_meaning(library, directory, goal_text, reading.key_words):
            named_so = directory.named_with(stem)
            either = np.union1d(either, candidates.best_of(named_so, WORD_MEANING_CANDIDATES))
        encoder = meaning_model()
        vectors: dict[int, np.ndarray] = {}
        if encoder is not None and goal_text:
            vectors = meaning_vectors(library, directory, encoder, either)
        if vectors:
            wanted = goal_meaning(encoder, goal_text, reading.key_words)
            alone = closeness_to(vectors, wanted)
            reading = _with_meaning(reading, alone)
            # Read again toward what the best of that ranking mean (see BEST_FOR_MEANING).
            best = ranked(features, reading.spec, weights, only=only, top=BEST_FOR_MEANING)
            found = [
                vectors[pk]
                for pk in map(int, best.organization_ids)
                if alone.get(pk, 0.0) >= BEST_CLOSENESS
            ]
            reading = _with_meaning(reading, closeness_to(vectors, with_best(wanted, found)))
    first = ranked(features, reading.spec, weights, only=only, top=REACH_CANDIDATES)
    candidates = first.organization_ids
    paths = best_paths(library, user, candidates)
    reachability = dict.fromkeys(candidates, 0.0)
    reachability.update({pk: float(path.score) for pk, path in paths.items()})
    fits = first.with_reachability(reachability, top=top)
    return Ranking(
        fits=fits,
        paths=paths,
        weights=weights,
        reading=reading,
        directory=directory,
        goal_id=goal.pk,
        kinds=kinds,
    )


def _with_meaning(reading: GoalReading, found: dict[int, float]) -> GoalReading:
    if not found:
        return reading
    spec = dataclasses.replace(reading.spec, meaning=tuple(sorted(found.items())))
    return dataclasses.replace(reading, spec=spec)


# Closeness in meaning ---------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def meaning_model():
    """The sentence encoder set for this installation (settings.MEANING_MODEL), None when it is
    off or not installed; a broken installation is logged and ranks without it."""
    from django.conf import settings

    setting = settings.MEANING_MODEL
    if setting.lower() == "off":
        return None
    folder = setting or meaning.installed_model()
    try:
        return meaning.encoder_for(folder)
    except meaning.ModelError as error:
        if str(folder) not in _said_broken:  # once per process, not on every ranking
            _said_broken.add(str(folder))
            logger.error("The meaning part is left out of fit scores: %s", error)
        return None


_said_broken: set[str] = set()


def goal_meaning_text(goal) -> str:
    return " ".join(part for part in (goal.statement, goal.description) if part).strip()


def organization_meaning_text(values: dict, code_title: str) -> str:
    """What the encoder reads of an organization: its name, the title of its NTEE code (or of the
    code suggested for it, or of its 501(c) subsection; for one without a code of its own, with
    the titles of its IRS activity codes) and the texts staff wrote of it."""
    texts = [values["name"], code_title, *(values.get(name) or "" for name in MEANING_FIELDS)]
    return ". ".join(text.strip() for text in texts if text and text.strip())


def meaning_title(ntee_code: str, suggested_code: str, subsection: str, activity: str) -> str:
    """The kind of organization the encoder reads with its name: the title of its NTEE code (or of
    the code suggested for it, or its 501(c) subsection's heading) and, without a code of its
    own, what it told the IRS it does: its activity codes' titles."""
    title = ntee_title(ntee_code or suggested_code) or subsection_title(subsection)
    if ntee_code:
        return title
    activities = [activity_title(code) for code in activity_codes(activity)]
    return ". ".join(part for part in (title, *activities) if part)


def meaning_vectors(library, directory, encoder, organization_ids) -> dict[int, np.ndarray]:
    """organization id -> the meaning of its record (a unit vector), for these organizations of
    the library. Each record is encoded once and kept (`Meaning`) until its text changes."""
    ids = [int(pk) for pk in organization_ids]
    if not ids:
        return {}
    texts, digests = {}, {}
    vectors: dict[int, np.ndarray] = {}
    # The records and what was kept of them, in one query.
    for values in Organization.objects.filter(library=library, pk__in=ids).values(
        "pk",
        "name",
        "ntee_code",
        "irs_subsection",
        "irs_activity",
        *MEANING_FIELDS,
        "meaning_read__digest",
        "meaning_read__vector",
    ):
        pk = values["pk"]
        title = meaning_title(
            values["ntee_code"],
            directory.suggested_codes.get(pk, ("", 0.0))[0],
            values["irs_subsection"],
            values["irs_activity"],
        )
        texts[pk] = organization_meaning_text(values, title)
        digests[pk] = meaning.text_key(texts[pk])
        if values["meaning_read__digest"] == digests[pk]:
            stored = bytes(values["meaning_read__vector"])
            vectors[pk] = np.frombuffer(stored, dtype=np.float16).astype(np.float32)
    fresh = [pk for pk in texts if pk not in vectors]
    if fresh:
        # Kept in half precision; used as kept, so the first ranking and the next ones agree.
        kept = encoder.encode([texts[pk] for pk in fresh]).astype(np.float16)
        # Written over the old reading of a changed record; two requests reading the same new
        # record write the same values.
        Meaning.objects.bulk_create(
            [
                Meaning(organization_id=pk, digest=digests[pk], vector=kept[i].tobytes())
                for i, pk in enumerate(fresh)
            ],
            update_conflicts=True,
            unique_fields=["organization"],
            update_fields=["digest", "vector"],
        )
        vectors.update({pk: kept[i].astype(np.float32) for i, pk in enumerate(fresh)})
    return vectors


def closeness_to(vectors: dict[int, np.ndarray], wanted: np.ndarray) -> dict[int, float]:
    """organization id -> closeness in meaning (0..1) of each of these vectors to `wanted`."""
    if not vectors:
        return {}
    order = list(vectors)
    cosines = np.stack([vectors[pk] for pk in order]) @ wanted
    # Rounded: a vector's last bits depend on the batch it was read in, the order must not.
    closeness = np.round(meaning.closeness(cosines), MEANING_DECIMALS)
    return dict(zip(order, closeness.tolist(), strict=True))


def goal_meaning(encoder, goal_text: str, key_words: str = "") -> np.ndarray:
    """The goal's meaning as the ranking reads it: its text's vector (`goal_vector`), moved
    toward the reading of its key words when it has them (`with_key_words`)."""
    wanted = goal_vector(encoder, goal_text)
    return with_key_words(wanted, goal_vector(encoder, key_words)) if key_words else wanted


def with_key_words(wanted: np.ndarray, key: np.ndarray) -> np.ndarray:
    """The goal's vector moved toward the reading of its key words (KEY_WORDS_SHARE to its 1),
    a unit vector again."""
    moved = wanted + KEY_WORDS_SHARE * key
    norm = float(np.linalg.norm(moved))
    return moved / norm if norm else wanted


def with_best(wanted: np.ndarray, best: Sequence[np.ndarray]) -> np.ndarray:
    """The goal's meaning moved toward the mean meaning of its best candidates: a record's cosine
    with it is (its cosine with the goal + BEST_SHARE x its cosine with the best's mean
    direction) / (1 + BEST_SHARE), on the scale of the first reading (not made a unit vector
    again, which would lift every cosine and read a whole kind as close). The goal's own
    without any."""
    if not len(best):
        return wanted
    centre = np.mean(np.stack(best), axis=0)
    norm = float(np.linalg.norm(centre))
    if not norm:
        return wanted
    return (wanted + BEST_SHARE * centre / norm) / (1.0 + BEST_SHARE)


# Every goal is a library's, and what it shares with any library's record (books, reading, the
# library itself) says nothing of which partner fits it: the encoder read the record of any
# "Friends of the ... Library" as all but the same as any goal naming the library. The goal's
# meaning is read without that direction (its component along the meaning of this text).
LIBRARY_MEANING = "Public library"


@functools.lru_cache(maxsize=1000)
def goal_vector(encoder, text: str) -> np.ndarray:
    """A goal's vector, read once per process for each text (every ranking of the goal asks),
    without what it shares with the meaning of any library (LIBRARY_MEANING)."""
    vector = encoder.encode([text])[0]
    library = _library_vector(encoder)
    vector = vector - float(vector @ library) * library
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@functools.lru_cache(maxsize=4)
def _library_vector(encoder) -> np.ndarray:
    return encoder.encode([LIBRARY_MEANING])[0]


def kinds_close_in_meaning(
    directory: LibraryDirectory, goal_text: str, key_words: str = ""
) -> tuple[str, ...]:
    """The CLOSEST_KINDS NTEE codes (three characters) of the directory's organizations whose
    title and description are closest in meaning to the goal's text (read with its `key_words`
    when given, as `goal_meaning` does), closest first; none without a model or a text."""
    encoder = meaning_model()
    codes = tuple(code for group in directory.kind_groups.values() for code in group)
    if encoder is None or not goal_text or not codes:
        return ()
    cosines = _kind_vectors(encoder, codes) @ goal_meaning(encoder, goal_text, key_words)
    return tuple(codes[i] for i in _closest(cosines, CLOSEST_KINDS))  # the codes are in order


def words_close_in_meaning(
    library, directory: LibraryDirectory, goal_text: str, key_words: str = ""
) -> tuple[str, ...]:
    """The stems of the CLOSEST_WORDS words of the organizations' names closest in meaning to
    the goal's text (read with its `key_words` when given, as `goal_meaning` does), closest
    first; none without a model or a text."""
    encoder = meaning_model()
    if encoder is None or not goal_text or not directory.name_words:
        return ()
    stems_of_words, vectors = _name_word_vectors(library, directory, encoder)
    cosines = vectors @ goal_meaning(encoder, goal_text, key_words)
    return tuple(stems_of_words[i] for i in _closest(cosines, CLOSEST_WORDS))  # stems in order


def _closest(cosines: np.ndarray, top: int) -> np.ndarray:
    """Positions of the `top` highest cosines, highest first: rounded, and ties in the order
    given (the labels' order), so that the same goal always finds the same."""
    rounded = np.round(np.asarray(cosines, dtype=np.float64), 4)
    return np.lexsort((np.arange(len(rounded)), -rounded))[:top]


def read_name_words(library, progress=None) -> int:
    """Read every word of the names of the library's organizations not read yet, and keep it:
    what the first ranking after an import would otherwise do (a few seconds for a state list),
    done by the import. Returns how many words were read; 0 without a model.

    `progress(total, description)` returns a bar with update(n) and close(), as the sample's."""
    encoder = meaning_model()
    if encoder is None:
        return 0
    # The names alone, not the whole directory: an import's process ranks nothing.
    names = Organization.objects.filter(library=library).values_list("name", flat=True)
    return _word_readings(library, words_of_names(names.iterator()), encoder, progress)[1]


def _word_readings(library, name_words, encoder, progress=None) -> tuple[dict[str, bytes], int]:
    """word -> its vector (float16 bytes) as kept for the library, for the words of these (stem,
    word) pairs, reading and keeping those nobody read yet; and how many were read."""
    from django.utils.translation import gettext as _

    words = {word for _stem, word in name_words}
    stored = {
        word: bytes(vector)
        for word, vector in WordMeaning.objects.filter(library=library).values_list(
            "word", "vector"
        )
        if word in words
    }
    fresh = sorted(words - stored.keys())
    bar = progress(len(fresh), _("Words of names read for meaning")) if progress and fresh else None
    step = WORD_BATCH * 8
    for start in range(0, len(fresh), step):
        chunk = fresh[start : start + step]
        vectors = encoder.encode(chunk, batch=WORD_BATCH).astype(np.float16)
        found = {word: vectors[i].tobytes() for i, word in enumerate(chunk)}
        WordMeaning.objects.bulk_create(
            [
                WordMeaning(library=library, word=word, vector=vector)
                for word, vector in found.items()
            ],
            ignore_conflicts=True,  # another request read them at the same time
            batch_size=1000,
        )
        stored.update(found)
        if bar:
            bar.update(len(chunk))
    if bar:
        bar.close()
    return stored, len(fresh)


def _name_word_vectors(library, directory: LibraryDirectory, encoder):
    """(stems, their words' vectors) of the directory's names, kept with this version of the
    directory; each word is read once for the library and kept (`WordMeaning`), so a new version
    reads only the words of names it has not seen."""
    kept = directory.__dict__.get("_word_vectors")
    if kept is not None and kept[0] is encoder:
        return kept[1], kept[2]
    stored, _read = _word_readings(library, directory.name_words, encoder)
    stems_of_words = tuple(stem for stem, _word in directory.name_words)
    vectors = np.stack(
        [np.frombuffer(stored[word], dtype=np.float16) for _stem, word in directory.name_words]
    ).astype(np.float32)
    directory.__dict__["_word_vectors"] = (encoder, stems_of_words, vectors)
    return stems_of_words, vectors


@functools.lru_cache(maxsize=16)
def _kind_vectors(encoder, codes: tuple[str, ...]) -> np.ndarray:
    """The codes' titles and descriptions as the encoder reads them, for each set of codes once
    per process: as shipped (`meaning.shipped_kinds`; a test keeps the file whole), else read."""
    shipped = meaning.shipped_kinds()
    texts = [kind_text(code) for code in codes]
    keys = [meaning.text_key(text) for text in texts]
    missing = [i for i, key in enumerate(keys) if key not in shipped]
    read = encoder.encode([texts[i] for i in missing]).astype(np.float16)
    found = {keys[i]: read[n].tobytes() for n, i in enumerate(missing)}
    return np.stack(
        [np.frombuffer(shipped.get(key) or found[key], dtype=np.float16) for key in keys]
    ).astype(np.float32)


# What a directory reaches -------------------------------------------------------------------


def reach_counts(library) -> dict[int, tuple[int, int]]:
    """audience id -> (organizations staff tagged, organizations inferred) in the directory."""
    directory = library_directory(library)
    counts: dict[int, list[int]] = {}
    for _org, kind, term in directory.tagged:
        if kind == AUDIENCE:
            counts.setdefault(term, [0, 0])[0] += 1
    for terms in directory.inferred.values():
        for kind, term in terms:
            if kind == AUDIENCE:
                counts.setdefault(term, [0, 0])[1] += 1
    return {term: (tagged, inferred) for term, (tagged, inferred) in counts.items()}


def audience_warnings(library, audience_ids) -> list[str]:
    """For each ticked audience that nobody in the directory reaches, what it would match instead."""
    from django.utils.translation import gettext as _

    directory = library_directory(library)
    counts = reach_counts(library)
    names = dict(Audience.objects.filter(library_id=library.pk).values_list("pk", "name"))
    warnings = []
    for audience in audience_ids:
        if sum(counts.get(audience, (0, 0))):
            continue
        alternatives = [
            (names.get(other, "?"), sum(counts.get(other, (0, 0))))
            for other, _factor in directory.thesaurus.related(audience)
            if sum(counts.get(other, (0, 0)))
        ]
        if alternatives:
            instead = "; ".join(
                _("%(name)s (%(count)s)") % {"name": name, "count": count}
                for name, count in alternatives
            )
            warnings.append(
                _(
                    "Nobody in your directory is known to reach “%(audience)s” yet. The ranking "
                    "will also count those who reach %(instead)s."
                )
                % {"audience": names.get(audience, "?"), "instead": instead}
            )
        else:
            warnings.append(
                _(
                    "Nobody in your directory is known to reach “%(audience)s” yet: tag the "
                    "organizations that do, or add the words they use for it in Settings."
                )
                % {"audience": names.get(audience, "?")}
            )
    return warnings


def goal_audience_warnings(library, goal) -> list[str]:
    """The goal's ticked audiences that nobody in the directory reaches (a goals check)."""
    ticked = list(goal.primary_audiences.values_list("pk", flat=True)) + list(
        goal.secondary_audiences.values_list("pk", flat=True)
    )
    return audience_warnings(library, ticked)


def inferred_evidence(directory: LibraryDirectory, organization_id: int, kind: str, term_id: int):
    """(source, evidence) of an inferred term, or None when staff tagged it (or nothing)."""
    return directory.inferred.get(organization_id, {}).get((kind, term_id))


def as_inference(kind: str, term_id: int, found: tuple[str, str]) -> Inference:
    source, evidence = found
    return Inference(kind, term_id, STRENGTH.get(source, 0.0), source, evidence)


def names_of(library) -> tuple[dict[int, str], dict[int, str]]:
    audiences = dict(Audience.objects.filter(library_id=library.pk).values_list("pk", "name"))
    resources = dict(Resource.objects.filter(library_id=library.pk).values_list("pk", "name"))
    return audiences, resources


# Kinds of organizations ----------------------------------------------------------------------


def kind_choices(directory: LibraryDirectory) -> list[tuple[str, list[tuple[str, str]]]]:
    """The kinds of organizations a directory holds, for a select: each NTEE major group that
    some organization is filed under (or suggested for), first as a whole, then its codes."""
    return [
        (f"{letter} {ntee_title(letter)}", [(kind, kind_label(kind)) for kind in (letter, *codes)])
        for letter, codes in directory.kind_groups.items()
    ]


BEST_FOR_KINDS = 50  # the best candidates whose kinds the ranking page counts
KINDS_AMONG_GROUPS = 3
KINDS_AMONG_CODES = 5


def kinds_among(
    directory: LibraryDirectory, organization_ids: Sequence[int], *, leave_out: Sequence[str] = ()
) -> list[tuple[str, int]]:
    """The kinds most common among these organizations (the best of a ranking), as (kind,
    count): the NTEE major groups first (at most KINDS_AMONG_GROUPS), then the three-character
    codes (at most KINDS_AMONG_CODES), each most common first. None is given that is of one
    organization only (it says nothing), of them all (it narrows nothing) or in `leave_out`
    (chosen already). An organization without a code counts under the one its name suggests."""
    chosen = {normalize(kind) for kind in leave_out}
    groups: dict[str, int] = {}
    codes: dict[str, int] = {}
    known = directory.kind_groups  # only kinds the ranking page's filter offers
    for pk in organization_ids:
        code = directory.kinds.get(int(pk), "")
        if code[:1] in known:
            groups[code[:1]] = groups.get(code[:1], 0) + 1
            if code[:3] in known[code[:1]]:
                codes[code[:3]] = codes.get(code[:3], 0) + 1

    def most_common(counts: dict[str, int], limit: int) -> list[tuple[str, int]]:
        # Ties by the kind itself, so the same ranking always suggests the same kinds.
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [
            (kind, n)
            for kind, n in ordered
            if 2 <= n < len(organization_ids) and kind not in chosen
        ][:limit]

    return most_common(groups, KINDS_AMONG_GROUPS) + most_common(codes, KINDS_AMONG_CODES)


def kinds_among_best(ranking: Ranking) -> tuple[int, list[tuple[str, int]]]:
    """(how many of the best were counted, `kinds_among` them, leaving out the kinds the
    ranking is among already): what the ranking page, `allies rank` and the API suggest. The
    ranking is `rank_for_goal`'s, which carries its directory."""
    best = [fit.organization_id for fit in ranking.fits[:BEST_FOR_KINDS]]
    return len(best), kinds_among(ranking.directory, best, leave_out=ranking.kinds)


def organizations_of_kinds(directory: LibraryDirectory, prefixes) -> np.ndarray:
    """Ids of the organizations filed under (or suggested for) a code starting with a prefix."""
    wanted = tuple(normalize(prefix) for prefix in prefixes if prefix)
    if not wanted:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(
        sorted(pk for pk, code in directory.kinds.items() if code.startswith(wanted)),
        dtype=np.int64,
    )
