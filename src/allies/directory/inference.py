"""Audiences and resources inferred from what the directory knows of an organization.

Plain Python, no Django. A library's `Thesaurus` is built from its audiences and resources (the
starting entries of `directory.thesaurus` plus the words the library added to each term), then
`infer(record)` returns, for one organization, each term it probably reaches or offers with the
strongest piece of evidence and how strong it is:

| evidence                                       | strength |
| ---------------------------------------------- | -------- |
| 501(c) subsection (19: a veterans' post)       | 0.9      |
| IRS foundation code (04: a grantmaker)         | 0.85     |
| a word or phrase of the name                   | 0.85     |
| the NTEE code                                  | 0.8      |
| IRS activity code (575: services for the aged) | 0.8      |
| a word of the mission                          | 0.75     |
| a word of what they care about now             | 0.7      |
| a word of their needs or the notes             | 0.6      |
| a word of the NTEE title or keywords           | 0.6      |

An organization without an NTEE code may be read through the code its name suggests
(`directory.categories`; `code_inferences`, called by the caller that has the directory's model):
what that code says counts its strength above × the suggestion's probability, with the source
"ntee_suggested".

A weak word ("foundation" for funding, "hall" for meeting space) counts 0.6 of that. Staff's own
tags count 1.0 and are not inferred again; a suggestion staff rejected is never made again (the
caller leaves it out). Needs say what an organization lacks, so they never suggest a resource.

The same thesaurus reads a goal (`goal_terms`): the audiences its statement names, and the
resources it says it needs (only through the `goal_words` of a resource, and not those it says
the library has: "in our community room" asks for no room).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from allies.directory import thesaurus as starting
from allies.directory.ntee import activity_codes, ntee_entry
from allies.directory.words import PhraseIndex, Token, phrase, quote, stem, tokens

STRENGTH = {
    "subsection": 0.9,
    "foundation": 0.85,
    "activity": 0.8,
    "name": 0.85,
    "ntee": 0.8,
    "mission": 0.75,
    "current_interests": 0.7,
    "needs": 0.6,
    "notes": 0.6,
    "ntee_title": 0.6,
}
WEAK = 0.6
# A sum of money in a goal's text ("$25,000", "$ 5k", "$2 million"), read as the word "dollars".
MONEY = re.compile(r"\$\s?\d(?:[\d,.]*\d)?(?:\s?(?:k|m|million|thousand)\b)?", re.IGNORECASE)
DOLLARS = stem("dollars")
# Words that change what a resource's name in a goal's text says, found once per text (`_Marks`):
# what the library says it already has ("in our community room", "the library's meeting room": at
# most two words between), a word of need just before the name ("we need a room", "looking for a
# larger hall": at most three words between; an entry's `asked_words` must follow one), and a word
# of need earlier in the same sentence ("we need ... and money for the copies"; an entry's
# `asked_in_need` must follow one).
OUR_WORDS = re.compile(r"\b(?:our|the library's|the library’s)(?=\s)", re.IGNORECASE)
NEED_WORDS = r"need|needs|needed|looking\s+for|seek|seeking|require|requires|borrow|rent|lend\s+us"
NEEDED = re.compile(rf"\b(?:{NEED_WORDS})\b", re.IGNORECASE)
# "Raise" asks for what follows it in its sentence ("raise about $18,000"), but elsewhere says
# what a goal is about ("grandparents raising grandchildren").
RAISING = ("raise", "raising")
NEEDED_IN_SENTENCE = re.compile(
    rf"\b(?:{NEED_WORDS}|{'|'.join(RAISING)}|ask|asking)\b", re.IGNORECASE
)
RAISING_STEMS = frozenset(stem(word) for word in RAISING)
SENTENCE_END = re.compile(r"[.!?;:]")
_OURS_GAP = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}")
_NEEDED_GAP = re.compile(r"\s+(?:[\w'’-]+\s+){0,3}")
TEXT_FIELDS = ("name", "mission", "current_interests", "needs", "notes")
NO_RESOURCES_FROM = frozenset({"needs"})


@dataclass(frozen=True)
class Term:
    """One of a library's audiences or resources, with the words the library added to it."""

    id: int
    kind: str  # thesaurus.AUDIENCE or thesaurus.RESOURCE
    slug: str
    name: str
    words: str = ""  # one word or phrase a line


