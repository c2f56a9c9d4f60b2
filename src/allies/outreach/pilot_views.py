"""Pilots: plan one for a partnership, follow it, and review it at its end."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.outreach import pilots
from allies.outreach.models import Pilot
from allies.outreach.pilot_forms import PilotForm, PilotReviewForm
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived


def pilot_url(pilot: Pilot) -> str:
    return reverse("outreach:pilot", args=[pilot.library.slug, pilot.pk])


def _pilot(request, pilot_id) -> Pilot:
    return get_object_or_404(
        Pilot.objects.select_related("partnership__organization", "library", "offer__event"),
        library=request.library,
        pk=pilot_id,
    )


def render_pilot_form(request, form, partnership, *, pilot=None, extra=None, status=200):
    context = {"form": form, "partnership": partnership, "pilot": pilot, **(extra or {})}
    if form.errors:
        status = 400
    return render(request, "outreach/pilot_form.html", context, status=status)


@library_view(role=STAFF)
def pilot_new(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = PilotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pilot = form.save(commit=False)
        pilot.library = request.library
        pilot.partnership = partnership
        pilots.plan(pilot, by=request.user, link_for=pilot_url)
        messages.success(request, _("Pilot saved. Its review opens on its last day."))
        return redirect(pilot_url(pilot))
    return render_pilot_form(request, form, partnership)


@library_view(role=MEMBERS)
def pilot_detail(request, pilot_id):
    pilot = _pilot(request, pilot_id)
    today = timezone.localdate()
    status = pilots.status(pilot, today)
    return render(
        request,
        "outreach/pilot_detail.html",
        {
            "pilot": pilot,
            "partnership": pilot.partnership,
            "status": status,
            "status_label": pilots.STATUS_LABELS[status],
            "can_review": pilots.can_review(pilot, today) and pilot.partnership.is_open,
        },
    )


@library_view(role=STAFF)
def pilot_edit(request, pilot_id):
    pilot = _pilot(request, pilot_id)
    if refusal := refuse_if_archived(request, pilot.partnership):
        return refusal
    form = PilotForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pilot saved."))
        return redirect(pilot_url(pilot))
    return render_pilot_form(request, form, pilot.partnership, pilot=pilot)


@library_view(role=STAFF)
def pilot_review(request, pilot_id):
    pilot = _pilot(request, pilot_id)
    partnership = pilot.partnership
    if pilot.decision:
        messages.warning(
            request,
            _("This pilot was already reviewed on %(day)s; the decision stays as it is.")
            % {"day": pilot.reviewed_on.isoformat() if pilot.reviewed_on else "?"},
        )
        return redirect(pilot_url(pilot))
    if not partnership.is_open:
        messages.error(
            request,
            _("The partnership is archived or closed, so this pilot can no longer be reviewed."),
        )
        return redirect(pilot_url(pilot))
    today = timezone.localdate()
    if not pilots.can_review(pilot, today):
        context = {"pilot": pilot, "partnership": partnership, "too_early": True}
        status = 400 if request.method == "POST" else 200
        return render(request, "outreach/pilot_review.html", context, status=status)
    form = PilotReviewForm(request.POST or None, instance=pilot)
    if request.method == "POST":
        if form.is_valid():
            reviewed = form.save(commit=False)
            pilots.review(
                reviewed,
                by=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data.get("decision_note", "").strip(),
                link=pilot_url(pilot),
            )
            messages.success(
                request,
                _("Review saved. The partnership is now at %(stage)s.")
                % {"stage": partnership.get_stage_display()},
            )
            return redirect(pilot_url(pilot))
        status = 400
    else:
        status = 200
    context = {"pilot": pilot, "partnership": partnership, "form": form}
    return render(request, "outreach/pilot_review.html", context, status=status)


@library_view(role=STAFF)
@require_POST
def pilot_close(request, pilot_id):
    """Close an ended pilot without a review of its own (a later one said what came next)."""
    pilot = _pilot(request, pilot_id)
    if pilots.status(pilot, timezone.localdate()) != "to_review":
        messages.error(request, _("Only a pilot that ended and waits for its review is closed."))
        return redirect(pilot_url(pilot))
    note = request.POST.get("note", "").strip()[:1000]
    pilots.close(pilot, by=request.user, note=note or _("Closed without its own review."))
    messages.success(request, _("The pilot is closed: it no longer waits for a review."))
    return redirect(pilot_url(pilot))
