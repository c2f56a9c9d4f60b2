"""Partnerships needing attention: the four challenges and drifting apart, library-wide."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from allies.libraries.access import MEMBERS, library_view
from allies.stewardship.health import SIGNALS, needing_attention, signal_counts

PAGE_SIZE = 30


class SignalFilterForm(forms.Form):
    signal = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Every signal"))] + [(kind, label) for kind, label in SIGNALS.items()],
    )


@library_view(role=MEMBERS)
@require_safe
def attention(request):
    library, day = request.library, timezone.localdate()
    form = SignalFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    chosen = form.cleaned_data.get("signal", "") if valid and request.GET else ""
    found = needing_attention(library, day)
    counts = signal_counts(found)
    shown = [health for health in found if chosen in health.kinds] if chosen else found
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stewardship/attention.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": query.urlencode(),
            "shown": len(shown),
            "total": len(found),
            "chosen": chosen,
            "counts": [(kind, label, counts.get(kind, 0)) for kind, label in SIGNALS.items()],
        },
        status=200 if valid else 400,
    )
