"""Recognition drafts in the library's own words, filled with one partnership's facts.

`facts_for(partnership)` reads the record once (promises the partner kept, support it gave, pilots and
community events with their attendance and outcome, what the library gained); `draft(kind, facts)`
writes the text for one kind. Every kind reads well with no facts at all: a sentence is left out
rather than written with a blank in it. The writers are plain functions of `Facts`, so tests can
give them any facts they like.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.outreach.models import CommunityEvent, OfferStatus
from allies.partnerships.models import CommitmentStatus, Side
from allies.stewardship.models import Contact, ContactKind, SupportKind

SOCIAL_LIMIT = 280


@dataclass
class PilotFact:
    title: str
    attendance: int | None = None
    outcome: str = ""


@dataclass
class Facts:
    """What a recognition may say about a partnership, all as plain text."""

    partner: str
    library: str
    city: str = ""
    mission: str = ""
    since: datetime.date | None = None
    kept_promises: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    pilots: list[PilotFact] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    benefits_to_library: str = ""
    day: datetime.date = field(default_factory=timezone.localdate)


def facts_for(partnership, day: datetime.date | None = None) -> Facts:
    """The facts of one partnership, read from its record (a handful of queries)."""
    consent = getattr(partnership, "listing_consent", None) if partnership.pk else None
    library = partnership.library
    pilots = list(partnership.pilots.select_related("offer").order_by("starts_on", "id"))
    pilot_events = {p.offer.event_id for p in pilots if p.offer_id and p.offer}
    events = (
        CommunityEvent.objects.filter(
            library=library,
            organizer=partnership.organization,
            offers__status=OfferStatus.ACCEPTED,
        )
        .exclude(pk__in=pilot_events)
        .distinct()
        .order_by("starts_on", "id")
    )
    support_kinds = (
        Contact.objects.filter(partnership=partnership, kind=ContactKind.SUPPORT)
        .exclude(support_kind__in=["", SupportKind.OTHER])
        .order_by("happened_on", "id")
        .values_list("support_kind", flat=True)
    )
    labels = dict(SupportKind.choices)
    kept = partnership.commitments.filter(owed_by=Side.PARTNER, status=CommitmentStatus.KEPT)
    return Facts(
        partner=consent.display_name if consent else partnership.organization.name,
        library=library.name,
        city=library.city.strip(),
        mission=library.mission.strip(),
        since=partnership.started_on,
        kept_promises=_unique(_lower_first(c.what) for c in kept.order_by("due_on", "id")),
        supports=_unique(_lower_first(str(labels[kind])) for kind in support_kinds),
        pilots=[PilotFact(p.title, p.attendance, p.outcome.strip()) for p in pilots],
        events=_unique(event.title for event in events),
        benefits_to_library=partnership.benefits_to_library.strip(),
        day=day or timezone.localdate(),
    )


# The pieces every kind is made of ----------------------------------------------------------------


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' in the current language."""
    items = [item for item in items if item]
    if len(items) < 2:
        return "".join(items)
    return _("%(list)s and %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def did(facts: Facts) -> list[str]:
    """What the partner did, as phrases that follow "<partner> ..." (may be empty)."""
    phrases = []
    for pilot in facts.pilots:
        if pilot.attendance:
            phrases.append(
                ngettext(
                    "ran “%(title)s” with the library (%(n)s person took part)",
                    "ran “%(title)s” with the library (%(n)s people took part)",
                    pilot.attendance,
                )
                % {"title": pilot.title, "n": pilot.attendance}
            )
        else:
            phrases.append(_("ran “%(title)s” with the library") % {"title": pilot.title})
    for event in facts.events:
        phrases.append(_("welcomed the library at “%(event)s”") % {"event": event})
    phrases.extend(facts.supports)
    if facts.kept_promises:
        phrases.append(
            _("delivered what they promised: %(what)s") % {"what": join(facts.kept_promises)}
        )
    return phrases


def came_of_it(facts: Facts) -> list[str]:
    """What came of it, as whole sentences (outcomes of pilots, what the library gained)."""
    sentences = [
        _("What came of “%(title)s”: %(outcome)s")
        % {"title": pilot.title, "outcome": _sentence(_lower_first(pilot.outcome))}
        for pilot in facts.pilots
        if pilot.outcome
    ]
    if facts.benefits_to_library:
        sentences.append(
            _("For the library, it meant this: %(benefit)s")
            % {"benefit": _sentence(_lower_first(facts.benefits_to_library))}
        )
    return sentences


def what_they_did(facts: Facts) -> str:
    """One sentence: "<partner> ran ... and spoke at a budget meeting." or a sentence without facts."""
    phrases = did(facts)
    if phrases:
        return _sentence(
            _("%(partner)s %(did)s") % {"partner": facts.partner, "did": join(phrases)}
        )
    if facts.since:
        return _("%(partner)s has worked with %(library)s since %(since)s.") % {
            "partner": facts.partner,
            "library": facts.library,
            "since": date_format(facts.since, "F Y"),
        }
    return _("%(partner)s is a valued partner of %(library)s.") % {
        "partner": facts.partner,
        "library": facts.library,
    }


# One writer per kind ------------------------------------------------------------------------------


def newsletter(facts: Facts) -> str:
    """A short paragraph for the library's newsletter."""
    parts = [
        _("Thank you, %(partner)s!") % {"partner": facts.partner},
        what_they_did(facts),
        *came_of_it(facts),
        _("We are grateful for their support and look forward to what we will do next together."),
    ]
    return " ".join(parts)


def website_entry(facts: Facts) -> str:
    """An entry for the partners page of the library's website: the name, then a few sentences."""
    lines = [facts.partner]
    if facts.since:
        lines.append(_("Partner since %(year)s") % {"year": facts.since.year})
    body = [what_they_did(facts), *came_of_it(facts)[:1]]
    body.append(_("Thank you for helping %(library)s serve our community.") % facts_dict(facts))
    return "\n".join(lines) + "\n\n" + " ".join(body)


def social_post(facts: Facts, limit: int = SOCIAL_LIMIT) -> str:
    """A post of at most `limit` characters: the richest version that fits, shortened if needed."""
    phrases = did(facts)
    outcome = came_of_it(facts)[:1]
    names = facts_dict(facts)
    thanks = _("A big thank-you to %(partner)s") % names
    signed = _("From all of us at %(library)s.") % names
    candidates = []
    if phrases:
        first = _("%(thanks)s, who %(did)s!") % {"thanks": thanks, "did": phrases[0]}
        candidates += [" ".join([first, *outcome, signed]), f"{first} {signed}", first]
    candidates += [f"{thanks}! {signed}", f"{thanks}!"]
    for text in candidates:
        if len(text) <= limit:
            return text
    return _shorten(f"{thanks}!", limit)


def press_release(facts: Facts) -> str:
    """A press release: headline, dateline, the facts, a quote left for the director, about us."""
    names = facts_dict(facts)
    headline = _("%(library)s thanks %(partner)s for its work with the library") % names
    day = date_format(facts.day, "j F Y")
    dateline = f"{facts.city.upper()}, {day}" if facts.city else day
    opening = (
        _("%(library)s today thanked %(partner)s for its partnership with the library.") % names
    )
    about_text = facts.mission or _("%(library)s is the public library of %(city)s.") % names
    if not facts.mission and not facts.city:
        about_text = _("%(library)s is a public library open to everyone.") % names
    blocks = [
        _("FOR IMMEDIATE RELEASE"),
        headline,
        f"{dateline} — {opening} {what_they_did(facts)}",
        " ".join(came_of_it(facts)),
        _("[QUOTE FROM THE DIRECTOR — to be written by the library director before sending]"),
        _("About %(library)s") % names,
        about_text,
        _("Press contact: [NAME, PHONE AND E-MAIL — to be filled in before sending]"),
    ]
    return "\n\n".join(block for block in blocks if block)


def certificate(facts: Facts) -> str:
    """The wording of a certificate of appreciation: title, the partner, why, who and when."""
    phrases = did(facts)
    if phrases:
        reason = _("in grateful recognition of a partnership in which they %(did)s.") % {
            "did": join(phrases[:3])
        }
    else:
        reason = _("in grateful recognition of their partnership with the library.")
    lines = [
        _("Certificate of appreciation"),
        _("presented to"),
        facts.partner,
        reason,
        facts.library,
        date_format(facts.day, "j F Y"),
    ]
    return "\n\n".join(lines)


WRITERS = {
    "newsletter": newsletter,
    "website": website_entry,
    "social": social_post,
    "press_release": press_release,
    "certificate": certificate,
}


def draft(kind: str, facts: Facts) -> str:
    """The draft text of one kind (see RecognitionKind) for these facts."""
    return WRITERS[kind](facts)


def facts_dict(facts: Facts) -> dict:
    return {"partner": facts.partner, "library": facts.library, "city": facts.city}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the text starts with a name ("Maple Ford") or an acronym."""
    text = text.strip()
    word, _space, rest = text.partition(" ")
    if rest[:1].isupper():
        return text
    if word[:1].isupper() and (word[1:].islower() or word == "A"):
        return text[0].lower() + text[1:]
    return text


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
