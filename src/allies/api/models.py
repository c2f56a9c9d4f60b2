"""Personal access tokens: one member's key to the JSON API of one library.

A token is shown once, when it is made; only its SHA-256 digest is stored, so a copy of the
database gives nobody a working token. A token acts as its member with the role they hold in its
library *now*: removing the member, or lowering their role, takes effect on the next request.
It may be read-only or read-write, may expire, and may be revoked by its member or by an owner.

The rate limit counts a token's requests per minute on the token's own row (`window_started_at`,
`window_count`), with one conditional UPDATE per request, so every app process behind a load
balancer sees the same count (see `tokens.count_request`).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Library

PREFIX = "allies_"
HINT_LENGTH = len(PREFIX) + 6


def digest_of(secret: str) -> str:
    """The stored form of a token. A token is 256 random bits, so a plain SHA-256 suffices (no
    salt or slow hash needed: nothing about it can be guessed)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_library(self, library) -> ApiTokenQuerySet:
        return self.filter(library=library)

    def live(self, day) -> ApiTokenQuerySet:
        """Not revoked, and not expired on `day` (a token works through its expiry day)."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )


class ApiToken(models.Model):
    """A member's personal access token for the API of one library."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What it is for, so you recognise it later: “Events calendar sync”."),
    )
    can_write = models.BooleanField(_("may change records"), default=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=HINT_LENGTH, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        indexes = [models.Index(fields=["library", "user"], name="api_token_library_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, library, user, name: str, can_write: bool, expires_on=None):
        """Make a token; returns (token, secret). The secret is shown once and never stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            library=library,
            user=user,
            name=name,
            can_write=can_write,
            expires_on=expires_on,
            digest=digest_of(secret),
            hint=secret[:HINT_LENGTH],
        )
        return token, secret

    def is_expired(self, day) -> bool:
        return self.expires_on is not None and self.expires_on < day

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, *, by) -> bool:
        """Stop the token working at once; False when it was already revoked."""
        if self.is_revoked:
            return False
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.save(update_fields=["revoked_at", "revoked_by"])
        return True
