"""A fit score in words: the strongest reasons first, each quoting its evidence, then one quiet line
saying what is not known yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.directory.ntee import activity_codes, activity_title, ntee_title, subsection_title
from allies.directory.suggestions import evidence_text
from allies.directory.thesaurus import AUDIENCE, RESOURCE
from allies.directory.words import GOAL_STOP_WORDS, STOP_WORDS, quote, tokens
from allies.matching.models import QUESTIONS_BY_CODE
from allies.matching.scoring import Fit

MAX_REASONS = 4
WORDS_SHOWN = 0.15  # the share of the best text match below which shared words are not shown
MEANING_SHOWN = 0.5  # closeness in meaning from which it is given as a reason
NEARBY_MILES = 30
# A missing part and the question that would fill it in.
# Words never shown as the ones an organization shares with a goal: stop words, the words of every
# library goal, and words any organization's mission says ("free", "people", "age").
NEVER_SHOWN = (
    STOP_WORDS
    | GOAL_STOP_WORDS
    | frozenset(
        {
            "free",
            "age",
            "ages",
            "aged",
            "people",
            "person",
            "persons",
            "community",
            "communities",
            "public",
            "local",
            "area",
            "help",
            "helps",
            "helping",
            "serve",
            "serves",
            "serving",
            "service",
            "services",
        }
    )
)
MISSING_QUESTION = {"capacity": "capacity", "reputation": "reputation", "risk": "risks"}
# Translated only for the rows that say them.
WELL_REGARDED = gettext_lazy("They are well regarded.")
LITTLE_RISK = gettext_lazy("Working with them carries little risk.")


@dataclass(frozen=True)
class Reason:
    """One sentence of an explanation; `question` names the key question that would fill a gap."""

    text: str
    missing: bool = False
    question: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class Context:
    """What an explanation needs besides the fit: names, evidence, the organization's record."""

    audiences: dict[int, str]
    resources: dict[int, str]
    name: str = ""
    # what the sentence encoder read of their record besides staff's texts: their name and kind
    # ("Helping Hands of Hartford. Supplying money, goods or services to the poor"); '' for the name
    read_as: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # mission, current_interests, ...
    ntee_code: str = ""
    subsection: str = ""  # IRS 501(c) subsection, read when there is no NTEE code
    activity: str = ""  # the IRS activity codes ("560408000")
    income: int | None = None
    town: str = ""
    library_town: str = ""
    # (kind, term) -> (source, evidence) of what is inferred; staff's own tags are not in it
    evidence: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    path_people: list[str] | None = None
    viewer_first: bool = False  # the viewer is the path's first person
    like_names: dict[int, str] = field(default_factory=dict)
    # the goal's audiences only its words name (nobody ticked them: they count less)
    named_audiences: frozenset[int] = frozenset()


def names(ids, lookup: dict[int, str]) -> str:
    return get_text_list([lookup.get(pk, "?") for pk in ids], _("and"))


def path_sentence(people: list[str], viewer_first: bool = False) -> str:
    """'Helen Marsh can introduce you to Gloria Pelletier through Tom Brandt.'"""
    if len(people) < 2:
        return ""
    if len(people) == 2:
        if viewer_first:
            return _("You know %(inside)s there directly.") % {"inside": people[-1]}
        return _("%(staff)s knows %(inside)s there and can introduce you.") % {
            "staff": people[0],
            "inside": people[-1],
        }
    if viewer_first:
        return _("You can reach %(inside)s through %(middle)s.") % {
            "inside": people[-1],
            "middle": get_text_list(people[1:-1], _("and")),
        }
    return _("%(staff)s can introduce you to %(inside)s through %(middle)s.") % {
        "staff": people[0],
        "inside": people[-1],
        "middle": get_text_list(people[1:-1], _("and")),
    }


def money(amount: int) -> str:
    """$2.1M, $450,000."""
    if amount >= 1_000_000:
        return _("$%(millions)sM") % {
            "millions": f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".")
        }
    return f"${amount:,}"


def _why(term: int, kind: str, context: Context) -> str:
    found = context.evidence.get((kind, term))
    if found is None:
        return _("tagged by your staff")
    from allies.directory.inference import Inference

    return evidence_text(Inference(kind, term, 0.0, found[0], found[1]))


def _evidence(terms, kind: str, context: Context) -> str:
    """The evidence of several terms, once each: a quote inside a longer quote of the same
    source is left out ("Youth" when "Youth Shelter" is said)."""
    found = {(context.evidence.get((kind, t)) or ("", ""))[0]: [] for t in terms}
    said = []
    for term in terms:
        source, quoted = context.evidence.get((kind, term)) or ("", "")
        found[source].append(quoted)
        said.append((source, quoted, _why(term, kind, context)))
    kept = [
        sentence
        for source, quoted, sentence in said
        if not any(quoted and quoted != other and quoted in other for other in found[source])
    ]
    return "; ".join(dict.fromkeys(kept))


