"""The elevator pitch in plain Python: how long it is, how long it takes to say, a first draft.

No Django here, so the counting rules can be tested alone. A pitch is meant to be said aloud in about
a minute; at a calm 130 words a minute that is about 130 words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

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
    text = _sentence(text)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _join(items: Iterable[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def draft_pitch(
    *,
    library_name: str,
    partner_name: str,
    partner_mission: str = "",
    audiences: Iterable[str] = (),
    goal: str = "",
    brings: dict[str, str] | None = None,
    benefits_to_library: str = "",
    benefits_to_partner: str = "",
    benefits_to_community: str = "",
) -> str:
    """A first draft of a pitch to `partner_name`, in short paragraphs, from the parts given.

    `brings` holds the library's pitch template (spaces, collections, programs, technology, reach,
    impact); only the first sentence of each part is used so the draft stays near one minute.
    The draft leads with the partner's work, as the method advises, and ends with an invitation
    to talk, not a finished proposal.
    """
    brings = brings or {}
    paragraphs = []
    audience_text = _join(list(audiences)[:3])
    opening = f"At {partner_name}, you"
    if partner_mission:
        opening += f" work to {_lower_first(partner_mission).removeprefix('to ')}"
    else:
        opening += " do work our community counts on."
    if audience_text:
        opening += f" You reach {audience_text}, people {library_name} wants to serve too."
    paragraphs.append(opening)

    offer = []
    for part in ("spaces", "collections", "programs", "technology", "reach", "impact"):
        text = (brings.get(part) or "").strip()
        if text:
            offer.append(_sentence(re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]))
    if offer:
        paragraphs.append(f"{library_name} brings more than books. " + " ".join(offer))
    if goal:
        paragraphs.append(f"This year we are working toward one goal: {_lower_first(goal)}")
    gains = []
    if benefits_to_partner:
        gains.append(f"For you: {_lower_first(benefits_to_partner)}")
    if benefits_to_library:
        gains.append(f"For the library: {_lower_first(benefits_to_library)}")
    if benefits_to_community:
        gains.append(f"For our community: {_lower_first(benefits_to_community)}")
    if gains:
        paragraphs.append("Working together, everyone gains. " + " ".join(gains))
    paragraphs.append(
        "Could we start small, with a conversation about what you need, and see where it leads?"
    )
    return "\n\n".join(paragraphs)
