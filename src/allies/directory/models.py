"""Organizations and people a library knows, and the vocabularies that describe them."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allies.libraries.models import Library

zip_validator = RegexValidator(
    r"^\d{5}(-\d{4})?$",
    _(
        "Enter a ZIP code of five digits, optionally followed by a hyphen and four more (05602-2957)."
    ),
)
ein_validator = RegexValidator(r"^\d{9}$", _("An EIN has nine digits, for example 030179421."))


class Sector(models.TextChoices):
    BUSINESS = "business", _("Business")
    SCHOOL = "school", _("School")
    COLLEGE = "college", _("College or university")
    GOVERNMENT = "government", _("Local government")
    FOUNDATION = "foundation", _("Foundation")
    NONPROFIT = "nonprofit", _("Nonprofit")
    FAITH = "faith", _("Faith community")
    SERVICE_CLUB = "service_club", _("Service club")
    MEDIA = "media", _("Media")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Vocabulary(models.Model):
    """A term in one of a library's own lists (audiences, resources), seeded with a starting set."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=100)
    words = models.TextField(
        _("words organizations use for it"),
        blank=True,
        help_text=_(
            "One word or phrase a line, as organizations write it in their names and missions "
            "(for example “unhoused” or “warming shelter”). Allies already knows the usual ones."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Audience(Vocabulary):
    """A group of people the library wants to serve: teens, seniors, English learners..."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("audience")
        constraints = [
            models.UniqueConstraint(fields=["library", "slug"], name="audience_slug_unique")
        ]


class Resource(Vocabulary):
    """Something a partner can offer: funding, volunteers, meeting space, expertise..."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("resource or skill")
        verbose_name_plural = _("resources and skills")
        constraints = [
            models.UniqueConstraint(fields=["library", "slug"], name="resource_slug_unique")
        ]


def search_text_of(*parts: str) -> str:
    """What organization search looks in: the parts, lower case (a migration calls this too)."""
    return " ".join(p for p in parts if p).lower()


class OrganizationQuerySet(models.QuerySet):
    def for_library(self, library) -> OrganizationQuerySet:
        return self.filter(library=library)

    def reaching(self, audience) -> OrganizationQuerySet:
        return self.filter(audiences=audience)

    def search(self, text: str, library=None) -> OrganizationQuerySet:
        """Every word must be found, as the beginning of a word, in the name, mission, interests,
        needs, notes, city or NTEE title (the full-text index), or in the name or role of someone
        there now (case-insensitive; see directory/search.py)."""
        from allies.directory import search

        return search.matching(self, text, getattr(library, "pk", None))

    def ranked_search(self, text: str, library=None) -> OrganizationQuerySet:
        """`search`, best match first, each row with its `search_rank` (see directory/search.py)."""
        from allies.directory import search

        return search.ranked(self, text, getattr(library, "pk", None))


class Organization(models.Model):
    """A business, school, agency, foundation, club or nonprofit the library might work with."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=300)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.NONPROFIT
    )
    ntee_code = models.CharField(
        _("NTEE code"),
        max_length=6,
        blank=True,
        help_text=_(
            "Its category in the IRS list (NTEE), for example B70 (libraries) or O50 (youth "
            "development)."
        ),
    )
    ein = models.CharField(
        _("EIN"),
        max_length=9,
        blank=True,
        validators=[ein_validator],
        help_text=_("The nine-digit federal employer identification number, if known."),
    )
    mission = models.TextField(_("mission"), blank=True)
    current_interests = models.TextField(
        _("what they care about now"),
        blank=True,
        help_text=_("Their current priorities, campaigns or projects."),
    )
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city or town"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(
        _("ZIP code"), max_length=10, blank=True, validators=[zip_validator]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audiences they reach"), blank=True, related_name="organizations"
    )
    resources = models.ManyToManyField(
        Resource,
        verbose_name=_("resources and skills they could offer"),
        blank=True,
        related_name="organizations",
    )
    needs = models.TextField(_("their needs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # What the IRS extract says about them (empty for organizations typed by hand): a measure of
    # their means, and the codes the fit of a candidate is inferred from.
    income = models.BigIntegerField(
        _("annual income (IRS)"),
        null=True,
        blank=True,
        help_text=_("Total income in dollars on their latest IRS filing."),
    )
    assets = models.BigIntegerField(
        _("assets (IRS)"),
        null=True,
        blank=True,
        help_text=_("Total assets in dollars on their latest IRS filing."),
    )
    irs_subsection = models.CharField(
        _("501(c) subsection"),
        max_length=2,
        blank=True,
        help_text=_("03 for a charity, 04 for a civic league, 07 for a social club..."),
    )
    irs_foundation = models.CharField(
        _("IRS foundation code"),
        max_length=2,
        blank=True,
        help_text=_("02 to 04 for private foundations; 15 and 16 for public charities."),
    )
    irs_activity = models.CharField(
        _("IRS activity codes"),
        max_length=9,
        blank=True,
        help_text=_("Up to three three-digit activity codes from older IRS filings."),
    )
    source = models.CharField(
        _("where this record came from"), max_length=40, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[audiences, resources], excluded_fields=["search_text"])
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        indexes = [
            models.Index(fields=["library", "name", "id"], name="org_library_name"),
            models.Index(fields=["library", "sector", "name"], name="org_library_sector"),
            models.Index(fields=["library", "city", "name"], name="org_library_city"),
            models.Index(fields=["library", "ein"], name="org_library_ein"),
            models.Index(fields=["library", "updated_at"], name="org_library_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        from allies.directory.ntee import ntee_title

        return search_text_of(
            self.name,
            self.city,
            self.mission,
            self.current_interests,
            self.needs,
            self.notes,
            ntee_title(self.ntee_code),
        )

    @property
    def ntee_title(self) -> str:
        from allies.directory.ntee import ntee_title

        return ntee_title(self.ntee_code)


class PersonQuerySet(models.QuerySet):
    def search(self, text: str) -> PersonQuerySet:
        """Every word in the name, e-mail, a role or the name of an organization they are at."""
        qs = self
        for word in text.split()[:8]:
            roles = Affiliation.objects.filter(
                Q(role__icontains=word) | Q(organization__name__icontains=word)
            ).values("person_id")
            qs = qs.filter(Q(name__icontains=word) | Q(email__icontains=word) | Q(pk__in=roles))
        return qs


class Person(models.Model):
    """Someone the library knows, inside a partner organization or not."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    user = models.ForeignKey(
        "libraries.User",
        verbose_name=_("Allies account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Set when this person is a member of the library's staff."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["library", "name"], name="person_library_name")]

    def __str__(self) -> str:
        return self.name


class AffiliationQuerySet(models.QuerySet):
    def current(self) -> AffiliationQuerySet:
        return self.filter(ended_on__isnull=True)

    def former(self) -> AffiliationQuerySet:
        return self.filter(ended_on__isnull=False)


class Affiliation(models.Model):
    """A person's role at an organization. When they leave, it is ended, never overwritten."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["ended_on", "-started_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.role or _('member')} at {self.organization}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class ImportBatch(models.Model):
    """A file uploaded to the directory, kept between the steps of its import.

    The bytes live in the database (not in a process or on one server's disk) so that the upload,
    the column mapping, the preview and the import itself may each be served by a different process.
    """

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be imported")
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Not imported: rows to fix")
        CANCELLED = "cancelled", _("Cancelled: nothing was imported")
        STOPPED = "stopped", _("Stopped before the end: nothing was imported")
        EXPIRED = "expired", _("Not imported: left unfinished, file deleted")

    class Step(models.TextChoices):
        READING = "reading", _("Reading the file")
        CHECKING = "checking", _("Checking each row")
        WRITING = "writing", _("Writing to the directory")

    # A batch in one of these is still to finish: the page polls its progress.
    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(
        "libraries.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("what the file holds"), max_length=20, choices=Kind.choices)
    file_format = models.CharField(max_length=20, blank=True)
    data = models.BinaryField(default=bytes)
    mapping = models.JSONField(default=list, blank=True)
    # Row numbers staff chose, in the preview, to merge into the organization they look like.
    merge_rows = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A large import runs in the background (allies.directory.import_jobs): what staff chose on the
    # preview, who asked for it, and how far it got, for the progress bar and for `allies worker`
    # to find an import whose worker died.
    options = models.JSONField(default=dict, blank=True)
    run_by = models.ForeignKey(
        "libraries.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    step = models.CharField(max_length=20, choices=Step.choices, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return self.filename

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def step_number(self) -> int:
        """1, 2 or 3: reading, checking, writing (0 while it waits for the worker)."""
        return list(self.Step.values).index(self.step) + 1 if self.step else 0


class SuggestionRejection(models.Model):
    """Staff said an inferred audience or resource is wrong for an organization: never suggest it
    again. (A suggestion staff confirm becomes one of the organization's own tags.)"""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="rejected_suggestions"
    )
    audience = models.ForeignKey(Audience, null=True, blank=True, on_delete=models.CASCADE)
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.CASCADE)
    rejected_by = models.ForeignKey(
        "libraries.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rejected suggestion")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__isnull=False, resource__isnull=True)
                | Q(audience__isnull=True, resource__isnull=False),
                name="rejection_names_one_term",
            ),
            models.UniqueConstraint(
                fields=["organization", "audience"],
                condition=Q(audience__isnull=False),
                name="rejection_unique_audience",
            ),
            models.UniqueConstraint(
                fields=["organization", "resource"],
                condition=Q(resource__isnull=False),
                name="rejection_unique_resource",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: not {self.audience or self.resource}"


class RecordKind(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    PERSON = "person", _("Person")


class NotDuplicate(models.Model):
    """Staff said two records the duplicate finder paired are distinct: never pair them again.

    The pair is stored with the smaller id first."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    first_id = models.PositiveBigIntegerField()
    second_id = models.PositiveBigIntegerField()
    decided_by = models.ForeignKey(
        "libraries.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pair that is not a duplicate")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "kind", "first_id", "second_id"], name="not_duplicate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.first_id} ≠ {self.second_id}"


class MergedRecord(models.Model):
    """A record merged into another: its old address leads to the one that was kept."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    old_id = models.PositiveBigIntegerField()
    survivor_id = models.PositiveBigIntegerField()
    old_name = models.CharField(max_length=300, blank=True)
    merged_by = models.ForeignKey(
        "libraries.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("merged record")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "kind", "old_id"], name="merged_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_id} → {self.survivor_id}"
