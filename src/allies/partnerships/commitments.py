"""How a commitment stands on a given day, in words: open, due soon, overdue, kept on time, kept late
or missed; and recording one, or marking it kept or missed, each written on the partnership's
timeline (the pages and the API both call these)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allies.partnerships.models import Commitment, CommitmentStatus, Side, log

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


def _who(commitment: Commitment, *, capital: bool = False) -> str:
    if commitment.owed_by == Side.LIBRARY:
        who = gettext("the library")
    else:
        who = str(commitment.partnership.organization)
    return who[:1].upper() + who[1:] if capital else who


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _link(commitment: Commitment) -> str:
    partnership = commitment.partnership
    return (
        reverse("partnerships:detail", args=[partnership.library.slug, partnership.pk])
        + "#commitments"
    )


def record(commitment: Commitment, *, by) -> Commitment:
    """Save a new commitment (its partnership set) and write the promise on the timeline."""
    partnership = commitment.partnership
    commitment.library_id = partnership.library_id
    commitment.created_by = by
    commitment.save()
    log(
        partnership,
        gettext("Commitment recorded: %(who)s promised “%(what)s” by %(due)s.")
        % {"who": _who(commitment), "what": commitment.what, "due": _day(commitment.due_on)},
        by=by,
        detail=commitment.note,
        link=_link(commitment),
    )
    return commitment


def mark_kept(commitment: Commitment, *, day: datetime.date, by) -> Commitment:
    """Kept on `day` (on time or late, as the due date says), written on the timeline."""
    commitment.status = CommitmentStatus.KEPT
    commitment.done_on = day
    commitment.save()
    if commitment.was_late:
        summary = gettext("%(who)s kept “%(what)s”, late (due %(due)s, kept %(done)s).")
    else:
        summary = gettext("%(who)s kept “%(what)s” on time (kept %(done)s).")
    log(
        commitment.partnership,
        summary
        % {
            "who": _who(commitment, capital=True),
            "what": commitment.what,
            "due": _day(commitment.due_on),
            "done": _day(day),
        },
        by=by,
        link=_link(commitment),
    )
    return commitment


def mark_missed(commitment: Commitment, *, by) -> Commitment:
    """Missed: no day kept, written on the timeline."""
    commitment.status = CommitmentStatus.MISSED
    commitment.done_on = None
    commitment.save()
    log(
        commitment.partnership,
        gettext("%(who)s missed “%(what)s” (due %(due)s).")
        % {
            "who": _who(commitment, capital=True),
            "what": commitment.what,
            "due": _day(commitment.due_on),
        },
        by=by,
        link=_link(commitment),
    )
    return commitment
