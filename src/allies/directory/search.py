"""Directory search: which organizations match a few words, how well, and the words highlighted.

Why not PostgreSQL full-text search and SQLite FTS5: both cut text into stemmed dictionary words,
so "home" would not find "Homeless" nor "802-555" a phone, the stemming depends on the language
(three here) and the two engines rank differently, so the same library would see another order
after moving to PostgreSQL; FTS5 would also need a virtual table kept in step by triggers beside
each organization, person and affiliation. Instead every word must appear, as a substring, in the
organization's `search_text` (name, city, mission, interests, needs, notes, NTEE title; on
PostgreSQL the trigram index of directory 0004 serves that LIKE) or in the name or role of someone
currently there. The rows found are then ranked in the same query by where each word is: the
name weighs most, then the mission, interests and needs, then notes, city and people, then the rest
(the NTEE title). The same SQL on both databases gives the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

MAX_WORDS = 8
RANK_LIMIT = 2000
# Where a word is found, and what it adds to the rank.
WEIGHTS = (
    ("name", 16),
    ("mission", 6),
    ("current_interests", 4),
    ("needs", 4),
    ("notes", 3),
    ("city", 2),
)
PEOPLE_WEIGHT = 2
ELSEWHERE_WEIGHT = 1  # in search_text but in none of the above: the NTEE title
# The fields a result's excerpt may come from, with their labels.
EXCERPT_FIELDS = (
    ("mission", _("Mission")),
    ("current_interests", _("Current interests")),
    ("needs", _("Needs")),
    ("notes", _("Notes")),
)
EXCERPT_FIELDS_NAMES = tuple(name for name, _label in EXCERPT_FIELDS)
EXCERPT_LENGTH = 160


def search_words(text: str) -> list[str]:
    """The words searched for: lower case, without repeats, at most MAX_WORDS."""
    words: list[str] = []
    for word in text.lower().split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _people_matching(word: str, library_id: int | None):
    from allies.directory.models import Affiliation

    affiliations = Affiliation.objects.current().filter(
        Q(person__name__icontains=word) | Q(role__icontains=word)
    )
    if library_id is not None:
        affiliations = affiliations.filter(person__library_id=library_id)
    return affiliations


def matching(queryset, text: str, library_id: int | None = None):
    """The organizations of `queryset` where every word appears (see the module's docstring)."""
    for word in search_words(text):
        people = _people_matching(word, library_id).filter(organization_id=OuterRef("pk"))
        queryset = queryset.filter(Q(search_text__contains=word) | Exists(people))
    return queryset


def with_rank(queryset, text: str, library_id: int | None = None):
    """`queryset` (already `matching`) with `search_rank` on each row, best first, then by name."""
    rank = Value(0, output_field=IntegerField())
    for word in search_words(text):
        whens = [When(**{f"{name}__icontains": word}, then=Value(w)) for name, w in WEIGHTS]
        people = _people_matching(word, library_id).filter(organization_id=OuterRef("pk"))
        whens.append(When(Exists(people), then=Value(PEOPLE_WEIGHT)))
        # Only the first place a word is found counts, so the order of WEIGHTS matters; a word in
        # the name and the notes counts as in the name.
        rank = rank + Case(*whens, default=Value(ELSEWHERE_WEIGHT), output_field=IntegerField())
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "name", "id")


def ranked(queryset, text: str, library_id: int | None = None):
    """`matching`, with `search_rank` on each row, best first (then by name)."""
    return with_rank(matching(queryset, text, library_id), text, library_id)


def counted(queryset) -> tuple[int, bool]:
    """How many rows a search found: (count, True) up to RANK_LIMIT, else (RANK_LIMIT + 1, False),
    a lower bound. Whether the rows are few enough to rank them all: ranking reads every row
    found, where the order by name reads only a page off the (library, name) index. Past
    RANK_LIMIT rows (a word such as "club" in 100,000 organizations) the list is by name and asks
    for another word; a librarian never reads a thousand results, ranked or not. One query tells
    both that and the list's count."""
    found = queryset.order_by()[: RANK_LIMIT + 1].count()
    return found, found <= RANK_LIMIT


def _pattern(words: Sequence[str]) -> re.Pattern | None:
    words = [w for w in words if w]
    if not words:
        return None
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """`text` escaped, with each occurrence of the words in <mark>. The text is cut at the matches
    and each piece escaped on its own, so a word can never match inside an escaped entity."""
    text = "" if text is None else str(text)
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    pieces, start = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[start : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        start = found.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def excerpt(organization, words: Sequence[str]) -> tuple[str, str] | None:
    """(label, passage) of the first of mission, interests, needs and notes where a word is
    found, the passage cut around the first match; None when none of them has one."""
    pattern = _pattern(words)
    if pattern is None:
        return None
    for name, label in EXCERPT_FIELDS:
        value = getattr(organization, name, "") or ""
        found = pattern.search(value)
        if not found:
            continue
        start = max(0, found.start() - EXCERPT_LENGTH // 3)
        if start:
            space = value.find(" ", start)
            start = space + 1 if 0 <= space < found.start() else start
        end = start + EXCERPT_LENGTH
        passage = value[start:end].strip()
        if start:
            passage = "…" + passage
        if end < len(value):
            passage += "…"
        return str(label), passage
    return None
