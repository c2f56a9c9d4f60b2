"""Suggested audiences and resources of an organization: inferred, shown with their evidence,
confirmed (they become the organization's own tags) or rejected (never suggested again)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.core.versioned_cache import VersionedCache
from allies.directory import categories
from allies.directory.inference import Inference, Record, Term, Thesaurus
from allies.directory.irs import without_care_of
from allies.directory.models import Audience, Organization, Resource, SuggestionRejection
from allies.directory.ntee import normalize, ntee_entry
from allies.directory.thesaurus import AUDIENCE, RESOURCE
from allies.directory.words import tokens

MODELS = {AUDIENCE: Audience, RESOURCE: Resource}


def library_terms(library) -> list[Term]:
    """The library's audiences and resources as the thesaurus reads them."""
    terms = []
    for kind, model in MODELS.items():
        for pk, slug, name, words in (
            model.objects.filter(library_id=library.pk)
            .order_by("pk")
            .values_list("pk", "slug", "name", "words")
        ):
            terms.append(Term(pk, kind, slug, name, words))
    return terms


def library_thesaurus(library) -> Thesaurus:
    return Thesaurus(library_terms(library))


@functools.lru_cache(maxsize=2048)  # read for every organization; there are about 1,000 codes
def code_text(code: str) -> str:
    """The NTEE title and keywords of a code, as inference reads them."""
    entry = ntee_entry(code)
    if not entry:
        return ""
    return " ".join([entry["title"], *entry.get("keywords", [])])


def record_of(values: dict) -> Record:
    """A Record from an organization's values (a model instance's __dict__ or a values() row)."""
    code = normalize(values.get("ntee_code"))
    return Record(
        name=values.get("name") or "",
        ntee_code=code,
        ntee_title=code_text(code),
        irs_subsection=values.get("irs_subsection") or "",
        irs_foundation=values.get("irs_foundation") or "",
        irs_activity=values.get("irs_activity") or "",
        mission=values.get("mission") or "",
        current_interests=values.get("current_interests") or "",
        needs=values.get("needs") or "",
        notes=without_care_of(values.get("notes") or ""),
    )


RECORD_FIELDS = (
    "name",
    "ntee_code",
    "irs_subsection",
    "irs_foundation",
    "irs_activity",
    "mission",
    "current_interests",
    "needs",
    "notes",
)


def evidence_text(inference: Inference) -> str:
    """Where an inference comes from, in a librarian's words."""
    from allies.directory.ntee import activity_title, ntee_title

    if inference.source == "ntee":
        return _("IRS category %(code)s: %(title)s") % {
            "code": inference.evidence,
            "title": ntee_title(inference.evidence),
        }
    if inference.source == "ntee_suggested":
        return _(
            "suggested IRS category %(code)s: %(title)s, learned from organizations with "
            "similar names"
        ) % {"code": inference.evidence, "title": ntee_title(inference.evidence)}
    if inference.source == "subsection":
        return _("tax-exempt under 501(c)(%(code)s)") % {"code": int(inference.evidence)}
    if inference.source == "activity":
        return _("IRS activity %(code)s: %(title)s") % {
            "code": inference.evidence,
            "title": activity_title(inference.evidence),
        }
    if inference.source == "foundation":
        return _("a private foundation in the IRS list (code %(code)s)") % {
            "code": inference.evidence
        }
    # Only the source's own sentence is translated (a ranking page asks for some 250 of them).
    said = QUOTED_SOURCES.get(inference.source)
    return (str(said) if said else "%(words)s") % {"words": inference.evidence}


QUOTED_SOURCES = {
    "name": gettext_lazy("their name says “%(words)s”"),
    "mission": gettext_lazy("their mission says “%(words)s”"),
    "current_interests": gettext_lazy("what they care about now says “%(words)s”"),
    "needs": gettext_lazy("their needs say “%(words)s”"),
    "notes": gettext_lazy("the notes say “%(words)s”"),
    "ntee_title": gettext_lazy("their IRS category speaks of “%(words)s”"),
}


@dataclass(frozen=True)
class Suggestion:
    """One suggested audience or resource of an organization, for its page."""

    kind: str
    term_id: int
    name: str
    evidence: str
    strength: float


def rejected_terms(organization_ids=None, library=None) -> set[tuple[int, str, int]]:
    """(organization id, kind, term id) of every rejected suggestion."""
    rejections = SuggestionRejection.objects.all()
    if library is not None:
        rejections = rejections.filter(library_id=library.pk)
    if organization_ids is not None:
        rejections = rejections.filter(organization_id__in=organization_ids)
    found = set()
    for org_id, audience_id, resource_id in rejections.values_list(
        "organization_id", "audience_id", "resource_id"
    ):
        if audience_id:
            found.add((org_id, AUDIENCE, audience_id))
        else:
            found.add((org_id, RESOURCE, resource_id))
    return found


def name_stems(name: str) -> list[str]:
    """What the NTEE code model (directory.categories) reads of an organization: its name."""
    return [token.stem for token in tokens(name or "")]


