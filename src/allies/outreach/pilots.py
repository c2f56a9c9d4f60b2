"""Pilots: where one stands, planning one (which moves the partnership to Pilot) and its review.

The review's decision moves the partnership's stage through `Partnership.move_to`, so every move
is kept with who, when and why; a line on the partnership's timeline says what was decided.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.outreach.models import OfferStatus, Pilot, PilotDecision
from allies.partnerships.models import Partnership, Stage, log

# A pilot planned at one of these stages moves the partnership on to Pilot.
STAGES_BEFORE_PILOT = {Stage.PROSPECT, Stage.REACHING_OUT, Stage.EXPLORING}

DECISION_STAGE = {
    PilotDecision.CONTINUE: Stage.PILOT,
    PilotDecision.GROW: Stage.ACTIVE,
    PilotDecision.STOP: Stage.ENDED,
}

STATUS_LABELS = {
    "planned": gettext_lazy("Planned"),
    "running": gettext_lazy("Running"),
    "to_review": gettext_lazy("Waiting for review"),
    "reviewed": gettext_lazy("Reviewed"),
}


def status(pilot: Pilot, day: datetime.date) -> str:
    """planned, running, to_review (past its last day, no decision yet) or reviewed."""
    if pilot.decision:
        return "reviewed"
    if day < pilot.starts_on:
        return "planned"
    if day <= pilot.ends_on:
        return "running"
    return "to_review"


def can_review(pilot: Pilot, day: datetime.date) -> bool:
    """A pilot is reviewed from its last day on, once."""
    return not pilot.decision and day >= pilot.ends_on


def partnership_for_organizer(library, organization, *, by) -> Partnership:
    """The organization's partnership with the library; a new Prospect one when it has none."""
    return Partnership.objects.find_or_start(library, organization, by=by)[0]


def plan(pilot: Pilot, *, by, link_for) -> Pilot:
    """Save a new pilot; a partnership still being approached moves on to Pilot.

    `link_for(pilot)` gives the pilot's page, for the timeline line. An offer the pilot grows from
    is marked accepted.
    """
    with transaction.atomic():
        pilot.created_by = by
        pilot.save()
        partnership = pilot.partnership
        if partnership.stage in STAGES_BEFORE_PILOT:
            # The partnership started when the pilot does (move_to would say today).
            started = {"started_on": pilot.starts_on} if partnership.started_on is None else {}
            partnership.move_to(
                Stage.PILOT,
                by=by,
                reason=_("A pilot is planned: %(title)s") % {"title": pilot.title},
                **started,
            )
        if pilot.offer_id:
            offer = pilot.offer
            offer.status = OfferStatus.ACCEPTED
            offer.answered_on = timezone.localdate()
            offer.save(update_fields=["status", "answered_on"])
        log(
            partnership,
            _("Pilot planned: %(title)s, %(start)s to %(end)s")
            % {
                "title": pilot.title,
                "start": date_format(pilot.starts_on, "DATE_FORMAT"),
                "end": date_format(pilot.ends_on, "DATE_FORMAT"),
            },
            by=by,
            detail=pilot.success_looks_like,
            link=link_for(pilot),
        )
    return pilot


def review(pilot: Pilot, *, by, decision: str, note: str, link: str) -> None:
    """Keep the decision and move the partnership where it says (no move when already there)."""
    today = timezone.localdate()
    with transaction.atomic():
        pilot.decision = decision
        pilot.decision_note = note
        pilot.reviewed_on = today
        pilot.reviewed_by = by
        pilot.save()
        partnership = pilot.partnership
        stage = DECISION_STAGE[decision]
        reason = _("Pilot review of %(title)s: %(decision)s") % {
            "title": pilot.title,
            "decision": pilot.get_decision_display(),
        }
        if decision == PilotDecision.STOP:
            lessons = "\n\n".join(part for part in [partnership.lessons.strip(), note] if part)
            if partnership.stage != stage:
                partnership.move_to(stage, by=by, reason=note, end_reason=note, lessons=lessons)
        elif partnership.stage != stage:
            partnership.move_to(stage, by=by, reason=reason)
        log(partnership, reason, by=by, detail=note, link=link)
        # An older pilot of the partnership that ended and was never reviewed is settled by this
        # review: it no longer waits for one.
        older = Pilot.objects.filter(
            partnership=partnership, decision="", starts_on__lte=pilot.starts_on, ends_on__lt=today
        ).exclude(pk=pilot.pk)
        for old in older:
            close(
                old, by=by, note=_("Settled by the review of “%(title)s”.") % {"title": pilot.title}
            )


def close(pilot: Pilot, *, by, note: str = "") -> None:
    """Close a pilot that ended without its own review: it stops waiting for one."""
    pilot.decision = PilotDecision.CLOSED
    pilot.decision_note = note
    pilot.reviewed_on = timezone.localdate()
    pilot.reviewed_by = by
    pilot.save(update_fields=["decision", "decision_note", "reviewed_on", "reviewed_by"])
