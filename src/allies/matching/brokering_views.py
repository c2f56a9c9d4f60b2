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
from allies.goals.models import Goal
from allies.libraries.access import library_view
from allies.matching.brokering import Brokering, broker
from allies.partnerships.models import Partnership, Stage


def _goal_terms(goal) -> dict:
    return {
        "needed_resources": list(goal.resources_needed.values_list("pk", flat=True)),
        "primary_audiences": list(goal.primary_audiences.values_list("pk", flat=True)),
        "secondary_audiences": list(goal.secondary_audiences.values_list("pk", flat=True)),
    }


def goal_brokering(library, goal, top: int = 50) -> Brokering:
    """Load only the rows that matter (needed resources, the goal's audiences) and broker."""
    terms = _goal_terms(goal)
    audiences = terms["primary_audiences"] + terms["secondary_audiences"]
    resource_rows = Organization.resources.through.objects.filter(
        organization__library=library, resource_id__in=terms["needed_resources"]
    ).values_list("organization_id", "resource_id")
    audience_rows = Organization.audiences.through.objects.filter(
        organization__library=library, audience_id__in=audiences
    ).values_list("organization_id", "audience_id")
    resource_rows, audience_rows = list(resource_rows), list(audience_rows)
    candidates = {row[0] for row in resource_rows} | {row[0] for row in audience_rows}
    partners = (
        Partnership.objects.for_library(library)
        .open()
        .filter(organization_id__in=candidates)
        .values_list("organization_id", flat=True)
    )
    return broker(resource_rows, audience_rows, partners=list(partners), top=top, **terms)


def _names(model, ids) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def _explained(result: Brokering) -> list[dict]:
    """Each pair with its organizations and one sentence in our own words."""
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
        rows.append({"pair": pair, "provider": provider, "reacher": reacher, "sentence": sentence})
    return rows


@library_view
def brokering(request, pk):
    goal = get_object_or_404(Goal, library=request.library, pk=pk)
    result = goal_brokering(request.library, goal)
    return render(
        request,
        "matching/brokering.html",
        {"goal": goal, "result": result, "rows": _explained(result)},
    )


def _record_plan(library, organization, reason: str) -> bool:
    """Write `reason` in the history of the organization's partnership; True if one was created."""
    partnership = Partnership.objects.filter(
        library=library, organization=organization, archived_at__isnull=True
    ).first()
    created = partnership is None
    if created:
        partnership = Partnership(library=library, organization=organization, stage=Stage.PROSPECT)
    partnership._change_reason = reason
    partnership.save()
    return created


def _organization(library, raw):
    """The library's organization with the posted id; 404 for a bad id or another library's."""
    if not str(raw or "").isdigit():
        raise Http404("No such organization")
    return get_object_or_404(Organization, library=library, pk=int(raw))


@library_view(edit=True)
@require_POST
def introduce(request, pk):
    library = request.library
    goal = get_object_or_404(Goal, library=library, pk=pk)
    provider = _organization(library, request.POST.get("provider"))
    reacher = _organization(library, request.POST.get("reacher"))
    terms = _goal_terms(goal)
    offers = provider.resources.filter(pk__in=terms["needed_resources"]).exists()
    reaches = reacher.audiences.filter(
        pk__in=terms["primary_audiences"] + terms["secondary_audiences"]
    ).exists()
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
        created = [_record_plan(library, org, reason) for org in (provider, reacher)]
    message = _("The introduction of %(provider)s to %(reacher)s is recorded on both partnerships.")
    if any(created):
        message += " " + _("New prospects were added for the organizations without one.")
    messages.success(request, message % {"provider": provider.name, "reacher": reacher.name})
    return redirect("matching:goal_brokering", library_slug=library.slug, pk=goal.pk)
