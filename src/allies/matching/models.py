"""The key partnership questions answered for a candidate, the fit weights, and a version counter
that tells every process when the data behind the fit scores has changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from allies.directory.models import Organization
from allies.libraries.models import Library
from allies.matching.scoring import DEFAULT_WEIGHTS, PARTS


@dataclass(frozen=True)
class Question:
    """One of the key partnership questions, asked in our own words."""

    number: int
    code: str
    text: str | Promise
    hint: str | Promise
    rated: bool = False
    rating_hint: str | Promise = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "perception",
        _("How do they see the library?"),
        _("What they think we do, and whether they have used or praised us."),
    ),
    Question(
        2,
        "priorities",
        _("What matters to them right now?"),
        _("Their priorities, campaigns and interests in this community."),
    ),
    Question(
        3,
        "ask",
        _("What do we need them to do?"),
        _("The concrete help we would ask for: money, equipment, a word to a decision maker."),
    ),
    Question(
        4,
        "capacity",
        _("Can they commit, and do they have the means?"),
        _("Their commitment, people, time and resources for this."),
        True,
        _("1 = little capacity, 5 = ready and able."),
    ),
    Question(
        5,
        "offer",
        _("What can the library offer them?"),
        _("Space, audiences, visibility, skills: what is in it for them."),
    ),
    Question(
        6,
        "gain",
        _("What would the library gain?"),
        _("For the library and for the people it serves."),
    ),
    Question(
        7,
        "reputation",
        _("What is their reputation?"),
        _("How the community, and our decision makers, see them."),
        True,
        _("1 = poor, 5 = excellent."),
    ),
    Question(
        8,
        "risks",
        _("What could go wrong, and how would we handle it?"),
        _("Conflicts of interest, controversy, a partner who wants control."),
        True,
        _("1 = high risk, 5 = low risk."),
    ),
    Question(
        9,
        "approach",
        _("How should we approach them?"),
        _("Who asks, where, and with which first small step."),
    ),
    Question(
        10,
        "introduction",
        _("Who could introduce us?"),
        _("Filled in from the connection paths; change it if you know better."),
    ),
)
QUESTIONS_BY_CODE = {question.code: question for question in QUESTIONS}
QUESTION_CHOICES = [(question.code, question.text) for question in QUESTIONS]
# Which rated question feeds which part of the fit score.
RATED_PARTS = {"capacity": "capacity", "reputation": "reputation", "risks": "risk"}


class Answer(models.Model):
    """The library's answer to one key question about one organization, in general or for a goal."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="answers")
    goal = models.ForeignKey(
        "goals.Goal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("Empty for an answer that holds for every goal."),
    )
    question = models.CharField(_("question"), max_length=20, choices=QUESTION_CHOICES)
    text = models.TextField(_("answer"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organization", "goal", "question"]
        verbose_name = _("answer to a key question")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "goal", "question"], name="answer_unique_per_goal"
            ),
            models.UniqueConstraint(
                fields=["organization", "question"],
                condition=models.Q(goal__isnull=True),
                name="answer_unique_general",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.question}"


def _weight_field(part: str, label) -> models.FloatField:
    return models.FloatField(label, default=DEFAULT_WEIGHTS[part])


class FitWeights(models.Model):
    """How much each part of the fit score counts for one library (0 leaves a part out)."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="fit_weights")
    audience = _weight_field("audience", _("audience reach"))
    mission = _weight_field("mission", _("their words match the goal"))
    resources = _weight_field("resources", _("resources the library lacks"))
    capacity = _weight_field("capacity", _("commitment and capacity"))
    reputation = _weight_field("reputation", _("reputation"))
    risk = _weight_field("risk", _("low risk"))
    reachability = _weight_field("reachability", _("someone can introduce us"))
    proximity = _weight_field("proximity", _("close to the library"))
    meaning = _weight_field("meaning", _("their record is close in meaning to the goal"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fit weights")
        verbose_name_plural = _("fit weights")

    def __str__(self) -> str:
        return f"{self.library}: fit weights"

    @classmethod
    def for_library(cls, library) -> dict[str, float]:
        """The library's weights as the engine wants them (defaults when never changed)."""
        row = cls.objects.filter(library_id=library.pk).values(*PARTS).first()
        return {part: float(value) for part, value in (row or DEFAULT_WEIGHTS).items()}


class FitMark(models.Model):
    """A librarian's verdict on a candidate for one goal: a good fit, or not a fit (which leaves
    the goal's ranking). Similar organizations move up or down with it; deleting it undoes it."""

    class Verdict(models.TextChoices):
        GOOD = "good", _("Good fit")
        NOT = "not", _("Not a fit")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="fit_marks")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="fit_marks"
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-marked_at", "-id"]
        verbose_name = _("fit mark")
        constraints = [
            models.UniqueConstraint(fields=["goal", "organization"], name="one_mark_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.organization} for {self.goal_id}: {self.verdict}"


class Meaning(models.Model):
    """What the sentence encoder made of an organization's record (`matching.meaning`), kept so
    that each record is read once, not on every ranking: the vector of the text with this digest.
    A cache: rebuilt when the record's text changes, and not carried by backups."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="meaning_read", primary_key=True
    )
    digest = models.CharField(max_length=120)
    vector = models.BinaryField()

    class Meta:
        verbose_name = _("closeness in meaning")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.digest}"


class WordMeaning(models.Model):
    """What the sentence encoder made of one word of the names of a library's organizations,
    kept so that each word is read once (`features.words_close_in_meaning`). A cache: the same
    for the same word, and not carried by backups."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=100)
    vector = models.BinaryField()

    class Meta:
        verbose_name = _("word read for meaning")
        constraints = [
            models.UniqueConstraint(fields=["library", "word"], name="one_reading_per_word")
        ]

    def __str__(self) -> str:
        return f"{self.library_id}: {self.word}"


class FeaturesVersion(models.Model):
    """Raised whenever something the fit scores are built from changes, so caches rebuild."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.library_id}: {self.version}"


PART_LABELS = {
    field.name: field.verbose_name for field in FitWeights._meta.fields if field.name in PARTS
}
