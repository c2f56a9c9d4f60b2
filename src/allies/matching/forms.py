"""The key questions as one form (a text and, where it makes sense, a rating per question) and the
fit weights form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.matching.models import QUESTIONS, Answer, FitWeights
from allies.matching.scoring import DEFAULT_WEIGHTS, PARTS

RATING_CHOICES = [("", _("Not rated yet"))] + [(str(n), str(n)) for n in range(1, 6)]


class AnswersForm(forms.Form):
    """Every key question about one organization (for one goal, or in general)."""

    def __init__(self, *args, answers: dict[str, Answer], **kwargs):
        initial = {}
        for code, answer in answers.items():
            initial[f"{code}_text"] = answer.text
            initial[f"{code}_rating"] = "" if answer.rating is None else str(answer.rating)
        kwargs.setdefault("initial", {}).update(
            {k: v for k, v in initial.items() if k not in kwargs.get("initial", {})}
        )
        super().__init__(*args, **kwargs)
        self.answers = answers
        for question in QUESTIONS:
            self.fields[f"{question.code}_text"] = forms.CharField(
                label=f"{question.number}. {question.text}",
                help_text=question.hint,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if question.rated:
                self.fields[f"{question.code}_rating"] = forms.TypedChoiceField(
                    label=_("Rating for question %(number)s") % {"number": question.number},
                    help_text=question.rating_hint,
                    choices=RATING_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def save(self, *, library, organization, goal, user) -> int:
        """Write what changed; an emptied answer is removed. Returns how many answers changed."""
        changed = 0
        for question in QUESTIONS:
            text = self.cleaned_data.get(f"{question.code}_text", "").strip()
            rating = self.cleaned_data.get(f"{question.code}_rating") if question.rated else None
            answer = self.answers.get(question.code)
            if not text and rating is None:
                if answer is not None:
                    answer.delete()
                    changed += 1
                continue
            if answer is not None and answer.text == text and answer.rating == rating:
                continue
            if answer is None:
                answer = Answer(
                    library=library, organization=organization, goal=goal, question=question.code
                )
            answer.text, answer.rating = text, rating
            answer.updated_by, answer.updated_at = user, timezone.now()
            answer.save()
            changed += 1
        return changed


class FitWeightsForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = FitWeights
        fields = list(PARTS)
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 10, "step": "0.5"}) for name in fields
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            weight = f"{DEFAULT_WEIGHTS[name]:g}"
            self.fields[name].help_text = _("Recommended: %(weight)s") % {"weight": weight}

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 10:
                self.add_error(name, _("Give a weight from 0 to 10."))
        if all(not cleaned.get(name) for name in self.Meta.fields if name in cleaned):
            raise forms.ValidationError(
                _("At least one part must count: give it a weight above 0.")
            )
        return cleaned
