"""Outreach: the library's reusable pitch template and the pitches tailored to each partner."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Library
from allies.outreach import pitch as pitch_rules
from allies.partnerships.models import Partnership

TEMPLATE_PARTS = ["spaces", "collections", "programs", "technology", "reach", "impact"]


class PitchTemplate(models.Model):
    """What the library uniquely brings to any partner, written once and reused in every pitch."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="pitch_template")
    spaces = models.TextField(
        _("spaces"), blank=True, help_text=_("Meeting rooms, study rooms, a hall, outdoor space.")
    )
    collections = models.TextField(
        _("collections"), blank=True, help_text=_("Books, databases, local history, languages.")
    )
    programs = models.TextField(
        _("programs"), blank=True, help_text=_("Story times, homework help, classes, clubs.")
    )
    technology = models.TextField(
        _("technology"),
        blank=True,
        help_text=_("Public computers, Wi-Fi, hotspots to lend, a makerspace."),
    )
    reach = models.TextField(
        _("reach in numbers"),
        blank=True,
        help_text=_("For example: 42,000 visits and 9,000 card holders a year."),
    )
    impact = models.TextField(
        _("impact on youth and others"),
        blank=True,
        help_text=_("What changed for people: one number or one short story."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pitch template")

    def __str__(self) -> str:
        return f"{self.library}: pitch template"

    def parts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEMPLATE_PARTS}

    @property
    def is_empty(self) -> bool:
        return not any(value.strip() for value in self.parts().values())


class PitchQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> PitchQuerySet:
        return self.filter(partnership=partnership).order_by("-version")


class Pitch(models.Model):
    """One saved version of the elevator pitch tailored to a partner; every save adds a version."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="pitches")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pitches")
    version = models.PositiveIntegerField(_("version"))
    goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
    )
    benefits_to_library = models.TextField(_("benefits to the library"))
    benefits_to_partner = models.TextField(_("benefits to the partner"))
    benefits_to_community = models.TextField(_("benefits to the community"))
    text = models.TextField(_("pitch"))
    note = models.CharField(_("note on this version"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PitchQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-version"]
        verbose_name = _("pitch")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="one_pitch_version")
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: pitch v{self.version}"

    @property
    def word_count(self) -> int:
        return pitch_rules.word_count(self.text)

    @property
    def spoken_seconds(self) -> int:
        return pitch_rules.spoken_seconds(self.text)

    @property
    def is_too_long(self) -> bool:
        return pitch_rules.is_too_long(self.text)

    @classmethod
    def save_version(cls, partnership, *, by, **fields) -> Pitch:
        """Keep `fields` as the partnership's next pitch version (the earlier ones stay).

        Two people saving at the same instant would pick the same number: the loser takes the
        next one instead of seeing an error.
        """
        for _attempt in range(5):
            latest = cls.objects.filter(partnership=partnership).aggregate(v=models.Max("version"))[
                "v"
            ]
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        library_id=partnership.library_id,
                        partnership=partnership,
                        version=(latest or 0) + 1,
                        created_by=by,
                        **fields,
                    )
            except IntegrityError:
                continue
        raise IntegrityError("Could not number the pitch version")


def draft_for(partnership, *, goal=None, benefits: dict[str, str]) -> str:
    """A first draft for this partnership from the library's template, their mission and audiences,
    and the goal: its statement, whom it is for, and why the partner fits it (the goal's audiences
    they reach and the resources it needs that they bring, tagged or inferred from their record)."""
    from allies.directory.suggestions import suggestions_for
    from allies.directory.thesaurus import AUDIENCE

    template = PitchTemplate.objects.filter(library_id=partnership.library_id).first()
    organization = partnership.organization
    audiences = list(organization.audiences.all())
    goal_parts = {}
    if goal is not None:
        inferred = suggestions_for(organization)
        reached = {a.pk for a in audiences} | {s.term_id for s in inferred if s.kind == AUDIENCE}
        offered = set(organization.resources.values_list("pk", flat=True))
        offered |= {s.term_id for s in inferred if s.kind != AUDIENCE}
        wanted = [*goal.primary_audiences.all(), *goal.secondary_audiences.all()]
        goal_parts = {
            "goal_audiences": [a.name for a in wanted],
            "shared_audiences": [a.name for a in wanted if a.pk in reached],
            "shared_resources": [r.name for r in goal.resources_needed.all() if r.pk in offered],
        }
    return pitch_rules.draft_pitch(
        library_name=partnership.library.name,
        partner_name=organization.name,
        partner_mission=organization.mission,
        audiences=[audience.name for audience in audiences],
        goal=goal.statement if goal else "",
        brings=template.parts() if template else {},
        **goal_parts,
        **benefits,
    )


# Introductions ---------------------------------------------------------------------------------


class IntroductionStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    INTRODUCED = "introduced", _("Introduced")
    MET = "met", _("Met")
    DECLINED = "declined", _("Declined")


class IntroductionRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> IntroductionRequestQuerySet:
        """Shared requests, and the private ones `user` asked (their own contacts stay theirs)."""
        return self.filter(models.Q(private=False) | models.Q(asked_by=user))


class IntroductionRequest(models.Model):
    """A request to someone on an introduction path to introduce the library to the target.

    The connector is the first person asked: a colleague (a staff member who starts the path) or,
    when the path starts with the asker, the contact outside the library who comes next.
    `path_names` keeps the chain as it was when asked, so the record reads the same later.
    """

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, related_name="introduction_requests"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="introduction_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    connector = models.ForeignKey(
        "directory.Person",
        verbose_name=_("who we ask"),
        on_delete=models.PROTECT,
        related_name="introductions_asked_of",
    )
    target = models.ForeignKey(
        "directory.Person",
        verbose_name=_("who we want to meet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions_to",
    )
    path_names = models.CharField(_("introduction path"), max_length=500, blank=True)
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.ASKED,
    )
    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    declined_on = models.DateField(_("declined on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    private = models.BooleanField(
        _("private"),
        default=False,
        help_text="The path uses a connection the asker keeps private: only they see the request.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntroductionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_on", "-id"]
        verbose_name = _("introduction request")

    def __str__(self) -> str:
        return f"{self.partnership}: introduction via {self.connector}"


# The approach plan ------------------------------------------------------------------------------


class StepKind(models.TextChoices):
    LEARN = "learn", _("Learn about them")
    CONVERSATION = "conversation", _("First conversation")
    INVITE = "invite", _("Invite them to the library")
    PROPOSE = "propose", _("Propose something small")
    OTHER = "other", _("Other step")


class ApproachStepQuerySet(models.QuerySet):
    def open(self) -> ApproachStepQuerySet:
        return self.filter(done_on__isnull=True)

    def with_people(self) -> ApproachStepQuerySet:
        """The steps with their owner and who ticked them, in one query (for the plan's list)."""
        return self.select_related("owner", "done_by")

    def overdue(self, library, day) -> ApproachStepQuerySet:
        """Steps not done whose date has passed, on partnerships that are not archived."""
        return self.filter(
            library=library,
            done_on__isnull=True,
            due_on__lt=day,
            partnership__archived_at__isnull=True,
        )


class ApproachStep(models.Model):
    """One step of the plan for approaching a prospect: what, who, by when, and when it was done."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="approach_steps")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="approach_steps"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        _("kind of step"), max_length=20, choices=StepKind.choices, default=StepKind.OTHER
    )
    title = models.CharField(_("step"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who does it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approach_steps",
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ApproachStepQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "position", "id"]
        verbose_name = _("approach step")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, day) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < day

    def days_late(self, day) -> int:
        return (day - self.due_on).days if self.is_overdue(day) else 0

    @property
    def is_late(self) -> bool:
        """Overdue as of today, for templates, which cannot pass a day."""
        return self.is_overdue(timezone.localdate())


# Community events and offers of support ----------------------------------------------------------


class CommunityEvent(models.Model):
    """An event a partner or someone else in town is planning, where the library could help."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="community_events")
    title = models.CharField(_("event"), max_length=200)
    organizer = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organizer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_events",
        help_text=_("Choose from the directory when the organizer is there."),
    )
    organizer_name = models.CharField(
        _("organizer (if not in the directory)"), max_length=200, blank=True
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    audience = models.CharField(_("who it is for"), max_length=300, blank=True)
    help_needed = models.TextField(_("what help they need"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    class Meta:
        ordering = ["starts_on", "title", "id"]
        verbose_name = _("community event")

    def __str__(self) -> str:
        return self.title

    @property
    def organizer_label(self) -> str:
        return self.organizer.name if self.organizer_id else self.organizer_name


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    TURNED_DOWN = "turned_down", _("Turned down")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportOffer(models.Model):
    """What the library offered to do for a community event. An accepted offer becomes a pilot."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="support_offers")
    event = models.ForeignKey(CommunityEvent, on_delete=models.CASCADE, related_name="offers")
    offer = models.TextField(_("what the library offers"))
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_on = models.DateField(_("offered on"), default=timezone.localdate)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name = _("offer of support")

    def __str__(self) -> str:
        return f"{self.event}: {self.offer[:40]}"


# Pilots -----------------------------------------------------------------------------------------


class PilotKind(models.TextChoices):
    ONE_OFF = "one_off", _("A one-off program")
    DROP_INS = "drop_ins", _("A series of drop-ins")
    JOIN_EVENT = "join_event", _("Joining an event they already plan")
    OTHER = "other", _("Something else small")


class PilotDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue as a pilot")
    GROW = "grow", _("Grow into a formal partnership")
    STOP = "stop", _("Stop here")
    CLOSED = "closed", _("Closed without its own review")


class PilotQuerySet(models.QuerySet):
    def to_review(self, library, day) -> PilotQuerySet:
        """Pilots that have ended and wait for their review."""
        return self.filter(
            library=library,
            ends_on__lt=day,
            decision="",
            partnership__archived_at__isnull=True,
        )


class Pilot(models.Model):
    """A small collaboration to try working together before anything formal."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="pilots")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pilots")
    kind = models.CharField(
        _("kind of pilot"), max_length=20, choices=PilotKind.choices, default=PilotKind.ONE_OFF
    )
    title = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    library_does = models.TextField(_("what the library does"))
    partner_does = models.TextField(_("what the partner does"))
    success_looks_like = models.TextField(_("what success looks like"))
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    offer = models.OneToOneField(
        SupportOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="pilot"
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=PilotDecision.choices, blank=True
    )
    decision_note = models.TextField(_("why"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    objects = PilotQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("pilot")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="pilot_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reviewed(self) -> bool:
        return bool(self.decision)

    def has_ended(self, day) -> bool:
        return self.ends_on < day
