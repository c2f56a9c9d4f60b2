"""Tenancy: libraries (and the systems they belong to), branches, people who sign in, their roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """Someone who signs in to Allies, identified by e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[("", _("The same as my browser")), *settings.LANGUAGES],
        help_text=_("The language of Allies' pages and of the e-mails Allies sends you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class LibraryQuerySet(models.QuerySet):
    def for_user(self, user) -> LibraryQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Library(models.Model):
    """A public library (or a library system) using Allies. Everything else belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name for web addresses"),
        unique=True,
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens, for example 'riverton'."),
    )
    system = models.ForeignKey(
        "self",
        verbose_name=_("part of library system"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members_of_system",
    )
    mission = models.TextField(_("mission statement"), blank=True)
    vision = models.TextField(_("vision statement"), blank=True)
    community_served = models.TextField(
        _("community served"),
        blank=True,
        help_text=_("Who lives in your service area: population, neighbourhoods, languages."),
    )
    city = models.CharField(_("city or town"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(
        _("ZIP code"),
        max_length=10,
        blank=True,
        help_text=_("Where the library stands, so that nearby partners come first."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of the public partner page (unless a visitor asks for another), of "
            "what Allies sends to partners and of the documents made for them."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    objects = LibraryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    """A branch or service point of a library."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(_("branch name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city or town"), max_length=120, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "name"], name="branch_name_unique_in_library"
            )
        ]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner: manages members and settings")
    STAFF = "staff", _("Staff: edits everything")
    VOLUNTEER = "volunteer", _("Volunteer: reads and logs contacts")


class Membership(models.Model):
    """A person's role in one library. A person may belong to several libraries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    joined_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["library__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "library"], name="one_membership_per_library")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.library} ({self.role})"

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.OWNER, Role.STAFF)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class Invitation(models.Model):
    """An invitation to join a library, sent by e-mail as a signed link that expires."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.library}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class SignInLockout(models.Model):
    """Sign-ins refused for a while after too many wrong passwords (see libraries/throttling.py).

    Kept so that owners can see recent lockouts of their members' accounts on the members page.
    """

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("too many wrong passwords for this account")
        ADDRESS = "address", _("too many wrong passwords from one network address")

    email = models.CharField(_("e-mail address tried"), max_length=254, db_index=True)
    address = models.CharField(_("network address"), max_length=45)
    kind = models.CharField(_("why"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    until = models.DateTimeField(_("locked until"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} from {self.address} ({self.kind})"
