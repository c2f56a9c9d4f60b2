"""The action plan workbook: a plan per advocacy goal or per staff member, and its items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allies.goals.models import Goal
from allies.libraries.models import Library
from allies.partnerships.models import Commitment, CommitmentStatus, Partnership

# The action plan workbook ------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINISHED = "finished", _("Finished")


class ItemKind(models.TextChoices):
    OPPORTUNITY = "opportunity", _("New opportunity")
    FOR_PARTNER = "for_partner", _("For a current partner")


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionPlanQuerySet(models.QuerySet):
    def for_library(self, library) -> ActionPlanQuerySet:
        return self.filter(library=library)


class ActionPlan(models.Model):
    """The plan the method ends with, for one advocacy goal or one staff member (never both):
    which partners could help and why, new opportunities to explore and things to do for current
    partners (its items), tracked to done. The rules of what is missing live in planning.workbook."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="action_plans")
    goal = models.OneToOneField(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_plans",
    )
    partners_who_could_help = models.TextField(
        _("Which partners could help, and why?"),
        blank=True,
        help_text=_(
            "Name the partners (current or future) who could help and say why: the audience they "
            "reach, what they have that the library lacks, whom they can speak to."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finished by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("action plan")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(goal__isnull=False, member__isnull=True)
                    | models.Q(goal__isnull=True, member__isnull=False)
                ),
                name="action_plan_for_goal_or_member",
            ),
            models.UniqueConstraint(
                fields=["library", "member"],
                condition=models.Q(member__isnull=False),
                name="one_action_plan_per_member",
            ),
        ]

    def __str__(self) -> str:
        if self.goal_id:
            return str(_("Plan for “%(goal)s”") % {"goal": self.goal.statement})
        return str(_("Plan of %(member)s") % {"member": self.member})

    @property
    def is_finished(self) -> bool:
        return self.status == PlanStatus.FINISHED


class PlanItem(models.Model):
    """One line of a plan: a new opportunity to explore (a prospect) or a thing to do for a current
    partner. A thing to do for a partner is also a promise the library owes that partner (a
    Commitment), so it shows in reminders; the commitment then says whether it is done."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    what = models.CharField(_("what to do"), max_length=300)
    why = models.TextField(_("why, or a note"), blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    commitment = models.OneToOneField(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_item",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "due_on", "id"]
        verbose_name = _("plan item")

    def __str__(self) -> str:
        return self.what

    @property
    def current_progress(self) -> str:
        """Where the item stands. A linked commitment decides done and dropped (kept or missed),
        wherever it was marked, so the plan and the reminders never disagree."""
        if self.commitment is not None:
            if self.commitment.status == CommitmentStatus.KEPT:
                return Progress.DONE
            if self.commitment.status == CommitmentStatus.MISSED:
                return Progress.DROPPED
            if self.progress in (Progress.DONE, Progress.DROPPED):
                return Progress.UNDER_WAY  # reopened on the partnership's page
        return self.progress

    def get_current_progress_display(self) -> str:
        return str(Progress(self.current_progress).label)

    @property
    def counts(self) -> bool:
        """Whether the item counts toward the plan's minimums (a dropped item does not)."""
        return self.current_progress != Progress.DROPPED
