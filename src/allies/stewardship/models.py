"""Stewardship: the contact log, the library's own events, reminder decisions, the habit survey.

Reminders themselves are not stored: they are derived from the record (`stewardship/reminders.py`).
What is stored is what people decided about one (done, snoozed, dismissed), keyed by the reminder's
stable key, and the contacts they logged.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Library
from allies.partnerships.models import Partnership


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    CHAT = "chat", _("Informal chat")
    THANKS = "thanks", _("Thank-you sent")
    CONGRATULATIONS = "congratulations", _("Congratulations sent")
    LIBRARY_NEWS = "library_news", _("Library news shared")
    RESULTS = "results", _("Results shared")
    INVITATION = "invitation", _("Invitation sent")
    TOUR = "tour", _("Tour given")
    SPACE = "space", _("Meeting space offered or provided")
    LEADERSHIP_CHANGE = "leadership_change", _("Leadership change noted")
    PARTNER_NEWS = "partner_news", _("Partner news noted")
    SUPPORT = "support", _("Support received")
    PROBLEM = "problem", _("Problem noted")


class SupportKind(models.TextChoices):
    BUDGET_MEETING = "budget_meeting", _("Spoke at a budget meeting")
    WROTE_TO_COUNCIL = "wrote_to_council", _("Wrote to the council")
    FUNDED = "funded", _("Funded")
    VOLUNTEERED = "volunteered", _("Volunteered")
    PROMOTED = "promoted", _("Promoted the library")
    OTHER = "other", _("Other support")


class ProblemKind(models.TextChoices):
    MISCOMMUNICATION = "miscommunication", _("Miscommunication")
    CONTROLLING = "controlling", _("Partner becoming controlling")
    ONE_SIDED = "one_sided", _("One-sided")
    OBLIGATION_MISSED = "obligation_missed", _("Obligation missed")
    OTHER = "other", _("Other problem")


# Kinds that count as the library reaching out (for "keep in touch" and the chat habit).
TOUCH_KINDS = [kind for kind in ContactKind.values if kind not in ("leadership_change",)]


class Contact(models.Model):
    """One logged contact with a partner: who, what kind, when, a note."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="contacts")
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        help_text=_("The person you were in touch with, if you know."),
    )
    kind = models.CharField(_("what kind"), max_length=30, choices=ContactKind.choices)
    support_kind = models.CharField(
        _("what support"), max_length=30, choices=SupportKind.choices, blank=True
    )
    problem_kind = models.CharField(
        _("what problem"), max_length=30, choices=ProblemKind.choices, blank=True
    )
    happened_on = models.DateField(_("when"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    outcome_due_on = models.DateField(
        _("decision expected on"),
        null=True,
        blank=True,
        help_text=_("For support at a budget meeting or to the council: when the decision comes."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("contact")
        indexes = [
            models.Index(fields=["library", "happened_on"], name="contact_library_day"),
            models.Index(fields=["partnership", "happened_on"], name="contact_partnership_day"),
            models.Index(
                fields=["library", "kind", "happened_on"], name="contact_library_kind_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()} ({self.happened_on})"


class LibraryEvent(models.Model):
    """A launch or event the library is holding, to which partners should be invited."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="library_events")
    title = models.CharField(_("event"), max_length=200)
    starts_on = models.DateField(_("date"))
    description = models.TextField(_("what it is"), blank=True)
    audiences = models.ManyToManyField(
        "directory.Audience",
        verbose_name=_("who it is for"),
        blank=True,
        related_name="library_events",
        help_text=_("Partners who reach these audiences are the first to invite."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("library event")

    def __str__(self) -> str:
        return self.title


class ReminderAction(models.TextChoices):
    DONE = "done", _("Done")
    SNOOZED = "snoozed", _("Snoozed")
    DISMISSED = "dismissed", _("Dismissed")


# Where a reminder's key names a record: (the key's first word, the word before an id) -> the
# model of that id. Keys are written by the rules in reminders.py ("thank:contact:12",
# "invite:event:3:partnership:7", "commitment:5:2026-03-01").
KEY_REFERENCES = {
    ("thank", "contact"): "stewardship.contact",
    ("congratulate", "contact"): "stewardship.contact",
    ("outcome", "contact"): "stewardship.contact",
    ("leadership", "contact"): "stewardship.contact",
    ("results", "pilot"): "outreach.pilot",
    ("results", "event"): "outreach.communityevent",
    ("keep_in_touch", "partnership"): "partnerships.partnership",
    ("try_again", "partnership"): "partnerships.partnership",
    ("commitment", "commitment"): "partnerships.commitment",
    ("invite", "event"): "stewardship.libraryevent",
    ("invite", "partnership"): "partnerships.partnership",
}


class ReminderDecision(models.Model):
    """What someone decided about one derived reminder, found again by its stable key."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=30)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=20, choices=ReminderAction.choices)
    snoozed_until = models.DateField(null=True, blank=True)
    # When the reminder was due, so that reports can tell "done on time" from "done late".
    due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["library", "key"], name="reminder_decision_key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.action}"

    @staticmethod
    def renumber_ids_in_text(values: dict, new_id) -> dict:
        """The ids inside the key moved with their records when a library moves to another Allies
        (`new_id(model label, old id)`), so a reminder done before the move stays done."""
        parts = values["key"].split(":")
        for index in range(len(parts) - 1):
            label = KEY_REFERENCES.get((parts[0], parts[index]))
            if label is not None and parts[index + 1].isdigit():
                parts[index + 1] = str(new_id(label, int(parts[index + 1])))
        return {**values, "key": ":".join(parts)}


class Habit(models.TextChoices):
    THANK = "thank", _("Thank partners after they support the library")
    CONGRATULATE = "congratulate", _("Congratulate partners on their successes")
    SHARE_NEWS = "share_news", _("Share library news and results")
    INVITE = "invite", _("Invite partners to library launches and events")
    LEADERSHIP = "leadership", _("Reach out when a partner's leadership changes")
    OFFER_SPACE = "offer_space", _("Offer meeting space")
    CHAT = "chat", _("Stop and chat when you meet them")


class Frequency(models.TextChoices):
    ALWAYS = "always", _("Always")
    SOMETIMES = "sometimes", _("Sometimes")
    NEVER = "never", _("Never")


class SurveyAnswer(models.Model):
    """One staff member's answer about one habit; every answering is kept (the habits over time)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="survey_answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    habit = models.CharField(max_length=20, choices=Habit.choices)
    answer = models.CharField(max_length=20, choices=Frequency.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [
            models.Index(fields=["library", "habit", "answered_at"], name="survey_library_habit")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.habit} {self.answer}"


class StewardshipSettings(models.Model):
    """The library's numbers for reminders and habit ratings (sensible defaults, owners change them)."""

    library = models.OneToOneField(
        Library, on_delete=models.CASCADE, related_name="stewardship_settings"
    )
    keep_in_touch_days = models.PositiveIntegerField(
        _("keep in touch at least every (days)"),
        default=90,
        help_text=_(
            "A partnership with no contact for longer shows a reminder. Each partnership can differ."
        ),
    )
    thank_within_days = models.PositiveIntegerField(_("thank partners within (days)"), default=7)
    evidence_within_days = models.PositiveIntegerField(
        _("a habit counts when the follow-up comes within (days)"), default=14
    )
    always_at_percent = models.PositiveIntegerField(_("“Always” from (percent)"), default=80)
    never_below_percent = models.PositiveIntegerField(_("“Never” below (percent)"), default=20)
    updated_at = models.DateTimeField(auto_now=True)  # the version edit forms check

    class Meta:
        verbose_name = _("stewardship settings")

    def __str__(self) -> str:
        return f"{self.library}: stewardship settings"

    @classmethod
    def for_library(cls, library) -> StewardshipSettings:
        """The library's settings, or the defaults (unsaved) when it never changed them."""
        return cls.objects.filter(library=library).first() or cls(library=library)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A staff member's private calendar address. Revoking it makes the address stop working."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}: calendar feed"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
