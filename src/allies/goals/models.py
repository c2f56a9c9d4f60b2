"""Advocacy goals (step 1 of the method): what the library wants to achieve, for whom, and whom
it must convince."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allies.directory.models import Audience, Person, Resource
from allies.libraries.models import Library


class GoalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    SET_ASIDE = "set_aside", _("Set aside")


class GoalQuerySet(models.QuerySet):
    def for_library(self, library) -> GoalQuerySet:
        return self.filter(library=library)

    def active(self) -> GoalQuerySet:
        return self.filter(status=GoalStatus.ACTIVE)


class Goal(models.Model):
    """An advocacy goal, e.g. 'fund two more public computers before next year's budget'."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="goals")
    statement = models.CharField(
        _("goal"),
        max_length=300,
        help_text=_("One sentence: what should change, and by when."),
    )
    description = models.TextField(_("background"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    primary_audiences = models.ManyToManyField(
        Audience, verbose_name=_("primary audiences"), blank=True, related_name="primary_for_goals"
    )
    secondary_audiences = models.ManyToManyField(
        Audience,
        verbose_name=_("secondary audiences"),
        blank=True,
        related_name="secondary_for_goals",
    )
    decision_makers = models.ManyToManyField(
        Person, verbose_name=_("decision makers"), blank=True, related_name="goals_deciding"
    )
    resources_needed = models.ManyToManyField(
        Resource, verbose_name=_("resources the goal needs"), blank=True, related_name="goals"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[primary_audiences, secondary_audiences, decision_makers, resources_needed]
    )
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("advocacy goal")

    def __str__(self) -> str:
        return self.statement
