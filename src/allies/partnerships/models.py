"""The library's relationship with one organization, and every change of its stage."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allies.directory.models import Organization
from allies.libraries.models import Library


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    REACHING_OUT = "reaching_out", _("Reaching out")
    EXPLORING = "exploring", _("Exploring")
    PILOT = "pilot", _("Pilot")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


OPEN_STAGES = [
    Stage.PROSPECT,
    Stage.REACHING_OUT,
    Stage.EXPLORING,
    Stage.PILOT,
    Stage.ACTIVE,
    Stage.PAUSED,
]


class DeclineReason(models.TextChoices):
    TIMING = "timing", _("The timing was wrong")
    CAPACITY = "capacity", _("They had no capacity")
    NOT_A_FIT = "not_a_fit", _("Not a fit")
    TOO_FIXED = "too_fixed", _("Our proposal was too fixed")
    NO_ANSWER = "no_answer", _("No answer")
    OTHER = "other", _("Another reason")


class Term(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    SHORT = "short", _("Short-term")
    LONG = "long", _("Long-term")


class PartnershipQuerySet(models.QuerySet):
    def for_library(self, library) -> PartnershipQuerySet:
        return self.filter(library=library, archived_at__isnull=True)

    def in_stage(self, stage: str) -> PartnershipQuerySet:
        return self.filter(stage=stage)

    def open(self) -> PartnershipQuerySet:
        return self.filter(stage__in=OPEN_STAGES)

    def archived(self) -> PartnershipQuerySet:
        return self.filter(archived_at__isnull=False)

    def led_by(self, user) -> PartnershipQuerySet:
        return self.filter(lead=user)

    def current(self, library, organization) -> Partnership | None:
        """The organization's current partnership with the library (archived ones do not count)."""
        return self.for_library(library).filter(organization=organization).first()

    def find_or_start(self, library, organization, *, by, reason: str = "", **fields):
        """(partnership, created): the organization's current partnership with the library, or a
        new one (a prospect unless `stage` says otherwise, with the other `fields` given) started
        with its first stage change. The one way every page, the new-partnership form and the API
        open one; the form and the API refuse to go on when it was found rather than created."""
        found = self.current(library, organization)
        if found is not None:
            return found, False
        fields.setdefault("stage", Stage.PROSPECT)
        partnership = Partnership(library=library, organization=organization, **fields)
        try:
            partnership.start(by=by, reason=reason)
        except IntegrityError:  # started by someone else a moment ago
            return self.for_library(library).get(organization=organization), False
        return partnership, True

    def due_to_try_again(self, today) -> PartnershipQuerySet:
        """Declined partnerships whose date to try again has come."""
        return self.filter(stage=Stage.DECLINED, try_again_on__lte=today)

    def in_pipeline_order(self) -> PartnershipQuerySet:
        """Order by stage as the method runs it (prospect first, ended last), then by name."""
        order = models.Case(
            *[models.When(stage=stage, then=index) for index, stage in enumerate(Stage.values)],
            output_field=models.IntegerField(),
        )
        return self.annotate(stage_order=order).order_by("stage_order", "organization__name", "id")

    def stage_counts(self) -> list[tuple[str, str, int]]:
        """(stage, label, count) for every stage in pipeline order, zeros included."""
        counts = dict(
            self.order_by()
            .values_list("stage")
            .annotate(n=models.Count("id"))
            .values_list("stage", "n")
        )
        return [(stage, label, counts.get(stage, 0)) for stage, label in Stage.choices]


