"""Today, the library's home page: it draws on several apps, so it lives above them all."""

from django.shortcuts import render
from django.utils import timezone

from allies.directory.models import Organization
from allies.libraries.access import library_view
from allies.partnerships.models import Partnership
from allies.planning.models import Goal


@library_view
def today(request):
    """The home page: the stage board, my partnerships, who to try again, goals and deadlines."""
    library, day = request.library, timezone.localdate()
    partnerships = Partnership.objects.for_library(library).select_related("organization")
    context = {
        "stages": partnerships.stage_counts(),
        "mine": partnerships.open().led_by(request.user).in_pipeline_order()[:20],
        "try_again": partnerships.due_to_try_again(day).order_by("try_again_on", "id")[:20],
        "goals": Goal.objects.for_library(library).active().order_by("deadline", "id")[:10],
        "has_organizations": Organization.objects.filter(library=library).exists(),
        "today": day,
    }
    context["has_partnerships"] = any(count for _stage, _label, count in context["stages"])
    return render(request, "today.html", context)