@dataclass(frozen=True)
class Record:
    """What the directory knows of one organization, as inference reads it."""

    name: str = ""
    ntee_code: str = ""
    ntee_title: str = ""  # the NTEE title and keywords of the code
    irs_subsection: str = ""
    irs_foundation: str = ""
    irs_activity: str = ""  # the IRS list's ACTIVITY column: up to three codes of three digits
    mission: str = ""
    current_interests: str = ""
    needs: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Inference:
    """A term an organization probably reaches or offers, and why."""

    kind: str
    term_id: int
    strength: float
    source: str  # a key of STRENGTH
    evidence: str  # the words quoted, or the code


@dataclass
class _Compiled:
    term: Term
    who: list[tuple[str, ...]] = field(default_factory=list)
    strong: list[tuple[str, ...]] = field(default_factory=list)
    weak: list[tuple[str, ...]] = field(default_factory=list)
    pairs: list[list[tuple[str, ...]]] = field(default_factory=list)
    unless: frozenset[str] = frozenset()
    goal: list[tuple[str, ...]] = field(default_factory=list)
    needed: list[tuple[str, ...]] = field(default_factory=list)  # only after a word of need
    in_need: list[tuple[str, ...]] = field(default_factory=list)  # in a sentence of need
    entry: starting.Entry | None = None


