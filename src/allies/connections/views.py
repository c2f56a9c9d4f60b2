"""My connections: the people I know, adding, editing, sharing and removing them, the list the
library shares, the directory type-ahead, and who on staff knows an organization.

Privacy: a connection is shown to a user only when it is shared or they recorded it; only the
person who recorded a connection may change, share or remove it. The worksheet, contact imports
and asking a colleague live in `worksheet_views`, `import_views` and `help_views`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from allies.connections import forms, people
from allies.connections.models import Connection, HelpStatus, IntroductionHelpRequest
from allies.core.page_cache import member_page
from allies.directory.models import Organization, Person
from allies.libraries.access import MEMBERS, STAFF, STAFF_TO_CHANGE, library_view, safe_next


def _mine(request, connection_id: int) -> Connection:
    """A connection the signed-in member recorded; anyone else's is 404, shared or not."""
    return get_object_or_404(
        Connection, library=request.library, recorded_by=request.user, pk=connection_id
    )


def back(request, fallback: str):
    """Redirect to the `next` address the form carried (on this site only), else to `fallback`."""
    target = safe_next(request)
    if target:
        return redirect(target)
    return redirect(fallback, request.library.slug)


@library_view(role=MEMBERS)
@member_page
def index(request):
    mine = list(
        Connection.objects.filter(library=request.library, recorded_by=request.user)
        .select_related("person_a", "person_b")
        .order_by("-updated_at", "-id")
    )
    me = Person.objects.filter(library=request.library, user=request.user).first()
    for connection in mine:  # me first, when I am one of the two
        flip = me is not None and connection.person_b_id == me.pk
        pair = (connection.person_a, connection.person_b)
        connection.one, connection.other_person = pair[::-1] if flip else pair
    query = request.GET.get("q", "").strip()
    shared = Connection.objects.for_library(request.library).filter(shared=True)
    for word in query.split()[:8]:
        shared = shared.filter(
            Q(person_a__name__icontains=word) | Q(person_b__name__icontains=word)
        )
    shared = shared.select_related("person_a", "person_b", "recorded_by").order_by(
        "person_a__name", "person_b__name", "id"
    )
    page = Paginator(shared, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "connections/index.html",
        {
            "mine": mine,
            "me": me,
            "private_count": sum(1 for c in mine if not c.shared),
            "query": query,
            "page_obj": page,
            "querystring_without_page": params.urlencode(),
            "asked_count": IntroductionHelpRequest.objects.filter(
                library=request.library, colleague=request.user, status=HelpStatus.ASKED
            ).count(),
        },
    )


@library_view(role=STAFF)
def add(request):
    """Two people picked by type-ahead, never from a list of the whole directory; without
    JavaScript the "Find" buttons post the form back and it is redrawn with the matches."""
    me = people.person_for(request.user, request.library)
    posted = request.method == "POST"
    finding = posted and "find" in request.POST
    data = request.POST if posted else request.GET
    form = forms.ConnectionForm(
        request.POST if posted and not finding else None,
        library=request.library,
        me=me,
        initial=forms.ConnectionForm.initial_from(data, me, redraw=finding),
    )
    if posted and not finding and form.is_valid():
        connection, created = Connection.record(
            library=request.library,
            one=form.cleaned_data["person"],
            other=form.cleaned_data["other"],
            recorded_by=request.user,
            **form.connection_fields(),
        )
        text = (
            _("The connection between %(connection)s was recorded.")
            if created
            else _("You had already recorded %(connection)s: it was updated.")
        )
        messages.success(request, text % {"connection": connection.pair})
        return back(request, "connections:index")
    searches = {}
    for name in forms.ConnectionForm.PEOPLE:
        query = data.get(f"q_{name}", "").strip()
        found = people.matching(request.library, query, exclude=form.offered_ids[name])
        searches[name] = {"query": query, "matches": found}
    return render(request, "connections/connection_form.html", {"form": form, "searches": searches})


@library_view(role=STAFF)
def edit(request, connection_id):
    connection = _mine(request, connection_id)
    form = forms.EditConnectionForm(
        request.POST if request.method == "POST" else None, instance=connection
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        return redirect("connections:index", request.library.slug)
    return render(
        request, "connections/connection_edit.html", {"form": form, "connection": connection}
    )


@library_view(role=STAFF)
def remove(request, connection_id):
    connection = _mine(request, connection_id)
    if request.method == "POST":
        label = connection.pair
        connection.delete()
        messages.success(request, _("The connection %(pair)s was removed.") % {"pair": label})
        return redirect("connections:index", request.library.slug)
    return render(request, "connections/connection_remove.html", {"connection": connection})


@library_view(role=STAFF_TO_CHANGE)
def share(request, connection_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    connection = _mine(request, connection_id)
    connection.share(request.POST.get("shared") == "1")
    text = (
        _("%(pair)s is now shared with the library.")
        if connection.shared
        else _("%(pair)s is now private: only you see it.")
    )
    messages.success(request, text % {"pair": connection.pair})
    return back(request, "connections:index")


@library_view(role=STAFF_TO_CHANGE)
def share_all(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = Connection.objects.filter(
        library=request.library, recorded_by=request.user
    ).share_each()
    messages.success(
        request, _("%(count)s connections are now shared with the library.") % {"count": count}
    )
    return redirect("connections:index", request.library.slug)


@library_view(role=MEMBERS)
def people_search(request):
    """A short list of directory people matching the query, as radio buttons named `field`
    ("person" by default, for the worksheet; "person" or "other" on the add-a-connection form)."""
    field = request.GET.get("field")
    name = field if field in ("person", "other") else "person"
    query = request.GET.get(f"q_{name}" if field else "q", "").strip()
    return render(
        request,
        "connections/_people_matches.html",
        {
            "matches": people.matching(request.library, query),
            "query": query,
            "field_name": name if field else "",
        },
    )


@library_view(role=MEMBERS)
def organization_ties(request, organization_id):
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    ties = people.staff_ties(request.user, request.library, organization)
    template = (
        "connections/_organization_ties.html"
        if request.headers.get("HX-Request")
        else "connections/organization_ties.html"
    )
    return render(request, template, {"organization": organization, "ties": ties})
