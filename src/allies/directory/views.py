"""Organizations and people: lists with search and filters, record pages, edit forms, and the
library's own audiences and resources."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from allies.core.concurrency import VERSION_FIELD
from allies.core.history import history_entries
from allies.core.page_cache import member_page
from allies.directory import forms, listing, merging, search, suggestions
from allies.directory.models import (
    Affiliation,
    Audience,
    Organization,
    Person,
    Resource,
    Sector,
)
from allies.directory.ntee import ntee_title
from allies.libraries.access import MEMBERS, STAFF, library_view, safe_next

# kind in the URL -> (model, URL name prefix)
VOCABULARIES = {"audiences": Audience, "resources": Resource}
URL_PREFIX = {"audiences": "audience", "resources": "resource"}
TAG_AT_ONCE = 500  # more than a page of the list holds


def _posted(request):
    """The submitted data on POST (even when empty, so it is validated), None on GET."""
    return request.POST if request.method == "POST" else None


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _current_and_former(affiliations) -> dict:
    """A record page's affiliations, split into the "current" and the "former" ones."""
    affiliations = list(affiliations)
    return {
        "current": [a for a in affiliations if a.is_current],
        "former": [a for a in affiliations if not a.is_current],
    }


def _open_partnerships() -> Prefetch:
    partnership = Organization._meta.get_field("partnerships").related_model
    return Prefetch(
        "partnerships",
        queryset=partnership.objects.filter(archived_at__isnull=True)
        .order_by()
        .only("organization_id", "stage"),
        to_attr="open_partnerships",
    )


def _record_form(request, form_class, record_url: str, record=None):
    """The page that adds an organization or a person (record None) or edits one.

    A valid form is saved (simple-history's middleware records who made the change), the
    librarian is told so, and sent to the record's page.
    """
    form = form_class(_posted(request), instance=record, library=request.library)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if record is None:
            message = _("%(name)s was added.") % {"name": saved.name}
        else:
            message = _("Your changes to %(name)s were saved.") % {"name": saved.name}
        messages.success(request, message)
        return redirect(record_url, request.library.slug, saved.pk)
    model_name = form_class._meta.model._meta.model_name
    template = f"directory/{model_name}_form.html"
    context = {"form": form} if record is None else {"form": form, model_name: record}
    return render(request, template, context)


@library_view(role=MEMBERS)
def index(request):
    """The directory opens on its organizations, with any search or filter it was given."""
    url = reverse("directory:organizations", kwargs={"library_slug": request.library.slug})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@library_view(role=MEMBERS)
@member_page
def organization_list(request):
    library = request.library
    organizations = Organization.objects.filter(library=library)
    filters = forms.OrganizationFilterForm(
        request.GET, library=library, cities=listing.cities(library)
    )
    matching = filters.filter(organizations)
    words = filters.words
    # A search shows where each word was found: the fields of the excerpt come with the page.
    shown = search.EXCERPT_FIELDS_NAMES if words else ()
    matching = matching.only("name", "sector", "city", "updated_at", "library_id", *shown)
    matching = matching.prefetch_related(
        Prefetch("audiences", to_attr="audience_list"), _open_partnerships()
    )
    # A filtered list counts at most 1,000 rows past the page; the whole directory is counted on
    # the (library, name) index, which stays cheap.
    limit = listing.COUNT_LIMIT if filters.is_filtered else None
    page = listing.page_of(
        matching, request.GET.get("page"), count_limit=limit, counted=filters.counted
    )
    listing.label_choices(page.object_list, sector=Sector.choices, stage=forms.partnership_stages())
    listing.add_addresses(page.object_list, library.slug)
    for organization in page.object_list if words else ():
        organization.search_excerpt = search.excerpt(organization, words)
    library_is_empty = not filters.is_filtered and page.paginator.count == 0
    # Nothing has every word: on PostgreSQL, the organizations with words close to them (typos).
    near_matches = (
        search.near(Organization.objects.filter(library=library), " ".join(words))
        if words and page.paginator.count == 0
        else []
    )
    return render(
        request,
        "directory/organization_list.html",
        {
            "filters": filters,
            "words": words,
            "page_obj": page,
            "library_is_empty": library_is_empty,
            "near_matches": near_matches,
            "querystring_without_page": _querystring_without_page(request),
            "audiences": Audience.objects.filter(library=library).order_by("name")
            if request.membership.can_edit
            else (),
        },
    )


def _merged_away(request, model, pk: int, url_name: str):
    """A record merged into another: its old address leads to the survivor; else 404."""
    survivor = merging.survivor_of(request.library, model, pk)
    if survivor is None:
        raise Http404("No such record")
    return redirect(url_name, request.library.slug, survivor, permanent=True)


