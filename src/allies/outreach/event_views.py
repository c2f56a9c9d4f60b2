"""Community events planned by partners and others, and the library's offers of support.

An accepted offer becomes a pilot with the organizer's partnership.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.outreach import pilots
from allies.outreach.event_forms import (
    CommunityEventForm,
    OfferAnswerForm,
    OrganizerChoiceForm,
    SupportOfferForm,
)
from allies.outreach.models import CommunityEvent, OfferStatus, PilotKind, SupportOffer
from allies.outreach.pilot_forms import PilotForm
from allies.outreach.pilot_views import pilot_url, render_pilot_form
from allies.partnerships.models import Partnership


def _event(request, event_id) -> CommunityEvent:
    return get_object_or_404(
        CommunityEvent.objects.select_related("organizer"), library=request.library, pk=event_id
    )


def _offer(request, event, offer_id) -> SupportOffer:
    return get_object_or_404(
        SupportOffer.objects.select_related("offered_by"),
        library=request.library,
        event=event,
        pk=offer_id,
    )


def _to_event(request, event):
    return redirect("outreach:event", library_slug=request.library.slug, event_id=event.pk)


@library_view(role=MEMBERS)
def event_list(request):
    today = timezone.localdate()
    events = (
        CommunityEvent.objects.filter(library=request.library)
        .select_related("organizer")
        .prefetch_related("offers")
        .annotate(last_day=Coalesce("ends_on", "starts_on"))
    )
    past = request.GET.get("when") == "past"
    if past:
        events = events.filter(last_day__lt=today).order_by(F("starts_on").desc(), "title")
    else:
        events = events.filter(last_day__gte=today).order_by("starts_on", "title", "id")
    other = CommunityEvent.objects.filter(library=request.library).annotate(
        last_day=Coalesce("ends_on", "starts_on")
    )
    other = other.filter(last_day__gte=today) if past else other.filter(last_day__lt=today)
    return render(
        request,
        "outreach/event_list.html",
        {"events": events, "past": past, "other_count": other.count()},
    )


def _event_form_page(request, form, event=None):
    status = 400 if form.errors else 200
    return render(
        request, "outreach/event_form.html", {"form": form, "event": event}, status=status
    )


@library_view(role=STAFF)
def event_new(request):
    form = CommunityEventForm(request.POST or None, library=request.library)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.library = request.library
        event.created_by = request.user
        event.save()
        messages.success(request, _("Event added."))
        return _to_event(request, event)
    return _event_form_page(request, form)


@library_view(role=MEMBERS)
def event_detail(request, event_id):
    event = _event(request, event_id)
    offers = event.offers.select_related("offered_by", "pilot")
    return render(request, "outreach/event_detail.html", {"event": event, "offers": offers})


@library_view(role=STAFF)
def event_edit(request, event_id):
    event = _event(request, event_id)
    form = CommunityEventForm(request.POST or None, instance=event, library=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Event saved."))
        return _to_event(request, event)
    return _event_form_page(request, form, event)


@library_view(role=STAFF)
def offer_new(request, event_id):
    event = _event(request, event_id)
    form = SupportOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        offer.library = request.library
        offer.event = event
        offer.offered_by = request.user
        offer.save()
        messages.success(request, _("Offer recorded. Mark it accepted when they say yes."))
        return _to_event(request, event)
    status = 400 if form.errors else 200
    return render(
        request, "outreach/event_offer_form.html", {"form": form, "event": event}, status=status
    )


@library_view(role=STAFF)
@require_POST
def offer_answer(request, event_id, offer_id):
    event = _event(request, event_id)
    offer = _offer(request, event, offer_id)
    form = OfferAnswerForm(request.POST)
    if offer.status != OfferStatus.OFFERED:
        messages.error(request, _("This offer was already answered; nothing changed."))
    elif not form.is_valid():
        messages.error(request, _("Choose turned down or withdrawn; nothing changed."))
    else:
        offer.status = form.cleaned_data["status"]
        offer.answered_on = timezone.localdate()
        offer.save(update_fields=["status", "answered_on"])
        messages.success(
            request, _("Offer marked %(status)s.") % {"status": offer.get_status_display().lower()}
        )
    return _to_event(request, event)


def _organizer(request, event):
    """The organizer in the directory: the event's, or the one picked for a typed name."""
    if event.organizer_id:
        return event.organizer, None
    data = request.POST if request.method == "POST" else request.GET
    chooser = OrganizerChoiceForm(data if "organization" in data else None, library=request.library)
    if chooser.is_bound and chooser.is_valid():
        return chooser.cleaned_data["organization"], chooser
    return None, chooser


def _prefilled(event, offer) -> dict:
    partner_does = event.help_needed.strip() or _("Runs %(event)s.") % {"event": event.title}
    return {
        "kind": PilotKind.JOIN_EVENT,
        "title": event.title,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on or event.starts_on,
        "library_does": offer.offer,
        "partner_does": partner_does,
    }


@library_view(role=STAFF)
def offer_accept(request, event_id, offer_id):
    """The offer was accepted: plan the pilot it becomes, prefilled from the event and offer."""
    event = _event(request, event_id)
    offer = _offer(request, event, offer_id)
    if offer.status != OfferStatus.OFFERED:
        messages.error(
            request,
            _("This offer is already marked %(status)s, so there is no pilot to plan from it.")
            % {"status": offer.get_status_display().lower()},
        )
        return _to_event(request, event)
    organization, chooser = _organizer(request, event)
    if organization is None:
        status = 400 if request.method == "POST" or (chooser and chooser.errors) else 200
        return render(
            request,
            "outreach/event_organizer_choice.html",
            {"event": event, "offer": offer, "chooser": chooser},
            status=status,
        )
    partnership = Partnership.objects.current(request.library, organization) or Partnership(
        library=request.library, organization=organization
    )  # unsaved until the pilot is: saving starts it (pilots.partnership_for_organizer)
    form = PilotForm(request.POST or None, initial=_prefilled(event, offer))
    extra = {"event": event, "offer": offer, "organization": organization}
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            pilot = form.save(commit=False)
            pilot.library = request.library
            pilot.partnership = pilots.partnership_for_organizer(
                request.library, organization, by=request.user
            )
            pilot.offer = offer
            if not event.organizer_id:
                event.organizer = organization
                event.save(update_fields=["organizer"])
            pilots.plan(pilot, by=request.user, link_for=pilot_url)
        messages.success(request, _("Offer accepted and pilot saved."))
        return redirect(pilot_url(pilot))
    return render_pilot_form(request, form, partnership, extra=extra)
