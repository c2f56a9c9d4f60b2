"""The library's own launches and events, to which partners should be invited.

Everyone in the library reads them; staff and owners add and edit them.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.stewardship.log_forms import LibraryEventForm
from allies.stewardship.models import LibraryEvent


@library_view(role=MEMBERS)
def library_event_list(request):
    today = timezone.localdate()
    events = LibraryEvent.objects.filter(library=request.library).prefetch_related("audiences")
    past = request.GET.get("when") == "past"
    if past:
        shown = events.filter(starts_on__lt=today).order_by("-starts_on", "-id")
        other_count = events.filter(starts_on__gte=today).count()
    else:
        shown = events.filter(starts_on__gte=today).order_by("starts_on", "id")
        other_count = events.filter(starts_on__lt=today).count()
    return render(
        request,
        "stewardship/library_event_list.html",
        {"events": shown, "past": past, "other_count": other_count},
    )


def _form_page(request, form, event=None):
    return render(
        request,
        "stewardship/library_event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF)
def library_event_new(request):
    form = LibraryEventForm(request.POST or None, library=request.library)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.created_by = request.user
        event.save()
        form.save_m2m()
        messages.success(request, _("Event added. Invite the partners who reach its audiences."))
        return redirect("stewardship:library_events", library_slug=request.library.slug)
    return _form_page(request, form)


@library_view(role=STAFF)
def library_event_edit(request, library_event_id):
    event = get_object_or_404(LibraryEvent, library=request.library, pk=library_event_id)
    form = LibraryEventForm(request.POST or None, instance=event, library=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Event saved."))
        return redirect("stewardship:library_events", library_slug=request.library.slug)
    return _form_page(request, form, event)
