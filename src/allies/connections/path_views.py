"""Introduction paths pages: who can introduce the library to an organization or a person."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from allies.connections import drawing
from allies.connections.paths import MAX_HOPS, MAX_K, introduction_paths, my_people
from allies.directory.models import Organization, Person
from allies.libraries.access import MEMBERS, library_view
from allies.partnerships.models import Partnership


class PathsForm(forms.Form):
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[("all", _("Everyone on staff")), ("me", _("Only me"))],
        initial="all",
        widget=forms.RadioSelect,
    )
    k = forms.IntegerField(
        label=_("How many paths"),
        help_text=_("From 1 to %(most)s.") % {"most": MAX_K},
        min_value=1,
        max_value=MAX_K,
        initial=5,
    )
    max_hops = forms.IntegerField(
        label=_("Longest chain"),
        help_text=_("How many introductions in a row, from 1 to %(most)s.") % {"most": MAX_HOPS},
        min_value=1,
        max_value=MAX_HOPS,
        initial=MAX_HOPS,
    )


def read_form(request) -> PathsForm:
    """The GET form, with the defaults filled in for the fields the request leaves out."""
    data = {name: field.initial for name, field in PathsForm.base_fields.items()}
    data.update({name: request.GET[name] for name in data if name in request.GET})
    return PathsForm(data)


def worksheet_url(library, organization=None) -> str | None:
    """Where to add the people I know: the worksheet for the organization, else my ties."""
    try:
        if organization is not None:
            return reverse("connections:worksheet", args=[library.slug, organization.pk])
        return reverse("connections:index", args=[library.slug])
    except NoReverseMatch:
        return None


def paths_page(request, *, organization=None, person=None):
    form = read_form(request)
    style = request.GET.get("drawing", "tree")
    if style not in drawing.STYLES:
        style = "tree"
    target_name = organization.name if organization is not None else person.name
    found = None
    picture = None
    if form.is_valid():
        found = introduction_paths(
            request.library,
            request.user,
            organization=organization,
            person=person,
            from_me=form.cleaned_data["start"] == "me",
            k=form.cleaned_data["k"],
            max_hops=form.cleaned_data["max_hops"],
        )
        if found.paths:
            picture = drawing.draw(
                found.paths,
                style=style,
                target_name=target_name,
                organization_name=organization.name if organization is not None else None,
                id_prefix=f"drawing-{style}",
            )
    kept = {name: form.data[name] for name in PathsForm.base_fields}
    tabs = [
        (code, name, "?" + urlencode({**kept, "drawing": code}))
        for code, name in drawing.style_names().items()
    ]
    return render(
        request,
        "connections/paths.html",
        {
            "form": form,
            "found": found,
            "my_people": my_people(request.library, request.user),
            "picture": picture,
            "style": style,
            "tabs": tabs,
            "organization": organization,
            "person": person,
            "target_name": target_name,
            "from_me": form.data.get("start") == "me",
            "worksheet_url": worksheet_url(request.library, organization),
            "ask_url": _ask_url(request.library),
            "introduction_url": _introduction_url(request, organization),
        },
    )


def _ask_url(library) -> str | None:
    try:
        return reverse("connections:ask_colleague", args=[library.slug])
    except NoReverseMatch:
        return None


def _introduction_url(request, organization) -> str | None:
    """Where to ask for an introduction, when the library has an open partnership with them."""
    if organization is None or not request.membership.can_edit:
        return None
    partnership = (
        Partnership.objects.filter(
            library=request.library, organization=organization, archived_at__isnull=True
        )
        .open()
        .first()
    )
    if partnership is None:
        return None
    try:
        return reverse("outreach:introduction_new", args=[request.library.slug, partnership.pk])
    except NoReverseMatch:
        return None


@library_view(role=MEMBERS)
def organization_paths(request, pk):
    organization = get_object_or_404(Organization, library=request.library, pk=pk)
    return paths_page(request, organization=organization)


@library_view(role=MEMBERS)
def person_paths(request, pk):
    person = get_object_or_404(Person, library=request.library, pk=pk)
    return paths_page(request, person=person)
