"""Forms for the approach plan: every step of one partnership's plan edited on one page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from allies.outreach.models import ApproachStep
from allies.partnerships.forms import DATE, MemberChoiceField, members_of

MAX_STEPS = 30


class StepForm(forms.ModelForm):
    """One step: what, what kind, who, by when, and a note."""

    class Meta:
        model = ApproachStep
        fields = ["title", "kind", "owner", "due_on", "note"]
        widgets = {"due_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": _("Step"), "kind": _("Kind of step"), "due_on": _("By when")}
        help_texts = {"title": _("What to do, in a few words.")}

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = MemberChoiceField(
            queryset=members_of(library),
            required=False,
            label=_("Who does it"),
            empty_label=_("Nobody yet"),
        )


class BasePlanFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this step")
            form.fields["DELETE"].help_text = _("It goes when you save the plan.")

    def clean(self):
        super().clean()
        for number, form in enumerate(self.initial_forms, start=1):
            # A step removed meanwhile, or an id that is not one of this plan's steps.
            if form.instance._state.adding:
                raise ValidationError(
                    _(
                        "Step %(number)s is no longer part of this plan; someone may have "
                        "removed it. Reload the page to see the plan as it is now."
                    ),
                    params={"number": number},
                )


PlanFormSet = modelformset_factory(
    ApproachStep,
    form=StepForm,
    formset=BasePlanFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_STEPS,
    validate_max=True,
    absolute_max=MAX_STEPS,
)


def plan_formset(partnership, data=None):
    """The formset over this partnership's steps, with one blank row to add a step."""
    return PlanFormSet(
        data,
        queryset=partnership.approach_steps.with_people(),
        prefix="steps",
        form_kwargs={"library": partnership.library},
    )
