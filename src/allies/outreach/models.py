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
        "planning.Goal",
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
    """A first draft for this partnership from the library's template, their mission and audiences."""
    template = PitchTemplate.objects.filter(library_id=partnership.library_id).first()
    organization = partnership.organization
    return pitch_rules.draft_pitch(
        library_name=partnership.library.name,
        partner_name=organization.name,
        partner_mission=organization.mission,
        audiences=[audience.name for audience in organization.audiences.all()],
        goal=goal.statement if goal else "",
        brings=template.parts() if template else {},
        **benefits,
    )
