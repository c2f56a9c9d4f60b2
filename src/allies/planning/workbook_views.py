"""The action plan workbook's pages: the plans, one plan with what it still lacks, its items, the
finished plan printed or exported to Word. The rules live in planning.workbook."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.core import documents
from allies.core.history import history_entries
from allies.goals.models import Goal, GoalStatus
from allies.libraries.access import MEMBERS, STAFF, STAFF_TO_CHANGE, library_view
from allies.planning import workbook
from allies.planning.models import ActionPlan, ItemKind, PlanItem, Progress
from allies.planning.workbook_document import plan_document
from allies.planning.workbook_forms import AnswersForm, PlanItemForm
from allies.stewardship.reminders import COMMITMENT_SOON_DAYS


def _plan(request, plan_id) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("goal", "member", "finished_by"),
        library=request.library,
        pk=plan_id,
    )


def _may_change(request, plan: ActionPlan) -> bool:
    """Staff change goal plans; a member's own plan is theirs (and the owners')."""
    membership = request.membership
    if not membership.can_edit:
        return False
    return plan.member_id is None or plan.member_id == request.user.pk or membership.is_owner


def _require_change(request, plan: ActionPlan) -> None:
    if not _may_change(request, plan):
        raise PermissionDenied


def _to_plan(plan: ActionPlan):
    return redirect("planning:workbook", library_slug=plan.library.slug, plan_id=plan.pk)


@library_view(role=MEMBERS)
def plan_index(request):
    plans = ActionPlan.objects.for_library(request.library).select_related("goal", "member")
    by_goal = {plan.goal_id: plan for plan in plans if plan.goal_id}
    goals = Goal.objects.for_library(request.library).filter(status=GoalStatus.ACTIVE)
    mine = next((p for p in plans if p.member_id == request.user.pk), None)
    return render(
        request,
        "planning/workbook_index.html",
        {
            "mine": mine,
            "goal_rows": [(goal, by_goal.get(goal.pk)) for goal in goals],
            "colleagues": [p for p in plans if p.member_id and p.member_id != request.user.pk],
            "other_goal_plans": [
                p for p in plans if p.goal_id and p.goal.status != GoalStatus.ACTIVE
            ],
        },
    )


@library_view(role=STAFF_TO_CHANGE)
def my_plan(request):
    plan = ActionPlan.objects.filter(library=request.library, member=request.user).first()
    if plan is not None:
        return _to_plan(plan)
    if request.method == "POST":
        return _to_plan(workbook.plan_for_member(request.library, request.user))
    return render(request, "planning/workbook_start.html", {"goal": None})


@library_view(role=STAFF_TO_CHANGE)
def goal_plan(request, goal_id):
    goal = get_object_or_404(Goal, library=request.library, pk=goal_id)
    plan = ActionPlan.objects.filter(goal=goal).first()
    if plan is not None:
        return _to_plan(plan)
    if request.method == "POST":
        return _to_plan(workbook.plan_for_goal(goal))
    return render(request, "planning/workbook_start.html", {"goal": goal})


@library_view(role=MEMBERS)
def plan_detail(request, plan_id):
    plan = _plan(request, plan_id)
    items = workbook.items_of(plan)
    printing = bool(request.GET.get("print"))
    today = timezone.localdate()
    context = {
        "plan": plan,
        "opportunities": [i for i in items if i.kind == ItemKind.OPPORTUNITY],
        "for_partners": [i for i in items if i.kind == ItemKind.FOR_PARTNER],
        "missing": workbook.missing(plan, items),
        "summary": workbook.progress_summary(items),
        "item_count": len(items),
        "may_change": _may_change(request, plan),
        "progress_choices": Progress.choices,
        "today": today,
        "on_today_until": today + datetime.timedelta(days=COMMITMENT_SOON_DAYS),
    }
    if printing:
        context["document"] = plan_document(plan, items, today)
    else:
        context["history"] = history_entries(plan)
    template = "planning/workbook_print.html" if printing else "planning/workbook.html"
    return render(request, template, context)


@library_view(role=STAFF_TO_CHANGE)
def plan_answers(request, plan_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    form = AnswersForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan._history_user = request.user
        plan.save()
        messages.success(request, _("Your answer is saved."))
        return _to_plan(plan)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "planning/workbook_answers.html", {"plan": plan, "form": form}, status=status
    )


@library_view(role=STAFF_TO_CHANGE)
def item_add(request, plan_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in ItemKind.values:
        kind = ItemKind.OPPORTUNITY
    form = PlanItemForm(request.POST or None, library=request.library, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                partnership = data["partnership"] or workbook.start_prospect(
                    request.library, data["organization"], by=request.user, plan=plan
                )
                workbook.add_item(
                    plan,
                    kind=kind,
                    partnership=partnership,
                    by=request.user,
                    what=data["what"],
                    why=data["why"],
                    due_on=data["due_on"],
                )
        except IntegrityError:
            form.add_error(
                "organization",
                _("This organization already has a partnership: choose it as a prospect."),
            )
        else:
            messages.success(request, _("Added to the plan: %(what)s") % {"what": data["what"]})
            return _to_plan(plan)
    return render(
        request,
        "planning/workbook_item_form.html",
        {"plan": plan, "form": form, "kind": kind, "item": None},
        status=400 if request.method == "POST" else 200,
    )


@library_view(role=STAFF_TO_CHANGE)
def item_edit(request, plan_id, plan_item_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    item = get_object_or_404(
        PlanItem.objects.select_related("commitment", "partnership"), plan=plan, pk=plan_item_id
    )
    form = PlanItemForm(request.POST or None, library=request.library, kind=item.kind, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workbook.update_item(
            item,
            by=request.user,
            day=timezone.localdate(),
            partnership=data["partnership"],
            what=data["what"],
            why=data["why"],
            due_on=data["due_on"],
            progress=data["progress"],
        )
        messages.success(request, _("Saved: %(what)s") % {"what": item.what})
        return _to_plan(plan)
    return render(
        request,
        "planning/workbook_item_form.html",
        {"plan": plan, "form": form, "kind": item.kind, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@library_view(role=STAFF)
@require_POST
def item_progress(request, plan_id, plan_item_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    item = get_object_or_404(
        PlanItem.objects.select_related("commitment"), plan=plan, pk=plan_item_id
    )
    progress = request.POST.get("progress")
    if progress not in Progress.values:
        messages.error(request, _("Choose one of the progress steps."))
    else:
        workbook.set_progress(item, progress, by=request.user, day=timezone.localdate())
        messages.success(
            request,
            _("“%(what)s” is now: %(progress)s")
            % {"what": item.what, "progress": item.get_current_progress_display()},
        )
    return _to_plan(plan)


@library_view(role=STAFF)
@require_POST
def plan_finish(request, plan_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    lacking = workbook.finish(plan, by=request.user, day=timezone.localdate())
    if lacking:
        messages.error(
            request,
            _("The plan cannot be finished yet: %(missing)s.") % {"missing": "; ".join(lacking)},
        )
    else:
        messages.success(request, _("The plan is finished. Print it or export it to Word."))
    return _to_plan(plan)


@library_view(role=STAFF)
@require_POST
def plan_reopen(request, plan_id):
    plan = _plan(request, plan_id)
    _require_change(request, plan)
    workbook.reopen(plan, by=request.user)
    messages.success(request, _("The plan is a draft again."))
    return _to_plan(plan)


@library_view(role=MEMBERS)
def plan_docx(request, plan_id):
    plan = _plan(request, plan_id)
    document = plan_document(plan, workbook.items_of(plan), timezone.localdate())
    return documents.docx_response(
        documents.to_docx(document, request.library), f"action-plan-{plan.pk}"
    )