def _audience_reason(fit: Fit, context: Context) -> str:
    ticked = [a for a in fit.matched_primary if a not in context.named_audiences]
    if ticked:
        evidence = _evidence(ticked, AUDIENCE, context)
        return _("They reach %(audiences)s, whom the goal is for (%(evidence)s).") % {
            "audiences": names(ticked, context.audiences),
            "evidence": evidence,
        }
    if fit.matched_primary:
        evidence = _evidence(fit.matched_primary, AUDIENCE, context)
        return _("They reach %(audiences)s, whom the goal's words name (%(evidence)s).") % {
            "audiences": names(fit.matched_primary, context.audiences),
            "evidence": evidence,
        }
    if fit.matched_secondary:
        evidence = _evidence(fit.matched_secondary, AUDIENCE, context)
        return _("They reach %(audiences)s, a secondary audience of the goal (%(evidence)s).") % {
            "audiences": names(fit.matched_secondary, context.audiences),
            "evidence": evidence,
        }
    if fit.related_audiences:
        goal_audience, theirs = fit.related_audiences[0]
        return _(
            "They reach %(theirs)s, close to %(wanted)s whom the goal is for (%(evidence)s)."
        ) % {
            "theirs": context.audiences.get(theirs, "?"),
            "wanted": context.audiences.get(goal_audience, "?"),
            "evidence": _why(theirs, AUDIENCE, context),
        }
    return ""


def _quoted_words(text: str, wanted: set[str]) -> str:
    """The words of `text` whose stems are wanted, quoted as one span when they stand together."""
    found = [
        token
        for token in tokens(text)
        if token.stem in wanted and text[token.start : token.end].lower() not in NEVER_SHOWN
    ]
    if not found:
        return ""
    span = quote(text, found[0].start, found[-1].end)
    if len(span) <= 60:
        return span
    return ", ".join(dict.fromkeys(text[t.start : t.end] for t in found))


def _words_reasons(fit: Fit, context: Context) -> list[str]:
    sentences = []
    stems = fit.matched_stems
    if stems.get("name"):
        words = _quoted_words(context.name, set(stems["name"]))
        if words:
            sentences.append(_("Their name says “%(words)s”.") % {"words": words})
    for source, label in (
        ("mission", _("Their mission speaks of “%(words)s”.")),
        ("current_interests", _("What they care about now speaks of “%(words)s”.")),
        ("needs", _("Their needs speak of “%(words)s”.")),
        ("notes", _("Your notes speak of “%(words)s”.")),
    ):
        text = context.texts.get(source, "")
        words = _quoted_words(text, set(stems.get("text", ()))) if text else ""
        if words:
            sentences.append(label % {"words": words})
            break
    said = stems.get("category") or stems.get("description")
    if said and context.ntee_code:
        sentences.append(
            _("IRS category %(code)s: %(title)s.")
            % {"code": context.ntee_code, "title": ntee_title(context.ntee_code)}
        )
    elif said and fit.matched_code and not fit.matched_code.startswith("501(c)("):
        # No code of their own: the one their directory's coded organizations suggest.
        sentences.append(
            _(
                "Suggested IRS category %(code)s: %(title)s (learned from the organizations "
                "of your directory with similar names)."
            )
            % {"code": fit.matched_code, "title": ntee_title(fit.matched_code)}
        )
    elif stems.get("category") and subsection_title(context.subsection):
        sentences.append(
            _("IRS 501(c)(%(code)s): %(title)s.")
            % {
                "code": context.subsection.lstrip("0"),
                "title": subsection_title(context.subsection),
            }
        )
    if stems.get("activity"):
        wanted = set(stems["activity"])
        for code in activity_codes(context.activity):
            if wanted & set(_stems_of(activity_title(code))):
                # Some titles end with "etc.": the sentence's own full stop is enough.
                sentences.append(
                    _("IRS activity %(code)s: %(title)s.")
                    % {"code": code, "title": activity_title(code).removesuffix(".")}
                )
                break
    return sentences


def _stems_of(text: str) -> list[str]:
    return [token.stem for token in tokens(text)]