def _code_model_signature(library) -> tuple:
    """What the code model is learned from, in three numbers: the organizations (how many, the
    last id) and how many have a code. One organization more or less teaches it little, so this
    cheap check stands for a version."""
    return tuple(
        Organization.objects.filter(library_id=library.pk)
        .aggregate(count=Count("pk"), last=Max("pk"), coded=Count("pk", filter=~Q(ntee_code="")))
        .values()
    )


def _learn_code_model(library):
    rows = Organization.objects.filter(library_id=library.pk).values_list("name", "ntee_code")
    rows = list(rows.order_by("pk"))
    return categories.train(
        [name_stems(name) for name, _code in rows], [normalize(code) for _name, code in rows]
    )


# The library's NTEE code model (directory.categories), learned from its organizations that have a
# code, kept per process until the signature moves.
_code_models = VersionedCache(_code_model_signature, _learn_code_model)


def code_model(library):
    """The library's NTEE code model (None below categories.MIN_TRAINING coded organizations)."""
    return _code_models.get(library)


def suggested_code(organization: Organization) -> tuple[str, float] | None:
    """The NTEE code suggested for an organization without one, with its probability."""
    if normalize(organization.ntee_code):
        return None
    return categories.predict(code_model(organization.library), [name_stems(organization.name)])[0]


def code_inferences(thesaurus: Thesaurus, code: str, probability: float) -> list[Inference]:
    """What a suggested code says, each inference weighed by the code's probability."""
    return [
        Inference(i.kind, i.term_id, i.strength * probability, "ntee_suggested", code)
        for i in thesaurus.code_inferences(code)
    ]


_UNKNOWN = object()


def suggestions_for(organization: Organization, suggested=_UNKNOWN) -> list[Suggestion]:
    """What we infer about one organization that staff have neither tagged nor rejected
    (`suggested`: its `suggested_code`, when the caller has it already)."""
    thesaurus = library_thesaurus(organization.library)
    record = record_of({name: getattr(organization, name) for name in RECORD_FIELDS})
    tagged = {(AUDIENCE, pk) for pk in organization.audiences.values_list("pk", flat=True)}
    tagged |= {(RESOURCE, pk) for pk in organization.resources.values_list("pk", flat=True)}
    rejected = {(kind, term) for _org, kind, term in rejected_terms([organization.pk])}
    best: dict[tuple[str, int], Inference] = {}
    found = thesaurus.infer(record)
    if suggested is _UNKNOWN:
        suggested = suggested_code(organization)
    if suggested:
        found += code_inferences(thesaurus, *suggested)
    for i in found:
        key = (i.kind, i.term_id)
        if key not in best or i.strength > best[key].strength:
            best[key] = i
    return [
        Suggestion(
            i.kind, i.term_id, thesaurus.name_of(i.kind, i.term_id), evidence_text(i), i.strength
        )
        for i in sorted(best.values(), key=lambda i: (i.kind, -i.strength, i.term_id))
        if (i.kind, i.term_id) not in tagged and (i.kind, i.term_id) not in rejected
    ]


def suggested_audiences(library, values: dict, organization=None) -> list[Suggestion]:
    """The audiences a record being typed (the organization form's values) probably reaches, from
    its name, mission and notes, strongest first; none rejected for the organization already."""
    thesaurus = library_thesaurus(library)
    rejected = set()
    if organization is not None and organization.pk:
        rejected = {t for _o, kind, t in rejected_terms([organization.pk]) if kind == AUDIENCE}
    found: dict[int, Suggestion] = {}
    for i in sorted(thesaurus.infer(record_of(values)), key=lambda i: -i.strength):
        if i.kind == AUDIENCE and i.term_id not in rejected and i.term_id not in found:
            name = thesaurus.name_of(i.kind, i.term_id)
            found[i.term_id] = Suggestion(i.kind, i.term_id, name, evidence_text(i), i.strength)
    return list(found.values())


def _term(organization: Organization, kind: str, term_id) -> Audience | Resource | None:
    model = MODELS.get(kind)
    if model is None or not str(term_id).isdigit():
        return None
    return model.objects.filter(library_id=organization.library_id, pk=int(term_id)).first()


def confirm(organization: Organization, kind: str, term_id, user) -> Audience | Resource | None:
    """Make a suggestion one of the organization's own tags (written in its history)."""
    term = _term(organization, kind, term_id)
    if term is None:
        return None
    organization._change_reason = _("Suggestion confirmed: %(term)s") % {"term": term.name}
    getattr(organization, "audiences" if kind == AUDIENCE else "resources").add(term)
    return term


def reject(organization: Organization, kind: str, term_id, user) -> Audience | Resource | None:
    """Remember that a suggestion is wrong, so it is never made again."""
    term = _term(organization, kind, term_id)
    if term is None:
        return None
    values = {"audience": term} if kind == AUDIENCE else {"resource": term}
    try:
        with transaction.atomic():
            SuggestionRejection.objects.create(
                library_id=organization.library_id,
                organization=organization,
                rejected_by=user,
                **values,
            )
    except IntegrityError:
        pass  # rejected already (a double click)
    return term
