"""The rules of the action plan workbook: what a plan still lacks, and how its items stay in step
with the partnerships they are about.

A plan is complete when it answers "which partners could help, and why?", names at least
MIN_OPPORTUNITIES new opportunities (each a prospect) and at least MIN_FOR_PARTNERS things to do
for current partners. A dropped item does not count. A thing to do for a partner is a promise the
library owes that partner (a Commitment, owed by the library, with its date), so the stewardship
reminders show it on Today when it is due within a week or overdue; marking it kept there makes
the item done here, because the item reads its progress from the commitment.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.partnerships.models import (
    Commitment,
    CommitmentStatus,
    Partnership,
    Side,
    Stage,
    log,
)
from allies.planning.models import ActionPlan, ItemKind, PlanItem, PlanStatus, Progress

MIN_OPPORTUNITIES = 2
MIN_FOR_PARTNERS = 3
CHANGE_REASON = "Action plan"


# What each kind of item lacks, in words: (kind, minimum, none yet, one more, several more).
WANTED = [
    (
        ItemKind.OPPORTUNITY,
        MIN_OPPORTUNITIES,
        gettext_lazy("Add %(number)s new opportunities to explore"),
        gettext_lazy("Add %(number)s more new opportunity"),
        gettext_lazy("Add %(number)s more new opportunities"),
    ),
    (
        ItemKind.FOR_PARTNER,
        MIN_FOR_PARTNERS,
        gettext_lazy("Add %(number)s things to do for current partners"),
        gettext_lazy("Add %(number)s more thing to do for current partners"),
        gettext_lazy("Add %(number)s more things to do for current partners"),
    ),
]


def _number(count: int) -> str:
    words = {1: _("one"), 2: _("two"), 3: _("three")}
    return words.get(count, str(count))


def missing(plan: ActionPlan, items: list[PlanItem]) -> list[str]:
    """What the plan still lacks, in words a librarian can act on (empty when complete)."""
    found = []
    if not plan.partners_who_could_help.strip():
        found.append(_("Answer which partners could help and why"))
    counts = Counter(item.kind for item in items if item.counts)
    for kind, minimum, none_yet, one_more, more in WANTED:
        lacking = minimum - counts[kind]
        if lacking > 0:
            text = none_yet if not counts[kind] else one_more if lacking == 1 else more
            found.append(str(text) % {"number": _number(lacking)})
    return found


def progress_summary(items: list[PlanItem]) -> list[tuple[str, str, int]]:
    """(progress, label, how many items) for every progress, in order, zeros included."""
    counts = Counter(item.current_progress for item in items)
    return [(value, str(label), counts[value]) for value, label in Progress.choices]


def items_of(plan: ActionPlan) -> list[PlanItem]:
    return list(
        plan.items.select_related("partnership__organization", "commitment").order_by(
            "kind", "due_on", "id"
        )
    )


# Choices offered in the forms ---------------------------------------------------------------------


def prospects(library):
    """Partnerships a new opportunity may point at: this library's prospects."""
    return (
        Partnership.objects.for_library(library)
        .in_stage(Stage.PROSPECT)
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def current_partners(library):
    """Partnerships a thing to do may be for: open and past the prospect stage."""
    return (
        Partnership.objects.for_library(library)
        .open()
        .exclude(stage=Stage.PROSPECT)
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def start_prospect(library, organization, *, by, plan: ActionPlan) -> Partnership:
    """A new prospect for a directory organization, the way the ranking page adds one.

    Raises IntegrityError when the organization already has a partnership with the library."""
    reason = _("New opportunity in %(plan)s.") % {"plan": plan}
    partnership, created = Partnership.objects.find_or_start(
        library, organization, by=by, reason=reason, lead=by
    )
    if not created:
        raise IntegrityError("already a partnership")
    return partnership


# Changes ------------------------------------------------------------------------------------------


def plan_url(plan: ActionPlan) -> str:
    return reverse("planning:workbook", args=[plan.library.slug, plan.pk])


@transaction.atomic
def add_item(plan: ActionPlan, *, kind: str, partnership: Partnership, by, **fields) -> PlanItem:
    """Add an item (fields: what, why, due_on, progress). A thing to do for a partner becomes a
    promise the library owes them; both are written on the partnership's timeline."""
    item = PlanItem(plan=plan, kind=kind, partnership=partnership, created_by=by, **fields)
    if kind == ItemKind.FOR_PARTNER:
        item.commitment = Commitment.objects.create(
            library=plan.library,
            partnership=partnership,
            owed_by=Side.LIBRARY,
            what=item.what,
            due_on=item.due_on,
            note=item.why,
            created_by=by,
        )
        _apply_progress(item, item.progress, day=None)
    item._history_user = by
    item.save()
    if kind == ItemKind.FOR_PARTNER:
        summary = _("To do, from the action plan: %(what)s") % {"what": item.what}
    else:
        summary = _("New opportunity in the action plan: %(what)s") % {"what": item.what}
    log(partnership, summary, by=by, detail=item.why, link=plan_url(plan))
    return item


@transaction.atomic
def update_item(item: PlanItem, *, by, day: datetime.date, **fields) -> PlanItem:
    """Save an edited item (what, why, due_on, progress, partnership), keeping its commitment in
    step: the same words and date, kept when done, missed when dropped, open otherwise."""
    was = item.current_progress
    progress = fields.pop("progress", was)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.commitment is not None:
        commitment = item.commitment
        commitment.what, commitment.due_on = item.what, item.due_on
        commitment.partnership = item.partnership
    _apply_progress(item, progress, day=day)
    item._history_user = by
    item.save()
    if progress == Progress.DONE and was != Progress.DONE:
        log(
            item.partnership,
            _("Done, from the action plan: %(what)s") % {"what": item.what},
            by=by,
            link=plan_url(item.plan),
        )
    return item


def set_progress(item: PlanItem, progress: str, *, by, day: datetime.date) -> PlanItem:
    return update_item(item, by=by, day=day, progress=progress)


def _apply_progress(item: PlanItem, progress: str, *, day: datetime.date | None) -> None:
    """Write the progress where it lives: on the commitment for done and dropped when there is
    one (the one source of truth), on the item otherwise."""
    commitment = item.commitment
    if commitment is None:
        item.progress = progress
        return
    if progress == Progress.DONE:
        if commitment.status != CommitmentStatus.KEPT:
            commitment.status, commitment.done_on = CommitmentStatus.KEPT, day
    elif progress == Progress.DROPPED:
        commitment.status, commitment.done_on = CommitmentStatus.MISSED, None
    else:
        commitment.status, commitment.done_on = CommitmentStatus.OPEN, None
        item.progress = progress
    commitment._change_reason = CHANGE_REASON
    commitment.save()


def finish(plan: ActionPlan, *, by, day: datetime.date) -> list[str]:
    """Mark the plan finished, unless something is missing (then say what, change nothing)."""
    lacking = missing(plan, items_of(plan))
    if lacking:
        return lacking
    plan.status, plan.finished_on, plan.finished_by = PlanStatus.FINISHED, day, by
    plan._history_user = by
    plan._change_reason = "Finished"
    plan.save()
    return []


def reopen(plan: ActionPlan, *, by) -> None:
    plan.status, plan.finished_on, plan.finished_by = PlanStatus.DRAFT, None, None
    plan._history_user = by
    plan._change_reason = "Reopened"
    plan.save()


def plan_for_goal(goal) -> ActionPlan:
    plan, _created = ActionPlan.objects.get_or_create(goal=goal, defaults={"library": goal.library})
    return plan


def plan_for_member(library, member) -> ActionPlan:
    plan, _created = ActionPlan.objects.get_or_create(library=library, member=member)
    return plan
