"""The advocacy goal form: every choice limited to this library's own vocabularies and people."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory.models import Audience, Person, Resource
from allies.goals.models import Goal, GoalStatus


class GoalForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "statement",
            "description",
            "deadline",
            "status",
            "primary_audiences",
            "secondary_audiences",
            "decision_makers",
            "resources_needed",
        ]
        widgets = {
            "statement": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "primary_audiences": forms.CheckboxSelectMultiple,
            "secondary_audiences": forms.CheckboxSelectMultiple,
            "resources_needed": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "statement": _(
                "One sentence: what should change, and by when. For example: “Fund two more "
                "public computers before next year's budget review”."
            ),
            "description": _("Why it matters now, and what you already know about it."),
            "deadline": _("The date a decision is made, such as the budget hearing."),
            "primary_audiences": _("The people this goal serves first."),
            "secondary_audiences": _("Others who gain from it."),
            "decision_makers": _(
                "The people who decide: council members, the board, the city manager. Hold Ctrl "
                "(or ⌘) to choose several. Add people in the directory first."
            ),
            "resources_needed": _("What partners could bring to reach the goal."),
        }

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        audiences = Audience.objects.filter(library=library)
        self.fields["primary_audiences"].queryset = audiences
        self.fields["secondary_audiences"].queryset = audiences
        self.fields["decision_makers"].queryset = Person.objects.filter(library=library).only(
            "id", "name"
        )
        self.fields["resources_needed"].queryset = Resource.objects.filter(library=library)
        self.fields["status"].initial = GoalStatus.ACTIVE
        if not self.instance.pk:
            self.instance.library = library


class GoalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *GoalStatus.choices],
    )
