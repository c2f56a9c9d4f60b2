"""The contact log: log a contact in seconds (volunteers too), the library's list, edit and remove.

Anyone in the library may log a contact. Changing or removing one is for whoever logged it, and for
staff and owners.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.libraries.access import MEMBERS, library_view, safe_next
from allies.partnerships.models import Partnership
from allies.stewardship.log_forms import (
    SELECT_LIMIT,
    ContactFilterForm,
    ContactForm,
    open_partnerships,
)
from allies.stewardship.models import Contact, ContactKind

PAGE_SIZE = 50


def _partnership_url(request, partnership_id) -> str:
    return reverse("partnerships:detail", args=[request.library.slug, partnership_id])


def _chosen(request, partnerships):
    chosen = request.POST.get("partnership") or request.GET.get("partnership") or ""
    if not chosen.isdigit():
        return None
    return partnerships.filter(pk=chosen).first()


def _choose_page(request, partnerships, next_url):
    search = request.GET.get("q", "").strip()
    results = partnerships
    for word in search.split()[:8]:
        results = results.filter(organization__name__icontains=word)
    return render(
        request,
        "stewardship/contact_choose.html",
        {"q": search, "results": results[:25] if search else [], "next": next_url},
    )


@library_view(role=MEMBERS)
def contact_log(request):
    """Log a contact. ?partnership=<id> chooses the partner; ?next=<path> is where to go after."""
    library = request.library
    partnerships = open_partnerships(library)
    # A declined or ended partner can be chosen from its own page (a last thank-you), not listed.
    chosen = _chosen(request, partnerships) or _chosen(
        request, Partnership.objects.for_library(library).select_related("organization")
    )
    next_url = safe_next(request)
    many = partnerships.count() > SELECT_LIMIT
    if many and chosen is None and request.method == "GET":
        return _choose_page(request, partnerships, next_url)
    form = ContactForm(
        request.POST or None,
        library=library,
        partnership=chosen,
        search=many and chosen is not None,
        initial={
            "partnership": chosen,
            "happened_on": timezone.localdate(),
            "kind": request.GET.get("kind") if request.GET.get("kind") in ContactKind else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        contact = form.log(by=request.user)
        messages.success(
            request,
            _("Contact with %(name)s logged: %(kind)s.")
            % {"name": contact.partnership, "kind": contact.get_kind_display()},
        )
        return redirect(next_url or _partnership_url(request, contact.partnership_id))
    return _form_page(request, form, next_url=next_url, chosen=form.chosen)


def _form_page(request, form, *, next_url=None, chosen=None, contact=None):
    url = reverse("stewardship:log", args=[request.library.slug])
    if request.htmx and not form.is_bound:  # opened in the header's box: start typing at once
        first = "kind" if chosen is not None else "partnership"
        form.fields[first].widget.attrs["autofocus"] = True
    form.fields["partnership"].widget.attrs.update(
        {
            "hx-get": url,
            "hx-trigger": "change",
            "hx-target": "#person-field",
            "hx-select": "#person-field",
            "hx-swap": "outerHTML",
        }
    )
    return render(
        request,
        "stewardship/contact_form.html",
        {"form": form, "next": next_url, "chosen": chosen, "contact": contact},
        status=400 if form.errors else 200,
    )


def _contact(request, contact_id) -> Contact:
    contact = get_object_or_404(
        Contact.objects.select_related("partnership__organization", "person", "logged_by"),
        library=request.library,
        pk=contact_id,
    )
    if not (request.membership.can_edit or contact.logged_by_id == request.user.pk):
        raise PermissionDenied
    return contact


@library_view(role=MEMBERS)
def contact_edit(request, contact_id):
    contact = _contact(request, contact_id)
    next_url = safe_next(request)
    form = ContactForm(request.POST or None, instance=contact, library=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact saved."))
        return redirect(next_url or _partnership_url(request, contact.partnership_id))
    return _form_page(request, form, next_url=next_url, chosen=form.chosen, contact=contact)


@library_view(role=MEMBERS)
def contact_remove(request, contact_id):
    contact = _contact(request, contact_id)
    if request.method == "POST":
        partnership_id = contact.partnership_id
        contact.delete()
        messages.success(request, _("Contact removed from the log."))
        return redirect(safe_next(request) or _partnership_url(request, partnership_id))
    return render(
        request, "stewardship/contact_remove.html", {"contact": contact, "next": safe_next(request)}
    )


@library_view(role=MEMBERS)
def contact_list(request):
    form = ContactFilterForm(request.GET or None, library=request.library)
    contacts = form.filter(
        Contact.objects.filter(library=request.library)
        .select_related("partnership__organization", "person", "logged_by")
        .order_by("-happened_on", "-id")
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stewardship/contact_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": query.urlencode(),
            "filtered": any(query.values()),
        },
    )
