"""Today, the library's home page: reminders, overdue steps and what is new, for the person signed in."""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.utils import timezone

from allies.core.page_cache import member_page
from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.libraries.access import MEMBERS, library_view
from allies.outreach.models import ApproachStep, Pilot
from allies.partnerships.models import Partnership
from allies.stewardship.reminders import reminders_for

LIST_LIMIT = 20
REMINDER_LIMIT = 10


def overdue_steps(library, user, day) -> tuple[list[ApproachStep], bool]:
    """Steps of the approach plans past their date: the viewer's first, the most late first.

    Returns at most LIST_LIMIT steps, each with `days_late` set, and whether more were left off.
    """
    steps = list(
        ApproachStep.objects.overdue(library, day)
        .select_related("partnership__organization", "owner")
        .annotate(
            not_mine=Case(
                When(owner=user, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("not_mine", "due_on", "id")[: LIST_LIMIT + 1]
    )
    for step in steps:
        step.late_by = step.days_late(day)
    return steps[:LIST_LIMIT], len(steps) > LIST_LIMIT


@library_view(role=MEMBERS)
@member_page
def today(request):
    """The home page: the signed-in person's reminders, the stage board, my partnerships, who to
    try again, goals and deadlines, overdue steps of the approach plans and pilots waiting for
    their review."""
    library, day = request.library, timezone.localdate()
    my_reminders = reminders_for(library, day=day, user=request.user)
    partnerships = Partnership.objects.for_library(library).select_related("organization")
    steps, more_steps = overdue_steps(library, request.user, day)
    context = {
        "stages": partnerships.stage_counts(),
        "mine": partnerships.open().led_by(request.user).in_pipeline_order()[:LIST_LIMIT],
        "try_again": partnerships.due_to_try_again(day).order_by("try_again_on", "id")[:LIST_LIMIT],
        "goals": Goal.objects.for_library(library).active().order_by("deadline", "id")[:10],
        "overdue_steps": steps,
        "more_overdue_steps": more_steps,
        "pilots_to_review": Pilot.objects.to_review(library, day)
        .select_related("partnership__organization")
        .order_by("ends_on", "id")[:LIST_LIMIT],
        "has_organizations": Organization.objects.filter(library=library).exists(),
        "reminders": my_reminders[:REMINDER_LIMIT],
        "reminder_count": len(my_reminders),
        "more_reminders": len(my_reminders) > REMINDER_LIMIT,
        "today": day,
    }
    context["has_partnerships"] = any(count for _stage, _label, count in context["stages"])
    return render(request, "today/today.html", context)