class _Marks:
    """Where a goal's text says "our", a word of need and the end of a sentence, found in one pass
    each, so that whether one stands before a resource's name is a bisect, not a search of all
    the text before it for each name (a goal's background may be long)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ours = [match.end() for match in OUR_WORDS.finditer(text)]
        self.needs = [match.end() for match in NEEDED.finditer(text)]
        self.sentence_needs = [match.end() for match in NEEDED_IN_SENTENCE.finditer(text)]
        self.sentence_ends = [match.start() for match in SENTENCE_END.finditer(text)]

    @staticmethod
    def _last(positions: list[int], before: int) -> int | None:
        index = bisect.bisect_right(positions, before) - 1
        return positions[index] if index >= 0 else None

    def _close(self, positions: list[int], start: int, gap: re.Pattern) -> bool:
        # The nearest one is enough: any earlier one has more words between.
        end = self._last(positions, start)
        return end is not None and gap.fullmatch(self.text, end, start) is not None

    def ours_before(self, start: int) -> bool:
        return self._close(self.ours, start, _OURS_GAP)

    def need_before(self, start: int) -> bool:
        return self._close(self.needs, start, _NEEDED_GAP)

    def need_in_sentence_before(self, start: int) -> bool:
        end = self._last(self.sentence_needs, start)
        if end is None:
            return False
        stop = self._last(self.sentence_ends, start - 1)
        return stop is None or stop < end


def _codes_of(entry: starting.Entry, source: str) -> tuple[str, ...]:
    """The IRS codes of an entry for one kind of evidence (subsection, foundation, activity)."""
    if source == "subsection":
        return entry.subsections
    if source == "foundation":
        return entry.foundations
    return entry.activities


def _phrases(texts: Iterable[str]) -> list[tuple[str, ...]]:
    return [p for p in (phrase(text) for text in texts if text.strip()) if p]


class Thesaurus:
    """A library's thesaurus, ready to read records and goals."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: dict[tuple[str, int], _Compiled] = {}  # (kind, id) -> compiled
        self.by_slug: dict[tuple[str, str], int] = {}
        for term in sorted(terms, key=lambda t: (t.kind, t.id)):
            entry = starting.starting_entry(term.kind, term.slug)
            own = [line for line in term.words.splitlines() if line.strip()]
            compiled = _Compiled(term=term, entry=entry)
            # A starting term is read through its entry (a library may rename "Funding" to
            # "Grants"; the word "funding" itself would match every "Fund" in a name); a term the
            # library made up is read through its own name.
            compiled.who = _phrases([*own, *(entry.words if entry else [term.name])])
            compiled.strong = compiled.who + _phrases(entry.services if entry else ())
            compiled.weak = _phrases(entry.weak if entry else ())
            compiled.pairs = [_phrases(group) for group in (entry.pairs if entry else ())]
            compiled.unless = frozenset(
                s for p in _phrases(entry.unless if entry else ()) for s in p
            )
            if term.kind == starting.AUDIENCE:
                compiled.goal = compiled.strong
            else:
                compiled.goal = _phrases(entry.goal_words if entry else [term.name, *own])
                compiled.needed = _phrases(entry.asked_words if entry else ())
                compiled.in_need = _phrases(entry.asked_in_need if entry else ())
                compiled.goal += compiled.needed + compiled.in_need
            self.terms[(term.kind, term.id)] = compiled
            self.by_slug[(term.kind, term.slug)] = term.id
        self._phrase_terms: dict[tuple[str, ...], list[tuple[tuple[str, int], bool]]] = {}
        for key, compiled in self.terms.items():
            for entry_phrase in compiled.strong:
                self._phrase_terms.setdefault(entry_phrase, []).append((key, False))
            for entry_phrase in compiled.weak:
                self._phrase_terms.setdefault(entry_phrase, []).append((key, True))
        pair_phrases = {
            p for compiled in self.terms.values() for group in compiled.pairs for p in group
        }
        self._pair_terms: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        self._goal_phrase_terms: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for key, compiled in self.terms.items():
            for group in compiled.pairs:
                for entry_phrase in group:
                    self._pair_terms.setdefault(entry_phrase, []).append(key)
                    self._goal_phrase_terms.setdefault(entry_phrase, []).append(key)
            for entry_phrase in compiled.goal:
                self._goal_phrase_terms.setdefault(entry_phrase, []).append(key)
        self._text_index = PhraseIndex([*self._phrase_terms, *pair_phrases])
        self._goal_index = PhraseIndex(list(self._goal_phrase_terms))
        # The phrases some entry counts only after a word of need, or in a sentence of need.
        self._needed_phrases = {p for c in self.terms.values() for p in c.needed}
        self._in_need_phrases = {p for c in self.terms.values() for p in c.in_need}
        self._codes: dict[tuple[str, str, str], list[Inference]] = {}

    # Reading a text ---------------------------------------------------------------------------

    def _kept(self, spans, terms_of) -> list[tuple[tuple[str, ...], int, int]]:
        """The phrases found, without those inside a longer phrase of an unrelated term: the
        "literacy" of "financial literacy" is not adult literacy, but the "homeless" of
        "homeless youth" still says homelessness."""
        kept = []
        for entry, start, end, first, last in spans:
            mine = terms_of(entry)
            swallowed = False
            for other, _s, _e, other_first, other_last in spans:
                if (
                    other_first <= first
                    and last <= other_last
                    and (other_last - other_first) > (last - first)
                ):
                    theirs = terms_of(other)
                    if not any(self._near(a, b) for a in mine for b in theirs):
                        swallowed = True
                        break
            if not swallowed:
                kept.append((entry, start, end))
        return kept

    def _near(self, one: tuple[str, int], other: tuple[str, int]) -> bool:
        """Whether two terms are the same or related audiences."""
        if one == other:
            return True
        if one[0] != starting.AUDIENCE or other[0] != starting.AUDIENCE:
            return False
        return any(t == other[1] for t, _f in self.related(one[1])) or any(
            t == one[1] for t, _f in self.related(other[1])
        )

    def _text_terms(self, entry: tuple[str, ...]) -> list[tuple[str, int]]:
        keys = [key for key, _weak in self._phrase_terms.get(entry, ())]
        return keys or self._pair_terms.get(entry, [])

    def _goal_terms_of(self, entry: tuple[str, ...]) -> list[tuple[str, int]]:
        return self._goal_phrase_terms.get(entry, [])

    def matches(
        self, text: str, found: list[Token] | None = None
    ) -> list[tuple[tuple[str, int], bool, str]]:
        """((kind, term id), weak, quoted words) for every term a text speaks of."""
        found = tokens(text) if found is None else found
        if not found:
            return []
        present = {token.stem for token in found}
        hits: dict[tuple[str, int], tuple[bool, str]] = {}
        located = self._kept(self._text_index.find_spans(found), self._text_terms)
        where: dict[tuple[str, ...], tuple[int, int]] = {}
        for entry_phrase, start, end in located:
            where.setdefault(entry_phrase, (start, end))
        for entry_phrase, (start, end) in where.items():
            for key, weak in self._phrase_terms.get(entry_phrase, ()):
                if self.terms[key].unless & present:
                    continue
                best = hits.get(key)
                if best is None or (best[0] and not weak):
                    hits[key] = (weak, quote(text, start, end))
        for key, compiled in self.terms.items():
            if not compiled.pairs or (key in hits and not hits[key][0]):
                continue
            if compiled.unless & present:
                continue
            spans = []
            for group in compiled.pairs:
                spans_of_group = [where[p] for p in group if p in where]
                if not spans_of_group:
                    break
                spans.append(min(spans_of_group))
            else:
                start = min(span[0] for span in spans)
                end = max(span[1] for span in spans)
                hits[key] = (False, quote(text, start, end))
        return [(key, weak, words) for key, (weak, words) in hits.items()]

    def _by_codes(self, record: Record) -> list[Inference]:
        """What the NTEE code, its title and the IRS codes say (remembered per code)."""
        found: list[Inference] = []
        if record.ntee_code:
            key = ("ntee", record.ntee_code, record.ntee_title)
            cached = self._codes.get(key)
            if cached is None:
                cached = self._by_ntee(record.ntee_code.upper(), record.ntee_title)
                self._codes[key] = cached
            found += cached
        for source, code in (
            ("subsection", record.irs_subsection),
            ("foundation", record.irs_foundation),
            *(("activity", code) for code in activity_codes(record.irs_activity)),
        ):
            if code:
                key = (source, code, "")
                cached = self._codes.get(key)
                if cached is None:
                    cached = [
                        Inference(kind, term_id, STRENGTH[source], source, code)
                        for (kind, term_id), compiled in self.terms.items()
                        if compiled.entry is not None and code in _codes_of(compiled.entry, source)
                    ]
                    self._codes[key] = cached
                found += cached
        return found

    def code_inferences(self, code: str) -> list[Inference]:
        """What an NTEE code and its title say, as if it were an organization's code."""
        key = ("ntee", code, "*")
        cached = self._codes.get(key)
        if cached is None:
            entry = ntee_entry(code) or {}
            title = " ".join([entry.get("title", ""), *entry.get("keywords", [])]).strip()
            cached = self._by_ntee(code.upper(), title)
            self._codes[key] = cached
        return cached

    def _by_ntee(self, code: str, title: str) -> list[Inference]:
        found = []
        for (kind, term_id), compiled in self.terms.items():
            entry = compiled.entry
            if entry is None:
                continue
            hit = starting.ntee_matches(code, entry.ntee)
            if hit and len(hit) > len(starting.ntee_matches(code, entry.not_ntee)):
                found.append(Inference(kind, term_id, STRENGTH["ntee"], "ntee", code))
        if title:
            # The title says what the category is; its keywords list what some of its members
            # do ("Adult Education" lists "English as a Second Language"), weaker evidence.
            own_title = ((ntee_entry(code) or {}).get("title") or "").casefold()
            for (kind, term_id), weak, words in self.matches(title):
                weak = weak or words.casefold() not in own_title
                strength = STRENGTH["ntee_title"] * (WEAK if weak else 1.0)
                found.append(Inference(kind, term_id, strength, "ntee_title", words))
        return found

    def infer(
        self, record: Record, analysed: dict[str, list[Token]] | None = None
    ) -> list[Inference]:
        """Every term the organization probably reaches or offers, with its best evidence.

        `analysed` may hold the tokens of some fields already (the caller needs them too)."""
        best: dict[tuple[str, int], Inference] = {}

        def keep(inference: Inference) -> None:
            key = (inference.kind, inference.term_id)
            current = best.get(key)
            if current is None or inference.strength > current.strength:
                best[key] = inference

        for inference in self._by_codes(record):
            keep(inference)
        for source in TEXT_FIELDS:
            text = getattr(record, source)
            if not text:
                continue
            found = analysed.get(source) if analysed else None
            for (kind, term_id), weak, words in self.matches(text, found):
                if kind == starting.RESOURCE and source in NO_RESOURCES_FROM:
                    continue
                strength = STRENGTH[source] * (WEAK if weak else 1.0)
                keep(Inference(kind, term_id, strength, source, words))
        return sorted(best.values(), key=lambda i: (i.kind, -i.strength, i.term_id))

    # Reading a goal ---------------------------------------------------------------------------

    def goal_terms(self, text: str) -> list[tuple[str, int, str, frozenset[str]]]:
        """(kind, term id, quoted words, the stems of the words that say who, for an audience,
        or that name it, for a resource) for the audiences a goal's text names and the resources
        it says it needs."""
        found = tokens(text)
        # A sum of money ("raise about $25,000") names money as plainly as the word "dollars".
        sums = [Token(DOLLARS, match.start(), match.end()) for match in MONEY.finditer(text)]
        if sums:
            found = sorted(found + sums, key=lambda token: token.start)
        if not found:
            return []
        present = {token.stem for token in found}
        marks = _Marks(text)
        located: dict[tuple[str, ...], tuple[int, int]] = {}
        # The phrases said, at one of their places at least, right after a word of need, and
        # those said in a sentence of need.
        after_need: set[tuple[str, ...]] = set()
        in_need: set[tuple[str, ...]] = set()
        for entry_phrase, start, end in self._kept(
            self._goal_index.find_spans(found), self._goal_terms_of
        ):
            located.setdefault(entry_phrase, (start, end))
            if entry_phrase in self._needed_phrases and marks.need_before(start):
                after_need.add(entry_phrase)
            if entry_phrase in self._in_need_phrases and marks.need_in_sentence_before(start):
                in_need.add(entry_phrase)
        named = []
        for (kind, term_id), compiled in self.terms.items():
            hits = [p for p in compiled.goal if p in located]
            if compiled.term.kind == starting.AUDIENCE and not hits and compiled.pairs:
                groups = [[p for p in group if p in located] for group in compiled.pairs]
                if all(groups):
                    hits = [p for group in groups for p in group]
            if hits and not (compiled.unless & present):
                # A word that says it only after a word of need ("we need a room") or in a
                # sentence of need ("we need ... and money for the copies").
                hits = [
                    p
                    for p in hits
                    if (p not in compiled.needed or p in after_need)
                    and (p not in compiled.in_need or p in in_need)
                ]
                if not hits:
                    continue
                spans = [located[p] for p in hits]
                if compiled.term.kind == starting.RESOURCE and all(
                    marks.ours_before(start) for start, _end in spans
                ):
                    continue  # the library's own: not something the goal needs
                start, end = min(s[0] for s in spans), max(s[1] for s in spans)
                words = quote(text, start, end) if end - start <= 60 else quote(text, *min(spans))
                if compiled.term.kind == starting.RESOURCE:
                    naming = frozenset(s for p in hits for s in p)  # the words that ask for it
                else:
                    who = set(compiled.who) | {p for group in compiled.pairs for p in group}
                    naming = frozenset(s for p in hits if p in who for s in p)
                named.append((kind, term_id, words, naming))
        return named

    def expansion(self, audience_id: int) -> list[tuple[str, ...]]:
        """The strong words of an audience, to widen a goal's text when the goal names it."""
        compiled = self.terms.get((starting.AUDIENCE, audience_id))
        return list(compiled.strong) if compiled else []

    def related(self, audience_id: int) -> list[tuple[int, float]]:
        """Other audiences of the library that count in part for this one."""
        compiled = self.terms.get((starting.AUDIENCE, audience_id))
        if compiled is None or compiled.entry is None:
            return []
        return [
            (self.by_slug[(starting.AUDIENCE, slug)], factor)
            for slug, factor in compiled.entry.related
            if (starting.AUDIENCE, slug) in self.by_slug
        ]

    def asks(self, resource_id: int) -> bool:
        """Whether a goal that names this resource asks for it (see thesaurus.Entry.asks)."""
        compiled = self.terms.get((starting.RESOURCE, resource_id))
        return bool(compiled and compiled.entry and compiled.entry.asks)

    def from_anyone(self, resource_id: int) -> bool:
        """Whether anyone who brings this asked resource serves the goal (see
        thesaurus.Entry.from_anyone), not only those about the goal."""
        compiled = self.terms.get((starting.RESOURCE, resource_id))
        return bool(
            compiled and compiled.entry and compiled.entry.asks and compiled.entry.from_anyone
        )

    def name_of(self, kind: str, term_id: int) -> str:
        compiled = self.terms.get((kind, term_id))
        return compiled.term.name if compiled else "?"
