"""Advocacy goals (step 1 of the method): what the library wants to achieve, for whom, and whom
it must convince."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allies.directory.models import Audience, Person, Resource
from allies.directory.search import MAX_NAMES_LENGTH, name_words
from allies.libraries.models import Library

MAX_KINDS = 20  # kinds a goal remembers; more is no longer a filter


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
    # NTEE major groups ("L") or codes ("P30") the ranking looks among by default: the librarian's
    # "Kind of organization", remembered for the goal (matching/ranking_views.py).
    kinds = models.JSONField(
        _("kinds of organization"),
        default=list,
        blank=True,
        help_text=_("The kinds of organization (NTEE groups or codes) the ranking looks among."),
    )
    # Words of names ("legion, vfw") the ranking looks among by default: the librarian's "Name has",
    # remembered for the goal (directory.search.named reads them).
    names = models.CharField(
        _("words of names"),
        max_length=MAX_NAMES_LENGTH,
        blank=True,
        default="",
        help_text=_(
            "Words at the start of a word of an organization's name, alternatives separated by "
            "commas, that the ranking looks among."
        ),
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

    def kind_labels(self) -> list[str]:
        """The kinds it remembers as they read: "All of Housing & Shelter", "P30 ..."."""
        from allies.directory.ntee import kind_label

        return [kind_label(kind) for kind in self.kinds]

    @staticmethod
    def history_kinds(kinds) -> str:
        """How remembered kinds read in the goal's history: "All of Housing & Shelter"."""
        from allies.directory.ntee import kind_label

        return ", ".join(kind_label(str(kind)) for kind in kinds)

    def set_names(self, text: str) -> None:
        """Keep these words of names (`directory.search.name_words`: lower case, each once); too
        many alternatives or too long a text raise ValueError so nothing is saved."""
        self.names = name_words(text)

    def set_kinds(self, kinds) -> None:
        """Keep these NTEE groups or codes (normalized, each once, in order); unknown ones raise
        ValueError so nothing half-valid is saved."""
        from allies.directory.ntee import is_kind, normalize

        kept: list[str] = []
        for kind in kinds:
            if not is_kind(kind):
                raise ValueError(kind)
            if normalize(kind) not in kept:
                kept.append(normalize(kind))
        if len(kept) > MAX_KINDS:
            raise ValueError(kept[MAX_KINDS])
        self.kinds = kept
