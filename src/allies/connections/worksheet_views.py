"""The connection worksheet for a target organization, as on paper: the organization at the base,
and a fast way to add the people I know who might lead there (type-ahead over the directory, or
a new person typed on the fly)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from allies.connections import forms, people
from allies.connections import importing as contact_importing
from allies.connections.models import Connection
from allies.directory.models import Affiliation, Organization, Person
from allies.libraries.access import STAFF_TO_CHANGE, library_view
from allies.libraries.models import User


@library_view(role=STAFF_TO_CHANGE)
def worksheet(request, organization_id):
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    me = Person.objects.filter(library=request.library, user=request.user).first()
    leading = people.worksheet_connections(request.user, request.library, organization, me)
    inside = (
        Affiliation.objects.current()
        .filter(organization=organization)
        .select_related("person")
        .order_by("person__name")
    )
    form = None
    if request.membership.can_edit:
        me = people.person_for(request.user, request.library)
        on_sheet = {me.pk} | {c.person_a_id for c in leading} | {c.person_b_id for c in leading}
        known_by = Person.objects.filter(library=request.library, pk__in=on_sheet).order_by("name")
        form = forms.WorksheetForm(
            request.POST if request.method == "POST" else None,
            library=request.library,
            known_by=known_by,
            initial={"known_by": me.pk},
        )
        if request.method == "POST" and form.is_valid():
            added = _add_from_worksheet(request, form.cleaned_data, organization)
            if added:
                return redirect("connections:worksheet", request.library.slug, organization.pk)
    query = request.GET.get("q", "").strip()
    colleagues = User.objects.filter(memberships__library=request.library).exclude(
        pk=request.user.pk
    )
    return render(
        request,
        "connections/worksheet.html",
        {
            "organization": organization,
            "inside": inside,
            "leading": leading,
            "form": form,
            "query": query,
            "matches": people.matching(request.library, query),
            "colleagues": colleagues.order_by("full_name", "email"),
        },
    )


def _add_from_worksheet(request, data, organization) -> bool:
    person = data["person"]
    if person is None:
        person = Person.objects.create(library=request.library, name=data["new_name"].strip())
        organization_name = data["new_organization"].strip()
        if organization_name:
            contact_importing._affiliate(request.library, person, organization_name, "", {})
    try:
        connection, _created = Connection.record(
            library=request.library,
            one=data["known_by"],
            other=person,
            recorded_by=request.user,
            kind=data["kind"],
            strength=data["strength"],
            worksheet=organization,
        )
    except ValidationError:
        messages.error(request, _("A person cannot be connected to themselves."))
        return False
    messages.success(request, _("Added to your worksheet: %(pair)s.") % {"pair": connection.pair})
    return True
