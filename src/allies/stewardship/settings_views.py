"""The library's stewardship settings: owners change them, everyone else reads them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from allies.libraries.access import OWNERS_TO_CHANGE, library_view
from allies.stewardship.habit_forms import StewardshipSettingsForm
from allies.stewardship.models import StewardshipSettings


@library_view(role=OWNERS_TO_CHANGE)
def stewardship_settings(request):
    library = request.library
    is_owner = request.membership.is_owner
    current = StewardshipSettings.for_library(library)
    form = StewardshipSettingsForm(request.POST or None, instance=current) if is_owner else None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Stewardship settings saved."))
            return redirect("stewardship:settings", library_slug=library.slug)
        status = 400
    return render(
        request,
        "stewardship/settings.html",
        {"form": form, "current": current, "is_owner": is_owner},
        status=status,
    )
