"""Directory search: which organizations match a few words, how well, and the words highlighted.

Every word must be found, in the organization's full-text index (directory/fulltext.py: FTS5 on
SQLite, a weighted tsvector with its GIN index on PostgreSQL) or in the name or role of someone
currently there. The index holds the name, mission, interests, needs, notes, city and NTEE title,
cut into words without stemming, and each word is searched as a prefix: "home" finds "Homeless",
"co-op" finds "Co-op" (a phrase of its two parts). A word with something else than letters in it
("100%", "_", "o'brien", "802-555") is also looked for as it was typed, inside `search_text` (on
PostgreSQL the trigram index of directory 0004 serves that LIKE): the index only knows letters and
digits, and the two engines do not cut numbers, e-mails and web addresses alike.

The rows found are ranked by the engine, with the same column weights on both: the name weighs
most, then the mission, interests and needs, then notes and city, then the rest (the NTEE title);
bm25 on SQLite, ts_rank_cd on PostgreSQL. The two formulas differ, so a library moving to
PostgreSQL finds the same organizations, in an order that may differ where scores are close.
Organizations found only through the people there come after those found by their own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import Exists, FloatField, OuterRef, Q, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allies.directory import fulltext

MAX_WORDS = 8
RANK_LIMIT = 2000
NEAR_LIMIT = 5
NEAR_MIN_LENGTH = 4  # shorter words are close to too many
NEAR_THRESHOLD = 0.5
# The fields a result's excerpt may come from, with their labels.
EXCERPT_FIELDS = (
    ("mission", _("Mission")),
    ("current_interests", _("Current interests")),
    ("needs", _("Needs")),
    ("notes", _("Notes")),
)
EXCERPT_FIELDS_NAMES = (*(name for name, _label in EXCERPT_FIELDS), "ntee_code")
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


def _also_as_typed(word: str) -> bool:
    """Whether a word is also looked for as typed: it has something else than letters, or a digit
    (PostgreSQL's parser reads "802-555-0100" as 802, -555 and -0100)."""
    return "".join(fulltext.tokens(word)) != word or any(c.isdigit() for c in word)


def matching(queryset, text: str, library_id: int | None = None):
    """The organizations of `queryset` where every word is found (see the module's docstring)."""
    for word in search_words(text):
        people = _people_matching(word, library_id).filter(organization_id=OuterRef("pk"))
        found = Q(Exists(people))
        word_tokens = fulltext.tokens(word)
        if word_tokens:
            found |= Q(fulltext.matches(word_tokens))
        if _also_as_typed(word):
            found |= Q(search_text__contains=word)
        queryset = queryset.filter(found)
    return queryset


def with_rank(queryset, text: str, library_id: int | None = None):
    """`queryset` (already `matching`) with `search_rank` on each row (a float, higher is better,
    0 when only people or the text as typed matched), best first, then by name."""
    rank = fulltext.score([fulltext.tokens(word) for word in search_words(text)])
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "name", "id")


def ranked(queryset, text: str, library_id: int | None = None):
    """`matching`, with `search_rank` on each row, best first (then by name)."""
    return with_rank(matching(queryset, text, library_id), text, library_id)


def near(queryset, text: str) -> list:
    """When no organization has every word: those whose search text has, for each word, one
    close to it (a typo: "homless", "rotery"), closest first, at most NEAR_LIMIT. PostgreSQL
    only, through the trigram index (pg_trgm's `<%`, word similarity of at least NEAR_THRESHOLD);
    [] on SQLite, which has no such index."""
    if connection.vendor != "postgresql":
        return []
    words = [w for w in search_words(text) if len(w) >= NEAR_MIN_LENGTH]
    if not words:
        return []
    closeness = Value(0.0, output_field=FloatField())
    for word in words:
        queryset = queryset.filter(fulltext.near_word(word))
        closeness = closeness + fulltext.word_closeness(word)
    rows = queryset.annotate(closeness=closeness).order_by("-closeness", "name", "id")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_trgm's default (0.6) misses a letter left out of a short word ("homless": 0.55).
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [NEAR_THRESHOLD])
        return list(rows[:NEAR_LIMIT])


MAX_NAME_PHRASES = 10
MAX_NAMES_LENGTH = 300  # the words of a name filter as kept, ", " between the phrases


def name_phrases(text: str) -> list[str]:
    """The phrases a name filter looks for (`named`): separated by commas, lower case, spaces made
    single, without repeats."""
    phrases: list[str] = []
    for part in text.split(","):
        phrase = " ".join(part.lower().split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def name_words(text: str) -> str:
    """The words of a name filter as they are kept and said: its phrases with ", " between them
    ("" for none). ValueError("too_many") past MAX_NAME_PHRASES phrases, ValueError("too_long")
    past MAX_NAMES_LENGTH characters (the ", " can make it longer than typed)."""
    phrases = name_phrases(text)
    if len(phrases) > MAX_NAME_PHRASES:
        raise ValueError("too_many")
    kept = ", ".join(phrases)
    if len(kept) > MAX_NAMES_LENGTH:
        raise ValueError("too_long")
    return kept


def name_words_problem(error: ValueError) -> str:
    """What to fix in words of names that `name_words` refused, in words."""
    if error.args[0] == "too_many":
        return gettext("Give at most %(most)s alternatives, separated by commas.") % {
            "most": MAX_NAME_PHRASES
        }
    return gettext("Keep the words to at most %(length)s characters.") % {
        "length": MAX_NAMES_LENGTH
    }


def named(queryset, text: str) -> list[int]:
    """The ids of the organizations of `queryset` whose name has one of the phrases of `text`
    (separated by commas) where a word starts, whatever the case: "legion, vfw" finds "American
    Legion Post 12" and "VFW Post 7779"; "art" finds "Arts Council", not "Hartford Homes".

    The database narrows to the rows whose `search_text` (lower case, read by Python, so "école"
    finds "École" on SQLite too; on PostgreSQL its trigram index serves the LIKE) holds every word
    of a phrase; the name itself then decides."""
    phrases = name_phrases(text)
    if not phrases:
        return []
    holds = Q()
    for phrase in phrases:
        every_word = Q()
        for word in phrase.split():
            every_word &= Q(search_text__contains=word)
        holds |= every_word
    pattern = re.compile(
        "|".join(
            (r"(?<![^\W_])" if phrase[0].isalnum() else "")
            + r"\s+".join(re.escape(word) for word in phrase.split())
            for phrase in phrases
        ),
        re.IGNORECASE,
    )
    rows = queryset.filter(holds).order_by().values_list("pk", "name")
    return [pk for pk, name in rows if pattern.search(name)]


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
    # A word starting with a letter or digit is marked where a word of the text starts with it,
    # as the index found it ("home" in "Homeless", not in "Tophome"); any other word as typed.
    alternatives = [
        (r"(?<![^\W_])" if w[0].isalnum() else "") + re.escape(w)
        for w in sorted(set(words), key=len, reverse=True)
    ]
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
    found, the passage cut around the first match; else the IRS category when a word is in its
    title (an imported row has no other text); None when none of them has one."""
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
    title = organization.ntee_title if organization.ntee_code else ""
    if title and pattern.search(title):
        return str(_("IRS category")), f"{organization.ntee_code}: {title}"
    return None
