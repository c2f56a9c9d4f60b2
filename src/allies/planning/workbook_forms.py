"""Forms of the action plan workbook: the planning question, and one item at a time."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory.models import Organization
from allies.partnerships.models import Partnership
from allies.planning import workbook
from allies.planning.models import ActionPlan, ItemKind, Progress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BAD_DATE = _("Enter a real date, for example 2026-12-15 (year, month, day).")


# Limits on what is typed: enough for a page of thought, not a pasted book on every printout.
ANSWER_LIMIT = 5_000
WHY_LIMIT = 2_000


class AnswersForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["partners_who_could_help"]
        widgets = {"partners_who_could_help": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.fields["partners_who_could_help"]
        answer.max_length = ANSWER_LIMIT
        answer.validators.append(MaxLengthValidator(ANSWER_LIMIT))
        answer.widget.attrs["maxlength"] = str(ANSWER_LIMIT)


class PartnershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.organization.name} ({obj.get_stage_display()})"


class PlanItemForm(forms.Form):
    """One item of a plan. A new opportunity points at a prospect (or starts one for a directory
    organization); a thing to do for a partner points at a current partner and needs a date."""

    partnership = PartnershipChoice(queryset=Partnership.objects.none(), required=False)
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Or start a new prospect from the directory"),
        help_text=_("Only organizations the library has no partnership with yet."),
        error_messages={"invalid_choice": _("Choose an organization from the library's list.")},
    )
    what = forms.CharField(
        label=_("What to do"),
        max_length=300,
        error_messages={"required": _("Say what to do, in a few words.")},
    )
    why = forms.CharField(
        label=_("Why, or a note"),
        required=False,
        max_length=WHY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=DATE, error_messages={"invalid": BAD_DATE}
    )
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices)

    def __init__(self, *args, library, kind: str, item=None, **kwargs):
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "partnership": item.partnership_id,
                    "what": item.what,
                    "why": item.why,
                    "due_on": item.due_on,
                    "progress": item.current_progress,
                },
            )
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = Q(pk=item.partnership_id) if item is not None else Q(pk__in=[])
        partnership = self.fields["partnership"]
        if kind == ItemKind.OPPORTUNITY:
            choices = workbook.prospects(library)
            partnership.label = _("The prospect")
            partnership.error_messages["invalid_choice"] = _(
                "Choose one of the library's prospects."
            )
            partnership.error_messages["required"] = _("Choose a prospect.")
            self.fields["due_on"].help_text = _("Optional: when you mean to approach them.")
        else:
            choices = workbook.current_partners(library)
            partnership.label = _("The partner it is for")
            partnership.required = True
            partnership.error_messages["invalid_choice"] = _(
                "Choose one of the library's current partners."
            )
            partnership.error_messages["required"] = _("Choose the partner this is for.")
            due_on = self.fields["due_on"]
            due_on.required = True
            due_on.error_messages["required"] = _(
                "Say by when: the task shows in reminders as its day comes."
            )
            due_on.help_text = _("It shows on Today a week before, and stays there until done.")
        partnership.queryset = (
            Partnership.objects.filter(Q(pk__in=choices.values("pk")) | keep, library=library)
            .select_related("organization")
            .order_by("organization__name", "id")
        )
        if kind == ItemKind.OPPORTUNITY and item is None:
            self.fields["organization"].queryset = (
                Organization.objects.filter(library=library)
                .exclude(pk__in=Partnership.objects.for_library(library).values("organization_id"))
                .order_by("name", "id")
            )
        else:
            del self.fields["organization"]
            partnership.required = True
        if item is None:
            del self.fields["progress"]

    def clean(self):
        cleaned = super().clean()
        choosing = "organization" in self.fields
        if not choosing or self.errors.get("partnership") or self.errors.get("organization"):
            return cleaned
        chosen = [cleaned.get("partnership"), cleaned.get("organization")]
        if all(chosen):
            self.add_error("organization", _("Choose a prospect or an organization, not both."))
        elif not any(chosen):
            self.add_error(
                "partnership",
                _("Choose a prospect, or an organization from the directory to start one."),
            )
        return cleaned
