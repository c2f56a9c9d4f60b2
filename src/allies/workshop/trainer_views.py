"""The trainer's pages: sessions of the library, running one live, and the trainer's own material.

Staff and owners create and run sessions; volunteers may look. Every session is found with
`workshop_or_404` (this library's only); material versions belong to one trainer and only they see
them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from allies.core.network import is_loopback_host
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.workshop import running
from allies.workshop.access import workshop_or_404
from allies.workshop.activities import ACTIVITIES
from allies.workshop.activity_data import room_context
from allies.workshop.material import copy_for, default_material, from_trainer_material
from allies.workshop.models import TrainerMaterial, Workshop, WorkshopStatus
from allies.workshop.trainer_forms import MaterialForm, WorkshopForm, partner_formset


def workshop_url(workshop: Workshop) -> str:
    return reverse("workshop:detail", args=[workshop.library.slug, workshop.pk])


def join_url(request, workshop: Workshop) -> str:
    return public_url(request, reverse("join:room", args=[workshop.join_code]))


def public_url(request, path: str) -> str:
    """The address a participant's phone opens: SITE_URL when it is set (`allies serve --lan`
    sets it to the machine's address on the room's network), else the address the trainer's
    browser used."""
    if settings.SITE_URL_FROM_ENV:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def phones_cannot_open(url: str) -> bool:
    """True when the address means "this machine" (127.0.0.1, localhost): on a phone it is the
    phone itself."""
    return is_loopback_host(urlsplit(url).hostname or "")


@functools.lru_cache(maxsize=256)  # the same address is drawn on every refresh of the page
def join_qr_svg(url: str, scale: int = 6) -> str:
    """The join address as an inline SVG QR code (drawn on the server; the page prints the address too).

    segno writes only a width and a height; the viewBox makes the drawing scale with the size the
    page gives it (the projector's strip draws it smaller) instead of being cropped to a corner.
    """
    svg = segno.make(url, error="m").svg_inline(scale=scale, border=2, dark="#111", light="#fff")
    return re.sub(
        r'<svg width="(\d+)" height="(\d+)"',
        r'<svg width="\1" height="\2" viewBox="0 0 \1 \2"',
        svg,
        count=1,
    )


@library_view(role=MEMBERS)
def index(request):
    workshops = (
        Workshop.objects.filter(library=request.library)
        .select_related("trainer")
        .annotate(people=Count("participants"))
    )
    return render(request, "workshop/index.html", {"workshops": workshops})


@library_view(role=STAFF)
def new(request):
    form = WorkshopForm(request.POST or None, trainer=request.user)
    if request.method == "POST" and form.is_valid():
        workshop = running.create_workshop(
            library=request.library,
            trainer=request.user,
            title=form.cleaned_data["title"],
            agenda=form.agenda(),
            groups=form.cleaned_data["groups"],
            max_participants=form.cleaned_data["max_participants"],
            material=form.cleaned_data["material"],
        )
        messages.success(request, _("Session created. Share the join code when you are ready."))
        return redirect(workshop_url(workshop))
    context = {"form": form, "total": form.total_minutes()}
    return render(request, "workshop/new.html", context, status=400 if form.errors else 200)


@library_view(role=STAFF)
def edit(request, workshop_id):
    """Change the title, minutes, groups or material, only while the session has not started."""
    workshop = workshop_or_404(request, workshop_id)
    if workshop.status != WorkshopStatus.WAITING:
        return _refuse_edit(request, workshop)
    form = WorkshopForm(request.POST or None, trainer=request.user, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        changed = running.change_before_start(
            workshop,
            title=form.cleaned_data["title"],
            agenda=form.agenda(),
            groups=form.cleaned_data["groups"],
            max_participants=form.cleaned_data["max_participants"],
            material=form.cleaned_data["material"],
        )
        if not changed:  # started in another tab while this form was open
            return _refuse_edit(request, workshop)
        messages.success(request, _("Session changed."))
        return redirect(workshop_url(workshop))
    context = {"form": form, "total": form.total_minutes(), "workshop": workshop}
    return render(request, "workshop/new.html", context, status=400 if form.errors else 200)


def _refuse_edit(request, workshop: Workshop):
    status = 409 if request.method == "POST" else 200
    return render(request, "workshop/edit_refused.html", {"workshop": workshop}, status=status)


# What the projector shows of the room's work: the whole room's board and the survey's spread (no
# one's name, no one's connections).
PROJECTED = {"benefits_board", "survey"}


def _live_context(request, workshop: Workshop) -> dict:
    part = running.current_part(workshop)
    shown = part.activities if part is not None else []
    if workshop.status == WorkshopStatus.FINISHED:
        shown = ACTIVITIES  # after the session, everything the room wrote
    activities = [
        {"activity": activity, "data": room_context(workshop, activity.key)} for activity in shown
    ]
    groups = list(workshop.participants.values_list("group", flat=True))  # one query, both counts
    group_sizes = Counter(group for group in groups if group is not None)
    return {
        "workshop": workshop,
        "part": part,
        "clock": running.clock(workshop),
        "people": len(groups),
        "live_activities": activities,
        "group_sizes": sorted(group_sizes.items()),
    }


@library_view(role=MEMBERS)
def detail(request, workshop_id):
    workshop = workshop_or_404(request, workshop_id)
    url = join_url(request, workshop)
    context = {
        **_live_context(request, workshop),
        "parts": running.agenda_parts(workshop),
        "total": running.total_minutes(workshop.agenda),
        "join_url": url,
        "join_page": public_url(request, reverse("join:enter")),
        "qr_svg": join_qr_svg(url),
        "loopback_host": urlsplit(url).hostname if phones_cannot_open(url) else None,
        "material_name": workshop.material.name if workshop.material else _("Standard material"),
        "can_reopen": running.can_reopen(workshop),
    }
    return render(request, "workshop/detail.html", context)


@library_view(role=MEMBERS)
def live(request, workshop_id):
    """The live panel alone, polled by the session page every few seconds."""
    workshop = workshop_or_404(request, workshop_id)
    return render(request, "workshop/_live.html", _live_context(request, workshop))


@library_view(role=MEMBERS)
def present(request, workshop_id):
    """For the projector: the code and QR code large, the current part and its clock, and what the
    room contributes during it (the benefits board filling, the survey's spread), large enough to
    read from the back of the room. Nothing with a name of a person is projected."""
    workshop = workshop_or_404(request, workshop_id)
    url = join_url(request, workshop)
    live = _live_context(request, workshop)
    part = live["part"]
    projected = [
        item
        for item in live["live_activities"]
        if part is not None and item["activity"].key in PROJECTED
    ]
    context = {
        **live,
        "projected": projected,
        "join_url": url,
        "qr_svg": join_qr_svg(url, scale=12),
    }
    if request.htmx:
        return render(request, "workshop/_present_status.html", context)
    return render(request, "workshop/present.html", context)


@library_view(role=STAFF)
@require_POST
def move(request, workshop_id):
    """Start, next part, previous part, finish; every participant's page follows."""
    workshop = workshop_or_404(request, workshop_id)
    action = request.POST.get("action")
    try:
        from_part = int(request.POST.get("from_part", workshop.current))
    except ValueError:
        from_part = workshop.current
    if action == "start":
        done = running.start(workshop)
    elif action in ("next", "previous"):
        done = running.move(workshop, 1 if action == "next" else -1, from_part)
        part = running.current_part(workshop) if done else None
        if part is not None:
            # Said from the status region when the page comes back, focus on the same button.
            messages.success(
                request,
                _("Part %(n)s of %(total)s: %(title)s")
                % {"n": part.index + 1, "total": len(workshop.agenda), "title": part.title},
            )
    elif action == "finish":
        if request.POST.get("confirm") != "yes":
            # Next to "Next part" by mistake: ask first, nothing changes yet.
            return render(request, "workshop/finish_confirm.html", {"workshop": workshop})
        done = running.finish(workshop)
        if done:
            messages.success(
                request,
                _(
                    "Session finished. Participants can now open their worksheets. Finished by "
                    "mistake? Reopen it from this page within the hour."
                ),
            )
    elif action == "reopen":
        done = running.reopen(workshop)
        if done:
            messages.success(request, _("Session reopened: the room carries on where it was."))
        else:
            messages.warning(
                request, _("This session finished more than an hour ago; it stays finished.")
            )
        return redirect(workshop_url(workshop))
    else:
        done = False
    if not done and action != "finish":
        messages.warning(
            request,
            _("Nothing changed: the session had already moved on (another tab or a double click)."),
        )
    return redirect(workshop_url(workshop))


@library_view(role=STAFF)
@require_POST
def split_groups(request, workshop_id):
    workshop = workshop_or_404(request, workshop_id)
    if workshop.status == WorkshopStatus.FINISHED:
        messages.warning(request, _("The session is finished; its groups stay as they were."))
        return redirect(workshop_url(workshop))
    sizes = running.split_into_groups(workshop)
    people = sum(sizes.values())
    if people:
        messages.success(
            request,
            ngettext(
                "%(people)d person split into %(groups)d groups.",
                "%(people)d people split into %(groups)d groups.",
                people,
            )
            % {"people": people, "groups": workshop.groups},
        )
    else:
        messages.warning(request, _("Nobody has joined yet, so there is nobody to split."))
    return redirect(workshop_url(workshop))


# ---- The trainer's own material -------------------------------------------------------------


def _own_material(request, material_id) -> TrainerMaterial:
    return get_object_or_404(TrainerMaterial, pk=material_id, trainer=request.user)


@library_view(role=MEMBERS)
def materials(request):
    versions = TrainerMaterial.objects.filter(trainer=request.user).annotate(
        used=Count("workshops")
    )
    context = {"versions": versions, "standard": default_material()}
    return render(request, "workshop/materials.html", context)


def _save_material(request, form, partners, template_context):
    if request.method == "POST" and form.is_valid() and partners.is_valid():
        version = form.save(commit=False)
        version.trainer = request.user
        version.case_partners = partners.partners()
        version.save()
        messages.success(request, _("Your version “%(name)s” is saved.") % {"name": version.name})
        return redirect("workshop:materials", request.library.slug)
    context = {"form": form, "partners": partners, **template_context}
    has_errors = bool(form.errors) or not partners.is_valid() if request.method == "POST" else False
    return render(
        request, "workshop/material_form.html", context, status=400 if has_errors else 200
    )


@library_view(role=STAFF)
def material_new(request):
    """A new version: a copy of the standard material, or of another of mine (?from=<id>)."""
    source_id = request.GET.get("from") or request.POST.get("from")
    if source_id and str(source_id).isdecimal():  # "²" is a digit int() refuses
        source = from_trainer_material(_own_material(request, source_id))
        name = _("Copy of %(name)s") % {"name": source.name}
    else:
        source, source_id = default_material(), ""
        name = _("My version")
    draft = copy_for(request.user, source, name)
    form = MaterialForm(request.POST or None, instance=draft)
    partners = partner_formset(request.POST or None, draft.case_partners)
    return _save_material(request, form, partners, {"source_id": source_id, "version": None})


@library_view(role=STAFF)
def material_delete(request, material_id):
    """Delete one of my versions; sessions that used it fall back to the standard material."""
    version = _own_material(request, material_id)
    if request.method == "POST":
        version.delete()
        messages.success(request, _("Your version “%(name)s” is deleted.") % {"name": version.name})
        return redirect("workshop:materials", request.library.slug)
    context = {"version": version, "used": version.workshops.count()}
    return render(request, "workshop/material_delete.html", context)


@library_view(role=STAFF)
def material_edit(request, material_id):
    version = _own_material(request, material_id)
    form = MaterialForm(request.POST or None, instance=version)
    partners = partner_formset(request.POST or None, version.case_partners)
    return _save_material(request, form, partners, {"version": version})
