"""Advocacy goals: the list, each goal's page, starting and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.core.history import history_entries
from allies.goals import checks
from allies.goals.forms import GoalFilterForm, GoalForm
from allies.goals.models import Goal
from allies.libraries.access import MEMBERS, STAFF, library_view

PAGE_SIZE = 50


@library_view(role=MEMBERS)
def goal_list(request):
    form = GoalFilterForm(request.GET or None)
    goals = Goal.objects.for_library(request.library).annotate(
        decision_maker_count=Count("decision_makers", distinct=True)
    )
    if form.is_valid() and form.cleaned_data["status"]:
        goals = goals.filter(status=form.cleaned_data["status"])
    page = Paginator(goals.order_by("deadline", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "goals/goal_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": query.urlencode(),
            "any_goal": page.paginator.count > 0
            or Goal.objects.for_library(request.library).exists(),
            "today": timezone.localdate(),
        },
    )


def _get_goal(request, pk):
    return get_object_or_404(Goal, library=request.library, pk=pk)


@library_view(role=MEMBERS)
def goal_detail(request, pk):
    goal = _get_goal(request, pk)
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "history": history_entries(goal),
            "today": timezone.localdate(),
            "warnings": checks.warnings_for(request.library, goal),
        },
    )


@library_view(role=STAFF)
def goal_create(request):
    form = GoalForm(request.POST or None, library=request.library)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("Goal saved."))
        return redirect("goals:goal", library_slug=request.library.slug, pk=goal.pk)
    return render(request, "goals/goal_form.html", {"form": form})


@library_view(role=STAFF)
def goal_edit(request, pk):
    goal = _get_goal(request, pk)
    form = GoalForm(request.POST or None, instance=goal, library=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Goal saved."))
        return redirect("goals:goal", library_slug=request.library.slug, pk=goal.pk)
    return render(
        request,
        "goals/goal_form.html",
        {"form": form, "goal": goal, "warnings": checks.warnings_for(request.library, goal)},
    )
