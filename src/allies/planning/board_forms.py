"""The benefits board's edit form: the two benefit texts of every open partnership on one page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.partnerships.forms import TEXT
from allies.partnerships.models import Partnership

BOARD_FIELDS = ("benefits_to_library", "benefits_to_partner")


class BenefitsRowForm(EditConflictMixin, forms.ModelForm):
    """One row of the board. Refuses to save over someone else's newer save of the partnership."""

    class Meta:
        model = Partnership
        fields = list(BOARD_FIELDS)
        widgets = dict.fromkeys(BOARD_FIELDS, TEXT)
        labels = {
            "benefits_to_library": _("What the library receives from them"),
            "benefits_to_partner": _("What the library offers them"),
        }

    def changed_texts(self) -> list[str]:
        """The board fields whose text really changed (line endings aside)."""
        return [
            name
            for name in BOARD_FIELDS
            if _same_lines(self.cleaned_data.get(name)) != _same_lines(self.initial.get(name))
        ]


def _same_lines(value) -> str:
    return (value or "").replace("\r\n", "\n").strip()


BenefitsFormSet = forms.modelformset_factory(
    Partnership, form=BenefitsRowForm, extra=0, edit_only=True, can_delete=False
)