class Partnership(models.Model):
    """The library's relationship with one organization, from prospect to ended."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT
    )
    term = models.CharField(_("term"), max_length=20, choices=Term.choices, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_partnerships",
    )
    goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("goal it was opened for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set when it was added from a ranking for a goal; its pitch starts from it."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    library_expects = models.TextField(
        _("what the library expects of them"),
        blank=True,
        help_text=_("Say it early and plainly: it prevents most misunderstandings later."),
    )
    partner_expects = models.TextField(_("what they expect of the library"), blank=True)
    benefits_to_library = models.TextField(_("benefits to the library"), blank=True)
    benefits_to_partner = models.TextField(_("benefits to the partner"), blank=True)
    benefits_to_community = models.TextField(_("benefits to the community"), blank=True)
    lessons = models.TextField(
        _("what we learned"),
        blank=True,
        help_text=_("Recorded when they decline or the partnership ends."),
    )
    try_again_on = models.DateField(_("date to try again"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    keep_in_touch_days = models.PositiveIntegerField(
        _("keep in touch at least every (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the library's setting (90 days unless changed)."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "id"]
        verbose_name = _("partnership")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "organization"],
                condition=models.Q(archived_at__isnull=True),
                name="one_open_partnership_per_organization",
            )
        ]
        indexes = [models.Index(fields=["library", "stage"], name="partnership_library_stage")]

    def __str__(self) -> str:
        return str(self.organization)

    def start(self, *, by, reason: str = "") -> StageChange:
        """Save this new partnership and its first stage change (who opened it and why), both or
        neither. Called by `Partnership.objects.find_or_start`, through which every path opens one.

        Raises IntegrityError when the organization already has an open partnership with the
        library (the database's constraint decides, so two people saving at once cannot both win).
        """
        if self.pk is not None:
            raise ValueError("This partnership has already started.")
        if reason:
            self._change_reason = reason  # its history says why it was opened too
        with transaction.atomic():
            self.save()
            return StageChange.objects.create(
                partnership=self, to_stage=self.stage, changed_by=by, reason=reason
            )

    def move_to(self, stage: str, *, by, reason: str = "", **fields) -> StageChange:
        """Change the stage, keeping who, when and why. Extra fields (lessons...) are saved too."""
        change = StageChange(
            partnership=self, from_stage=self.stage, to_stage=stage, changed_by=by, reason=reason
        )
        self.stage = stage
        for name, value in fields.items():
            setattr(self, name, value)
        today = timezone.localdate()
        if stage in (Stage.PILOT, Stage.ACTIVE) and self.started_on is None:
            self.started_on = today
        if stage == Stage.ENDED and self.ended_on is None:
            self.ended_on = today
        if change.from_stage == Stage.ENDED and stage in OPEN_STAGES:
            self.ended_on = None  # revived: the end stays in the history
        self._change_reason = reason or f"Stage: {change.from_stage} → {stage}"
        self.save()
        change.save()
        return change

    def stage_before_end(self) -> str:
        """The open stage it was in before it ended or was declined (Prospect if unknown)."""
        change = (
            self.stage_changes.filter(to_stage=self.stage).order_by("-changed_at", "-id").first()
        )
        if change is not None and change.from_stage in OPEN_STAGES:
            return change.from_stage
        return Stage.PROSPECT

    @property
    def is_open(self) -> bool:
        return self.archived_at is None and self.stage in OPEN_STAGES

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        """Take the partnership off the lists; its record and history stay."""
        self.archived_at = timezone.now()
        self._change_reason = "Archived"
        self.save()

    def restore(self) -> bool:
        """Bring an archived partnership back, unless the organization has a newer one."""
        newer = Partnership.objects.filter(
            library_id=self.library_id,
            organization_id=self.organization_id,
            archived_at__isnull=True,
        ).exists()
        if newer:
            return False
        self.archived_at = None
        self._change_reason = "Restored from the archive"
        self.save()
        return True


class StageChange(models.Model):
    """One move of a partnership from one stage to another: who, when, why."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_stage} → {self.to_stage}"


class Refusal(models.Model):
    """One "no" from a partner: why, what we learned, and when to try again. Kept for good."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="refusals")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="refusals")
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices)
    lessons = models.TextField(_("what we learned"))
    try_again_on = models.DateField(_("date to try again"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("refusal")
        indexes = [models.Index(fields=["library", "reason"], name="refusal_library_reason")]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.reason}"


class LogEntryQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> LogEntryQuerySet:
        return self.filter(partnership=partnership).order_by("-logged_at", "-id")


class LogEntry(models.Model):
    """A line on a partnership's timeline written by another part of Allies.

    Outreach writes here when an introduction is asked for, a step of the approach plan is done, a
    pilot is planned or reviewed. `summary` is one sentence, already in the words of the moment;
    `detail` is optional free text (a note, the message sent).
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="log_entries"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    link = models.CharField(
        max_length=300, blank=True, help_text="A path inside Allies where the thing logged lives."
    )

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-logged_at", "-id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return self.summary


def log(partnership: Partnership, summary: str, *, by=None, detail: str = "", link: str = ""):
    """Write one line on the partnership's timeline."""
    return LogEntry.objects.create(
        partnership=partnership,
        logged_by=by,
        summary=str(summary)[:300],
        detail=detail,
        link=link[:300],
    )


class Side(models.TextChoices):
    LIBRARY = "library", _("The library")
    PARTNER = "partner", _("The partner")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    MISSED = "missed", _("Missed")


class CommitmentQuerySet(models.QuerySet):
    def open(self) -> CommitmentQuerySet:
        return self.filter(status=CommitmentStatus.OPEN)

    def overdue(self, day) -> CommitmentQuerySet:
        return self.filter(status=CommitmentStatus.OPEN, due_on__lt=day)


class Commitment(models.Model):
    """What one side promised the other, by when, and whether it was kept (on time or late) or missed."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="commitments")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    owed_by = models.CharField(_("who owes it"), max_length=20, choices=Side.choices)
    what = models.CharField(_("what was promised"), max_length=300)
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    done_on = models.DateField(_("kept on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        indexes = [
            models.Index(fields=["library", "status", "due_on"], name="commitment_library_due")
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def was_late(self) -> bool:
        return self.status == CommitmentStatus.KEPT and bool(
            self.done_on and self.done_on > self.due_on
        )

    def is_overdue(self, day) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < day
