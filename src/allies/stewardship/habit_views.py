"""The seven habits: the staff survey, and self-view beside the evidence from the log."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.partnerships.models import Partnership
from allies.stewardship.habit_forms import PeriodForm, SurveyForm
from allies.stewardship.habits import (
    ANSWER_ORDER,
    assess,
    gap_in_words,
    latest_answers,
    self_view,
)
from allies.stewardship.models import (
    Frequency,
    Habit,
    LibraryEvent,
    StewardshipSettings,
    SurveyAnswer,
)

BAR_WIDTH = 240
GAPS_SHOWN = 20


@library_view(role=STAFF)
def survey(request):
    """Owners and staff answer; volunteers do not (the survey is the staff's view of itself)."""
    library = request.library
    form = SurveyForm(request.POST or None, initial=latest_answers(library, request.user))
    if request.method == "POST":
        if form.is_valid():
            answered_at = timezone.now()
            with transaction.atomic():
                SurveyAnswer.objects.bulk_create(
                    SurveyAnswer(
                        library=library,
                        user=request.user,
                        habit=habit,
                        answer=form.cleaned_data[habit],
                        answered_at=answered_at,
                    )
                    for habit in Habit.values
                )
            messages.success(
                request, _("Thank you. Your answers are in, beside what the log shows.")
            )
            return redirect("stewardship:habits", library_slug=library.slug)
        return render(request, "stewardship/survey.html", {"form": form}, status=400)
    return render(request, "stewardship/survey.html", {"form": form})


def _stacked_bar(counts: dict[str, int]) -> list[dict]:
    total = sum(counts.values())
    segments, x = [], 0
    for answer in ANSWER_ORDER:
        width = round(BAR_WIDTH * counts[answer] / total) if total else 0
        segments.append(
            {
                "answer": answer,
                "label": Frequency(answer).label,
                "count": counts[answer],
                "x": x,
                "width": width,
            }
        )
        x += width
    return segments


def _gap_records(evidence):
    """The partnerships and events behind the gaps, in two queries for all habits."""
    partnership_ids = {pk for item in evidence for pk in item.gap_partnership_ids[:GAPS_SHOWN]}
    event_ids = {pk for item in evidence for pk in item.gap_event_ids[:GAPS_SHOWN]}
    partnerships = Partnership.objects.filter(pk__in=partnership_ids).select_related("organization")
    events = LibraryEvent.objects.filter(pk__in=event_ids)
    return {p.pk: p for p in partnerships}, {e.pk: e for e in events}


@library_view(role=MEMBERS)
@require_safe
def habits(request):
    library, today = request.library, timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid():
        return render(request, "stewardship/habits.html", {"form": form, "rows": []}, status=400)
    since, until = form.period()
    form = PeriodForm(initial={"since": since, "until": until}, today=today)
    settings = StewardshipSettings.for_library(library)
    evidence = assess(library, since=since, until=until, today=today, settings=settings)
    spread = self_view(library)
    partnerships, events = _gap_records(evidence)
    rows = []
    for item in evidence:
        counts = spread[item.habit]
        rows.append(
            {
                "evidence": item,
                "rule": item.rule(settings.evidence_within_days),
                "counts": [(Frequency(answer).label, counts[answer]) for answer in ANSWER_ORDER],
                "answered": sum(counts.values()),
                "bar": _stacked_bar(counts),
                "percent": None if item.rate is None else round(item.rate * 100),
                "gap": gap_in_words(counts, item),
                "partnerships": [
                    partnerships[pk]
                    for pk in item.gap_partnership_ids[:GAPS_SHOWN]
                    if pk in partnerships
                ],
                "events": [events[pk] for pk in item.gap_event_ids[:GAPS_SHOWN] if pk in events],
                "more": max(
                    0,
                    len(item.gap_partnership_ids) - GAPS_SHOWN,
                    len(item.gap_event_ids) - GAPS_SHOWN,
                ),
            }
        )
    answered_by_me = SurveyAnswer.objects.filter(library=library, user=request.user).exists()
    return render(
        request,
        "stewardship/habits.html",
        {
            "form": form,
            "rows": rows,
            "since": since,
            "until": until,
            "settings": settings,
            "bar_width": BAR_WIDTH,
            "answered_by_me": answered_by_me,
        },
    )
