"""The approach plan: a first draft of four steps from the method, and the rules for ticking them.

The method approaches a prospect gently: learn about them, listen to them, welcome them to the
library, and only then propose something small. The draft writes those steps for one partnership,
with an owner and dates a few weeks apart; the staff then make it their own on the plan page.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from allies.outreach.models import ApproachStep, StepKind
from allies.partnerships.models import Partnership, Stage, log

# Days from today for each step of the draft: a week to learn, then about two weeks between steps.
DRAFT_DAYS = [7, 21, 35, 56]

# Where a plan helps most: before anything has been tried together.
APPROACH_STAGES = [Stage.PROSPECT, Stage.REACHING_OUT, Stage.EXPLORING]


def _method_steps(name: str) -> list[tuple[str, str, str]]:
    """(kind, title, note) for each step of the method, in our words, for the organization `name`."""
    return [
        (
            StepKind.LEARN,
            _("Learn about %(name)s") % {"name": name},
            _(
                "Go to one of their events, read their news and website, and find out what "
                "they are working on this year."
            ),
        ),
        (
            StepKind.CONVERSATION,
            _("Have a first, informal conversation with %(name)s about their needs")
            % {"name": name},
            _(
                "Ask what they hope to achieve and what gets in their way. Listen more than you "
                "pitch; no proposal yet."
            ),
        ),
        (
            StepKind.INVITE,
            _("Invite %(name)s to tour the library or to a library event") % {"name": name},
            _("Show them the spaces, the collections and the people they could work with."),
        ),
        (
            StepKind.PROPOSE,
            _("Propose something small to %(name)s") % {"name": name},
            _(
                "A short pilot or a one-off program, or joining an event they already plan. "
                "Start small and see how working together feels."
            ),
        ),
    ]


def can_draft(partnership: Partnership) -> bool:
    return partnership.is_open and not partnership.approach_steps.exists()


def is_suggested(partnership: Partnership) -> bool:
    """A plan is suggested for partnerships still being approached."""
    return partnership.stage in APPROACH_STAGES


def default_owner(partnership: Partnership, user):
    """The partnership's lead when it has one who belongs to the library, else whoever drafts."""
    lead = partnership.lead
    if lead is not None and lead.memberships.filter(library_id=partnership.library_id).exists():
        return lead
    return user


def draft_steps(partnership: Partnership, *, by, day: datetime.date) -> list[ApproachStep]:
    """The four steps of the method for `partnership`, not saved yet (the draft page shows them)."""
    owner = default_owner(partnership, by)
    method = _method_steps(partnership.organization.name)
    return [
        ApproachStep(
            library_id=partnership.library_id,
            partnership=partnership,
            position=position,
            kind=kind,
            title=title,
            note=note,
            owner=owner,
            due_on=day + datetime.timedelta(days=days),
        )
        for position, ((kind, title, note), days) in enumerate(
            zip(method, DRAFT_DAYS, strict=True), start=1
        )
    ]


@transaction.atomic
def draft_plan(partnership: Partnership, *, by, day: datetime.date) -> list[ApproachStep]:
    """Write the four steps of the method for `partnership`, and a line on its timeline.

    The caller checks `can_draft` first; a plan is never drafted on top of existing steps.
    """
    steps = ApproachStep.objects.bulk_create(draft_steps(partnership, by=by, day=day))
    log(
        partnership,
        _("Approach plan drafted: %(count)s steps, the first by %(date)s")
        % {"count": len(steps), "date": date_format(steps[0].due_on, "DATE_FORMAT")},
        by=by,
    )
    return steps


def mark_done(step: ApproachStep, *, by, day: datetime.date, note: str = "") -> bool:
    """Tick the step off and write it on the timeline. False when it was already done."""
    if step.is_done:
        return False
    step.done_on, step.done_by = day, by
    if note:
        step.note = f"{step.note}\n{note}".strip()
    step.save(update_fields=["done_on", "done_by", "note"])
    log(step.partnership, _("Step done: %(step)s") % {"step": step.title}, by=by, detail=note)
    return True


def reopen(step: ApproachStep, *, by) -> bool:
    """Untick a step done by mistake, and say so on the timeline. False when it was not done."""
    if not step.is_done:
        return False
    step.done_on, step.done_by = None, None
    step.save(update_fields=["done_on", "done_by"])
    log(step.partnership, _("Step not done after all: %(step)s") % {"step": step.title}, by=by)
    return True
