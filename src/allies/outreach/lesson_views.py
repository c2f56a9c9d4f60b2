"""What past refusals taught: every "no" the library heard, grouped by reason, most frequent first."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from allies.libraries.access import MEMBERS, library_view
from allies.partnerships.models import DeclineReason, Partnership, Refusal

LESSONS_PER_REASON = 50
BAR_WIDTH = 320


def reason_counts(library) -> list[dict]:
    """[{reason, label, count, width}] for the reasons heard at least once, most frequent first."""
    counts = (
        Refusal.objects.filter(library=library)
        .order_by()
        .values("reason")
        .annotate(n=Count("id"))
        .values_list("reason", "n")
    )
    labels = dict(DeclineReason.choices)
    rows = sorted(counts, key=lambda row: (-row[1], list(labels).index(row[0])))
    most = max((n for _reason, n in rows), default=0)
    return [
        {
            "reason": reason,
            "label": labels.get(reason, reason),
            "count": n,
            "width": round(BAR_WIDTH * n / most) if most else 0,
        }
        for reason, n in rows
    ]


@library_view(role=MEMBERS)
def lessons(request):
    library, day = request.library, timezone.localdate()
    reasons = reason_counts(library)
    refusals = Refusal.objects.filter(library=library).select_related(
        "partnership__organization", "recorded_by"
    )
    for row in reasons:
        chosen = refusals.filter(reason=row["reason"])
        row["refusals"] = list(chosen[:LESSONS_PER_REASON])
        row["more"] = max(0, row["count"] - LESSONS_PER_REASON)
    ready = (
        Partnership.objects.for_library(library)
        .due_to_try_again(day)
        .select_related("organization")
        .order_by("try_again_on", "id")[:20]
    )
    return render(
        request,
        "outreach/lessons.html",
        {
            "reasons": reasons,
            "total": sum(row["count"] for row in reasons),
            "ready": ready,
            "bar_width": BAR_WIDTH,
            "chart_height": 28 * len(reasons),
        },
    )
