"""Workshop mode: a trainer runs the 80-minute partnerships session live; participants join by code.

A Workshop follows an agenda of six parts (minutes editable). Participants join without an account
(a display name is optional) or signed in, so their work can be saved into their library afterwards.
What they write in each activity is a Contribution (JSON shaped by the activity, see activities.py);
the case study's answers belong to a group; feedback is kept apart from participants so it stays
anonymous.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Library

# Letters and digits that cannot be mistaken for one another when read off a projector.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


class Part(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    BENEFITS = "benefits", _("Benefits of partnerships")
    IDENTIFY = "identify", _("Identifying partners")
    SUSTAIN = "sustain", _("Keeping partnerships healthy")
    PLANNING = "planning", _("Partnership planning")
    CLOSING = "closing", _("Closing")


# The standard agenda of the training: 80 minutes in six parts.
DEFAULT_AGENDA = [
    (Part.WELCOME, 5),
    (Part.BENEFITS, 15),
    (Part.IDENTIFY, 30),
    (Part.SUSTAIN, 15),
    (Part.PLANNING, 10),
    (Part.CLOSING, 5),
]


def default_agenda() -> list[dict]:
    return [{"part": str(part), "minutes": minutes} for part, minutes in DEFAULT_AGENDA]


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class TrainerMaterial(models.Model):
    """A trainer's own version of the case study, the examples and the tips (e.g. for their country).

    Workshops without one use the default: the small-town library story of the sample data.
    """

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_materials"
    )
    name = models.CharField(_("name of this version"), max_length=120)
    country = models.CharField(_("country or region"), max_length=80, blank=True)
    case_study = models.TextField(_("case study"))
    # [{"name": ..., "description": ...}, ...]: the potential partners the groups choose from.
    case_partners = models.JSONField(_("potential partners in the case study"), default=list)
    examples = models.TextField(_("examples of partnerships"), blank=True)
    tips = models.TextField(_("tips (one per line)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("trainer's material")

    def __str__(self) -> str:
        return self.name


class WorkshopStatus(models.TextChoices):
    WAITING = "waiting", _("Not started")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Workshop(models.Model):
    """One live run of the training session."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="workshops")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshops_trained"
    )
    title = models.CharField(_("title"), max_length=200)
    join_code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    material = models.ForeignKey(
        TrainerMaterial,
        verbose_name=_("case study and tips"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    # [{"part": "welcome", "minutes": 5}, ...] in the order they are run.
    agenda = models.JSONField(_("agenda"), default=default_agenda)
    current = models.IntegerField(default=-1)  # index into the agenda; -1 before the start
    part_started_at = models.DateTimeField(null=True, blank=True)
    groups = models.PositiveSmallIntegerField(_("case study groups"), default=3)
    status = models.CharField(
        max_length=20, choices=WorkshopStatus.choices, default=WorkshopStatus.WAITING
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Limits (workshop/limits.py): the most people who may join, and what was refused, for the
    # trainer's panel.
    max_participants = models.PositiveIntegerField(_("most participants"), default=200)
    refused_joins = models.PositiveIntegerField(default=0)
    refused_entries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workshop")

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone in the room, known by a random token kept in their browser session."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("name (optional)"), max_length=80, blank=True)
    # Each phone in its own language (the room may mix them); empty: the browser's.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    group = models.PositiveSmallIntegerField(null=True, blank=True)  # case study group, from 1
    gave_feedback = models.BooleanField(default=False)  # whether, never what: feedback is anonymous
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"


class Contribution(models.Model):
    """What one participant wrote in one activity; `data` is shaped by the activity (activities.py).

    Activities with one answer per person (survey, planning, connection tree) keep one row and update
    it; the benefits board keeps a row per entry.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="contributions"
    )
    activity = models.CharField(max_length=30)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["workshop", "activity", "id"], name="contribution_activity"),
            models.Index(fields=["participant", "activity"], name="contribution_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} by {self.participant_id}"


class GroupAnswer(models.Model):
    """A case study group's shared answer: the partner they chose and the steps they would take."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="group_answers")
    group = models.PositiveSmallIntegerField()
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "group"], name="one_answer_per_group")
        ]

    def __str__(self) -> str:
        return f"group {self.group}"


class Feedback(models.Model):
    """An anonymous evaluation: no link to the participant, and only the day it was given."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback")
    data = models.JSONField(default=dict)
    given_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"feedback on {self.given_on}"
