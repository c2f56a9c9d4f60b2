"""Candidates ranked for an advocacy goal, the librarian's verdicts on them, the key questions for a
candidate and a goal, and "add to prospects". The scoring lives in `matching.scoring`."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import numpy as np
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.choices import flatten_choices
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from allies.core.page_cache import member_page
from allies.directory.forms import QuickSelect
from allies.directory.models import Organization, Person, Sector
from allies.directory.ntee import kind_label
from allies.directory.search import (
    MAX_NAME_PHRASES,
    MAX_NAMES_LENGTH,
    name_words,
    name_words_problem,
)
from allies.goals.models import MAX_KINDS, Goal
from allies.libraries.access import MEMBERS, STAFF, STAFF_TO_CHANGE, library_view
from allies.matching import feedback
from allies.matching.explain import Context, explain
from allies.matching.features import (
    LibraryDirectory,
    Ranking,
    kind_choices,
    kinds_among_best,
    library_directory,
    meaning_title,
    names_of,
    organization_meaning_text,
    rank_for_goal,
)
from allies.matching.models import PART_LABELS, FitMark
from allies.matching.views import questions_page
from allies.partnerships.models import Partnership, Stage

PAGE_SIZE = 50
NO_PARTNERSHIP = "none"
ANY_KIND = "any"  # the kind filter's choice that sets aside the kinds the goal remembers
TEXTS = ("mission", "current_interests", "needs", "notes")


def ranked_rows(
    library, ranking: Ranking, fits, viewer=None, *, names=None, marks=None, first: int = 1
) -> list[dict]:
    """Names, reasons and partnerships for one page of fits (a few queries for the page).

    `names` (names_of(library)) and `marks` (the goal's FitMarks) save their queries when the
    caller has them already; `first` is the rank of the page's first row. The numbers the
    template shows come as text (a number in a template is localized on every use), and what the
    template shows of the organization, its partnership and its mark comes flat in the row (each
    dotted lookup in a template costs a few microseconds, fifty rows times over)."""
    ids = [fit.organization_id for fit in fits]
    organizations = Organization.objects.in_bulk(ids)
    partnerships = {
        p.organization_id: p
        for p in Partnership.objects.for_library(library).filter(organization_id__in=ids)
    }
    audiences, resources = names if names is not None else names_of(library)
    page_paths = {pk: ranking.paths[pk] for pk in ids if pk in ranking.paths}
    people = {
        pk: (name, user_id)
        for pk, name, user_id in Person.objects.filter(
            pk__in={pk for path in page_paths.values() for pk in path.people}
        ).values_list("pk", "name", "user_id")
    }
    likes = {fit.like_good for fit in fits} | {fit.like_bad for fit in fits}
    like_names = dict(
        Organization.objects.filter(pk__in=[pk for pk in likes if pk]).values_list("pk", "name")
    )
    inferred = ranking.directory.inferred if ranking.directory else {}
    if not ranking.goal_id:
        marks = {}
    else:
        if marks is None:
            marks = FitMark.objects.filter(goal_id=ranking.goal_id)
        marks = {m.organization_id: m for m in marks}
    urls = _RowUrls(library.slug, ranking.goal_id)
    sectors = dict(Sector.choices)
    named_audiences = frozenset(ranking.reading.spec.named_audiences if ranking.reading else ())
    suggested = ranking.directory.suggested_codes if ranking.directory else {}
    rows = []
    for number, fit in enumerate(fits, first):
        organization = organizations[fit.organization_id]
        path = page_paths.get(fit.organization_id)
        context = Context(
            audiences=audiences,
            resources=resources,
            name=organization.name,
            read_as=organization_meaning_text(
                {"name": organization.name},
                meaning_title(
                    organization.ntee_code,
                    suggested.get(organization.pk, ("", 0.0))[0],
                    organization.irs_subsection,
                    organization.irs_activity,
                ),
            ),
            texts={name: getattr(organization, name) for name in TEXTS},
            ntee_code=organization.ntee_code,
            subsection=organization.irs_subsection,
            activity=organization.irs_activity,
            income=organization.income,
            town=organization.city,
            evidence=inferred.get(fit.organization_id, {}),
            path_people=[people.get(pk, ("?", None))[0] for pk in path.people] if path else None,
            viewer_first=bool(
                path
                and viewer is not None
                and people.get(path.people[0], (None, None))[1] == viewer.pk
            ),
            like_names=like_names,
            named_audiences=named_audiences,
        )
        partnership = partnerships.get(fit.organization_id)
        mark = marks.get(fit.organization_id)
        rows.append(
            {
                "fit": fit,
                "number": str(number),
                "pk": str(organization.pk),
                "score": round(fit.score),
                "score_text": str(round(fit.score)),
                "organization": organization,
                "name": organization.name,
                "city": organization.city,
                "sector": sectors.get(organization.sector, organization.sector),
                "partnership": partnership,
                "stage": partnership.stage if partnership else "",
                "stage_label": partnership.get_stage_display() if partnership else "",
                "mark": mark,
                "verdict_label": mark.get_verdict_display() if mark else "",
                "reasons": explain(fit, ranking.weights, context),
                "urls": urls.of(organization.pk, partnership.pk if partnership else None),
            }
        )
    return rows


class _RowUrls:
    """The addresses of one row of the ranking, reversed once per page and filled per row (fifty
    rows would otherwise reverse three hundred addresses)."""

    MARK = 987654321

    def __init__(self, slug: str, goal_id: int | None) -> None:
        mark = str(self.MARK)
        self.organization = reverse("directory:organization", args=[slug, self.MARK])
        self.partnership = reverse("partnerships:detail", args=[slug, self.MARK])
        self.goal_urls = {}
        if goal_id:
            for key, name in (
                ("questions", "matching:candidate_questions"),
                ("prospect", "matching:add_prospect"),
                ("mark", "matching:mark_candidate"),
            ):
                self.goal_urls[key] = reverse(name, args=[slug, goal_id, self.MARK])
        self.mark = mark

    def of(self, organization_id: int, partnership_id: int | None) -> dict[str, str]:
        found = {
            key: url.replace(self.mark, str(organization_id)) for key, url in self.goal_urls.items()
        }
        found["organization"] = self.organization.replace(self.mark, str(organization_id))
        if partnership_id:
            found["partnership"] = self.partnership.replace(self.mark, str(partnership_id))
        return found


class RankFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector"),
        choices=[("", gettext_lazy("Any sector"))] + list(Sector.choices),
        required=False,
    )
    city = forms.CharField(label=gettext_lazy("City or town"), required=False, max_length=120)
    name = forms.CharField(
        label=gettext_lazy("Name has"),
        help_text=gettext_lazy(
            "Words at the start of a word of their name. Separate alternatives with commas: "
            "legion, vfw, credit union. Once used, they can be remembered for the goal."
        ),
        required=False,
        max_length=MAX_NAMES_LENGTH,
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("Partnership"),
        choices=[("", gettext_lazy("Any")), (NO_PARTNERSHIP, gettext_lazy("No partnership yet"))]
        + list(Stage.choices),
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organization"),
        help_text=gettext_lazy(
            "Their IRS (NTEE) category, or the one their name suggests when they have none. "
            "Once picked, it can be remembered for the goal."
        ),
        required=False,
        widget=QuickSelect,  # a few hundred codes: Django's Select costs a template each
    )

    def __init__(self, data, *, directory: LibraryDirectory, goal_kinds=(), goal_names=""):
        if data is not None and not goal_kinds and data.get("kind") == ANY_KIND:
            data = data.copy()  # "Any kind" of a goal whose kinds were forgotten since: the same
            data["kind"] = ""
        if data is not None and "name" not in data and goal_names:
            data = data.copy()  # not typed (a link, a page number): the goal's words of names
            data["name"] = goal_names
        super().__init__(data, initial={"name": goal_names})
        self.directory = directory
        self.goal_kinds = list(goal_kinds)
        self.goal_names = goal_names
        first: list = [("", _("Any kind"))]
        if self.goal_kinds:
            # Unchosen, the kind is the goal's: the page opens on the kinds remembered for it.
            first = [
                ("", _("The goal's: %(kinds)s") % {"kinds": self.goal_kinds_text()}),
                (ANY_KIND, _("Any kind")),
            ]
        self.fields["kind"].choices = first + kind_choices(directory)

    def clean_name(self) -> str:
        try:
            return name_words(self.cleaned_data.get("name", ""))
        except ValueError as error:
            raise forms.ValidationError(name_words_problem(error)) from None

    def goal_kinds_text(self) -> str:
        return ", ".join(kind_label(kind) for kind in self.goal_kinds)

    def names(self) -> str:
        """The words of names to rank among: those in the box (none when it was emptied), else
        (unfiltered, or typed wrongly) the ones the goal remembers."""
        self.is_valid()
        if self.is_bound and "name" in self.cleaned_data:
            return self.cleaned_data["name"]
        return self.goal_names

    def said(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, as the page says them (also on paper, where
        the form is not printed)."""
        if not self.is_valid():
            # Unfiltered (or filtered wrongly): what the goal remembers, and valid words of names.
            said = []
            if self.names():
                said.append((str(self.fields["name"].label), self.names()))
            if self.goal_kinds:
                said.append((str(self.fields["kind"].label), self.goal_kinds_text()))
            return said
        said = []
        for name in ("sector", "city", "name", "stage", "kind"):
            value = self.cleaned_data.get(name)
            if name == "kind" and value == ANY_KIND:
                continue
            if name == "kind" and not value and self.goal_kinds:
                value = self.goal_kinds_text()
            if name == "name":
                value = self.names()
            if not value:
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                labels = {str(key): label for key, label in flatten_choices(field.choices)}
                value = labels.get(value, value)
            said.append((str(field.label), str(value)))
        return said

    def filter_ids(self, library) -> np.ndarray | None:
        """The organization ids the sector, town and partnership filters allow, from the
        database; None when unfiltered or filtered wrongly (the kind and the words of names are
        the ranking's: `kinds`, `names`)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if not (data["sector"] or data["city"] or data["stage"]):
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

    def kinds(self) -> list[str]:
        """The kinds to rank among: the one chosen, none for any kind, else the goal's."""
        kind = self.cleaned_data.get("kind") if self.is_valid() else ""
        if kind == ANY_KIND:
            return []
        return [kind] if kind else self.goal_kinds

    def names_to_remember(self) -> str:
        """The words of names in use when the goal does not remember them yet ('' otherwise)."""
        names = self.names()
        return names if names and names != self.goal_names else ""

    def kind_to_remember(self) -> tuple[str, str] | None:
        """(kind, label) of the kind chosen when the goal does not remember it yet."""
        kind = self.cleaned_data.get("kind") if self.is_valid() else ""
        if not kind or kind == ANY_KIND or kind in self.goal_kinds:
            return None
        return kind, kind_label(kind)


def _goal(request, pk) -> Goal:
    return get_object_or_404(Goal.objects.select_related("library"), library=request.library, pk=pk)


def _rank_url(request, goal) -> str:
    return reverse("matching:goal_rank", args=[request.library.slug, goal.pk])


def _back(request, goal) -> str:
    """Where to go after an action on the ranking: the page it came from, on this site."""
    back = request.POST.get("next", "")
    if (
        back
        and url_has_allowed_host_and_scheme(back, {request.get_host()})
        and back.startswith("/")
    ):
        return back
    return _rank_url(request, goal)


def _kinds_links(query: QueryDict, kinds: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """(label, address of the ranking inside the kind, count) for the kinds among the best."""
    links = []
    for kind, count in kinds:
        inside = query.copy()
        inside["kind"] = kind
        links.append((kind_label(kind), "?" + inside.urlencode(), count))
    return links


@library_view(role=MEMBERS)
@member_page
def goal_rank(request, pk):
    goal = _goal(request, pk)
    directory = library_directory(request.library)
    form = RankFilterForm(
        request.GET or None, directory=directory, goal_kinds=goal.kinds, goal_names=goal.names
    )
    ranking = rank_for_goal(
        request.library,
        goal,
        request.user,
        only=form.filter_ids(request.library),
        kinds=form.kinds(),
        names=form.names(),
        top=None,
        directory=directory,
    )
    page = Paginator(ranking.fits, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    audiences, resources = names_of(request.library)
    marks = feedback.marks_of(goal)
    reading = ranking.reading
    counted, kinds = kinds_among_best(ranking)
    return render(
        request,
        "matching/ranking.html",
        {
            "goal": goal,
            "form": form,
            "filtered_by": form.said(),
            "goal_kinds": list(zip(goal.kinds, goal.kind_labels(), strict=True)),
            "kind_to_remember": form.kind_to_remember(),
            "names_to_remember": form.names_to_remember(),
            "kinds_among_best": _kinds_links(query, kinds),
            "best_for_kinds": counted,
            "page_obj": page,
            "rows": ranked_rows(
                request.library,
                ranking,
                page.object_list,
                request.user,
                names=(audiences, resources),
                marks=marks,
                first=page.start_index(),
            ),
            "next_url": request.get_full_path(),
            "querystring_without_page": query.urlencode(),
            "weights": [(PART_LABELS[part], ranking.weights[part]) for part in PART_LABELS],
            # Asked only by an empty page (the template calls it): a page with rows needs no query.
            "any_organization": Organization.objects.filter(library=request.library).exists,
            "marks": marks,
            "named_audiences": [
                (audiences.get(pk, "?"), words) for pk, words in reading.named_audiences
            ],
            "named_resources": [
                (resources.get(pk, "?"), words) for pk, words in reading.named_resources
            ],
            # Read from the words and not ticked: they weigh as secondary audiences.
            "named_unticked": bool(reading.spec.named_audiences),
        },
    )


@library_view(role=STAFF)
@require_POST
def mark_candidate(request, goal_id, organization_id):
    goal = _goal(request, goal_id)
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    verdict = request.POST.get("verdict")
    if verdict not in FitMark.Verdict.values:
        messages.error(request, _("Choose “Good fit” or “Not a fit”."))
        return redirect(_back(request, goal))
    reason = request.POST.get("reason", "").strip()
    if len(reason) > feedback.REASON_LIMIT:
        messages.error(
            request,
            _("Keep the reason under %(limit)s characters; nothing was marked.")
            % {"limit": feedback.REASON_LIMIT},
        )
        return redirect(_back(request, goal))
    good = verdict == FitMark.Verdict.GOOD
    feedback.mark_fit(goal, organization.pk, good=good, user=request.user, reason=reason)
    if good:
        text = _("%(name)s is marked a good fit; similar organizations move up.")
    else:
        text = _("%(name)s is marked not a fit and left out; similar organizations move down.")
    messages.success(request, text % {"name": organization.name})
    return redirect(_back(request, goal))


@library_view(role=STAFF)
@require_POST
def goal_kinds(request, pk):
    """Remember a kind of organization for the goal (the ranking then opens on it), or forget one."""
    goal = _goal(request, pk)
    kind = request.POST.get("kind", "").strip().upper()
    action = request.POST.get("action")
    if action == "remember":
        try:
            goal.set_kinds([*goal.kinds, kind])
        except ValueError:
            messages.error(
                request,
                _(
                    "Choose a kind of organization from the list (at most %(limit)s for a goal); "
                    "nothing was remembered."
                )
                % {"limit": MAX_KINDS},
            )
            return redirect(_back(request, goal))
        goal.save(update_fields=["kinds", "updated_at"])
        messages.success(
            request,
            _("This goal's ranking now opens on %(kinds)s.")
            % {"kinds": ", ".join(goal.kind_labels())},
        )
    elif action == "forget" and kind in goal.kinds:
        goal.kinds = [k for k in goal.kinds if k != kind]
        goal.save(update_fields=["kinds", "updated_at"])
        messages.success(
            request,
            _("%(kind)s is no longer remembered for this goal.") % {"kind": kind_label(kind)},
        )
    return _back_to_what_it_remembers(request, goal, "kind")


def _back_to_what_it_remembers(request, goal, field: str):
    """Back to the page with its other filters, opening on what the goal now remembers: without
    `field` (which the goal now says) and the page number."""
    back = urlsplit(_back(request, goal))
    query = QueryDict(back.query, mutable=True)
    for name in (field, "page"):
        query.pop(name, None)
    return redirect(urlunsplit(back._replace(query=query.urlencode())))


@library_view(role=STAFF)
@require_POST
def goal_names(request, pk):
    """Remember words of names for the goal (the ranking then opens on them), or forget them."""
    goal = _goal(request, pk)
    action = request.POST.get("action")
    if action == "remember":
        try:
            names = name_words(request.POST.get("name", ""))
        except ValueError:
            names = ""
        if names:
            goal.names = names
            goal.save(update_fields=["names", "updated_at"])
            text = _("This goal's ranking now opens on names with: %(names)s.")
            messages.success(request, text % {"names": goal.names})
            return _back_to_what_it_remembers(request, goal, "name")
        text = _(
            "Give words of names, at most %(limit)s alternatives separated by commas; nothing "
            "was remembered."
        )
        messages.error(request, text % {"limit": MAX_NAME_PHRASES})
    elif action == "forget" and goal.names:
        goal.names = ""
        goal.save(update_fields=["names", "updated_at"])
        messages.success(request, _("Words of names are no longer remembered for this goal."))
        return _back_to_what_it_remembers(request, goal, "name")
    return redirect(_back(request, goal))


@library_view(role=STAFF)
@require_POST
def unmark_candidate(request, goal_id, organization_id):
    goal = _goal(request, goal_id)
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    if feedback.unmark(goal, organization.pk):
        messages.success(
            request, _("Your verdict on %(name)s is undone.") % {"name": organization.name}
        )
    return redirect(_back(request, goal))


@library_view(role=STAFF)
@require_POST
def add_prospect(request, goal_id, organization_id):
    goal = _goal(request, goal_id)
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    back = _back(request, goal)
    reason = _("Ranked for the goal “%(goal)s”.") % {"goal": goal.statement}
    _partnership, created = Partnership.objects.find_or_start(
        request.library, organization, by=request.user, reason=reason, lead=request.user, goal=goal
    )
    if not created:
        messages.error(
            request,
            _("%(name)s already has a partnership with the library; open it from their page.")
            % {"name": organization.name},
        )
        return redirect(back)
    messages.success(request, _("%(name)s added to your prospects.") % {"name": organization.name})
    return redirect(back)


@library_view(role=STAFF_TO_CHANGE)
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
