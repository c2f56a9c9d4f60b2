"""Who knows whom: connections between people, who recorded them, and who may see them.

A connection belongs to the staff member who recorded it and is private to them until they share it
with the library. Introduction paths that need a colleague's private connection do not show it; they
say that a colleague may be able to help, and an `IntroductionHelpRequest` asks that colleague.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.directory.models import Organization, Person
from allies.libraries.models import Library


class Kind(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    COLLEAGUE = "colleague", _("Colleague")
    CLUB = "club", _("Club or association")
    SCHOOL = "school", _("School")
    WORSHIP = "worship", _("Place of worship")
    BOARD = "board", _("Board or trustee")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Other")


# Index of each kind in the engine's arrays (connections/graph.py works on small integers).
KIND_CODES = {kind.value: code for code, kind in enumerate(Kind)}
KINDS_BY_CODE = list(Kind)


class Strength(models.IntegerChoices):
    """How well do you know them? Strength 5 counts as 1.0 on a path, 1 as 0.2."""

    ACQUAINTANCE = 1, _("1 – We have met; they might remember my name")
    CASUAL = 2, _("2 – We say hello and chat now and then")
    FRIENDLY = 3, _("3 – I could call them and they would call back")
    CLOSE = 4, _("4 – I could ask them a favour")
    VERY_CLOSE = 5, _("5 – They would do a favour for me without asking why")


class ConnectionQuerySet(models.QuerySet):
    def for_library(self, library) -> ConnectionQuerySet:
        return self.filter(library=library)

    def visible_to(self, user) -> ConnectionQuerySet:
        """Shared connections, and the ones this user recorded."""
        return self.filter(Q(shared=True) | Q(recorded_by=user))

    def involving(self, person) -> ConnectionQuerySet:
        return self.filter(Q(person_a=person) | Q(person_b=person))

    def share_each(self) -> int:
        """Share these connections with the library, one save each so the graph's version moves
        as for any edit; returns how many were shared."""
        count = 0
        for connection in self.filter(shared=False):
            connection.shared = True
            connection.save(update_fields=["shared", "updated_at"])
            count += 1
        return count


class Connection(models.Model):
    """Two people who know each other, as recorded by a staff member.

    The pair is stored with the smaller person id first, so (A, B) and (B, A) are the same
    connection; recording a pair again updates it instead of adding a duplicate.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="connections")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("how they know each other"), max_length=20, choices=Kind.choices)
    strength = models.PositiveSmallIntegerField(
        _("how well they know each other"), choices=Strength.choices, default=Strength.FRIENDLY
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recorded_connections"
    )
    worksheet = models.ForeignKey(
        Organization,
        verbose_name=_("added on the worksheet for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The target whose connection worksheet this was recorded on, if any."),
    )
    shared = models.BooleanField(
        _("shared with the library"),
        default=False,
        help_text=_("Colleagues see shared connections; the others stay yours alone."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-strength", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "person_a", "person_b", "recorded_by"],
                name="one_connection_per_pair_per_recorder",
            ),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="connection_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1) & Q(strength__lte=5), name="connection_strength_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["library", "person_a"], name="connection_library_a"),
            models.Index(fields=["library", "person_b"], name="connection_library_b"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} – {self.person_b} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.person_a_id and self.person_a_id == self.person_b_id:
            raise ValidationError(_("A person cannot be connected to themselves."))

    @property
    def pair(self) -> str:
        """The two people's names, as messages name a connection."""
        return f"{self.person_a.name} – {self.person_b.name}"

    def other(self, person) -> Person:
        return self.person_b if person.pk == self.person_a_id else self.person_a

    def share(self, shared: bool = True) -> None:
        """Share the connection with the library (or make it private again); one save, so the
        graph's version moves as for any edit."""
        self.shared = shared
        self.save(update_fields=["shared", "updated_at"])

    @classmethod
    def record(cls, *, library, one, other, recorded_by, **fields) -> tuple[Connection, bool]:
        """Create the connection, or update the one this person already recorded for the pair.

        Returns (connection, created). Refuses a connection of a person to themselves.
        """
        if one.pk == other.pk:
            raise ValidationError(_("A person cannot be connected to themselves."))
        first, second = sorted((one, other), key=lambda person: person.pk)
        connection, created = cls.objects.update_or_create(
            library=library,
            person_a=first,
            person_b=second,
            recorded_by=recorded_by,
            defaults=fields,
        )
        return connection, created


class GraphVersion(models.Model):
    """A counter per library, raised on every change to its connections or affiliations.

    Each app process caches the library's connection graph with the version it was built from
    and rebuilds it when the counter has moved, so no process serves a stale answer.
    """

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="graph_version")
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.library}: {self.version}"


class HelpStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    REVEALED = "revealed", _("Shared")
    DECLINED = "declined", _("Declined")


class IntroductionHelpRequest(models.Model):
    """A staff member asks a colleague whose private connections may lead to a target."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="help_requests")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_requests_received"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(max_length=20, choices=HelpStatus.choices, default=HelpStatus.ASKED)
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.asked_by} asks {self.colleague} about {self.organization or self.person}"

    @property
    def target(self):
        return self.organization or self.person

    def answer_with(self, *, share: bool, connections, answer: str) -> None:
        """The colleague answers: share the connections they ticked, or decline."""
        if share:
            Connection.objects.filter(pk__in=[c.pk for c in connections]).share_each()
        self.status = HelpStatus.REVEALED if share else HelpStatus.DECLINED
        self.answer = answer.strip()
        self.answered_at = timezone.now()
        self.save(update_fields=["status", "answer", "answered_at"])


class ContactImport(models.Model):
    """A contacts file (vCard) or a connections spreadsheet (CSV) kept between preview and import.

    The bytes live in the database so the preview and the import may be served by different
    processes; they are dropped once the import has run.
    """

    class Format(models.TextChoices):
        VCARD = "vcard", _("Contacts (vCard)")
        CSV = "csv", _("Connections spreadsheet (CSV)")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Not imported")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(max_length=10, choices=Format.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROFESSIONAL)
    strength = models.PositiveSmallIntegerField(choices=Strength.choices, default=Strength.CASUAL)
    data = models.BinaryField(default=bytes)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
