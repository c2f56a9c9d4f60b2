"""Outreach: the library's pitch template and the elevator pitch tailored to each partner."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.libraries.access import MEMBERS, OWNERS, STAFF, library_view
from allies.outreach import pitch as pitch_rules
from allies.outreach.forms import PitchForm, PitchTemplateForm
from allies.outreach.models import Pitch, PitchTemplate, draft_for
from allies.partnerships.shortcuts import partnership_or_404

BENEFITS = ["benefits_to_library", "benefits_to_partner", "benefits_to_community"]


@library_view(role=MEMBERS)
def pitch_template(request):
    template = PitchTemplate.objects.filter(library=request.library).first()
    return render(request, "outreach/pitch_template.html", {"template": template})


@library_view(role=OWNERS)
def pitch_template_edit(request):
    template = PitchTemplate.objects.filter(library=request.library).first()
    template = template or PitchTemplate(library=request.library)
    form = PitchTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        messages.success(request, _("Pitch template saved. Every new pitch starts from it."))
        return redirect("outreach:pitch_template", library_slug=request.library.slug)
    return render(request, "outreach/pitch_template_form.html", {"form": form})


def _timing(text: str) -> dict:
    return {
        "words": pitch_rules.word_count(text),
        "seconds": pitch_rules.spoken_seconds(text),
        "too_long": pitch_rules.is_too_long(text),
        "wpm": pitch_rules.WORDS_PER_MINUTE,
    }


def _initial(request, partnership, latest):
    """The editor's starting point: the latest version, or a fresh draft from the template."""
    if latest and not request.GET.get("draft"):
        fields = ["goal", *BENEFITS, "text"]
        return {name: getattr(latest, name) for name in fields}
    goal_id = request.GET.get("goal") or (latest.goal_id if latest else partnership.goal_id)
    goal = partnership.library.goals.filter(pk=goal_id).first() if str(goal_id).isdigit() else None
    source = latest or partnership
    benefits = {name: getattr(source, name) for name in BENEFITS}
    return {"goal": goal, **benefits, "text": draft_for(partnership, goal=goal, benefits=benefits)}


def _digits(value) -> int | None:
    return int(value) if str(value).isdigit() else None


def _editor(request, partnership, form, status=200):
    preview_url = reverse("outreach:pitch_preview", args=[request.library.slug, partnership.pk])
    text = form["text"].value() or ""
    return render(
        request,
        "outreach/pitch_form.html",
        {
            "partnership": partnership,
            "form": form,
            "timing": _timing(text),
            "preview_url": preview_url,
            "latest": Pitch.objects.for_partnership(partnership).first(),
        },
        status=status,
    )


@library_view(role=STAFF)
def pitch_edit(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    preview_url = reverse("outreach:pitch_preview", args=[request.library.slug, partnership.pk])
    if request.method != "POST":
        latest = Pitch.objects.for_partnership(partnership).first()
        initial = _initial(request, partnership, latest)
        form = PitchForm(initial=initial, library=request.library, preview_url=preview_url)
        return _editor(request, partnership, form)
    form = PitchForm(request.POST, library=request.library, preview_url=preview_url)
    action = request.POST.get("action")
    if action in ("preview", "redraft"):
        # Counting words, or drafting again for the goal chosen, always works: it saves nothing,
        # so nothing is required yet and no error is shown.
        values = {name: request.POST.get(name, "") for name in form.fields}
        if action == "redraft":
            goal = form.fields["goal"].queryset.filter(pk=_digits(values["goal"])).first()
            benefits = {name: values[name] for name in BENEFITS}
            values["text"] = draft_for(partnership, goal=goal, benefits=benefits)
        form = PitchForm(initial=values, library=request.library, preview_url=preview_url)
        return _editor(request, partnership, form)
    if not form.is_valid():
        missing = form.missing_benefits()
        if missing:
            messages.error(
                request,
                _("Not saved yet: say %(missing)s. Everything you typed is still here.")
                % {"missing": ", ".join(missing)},
            )
        return _editor(request, partnership, form, status=400)
    pitch = Pitch.save_version(partnership, by=request.user, **form.cleaned_data)
    _fill_empty_benefits(partnership, form.cleaned_data, by=request.user)
    messages.success(request, _("Pitch saved as version %(n)s.") % {"n": pitch.version})
    return redirect(
        "outreach:pitch", library_slug=request.library.slug, partnership_id=partnership.pk
    )


def _fill_empty_benefits(partnership, cleaned, *, by) -> None:
    """The partnership's benefits left empty take the pitch's words; written ones stay as they are."""
    empty = [name for name in BENEFITS if not getattr(partnership, name).strip()]
    if not empty:
        return
    for name in empty:
        setattr(partnership, name, cleaned[name])
    partnership._history_user = by
    partnership._change_reason = "Benefits written in the pitch"
    partnership.save(update_fields=[*empty, "updated_at"])


@library_view(role=STAFF)
@require_POST
def pitch_preview(request, partnership_id):
    partnership_or_404(request, partnership_id)
    timing = _timing(request.POST.get("text", ""))
    return render(request, "outreach/_timing.html", {"timing": timing})


@library_view(role=MEMBERS)
def pitch_versions(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    versions = Pitch.objects.for_partnership(partnership).select_related("created_by", "goal")
    return render(
        request, "outreach/pitch_versions.html", {"partnership": partnership, "versions": versions}
    )


def _version(request, partnership, pk):
    return get_object_or_404(
        Pitch.objects.select_related("goal", "created_by"), partnership=partnership, pk=pk
    )


@library_view(role=MEMBERS)
def pitch_version(request, partnership_id, pk):
    partnership = partnership_or_404(request, partnership_id)
    pitch = _version(request, partnership, pk)
    latest = Pitch.objects.for_partnership(partnership).first()
    return render(
        request,
        "outreach/pitch_version.html",
        {"partnership": partnership, "pitch": pitch, "is_latest": latest == pitch},
    )


@library_view(role=STAFF)
@require_POST
def pitch_restore(request, partnership_id, pk):
    partnership = partnership_or_404(request, partnership_id)
    old = _version(request, partnership, pk)
    fields = {name: getattr(old, name) for name in ["goal", *BENEFITS, "text"]}
    note = _("Restored from version %(n)s") % {"n": old.version}
    pitch = Pitch.save_version(partnership, by=request.user, note=note, **fields)
    messages.success(
        request,
        _("Version %(old)s restored as version %(new)s.")
        % {"old": old.version, "new": pitch.version},
    )
    return redirect(
        "outreach:pitch", library_slug=request.library.slug, partnership_id=partnership.pk
    )


@library_view(role=MEMBERS)
def pitch_print(request, partnership_id, pk):
    partnership = partnership_or_404(request, partnership_id)
    pitch = _version(request, partnership, pk)
    return render(
        request, "outreach/pitch_print.html", {"partnership": partnership, "pitch": pitch}
    )