def explain(fit: Fit, weights: dict[str, float], context: Context) -> list[Reason]:
    """The strongest reasons first (by the weight of their part), each with its evidence, then
    one line with what is not known yet."""
    found: list[tuple[float, str]] = []

    def strength(part: str) -> float:
        return (fit.parts.get(part) or 0.0) * weights.get(part, 0.0)

    audience = _audience_reason(fit, context)
    if audience:
        found.append((strength("audience"), audience))
    if fit.supplied_asked:
        evidence = "; ".join(dict.fromkeys(_why(r, RESOURCE, context) for r in fit.supplied_asked))
        found.append(
            (
                strength("audience"),
                _("They can bring %(resources)s, which the goal asks for (%(evidence)s).")
                % {"resources": names(fit.supplied_asked, context.resources), "evidence": evidence},
            )
        )
    if (fit.parts.get("mission") or 0.0) >= WORDS_SHOWN:
        for sentence in _words_reasons(fit, context)[:2]:
            if sentence.split("“")[-1].split("”")[0] in audience and "“" in sentence:
                continue  # the audience's evidence already quotes these words
            found.append((strength("mission"), sentence))
    if (fit.parts.get("meaning") or 0.0) >= MEANING_SHOWN and context.name:
        found.append(
            (
                strength("meaning"),
                _("What we know of them (“%(name)s”) is close in meaning to your goal.")
                % {"name": context.read_as or context.name},
            )
        )
    others = [r for r in fit.matched_resources if r not in fit.supplied_asked]
    if others:
        evidence = "; ".join(dict.fromkeys(_why(r, RESOURCE, context) for r in others))
        found.append(
            (
                strength("resources"),
                _("They can offer %(resources)s, which the goal needs (%(evidence)s).")
                % {"resources": names(others, context.resources), "evidence": evidence},
            )
        )
    if fit.like_good is not None:
        found.append(
            (
                weights.get("audience", 1.0),
                _("Like %(name)s, which you marked a good fit.")
                % {"name": context.like_names.get(fit.like_good, "?")},
            )
        )
    if context.path_people:
        sentence = path_sentence(context.path_people, context.viewer_first)
        if sentence:
            found.append((strength("reachability"), sentence))
    capacity = fit.parts.get("capacity")
    if fit.capacity_from == "income" and context.income and context.income >= 250_000:
        found.append(
            (
                strength("capacity"),
                _("Income %(income)s: capacity for a shared program.")
                % {"income": money(context.income)},
            )
        )
    elif fit.capacity_from == "rating" and capacity is not None and capacity >= 0.75:
        found.append((strength("capacity"), _("They have the commitment and the means to help.")))
    if fit.distance is not None:
        if fit.distance < 1 and context.town:
            found.append(
                (
                    strength("proximity"),
                    _("In %(town)s, near the library.") % {"town": context.town},
                )
            )
        elif fit.distance <= NEARBY_MILES:
            miles = round(fit.distance)
            found.append(
                (
                    strength("proximity"),
                    ngettext(
                        "%(miles)s mile from the library.",
                        "%(miles)s miles from the library.",
                        miles,
                    )
                    % {"miles": miles},
                )
            )
    for part, good, label in (
        ("reputation", 0.75, WELL_REGARDED),
        ("risk", 0.75, LITTLE_RISK),
    ):
        value = fit.parts.get(part)
        if value is not None and value >= good:
            found.append((strength(part), str(label)))
    found.sort(key=lambda item: -item[0])
    reasons = [Reason(text) for _weight, text in found[:MAX_REASONS]]
    if fit.like_bad is not None and fit.like_good is None:
        reasons.append(
            Reason(
                _("Lower: like %(name)s, which you marked not a fit.")
                % {"name": context.like_names.get(fit.like_bad, "?")}
            )
        )
    if not reasons:
        reasons.append(Reason(_("Nothing in their record matches this goal yet.")))
    unknown = [part for part in fit.missing if part in MISSING_QUESTION and weights.get(part)]
    if unknown:
        reasons.append(
            Reason(
                _("Not yet known: %(parts)s.")
                % {"parts": get_text_list([str(part_label(p)) for p in unknown], _("and"))},
                missing=True,
                question=QUESTIONS_BY_CODE[MISSING_QUESTION[unknown[0]]].code,
            )
        )
    return reasons


PART_LABELS = {
    "audience": gettext_lazy("audience reach"),
    "mission": gettext_lazy("their words"),
    "resources": gettext_lazy("resources"),
    "capacity": gettext_lazy("capacity"),
    "reputation": gettext_lazy("reputation"),
    "risk": gettext_lazy("risk"),
    "reachability": gettext_lazy("reachability"),
    "proximity": gettext_lazy("distance"),
    "meaning": gettext_lazy("closeness in meaning"),
}


def part_label(part: str) -> str:
    """A part of the score in words (one translation looked up, not all nine)."""
    return str(PART_LABELS.get(part, part))
