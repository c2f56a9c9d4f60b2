"""A fit score in words: the strongest reasons first, then what is missing and how to fill it in."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from allies.matching.models import QUESTIONS_BY_CODE
from allies.matching.scoring import Fit

MAX_REASONS = 3
MAX_SENTENCES = 4
# A missing part and the question that would fill it in.
MISSING_QUESTION = {"capacity": "capacity", "reputation": "reputation", "risk": "risks"}


@dataclass(frozen=True)
class Reason:
    """One sentence of an explanation; `question` names the key question that would fill a gap."""

    text: str
    missing: bool = False
    question: str = ""

    def __str__(self) -> str:
        return self.text


def names(ids, lookup: dict[int, str]) -> str:
    return get_text_list([lookup.get(pk, "?") for pk in ids], _("and"))


def path_sentence(people: list[str]) -> str:
    """'Helen Marsh can introduce you to Gloria Pelletier through Tom Brandt.'"""
    if len(people) < 2:
        return ""
    if len(people) == 2:
        return _("%(staff)s knows %(inside)s there and can introduce you.") % {
            "staff": people[0],
            "inside": people[-1],
        }
    return _("%(staff)s can introduce you to %(inside)s through %(middle)s.") % {
        "staff": people[0],
        "inside": people[-1],
        "middle": get_text_list(people[1:-1], _("and")),
    }


def explain(
    fit: Fit,
    weights: dict[str, float],
    *,
    audiences: dict[int, str],
    resources: dict[int, str],
    path_people: list[str] | None = None,
) -> list[Reason]:
    """Two to four sentences: the strongest reasons (by weighted part), then missing information."""
    found: list[tuple[float, Reason]] = []

    def strength(part: str) -> float:
        return (fit.parts.get(part) or 0.0) * weights.get(part, 0.0)

    if fit.matched_primary:
        text = _("They reach %(audiences)s, whom the goal is for.") % {
            "audiences": names(fit.matched_primary, audiences)
        }
        if fit.matched_secondary:
            text += " " + _("Also %(audiences)s.") % {
                "audiences": names(fit.matched_secondary, audiences)
            }
        found.append((strength("audience"), Reason(text)))
    elif fit.matched_secondary:
        text = _("They reach %(audiences)s, a secondary audience of the goal.") % {
            "audiences": names(fit.matched_secondary, audiences)
        }
        found.append((strength("audience"), Reason(text)))
    if fit.matched_resources:
        text = _("They can offer %(resources)s, which the goal needs.") % {
            "resources": names(fit.matched_resources, resources)
        }
        found.append((strength("resources"), Reason(text)))
    if fit.shared_terms and (fit.parts.get("mission") or 0) > 0:
        text = _("Their mission shares words with yours: %(words)s.") % {
            "words": ", ".join(fit.shared_terms[:4])
        }
        found.append((strength("mission"), Reason(text)))
    if path_people:
        sentence = path_sentence(path_people)
        if sentence:
            found.append((strength("reachability"), Reason(sentence)))
    for part, good, label in (
        ("capacity", 0.75, _("They have the commitment and the means to help.")),
        ("reputation", 0.75, _("They are well regarded.")),
        ("risk", 0.75, _("Working with them carries little risk.")),
    ):
        value = fit.parts.get(part)
        if value is not None and value >= good:
            found.append((strength(part), Reason(label)))
    found.sort(key=lambda item: -item[0])
    reasons = [reason for _weight, reason in found[:MAX_REASONS]]
    if not reasons:
        reasons.append(Reason(_("Nothing in their record matches this goal yet.")))
    missing = [part for part in fit.missing if part in MISSING_QUESTION and weights.get(part)]
    for part in missing[: max(1, MAX_SENTENCES - len(reasons))]:
        question = QUESTIONS_BY_CODE[MISSING_QUESTION[part]]
        reasons.append(
            Reason(
                _("Their %(part)s is unknown: answer question %(number)s.")
                % {"part": part_label(part), "number": question.number},
                missing=True,
                question=question.code,
            )
        )
    return reasons


def part_label(part: str) -> str:
    return {
        "audience": _("audience reach"),
        "mission": _("mission overlap"),
        "resources": _("resources"),
        "capacity": _("capacity"),
        "reputation": _("reputation"),
        "risk": _("risk"),
        "reachability": _("reachability"),
    }.get(part, part)