@library_view(role=MEMBERS)
def organization_detail(request, pk):
    organization = (
        Organization.objects.prefetch_related("audiences", "resources", _open_partnerships())
        .filter(library=request.library, pk=pk)
        .first()
    )
    if organization is None:
        return _merged_away(request, Organization, pk, "directory:organization")
    affiliations = organization.affiliations.select_related("person").order_by("person__name", "id")
    suggested = suggestions.suggested_code(organization)
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "suggested_code": suggested[0] if suggested else "",
            "suggested_title": ntee_title(suggested[0]) if suggested else "",
            "partnership": next(iter(organization.open_partnerships), None),
            **_current_and_former(affiliations),
            "history": history_entries(organization),
            "suggestions": suggestions.suggestions_for(organization, suggested),
        },
    )


@library_view(role=STAFF)
@require_POST
def organizations_tag(request):
    """Tag the organizations ticked in the list with one audience (each one's history says so)."""
    back = safe_next(request) or reverse("directory:organizations", args=[request.library.slug])
    audience = Audience.objects.filter(
        library=request.library, pk=_digits(request.POST.get("audience"))
    ).first()
    ids = [int(v) for v in request.POST.getlist("organization") if v.isdigit()][:TAG_AT_ONCE]
    chosen = Organization.objects.filter(library=request.library, pk__in=ids)
    if audience is None or not ids:
        messages.error(request, _("Tick one organization or more, and choose an audience."))
        return redirect(back)
    tagged = 0
    for organization in chosen.exclude(audiences=audience):
        organization._change_reason = _("Tagged with “%(audience)s” from the list") % {
            "audience": audience.name
        }
        organization.audiences.add(audience)
        tagged += 1
    already = chosen.count() - tagged
    text = ngettext(
        "“%(audience)s” added to %(count)s organization.",
        "“%(audience)s” added to %(count)s organizations.",
        tagged,
    ) % {"audience": audience.name, "count": tagged}
    if already:
        text += " " + ngettext(
            "%(count)s had it already.", "%(count)s had it already.", already
        ) % {"count": already}
    messages.success(request, text)
    return redirect(back)


def _digits(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@library_view(role=STAFF)
@require_POST
def organization_suggestion(request, pk, decision):
    """Confirm a suggested audience or resource (it becomes the organization's own tag) or
    reject it (it is never suggested again)."""
    if decision not in ("confirm", "reject"):
        raise Http404("No such decision")
    organization = get_object_or_404(Organization, library=request.library, pk=pk)
    kind, term_id = request.POST.get("kind", ""), request.POST.get("term", "")
    if decision == "confirm":
        term = suggestions.confirm(organization, kind, term_id, request.user)
        text = _("“%(term)s” is now one of %(name)s's own tags.")
    else:
        term = suggestions.reject(organization, kind, term_id, request.user)
        text = _("“%(term)s” will not be suggested for %(name)s again.")
    if term is None:
        messages.error(request, _("That suggestion is no longer there; nothing was changed."))
    else:
        messages.success(request, text % {"term": term.name, "name": organization.name})
    return redirect(
        reverse("directory:organization", args=[request.library.slug, organization.pk])
        + "#suggestions-title"
    )


def _suggest_audiences(request, record=None):
    """The organization form again, nothing saved, with the audiences suggested from what was
    typed (name, mission, notes...) ticked and their evidence said above the form."""
    values = {name: request.POST.get(name, "") for name in suggestions.RECORD_FIELDS}
    found = suggestions.suggested_audiences(request.library, values, record)
    initial = {name: request.POST.get(name, "") for name in forms.OrganizationForm._meta.fields}
    for name in ("audiences", "resources"):
        initial[name] = [v for v in request.POST.getlist(name) if v.isdigit()]
    ticked = set(initial["audiences"])
    initial["audiences"] += [str(s.term_id) for s in found if str(s.term_id) not in ticked]
    form = forms.OrganizationForm(initial=initial, instance=record, library=request.library)
    form.initial[VERSION_FIELD] = request.POST.get(VERSION_FIELD, form.initial.get(VERSION_FIELD))
    context = {"form": form, "suggested": found, "suggested_asked": True}
    if record is not None:
        context["organization"] = record
    return render(request, "directory/organization_form.html", context)


@library_view(role=STAFF)
def organization_create(request):
    if request.method == "POST" and request.POST.get("action") == "suggest":
        return _suggest_audiences(request)
    return _record_form(request, forms.OrganizationForm, "directory:organization")


@library_view(role=STAFF)
def organization_edit(request, pk):
    organization = get_object_or_404(Organization, library=request.library, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "suggest":
        return _suggest_audiences(request, organization)
    return _record_form(request, forms.OrganizationForm, "directory:organization", organization)


@library_view(role=MEMBERS)
def person_list(request):
    query = request.GET.get("q", "").strip()[:200]
    people = Person.objects.filter(library=request.library).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.current().select_related("organization"),
            to_attr="current_affiliations",
        )
    )
    if query:
        people = people.search(query)
    page = listing.page_of(people.order_by("name", "id"), request.GET.get("page"))
    return render(
        request,
        "directory/person_list.html",
        {
            "q": query,
            "page_obj": page,
            "library_is_empty": not query and page.paginator.count == 0,
            "querystring_without_page": _querystring_without_page(request),
        },
    )


