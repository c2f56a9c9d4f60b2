"""The approach plan of a partnership: draft it from the method, edit it, tick its steps off."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import STAFF, library_view, safe_next
from allies.outreach import plan
from allies.outreach.models import ApproachStep
from allies.outreach.plan_forms import plan_formset
from allies.partnerships.models import log
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived


def _to_partnership(request, partnership):
    return redirect("partnerships:detail", library_slug=request.library.slug, pk=partnership.pk)


@library_view(role=STAFF)
def plan_draft(request, partnership_id):
    """GET explains the draft; POST writes the four steps of the method, once."""
    partnership = partnership_or_404(request, partnership_id)
    refused = refuse_if_archived(request, partnership)
    if refused:
        return refused
    day = timezone.localdate()
    if request.method == "POST" and plan.can_draft(partnership):
        plan.draft_plan(partnership, by=request.user, day=day)
        messages.success(request, _("Approach plan drafted. Change any step to fit this partner."))
        return redirect(
            "outreach:plan", library_slug=request.library.slug, partnership_id=partnership.pk
        )
    not_drafted = request.method == "POST"  # a plan already there, or a closed partnership
    return render(
        request,
        "outreach/plan_draft.html",
        {
            "partnership": partnership,
            "has_steps": partnership.approach_steps.exists(),
            "suggested": plan.is_suggested(partnership),
            "steps": plan.draft_steps(partnership, by=request.user, day=day),
            "refused": not_drafted,
        },
        status=400 if not_drafted else 200,
    )


@library_view(role=STAFF)
def plan_edit(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    refused = refuse_if_archived(request, partnership)
    if refused:
        return refused
    formset = plan_formset(partnership, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if formset.is_valid():
            _save(request, partnership, formset)
            messages.success(request, _("Plan saved."))
            return _to_partnership(request, partnership)
        status = 400
    else:
        status = 200
    return render(
        request,
        "outreach/plan_edit.html",
        {"partnership": partnership, "formset": formset},
        status=status,
    )


@transaction.atomic
def _save(request, partnership, formset):
    """Save the steps, number the new ones after the others, and write one timeline line."""
    steps = formset.save(commit=False)
    for step in formset.deleted_objects:
        step.delete()
    last = partnership.approach_steps.aggregate(last=Max("position"))["last"] or 0
    for position, step in enumerate(formset.new_objects, start=last + 1):
        step.library, step.partnership, step.position = request.library, partnership, position
    for step in steps:
        step.save()
    added, changed = len(formset.new_objects), len(formset.changed_objects)
    removed = len(formset.deleted_objects)
    if added or changed or removed:
        log(
            partnership,
            _("Approach plan changed: %(added)s added, %(changed)s edited, %(removed)s removed")
            % {"added": added, "changed": changed, "removed": removed},
            by=request.user,
        )


def _step(request, partnership_id, step_id):
    return get_object_or_404(
        ApproachStep.objects.select_related("partnership"),
        library=request.library,
        partnership_id=partnership_id,
        pk=step_id,
    )


def _back(request, step):
    """Back to where the button was (Today, say), or to the partnership."""
    target = safe_next(request)
    return redirect(target) if target else _to_partnership(request, step.partnership)


@library_view(role=STAFF)
@require_POST
def step_done(request, partnership_id, step_id):
    step = _step(request, partnership_id, step_id)
    refused = refuse_if_archived(request, step.partnership)
    if refused:
        return refused
    note = request.POST.get("note", "").strip()[:2000]
    if plan.mark_done(step, by=request.user, day=timezone.localdate(), note=note):
        messages.success(request, _("Done: %(step)s") % {"step": step.title})
    else:
        messages.info(request, _("That step was already done."))
    return _back(request, step)


@library_view(role=STAFF)
@require_POST
def step_reopen(request, partnership_id, step_id):
    step = _step(request, partnership_id, step_id)
    refused = refuse_if_archived(request, step.partnership)
    if refused:
        return refused
    if plan.reopen(step, by=request.user):
        messages.success(request, _("Not done after all: %(step)s") % {"step": step.title})
    else:
        messages.info(request, _("That step was not done yet."))
    return _back(request, step)
