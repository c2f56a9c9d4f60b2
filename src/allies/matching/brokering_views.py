"""Brokering for a goal: pairs of organizations that together bring what the goal needs to the
people it serves, and "introduce them", which records the plan on both partnerships."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.directory.models import Audience, Organization, Resource
from allies.directory.thesaurus import AUDIENCE, RESOURCE
from allies.goals.models import Goal
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.matching.brokering import Brokering, broker
from allies.matching.features import library_directory, names_of, read_goal
from allies.partnerships.models import Partnership

MIN_STRENGTH = 0.55  # an inference this sure, or staff's own tag (a weak word alone is not enough)


def _goal_terms(library, goal) -> dict:
    """The goal's resources and audiences as the ranking reads them (ticked, or named by its
    words)."""
    spec = read_goal(goal, library_directory(library), marks=False).spec
    return {
        "needed_resources": list(spec.needed_resources),
        "primary_audiences": list(spec.primary_audiences),
        "secondary_audiences": list(spec.secondary_audiences),
    }


def _rows(matrix, term_ids, organization_ids, wanted) -> list[tuple[int, int]]:
    """(organization id, term id) of every organization that surely reaches or offers a term."""
    wanted = set(wanted)
    coo = matrix.tocoo()
    return [
        (int(organization_ids[r]), int(term_ids[c]))
        for r, c, v in zip(coo.row, coo.col, coo.data, strict=True)
        if v >= MIN_STRENGTH and int(term_ids[c]) in wanted
    ]


def goal_brokering(library, goal, top: int = 50) -> Brokering:
    """Providers and reachers from staff's tags and what is inferred of every organization."""
    terms = _goal_terms(library, goal)
    features = library_directory(library).features
    audiences = terms["primary_audiences"] + terms["secondary_audiences"]
    resource_rows = _rows(
        features.resources,
        features.resource_ids,
        features.organization_ids,
        terms["needed_resources"],
    )
    audience_rows = _rows(
        features.audiences, features.audience_ids, features.organization_ids, audiences
    )
    candidates = {row[0] for row in resource_rows} | {row[0] for row in audience_rows}
    partners = (
        Partnership.objects.for_library(library)
        .open()
        .filter(organization_id__in=candidates)
        .values_list("organization_id", flat=True)
    )
    return broker(resource_rows, audience_rows, partners=list(partners), top=top, **terms)


def missing_pieces(library, goal, result: Brokering) -> list[str]:
    """Why no pair can be proposed, precisely."""
    terms = _goal_terms(library, goal)
    audiences, resources = names_of(library)
    pieces = []
    if not terms["needed_resources"]:
        pieces.append(_("The goal names no resource it needs: tick what partners could bring."))
    elif not result.providers:
        pieces.append(
            _(
                "Nobody in your directory is known to offer %(resources)s without reaching its audiences."
            )
            % {"resources": ", ".join(resources.get(r, "?") for r in terms["needed_resources"])}
        )
    wanted = terms["primary_audiences"] + terms["secondary_audiences"]
    if not wanted:
        pieces.append(_("The goal names no audience: tick whom it serves."))
    elif not result.reachers:
        pieces.append(
            _(
                "Nobody in your directory is known to reach %(audiences)s without offering what it needs."
            )
            % {"audiences": ", ".join(audiences.get(a, "?") for a in wanted)}
        )
    return pieces


def _names(model, ids) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def _explained(library, result: Brokering) -> list[dict]:
    """Each pair with its organizations and one sentence in our own words; what is only inferred
    is marked as suggested."""
    inferred = library_directory(library).inferred
    pairs = result.pairs
    organizations = Organization.objects.in_bulk(
        {p.provider_id for p in pairs} | {p.reacher_id for p in pairs}
    )
    resources = _names(Resource, [r for p in pairs for r in p.resources])
    audiences = _names(Audience, [a for p in pairs for a in p.primary + p.secondary])
    rows = []
    for pair in pairs:
        provider, reacher = organizations[pair.provider_id], organizations[pair.reacher_id]
        offered = ", ".join(resources[r] for r in pair.resources)
        reached = ", ".join(audiences[a] for a in pair.primary + pair.secondary)
        sentence = _("%(provider)s offers %(resources)s; %(reacher)s reaches %(audiences)s.") % {
            "provider": provider.name,
            "resources": offered,
            "reacher": reacher.name,
            "audiences": reached,
        }
        suggested = any(
            (RESOURCE, r) in inferred.get(pair.provider_id, {}) for r in pair.resources
        ) or any(
            (AUDIENCE, a) in inferred.get(pair.reacher_id, {})
            for a in pair.primary + pair.secondary
        )
        rows.append(
            {
                "pair": pair,
                "provider": provider,
                "reacher": reacher,
                "sentence": sentence,
                "suggested": suggested,
            }
        )
    return rows


@library_view(role=MEMBERS)
def brokering(request, pk):
    goal = get_object_or_404(Goal, library=request.library, pk=pk)
    result = goal_brokering(request.library, goal)
    return render(
        request,
        "matching/brokering.html",
        {
            "goal": goal,
            "result": result,
            "rows": _explained(request.library, result),
            "missing": missing_pieces(request.library, goal, result) if not result.pairs else [],
        },
    )


def _record_plan(library, organization, reason: str, by) -> bool:
    """Write `reason` in the history of the organization's partnership, started as a prospect when
    there is none; True if one was started."""
    partnership, created = Partnership.objects.find_or_start(
        library, organization, by=by, reason=reason
    )
    if not created:
        partnership._change_reason = reason
        partnership.save()
    return created


def _organization(library, raw):
    """The library's organization with the posted id; 404 for a bad id or another library's."""
    if not str(raw or "").isdigit():
        raise Http404("No such organization")
    return get_object_or_404(Organization, library=library, pk=int(raw))


@library_view(role=STAFF)
@require_POST
def introduce(request, pk):
    library = request.library
    goal = get_object_or_404(Goal, library=library, pk=pk)
    provider = _organization(library, request.POST.get("provider"))
    reacher = _organization(library, request.POST.get("reacher"))
    terms = _goal_terms(library, goal)
    features = library_directory(library).features
    offers = bool(
        _rows(
            features.resources[features.rows([provider.pk])],
            features.resource_ids,
            [provider.pk],
            terms["needed_resources"],
        )
    )
    reaches = bool(
        _rows(
            features.audiences[features.rows([reacher.pk])],
            features.audience_ids,
            [reacher.pk],
            terms["primary_audiences"] + terms["secondary_audiences"],
        )
    )
    if provider.pk == reacher.pk or not offers or not reaches:
        messages.error(
            request,
            _(
                "%(provider)s and %(reacher)s are not a pair for this goal: choose one that offers "
                "a resource the goal needs and one that reaches its audiences."
            )
            % {"provider": provider.name, "reacher": reacher.name},
        )
        return redirect("matching:goal_brokering", library_slug=library.slug, pk=goal.pk)
    reason = _("Brokering for %(goal)s: introduce %(provider)s to %(reacher)s") % {
        "goal": goal.statement,
        "provider": provider.name,
        "reacher": reacher.name,
    }
    with transaction.atomic():
        created = [_record_plan(library, org, reason, request.user) for org in (provider, reacher)]
    message = _("The introduction of %(provider)s to %(reacher)s is recorded on both partnerships.")
    if any(created):
        message += " " + _("New prospects were added for the organizations without one.")
    messages.success(request, message % {"provider": provider.name, "reacher": reacher.name})
    return redirect("matching:goal_brokering", library_slug=library.slug, pk=goal.pk)