@library_view(role=MEMBERS)
def person_detail(request, pk):
    person = Person.objects.filter(library=request.library, pk=pk).first()
    if person is None:
        return _merged_away(request, Person, pk, "directory:person")
    affiliations = person.affiliations.select_related("organization")
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            **_current_and_former(affiliations),
            "history": history_entries(person),
        },
    )


@library_view(role=STAFF)
def person_create(request):
    return _record_form(request, forms.PersonForm, "directory:person")


@library_view(role=STAFF)
def person_edit(request, pk):
    person = get_object_or_404(Person, library=request.library, pk=pk)
    return _record_form(request, forms.PersonForm, "directory:person", person)


@library_view(role=STAFF)
def affiliation_create(request, person_pk):
    person = get_object_or_404(Person, library=request.library, pk=person_pk)
    search = (request.POST.get("search") or request.GET.get("search") or "").strip()[:200]
    form = forms.AffiliationForm(
        _posted(request),
        instance=Affiliation(person=person),
        library=request.library,
        search=search,
    )
    if request.method == "POST" and form.is_valid():
        affiliation = form.save()
        messages.success(
            request,
            _("%(person)s is now listed at %(organization)s.")
            % {"person": person.name, "organization": affiliation.organization.name},
        )
        return redirect("directory:person", request.library.slug, person.pk)
    return render(
        request,
        "directory/affiliation_form.html",
        {"form": form, "person": person, "search": search},
    )


@library_view(role=STAFF)
def affiliation_end(request, pk):
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("person", "organization"),
        person__library=request.library,
        pk=pk,
        ended_on__isnull=True,
    )
    form = forms.AffiliationEndForm(_posted(request), instance=affiliation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(person)s is now listed as a former member of %(organization)s.")
            % {"person": affiliation.person.name, "organization": affiliation.organization.name},
        )
        return redirect("directory:person", request.library.slug, affiliation.person_id)
    return render(
        request, "directory/affiliation_end.html", {"form": form, "affiliation": affiliation}
    )


def _vocabulary_model(kind: str):
    if kind not in VOCABULARIES:
        raise Http404("No such list")
    return VOCABULARIES[kind]


@library_view(role=MEMBERS)
def vocabulary_list(request):
    lists = [
        {
            "kind": kind,
            "title": model._meta.verbose_name_plural,
            "terms": _annotated(model, request.library),
            "create_url": f"directory:{URL_PREFIX[kind]}_create",
            "rename_url": f"directory:{URL_PREFIX[kind]}_rename",
        }
        for kind, model in VOCABULARIES.items()
    ]
    return render(request, "directory/vocabulary_list.html", {"lists": lists})


def _annotated(model, library):
    return model.objects.filter(library=library).annotate(used_by=Count("organizations"))


@library_view(role=STAFF)
def vocabulary_create(request, kind):
    model = _vocabulary_model(kind)
    form_class = forms.vocabulary_form_class(model)
    form = form_class(_posted(request), library=request.library)
    if request.method == "POST" and form.is_valid():
        term = form.save()
        messages.success(request, _("%(name)s was added to the list.") % {"name": term.name})
        return redirect("directory:vocabularies", request.library.slug)
    return render(
        request, "directory/vocabulary_form.html", {"form": form, "kind": kind, "model": model}
    )


@library_view(role=STAFF)
def vocabulary_rename(request, kind, pk):
    model = _vocabulary_model(kind)
    term = get_object_or_404(model, library=request.library, pk=pk)
    old_name = term.name
    form = forms.vocabulary_form_class(model)(
        _posted(request), instance=term, library=request.library
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(old)s is now called %(new)s.") % {"old": old_name, "new": term.name},
        )
        return redirect("directory:vocabularies", request.library.slug)
    return render(
        request,
        "directory/vocabulary_form.html",
        {"form": form, "kind": kind, "model": model, "term": term, "old_name": old_name},
    )


@library_view(role=STAFF)
def organization_irs(request, pk):
    """The IRS extract's rows that are probably this organization, each with a button to link
    it: the EIN, NTEE code and IRS figures are filled in, nothing staff wrote changes."""
    from allies.directory import irs_link

    organization = get_object_or_404(Organization, library=request.library, pk=pk)
    if request.method == "POST":
        row = irs_link.row_with_ein(organization, request.POST.get("ein", "").strip())
        if row is None:
            messages.error(request, _("That row is not in the IRS extract: nothing was changed."))
            return redirect("directory:organization_irs", request.library.slug, organization.pk)
        try:
            changed = irs_link.link(organization, row, user=request.user)
        except ValueError as problem:
            messages.error(request, str(problem))
            return redirect("directory:organization_irs", request.library.slug, organization.pk)
        if changed:
            messages.success(
                request,
                _("Linked to its IRS row: the EIN, NTEE code and IRS figures were filled in."),
            )
        else:
            messages.info(request, _("Already linked: the IRS row has nothing new."))
        return redirect("directory:organization", request.library.slug, organization.pk)
    return render(
        request,
        "directory/organization_irs.html",
        {
            "organization": organization,
            "candidates": irs_link.candidates(organization),
            "has_extract": bool(irs_link.extract_files()),
        },
    )
