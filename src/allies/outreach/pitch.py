"""The elevator pitch in plain Python: how long it is, how long it takes to say, a first draft.

Nothing here touches the database, so the counting rules can be tested alone; the draft's sentences
go through gettext so that they can be translated like every other text. A pitch is meant to be said
aloud in about a minute; at a calm 130 words a minute that is about 130 words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

WORDS_PER_MINUTE = 130
ONE_MINUTE = 60

# A word is a run of letters or digits, joined by hyphens, apostrophes, or the dots and commas inside
# numbers: "after-school", "don't", "5,400" and "3.5" are one word each. Em and en dashes separate
# words ("libraries—and") and a lone dash or "$" is not a word.
_WORD = re.compile(r"\w+(?:[-'’.,:/]\w+)*")


def word_count(text: str) -> int:
    """The number of spoken words in `text`."""
    return len(_WORD.findall(text or ""))


def spoken_seconds(text: str, wpm: int = WORDS_PER_MINUTE) -> int:
    """Seconds it takes to say `text` at `wpm` words a minute, rounded up."""
    if wpm <= 0:
        raise ValueError("wpm must be positive")
    return math.ceil(word_count(text) * 60 / wpm)


def is_too_long(text: str, wpm: int = WORDS_PER_MINUTE) -> bool:
    """True when the pitch takes more than one minute to say."""
    return spoken_seconds(text, wpm) > ONE_MINUTE


def _sentence(text: str) -> str:
    """`text` trimmed, with a full stop at the end if it has none."""
    text = " ".join((text or "").split())
    if text and text[-1] not in ".!?":
        text += "."
    return text


def _lower_first(text: str) -> str:
    """`text` as a sentence starting in lower case, unless its first word is an acronym ("YMCA")."""
    text = _sentence(text)
    first = text.split(maxsplit=1)[0] if text else ""
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _in_sentence(name: str) -> str:
    """A name as it reads mid-sentence: "Adult learners" becomes "adult learners", "ESL students"
    keeps its acronym."""
    name = " ".join((name or "").split())
    first = name.split(maxsplit=1)[0] if name else ""
    if len(first) > 1 and first.isupper():
        return name
    return name[:1].lower() + name[1:]


def _join(items: Iterable[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


DRAFT_WORDS = WORDS_PER_MINUTE - 10  # a draft leaves room for the speaker's own words


def _first_sentence(text: str) -> str:
    return _sentence(re.split(r"(?<=[.!?])\s", (text or "").strip(), maxsplit=1)[0])


def draft_pitch(
    *,
    library_name: str,
    partner_name: str,
    partner_mission: str = "",
    audiences: Iterable[str] = (),
    goal: str = "",
    goal_audiences: Iterable[str] = (),
    shared_audiences: Iterable[str] = (),
    shared_resources: Iterable[str] = (),
    brings: dict[str, str] | None = None,
    benefits_to_library: str = "",
    benefits_to_partner: str = "",
    benefits_to_community: str = "",
    max_words: int = DRAFT_WORDS,
) -> str:
    """A first draft of a pitch to `partner_name`, in short paragraphs, from the parts given.

    `brings` holds the library's pitch template (spaces, collections, programs, technology, reach,
    impact); only the first sentence of each part is used. With a goal, the draft names it, whom
    it is for (`goal_audiences`) and why this partner fits it: the goal's audiences they reach
    (`shared_audiences`) and what they can bring that it needs (`shared_resources`). The draft
    leads with the partner's work, as the method advises, and ends with an invitation to talk, not
    a finished proposal. It fits the minute it promises: past `max_words`, the template's
    sentences go first (the last ones first), then the community's and the library's gains.
    """
    brings = brings or {}
    # Each paragraph is a list of [sentence, rank]: rank 0 is always kept, higher ranks go first.
    paragraphs: list[list[list]] = []
    audience_text = _join([_in_sentence(audience) for audience in audiences][:3])
    mission = _lower_first(_first_sentence(partner_mission)) if partner_mission else ""
    if mission.startswith("to "):  # "To serve the town ...": what they work to do
        opening = _("At %(partner)s, you work to %(mission)s") % {
            "partner": partner_name,
            "mission": mission.removeprefix("to "),
        }
    elif (
        mission
    ):  # "The town's administration ...", "A member-owned credit union ...": what they are
        opening = _("We know your work at %(partner)s: %(mission)s") % {
            "partner": partner_name,
            "mission": mission,
        }
    else:
        opening = _("At %(partner)s, you do work our community counts on.") % {
            "partner": partner_name
        }
    first = [[opening, 0]]
    shared = _join([_in_sentence(a) for a in shared_audiences][:3])
    if audience_text and not (goal and shared):
        first.append(
            [
                _("You reach %(audiences)s, people %(library)s wants to serve too.")
                % {"audiences": audience_text, "library": library_name},
                6,
            ]
        )
    paragraphs.append(first)

    if goal:
        said = [
            [
                _("This year %(library)s is working toward one goal: %(goal)s")
                % {"library": library_name, "goal": _lower_first(goal)},
                0,
            ]
        ]
        if shared:
            said.append(
                [
                    _("You reach %(audiences)s, the people this goal is for.")
                    % {"audiences": shared},
                    0,
                ]
            )
        elif wanted := _join([_in_sentence(a) for a in goal_audiences][:3]):
            said.append([_("It is for %(audiences)s.") % {"audiences": wanted}, 5])
        if resources := _join([_in_sentence(r) for r in shared_resources][:2]):
            said.append(
                [
                    _("And you can bring %(resources)s, which it needs.")
                    % {"resources": resources},
                    4,
                ]
            )
        paragraphs.append(said)

    offer = []
    for rank, part in enumerate(
        ("spaces", "collections", "programs", "technology", "reach", "impact")
    ):
        text = (brings.get(part) or "").strip()
        if text:
            offer.append([_first_sentence(text), 10 + rank])
    if offer:
        lead = _("%(library)s brings more than books.") % {"library": library_name}
        paragraphs.append([[lead, 9], *offer])
    gains = []
    if benefits_to_partner:
        gains.append([_("For you: %(gain)s") % {"gain": _lower_first(benefits_to_partner)}, 0])
    if benefits_to_library:
        gains.append(
            [_("For the library: %(gain)s") % {"gain": _lower_first(benefits_to_library)}, 7]
        )
    if benefits_to_community:
        gains.append(
            [_("For our community: %(gain)s") % {"gain": _lower_first(benefits_to_community)}, 8]
        )
    if gains:
        paragraphs.append([[_("Working together, everyone gains."), 3], *gains])
    paragraphs.append(
        [
            [
                _(
                    "Could we start small, with a conversation about what you need, and see "
                    "where it leads?"
                ),
                0,
            ]
        ]
    )

    def text() -> str:
        kept = (" ".join(sentence for sentence, _rank in paragraph) for paragraph in paragraphs)
        return "\n\n".join(paragraph for paragraph in kept if paragraph)

    while word_count(text()) > max_words:
        droppable = [
            (rank, p, i)
            for p, paragraph in enumerate(paragraphs)
            for i, (_sentence_text, rank) in enumerate(paragraph)
            if rank
        ]
        if not droppable:
            break  # only the partner's gain and the ask are left: the speaker's own words
        _rank, p, i = max(droppable)
        del paragraphs[p][i]
        if paragraphs[p] and all(rank == 9 for _t, rank in paragraphs[p]):
            paragraphs[p].clear()  # "brings more than books" with nothing after it
    return text()
