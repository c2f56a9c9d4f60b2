"""Candidates ranked for an advocacy goal, the key questions for a candidate and a goal, and
"add to prospects". The scoring lives in `allies.matching`; this module loads the goal."""

from __future__ import annotations

import numpy as np
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from allies.directory.models import Audience, Organization, Person, Resource, Sector
from allies.goals.models import Goal
from allies.libraries.access import library_view
from allies.matching.explain import explain
from allies.matching.features import rank_for_goal
from allies.matching.models import PART_LABELS
from allies.matching.scoring import GoalSpec
from allies.matching.views import questions_page
from allies.partnerships.models import Partnership, Stage, StageChange

PAGE_SIZE = 50
NO_PARTNERSHIP = "none"


def goal_spec(goal: Goal) -> GoalSpec:
    """What the fit engine needs to know about a goal. The library's own resources are not
    recorded anywhere yet, so every resource the goal needs counts as one the library lacks."""
    library = goal.library
    return GoalSpec(
        primary_audiences=tuple(goal.primary_audiences.values_list("pk", flat=True)),
        secondary_audiences=tuple(goal.secondary_audiences.values_list("pk", flat=True)),
        needed_resources=tuple(goal.resources_needed.values_list("pk", flat=True)),
        library_resources=(),
        text=" ".join(part for part in (library.mission, goal.statement, goal.description) if part),
    )


def ranked_rows(library, fits, paths, weights) -> list[dict]:
    """Names, reasons and partnerships for one page of fits (a few queries for the page)."""
    ids = [fit.organization_id for fit in fits]
    organizations = Organization.objects.in_bulk(ids)
    partnerships = {
        p.organization_id: p
        for p in Partnership.objects.for_library(library).filter(organization_id__in=ids)
    }
    audiences = dict(Audience.objects.filter(library=library).values_list("pk", "name"))
    resources = dict(Resource.objects.filter(library=library).values_list("pk", "name"))
    page_paths = {pk: paths[pk] for pk in ids if pk in paths}
    people = dict(
        Person.objects.filter(
            pk__in={pk for path in page_paths.values() for pk in path.people}
        ).values_list("pk", "name")
    )
    rows = []
    for fit in fits:
        path = page_paths.get(fit.organization_id)
        rows.append(
            {
                "fit": fit,
                "organization": organizations[fit.organization_id],
                "partnership": partnerships.get(fit.organization_id),
                "reasons": explain(
                    fit,
                    weights,
                    audiences=audiences,
                    resources=resources,
                    path_people=[people.get(pk, "?") for pk in path.people] if path else None,
                ),
            }
        )
    return rows


class RankFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector"),
        choices=[("", gettext_lazy("Any sector"))] + list(Sector.choices),
        required=False,
    )
    city = forms.CharField(label=gettext_lazy("City or town"), required=False, max_length=120)
    stage = forms.ChoiceField(
        label=gettext_lazy("Partnership"),
        choices=[("", gettext_lazy("Any")), (NO_PARTNERSHIP, gettext_lazy("No partnership yet"))]
        + list(Stage.choices),
        required=False,
    )

    def filter_ids(self, library) -> np.ndarray | None:
        """The organization ids the filters allow, from the database; None when unfiltered."""
        data = self.cleaned_data
        if not any(data.values()):
            return None
        organizations = Organization.objects.filter(library=library)
        if data["sector"]:
            organizations = organizations.filter(sector=data["sector"])
        if data["city"]:
            organizations = organizations.filter(city__iexact=data["city"].strip())
        current = Partnership.objects.for_library(library)
        if data["stage"] == NO_PARTNERSHIP:
            organizations = organizations.exclude(pk__in=current.values("organization_id"))
        elif data["stage"]:
            organizations = organizations.filter(
                pk__in=current.filter(stage=data["stage"]).values("organization_id")
            )
        ids = list(organizations.order_by().values_list("pk", flat=True))
        return np.asarray(ids, dtype=np.int64)


def _goal(request, pk) -> Goal:
    return get_object_or_404(Goal.objects.select_related("library"), library=request.library, pk=pk)


@library_view
def goal_rank(request, pk):
    goal = _goal(request, pk)
    form = RankFilterForm(request.GET or None)
    only = form.filter_ids(request.library) if form.is_valid() else None
    ranking = rank_for_goal(request.library, goal_spec(goal), request.user, only=only, top=None)
    page = Paginator(ranking.fits, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/ranking.html",
        {
            "goal": goal,
            "form": form,
            "page_obj": page,
            "rows": ranked_rows(request.library, page.object_list, ranking.paths, ranking.weights),
            "querystring_without_page": query.urlencode(),
            "weights": [(PART_LABELS[part], ranking.weights[part]) for part in PART_LABELS],
            "any_organization": Organization.objects.filter(library=request.library).exists(),
        },
    )


@library_view(edit=True)
@require_POST
def add_prospect(request, goal_id, organization_id):
    goal = _goal(request, goal_id)
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    back = request.POST.get("next") or reverse(
        "matching:goal_rank", args=[request.library.slug, goal.pk]
    )
    if not back.startswith("/"):
        back = reverse("matching:goal_rank", args=[request.library.slug, goal.pk])
    if Partnership.objects.for_library(request.library).filter(organization=organization).exists():
        messages.error(
            request,
            _("%(name)s already has a partnership with the library; open it from their page.")
            % {"name": organization.name},
        )
        return redirect(back)
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                library=request.library,
                organization=organization,
                stage=Stage.PROSPECT,
                lead=request.user,
            )
            StageChange.objects.create(
                partnership=partnership,
                to_stage=Stage.PROSPECT,
                changed_by=request.user,
                reason=_("Ranked for the goal “%(goal)s”.") % {"goal": goal.statement},
            )
    except IntegrityError:
        messages.error(
            request,
            _("%(name)s already has a partnership with the library.") % {"name": organization.name},
        )
        return redirect(back)
    messages.success(request, _("%(name)s added to your prospects.") % {"name": organization.name})
    return redirect(back)


@library_view(edit=True)
def candidate_questions(request, goal_id, organization_id):
    goal = _goal(request, goal_id)
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    slug = request.library.slug
    return questions_page(
        request,
        organization,
        goal,
        back_url=reverse("matching:goal_rank", args=[slug, goal.pk]),
        action_url=reverse("matching:candidate_questions", args=[slug, goal.pk, organization.pk]),
    )
