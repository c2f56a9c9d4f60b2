"""How a commitment stands on a given day, in words: open, due soon, overdue, kept on time, kept late
or missed."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from allies.partnerships.models import Commitment, CommitmentStatus

DUE_SOON_DAYS = 14

STATE_LABELS = {
    "open": _("Open"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "kept": _("Kept on time"),
    "kept_late": _("Kept late"),
    "missed": _("Missed"),
}


def state_of(commitment: Commitment, day: datetime.date) -> str:
    """One of STATE_LABELS' keys. Due soon: open and due within DUE_SOON_DAYS days of `day`
    (the due day included); overdue: open and due before `day`."""
    if commitment.status == CommitmentStatus.MISSED:
        return "missed"
    if commitment.status == CommitmentStatus.KEPT:
        return "kept_late" if commitment.was_late else "kept"
    if commitment.is_overdue(day):
        return "overdue"
    if commitment.due_on <= day + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "open"
