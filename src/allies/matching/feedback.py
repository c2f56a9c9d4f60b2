"""The librarian's verdicts on candidates for a goal: "Good fit", "Not a fit", and undoing them."""

from __future__ import annotations

from django.db import transaction

from allies.matching.models import FitMark

REASON_LIMIT = 300


def mark_fit(goal, organization_id: int, *, good: bool, user, reason: str = "") -> FitMark:
    """Remember a verdict on one candidate for the goal (a second verdict replaces the first)."""
    verdict = FitMark.Verdict.GOOD if good else FitMark.Verdict.NOT
    with transaction.atomic():
        mark, _created = FitMark.objects.update_or_create(
            goal=goal,
            organization_id=organization_id,
            defaults={
                "library_id": goal.library_id,
                "verdict": verdict,
                "reason": "" if good else reason.strip(),
                "marked_by": user,
            },
        )
    return mark


def unmark(goal, organization_id: int) -> bool:
    """Forget the verdict on one candidate; True when there was one."""
    deleted, _rows = FitMark.objects.filter(goal=goal, organization_id=organization_id).delete()
    return bool(deleted)


def marks_of(goal) -> list[FitMark]:
    return list(FitMark.objects.filter(goal=goal).select_related("organization", "marked_by"))
