"""What each side of a partnership promised: add, edit, mark kept (on which day) or missed.

Staff and owners change commitments; volunteers see them on the partnership page.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import STAFF, library_view
from allies.partnerships import commitments
from allies.partnerships.commitment_forms import CommitmentForm, KeptForm
from allies.partnerships.models import Commitment
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived


def _commitment(request, partnership, commitment_id) -> Commitment:
    return get_object_or_404(
        Commitment, library=request.library, partnership=partnership, pk=commitment_id
    )


def _to_partnership(request, partnership):
    url = reverse("partnerships:detail", args=[request.library.slug, partnership.pk])
    return redirect(url + "#commitments")


def _form_page(request, partnership, form, commitment=None):
    return render(
        request,
        "partnerships/commitment_form.html",
        {"partnership": partnership, "form": form, "commitment": commitment},
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF)
def commitment_new(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = CommitmentForm(
        request.POST or None,
        partner_name=partnership.organization.name,
        initial={"owed_by": request.GET.get("side")},
    )
    if request.method == "POST" and form.is_valid():
        commitment = form.save(commit=False)
        commitment.partnership = partnership
        commitments.record(commitment, by=request.user)
        messages.success(request, _("Commitment added."))
        return _to_partnership(request, partnership)
    return _form_page(request, partnership, form)


@library_view(role=STAFF)
def commitment_edit(request, partnership_id, commitment_id):
    partnership = partnership_or_404(request, partnership_id)
    commitment = _commitment(request, partnership, commitment_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = CommitmentForm(
        request.POST or None,
        instance=commitment,
        partner_name=partnership.organization.name,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Commitment saved."))
        return _to_partnership(request, partnership)
    return _form_page(request, partnership, form, commitment)


@library_view(role=STAFF)
def commitment_kept(request, partnership_id, commitment_id):
    partnership = partnership_or_404(request, partnership_id)
    commitment = _commitment(request, partnership, commitment_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = KeptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        commitments.mark_kept(commitment, day=form.cleaned_data["done_on"], by=request.user)
        messages.success(request, _("Marked kept."))
        return _to_partnership(request, partnership)
    return render(
        request,
        "partnerships/commitment_kept.html",
        {"partnership": partnership, "commitment": commitment, "form": form},
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF)
@require_POST
def commitment_missed(request, partnership_id, commitment_id):
    partnership = partnership_or_404(request, partnership_id)
    commitment = _commitment(request, partnership, commitment_id)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    commitments.mark_missed(commitment, by=request.user)
    messages.success(request, _("Marked missed. Talk it over with them when you can."))
    return _to_partnership(request, partnership)
