"""Recognition: publicity texts about partners and the public partner page.

A partner is listed on the public page only when it agreed to be (`ListingConsent.agreed`), and the
page shows only the public fields of that consent, never anything from the partnership record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Library
from allies.partnerships.models import OPEN_STAGES, Partnership, Stage, log
from allies.stewardship.models import Contact, ContactKind

# Stages that may be listed publicly: a partner that declined or whose partnership ended is not.
LISTABLE_STAGES = [stage for stage in OPEN_STAGES if stage != Stage.DECLINED]


class ListingConsentQuerySet(models.QuerySet):
    def listed(self, library) -> ListingConsentQuerySet:
        """Consents that put a partner on the library's public page today."""
        return self.filter(
            library=library,
            agreed=True,
            partnership__archived_at__isnull=True,
            partnership__stage__in=LISTABLE_STAGES,
        )


class ListingConsent(models.Model):
    """A partner's answer to "may we list you on our public partner page?", and what it shows.

    Only `public_name`, `public_sentence` (in the visitor's language when written in it) and
    `public_website` ever reach the public page.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="listing_consent"
    )
    agreed = models.BooleanField(_("they agreed to be listed publicly"), default=False)
    recorded_on = models.DateField(_("agreed or refused on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_name = models.CharField(
        _("public name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the organization's name."),
    )
    public_sentence = models.CharField(
        _("what they do with the library, in one sentence"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the public page, so write it with them."),
    )
    # The sentence in the library's other languages: {"es": "...", "fr": "..."}.
    public_sentence_translations = models.JSONField(default=dict, blank=True)
    public_website = models.URLField(_("public website"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to be listed")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.public_name.strip() or self.partnership.organization.name


class PublicPage(models.Model):
    """The library's public partner page: whether it is published and its introduction."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="public_page")
    published = models.BooleanField(_("publish the partner page"), default=False)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One paragraph above the list of partners: why partners matter to you."),
    )
    # The introduction in the library's other languages: {"es": "...", "fr": "..."}.
    introduction_translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public partner page")

    def __str__(self) -> str:
        return str(self.library)


class RecognitionKind(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter paragraph")
    WEBSITE = "website", _("Website entry")
    SOCIAL = "social", _("Social media post")
    PRESS_RELEASE = "press_release", _("Press release")
    CERTIFICATE = "certificate", _("Certificate of appreciation")


class RecognitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RecognitionQuerySet(models.QuerySet):
    def published(self) -> RecognitionQuerySet:
        return self.filter(status=RecognitionStatus.PUBLISHED)

    def drafts(self) -> RecognitionQuerySet:
        return self.filter(status=RecognitionStatus.DRAFT)


class Recognition(models.Model):
    """A publicity text thanking one partner: drafted from its record, edited, then published."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="recognitions")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recognitions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RecognitionKind.choices)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.DRAFT,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recognition")
        indexes = [models.Index(fields=["library", "status"], name="recognition_library_status")]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == RecognitionStatus.PUBLISHED

    def publish(self, *, by, day=None, link: str = "") -> bool:
        """Mark it published and log a thank-you contact and a timeline line, once.

        Returns False when it was already published (by this request or a concurrent one): the
        status changes with a conditional update, so two clicks never log two contacts.
        """
        day = day or timezone.localdate()
        with transaction.atomic():
            won = Recognition.objects.filter(pk=self.pk, status=RecognitionStatus.DRAFT).update(
                status=RecognitionStatus.PUBLISHED, published_on=day, published_by=by
            )
            if not won:
                self.refresh_from_db()
                return False
            kind = self.get_kind_display()
            self.contact = Contact.objects.create(
                library_id=self.library_id,
                partnership_id=self.partnership_id,
                kind=ContactKind.THANKS,
                happened_on=day,
                note=gettext("Public recognition: %(kind)s") % {"kind": kind},
                logged_by=by,
            )
            Recognition.objects.filter(pk=self.pk).update(contact=self.contact)
            log(
                self.partnership,
                gettext("Public recognition published: %(kind)s") % {"kind": kind},
                by=by,
                link=link,
            )
        self.refresh_from_db()
        return True
