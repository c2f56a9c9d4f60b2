"""Forms for the pitch template and the tailored pitch."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.outreach.models import TEMPLATE_PARTS, Pitch, PitchTemplate

TEXT = forms.Textarea(attrs={"rows": 3})
MISSING = {
    "benefits_to_partner": _("what the partner gains"),
    "benefits_to_library": _("what the library gains"),
    "benefits_to_community": _("what the community gains"),
}


class PitchTemplateForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = PitchTemplate
        fields = TEMPLATE_PARTS
        widgets = dict.fromkeys(TEMPLATE_PARTS, TEXT)


class PitchForm(forms.ModelForm):
    """The pitch and the three benefits it must name: a pitch that gives the partner nothing is refused."""

    class Meta:
        model = Pitch
        fields = [
            "goal",
            "benefits_to_partner",
            "benefits_to_library",
            "benefits_to_community",
            "note",
            "text",
        ]
        widgets = {
            "benefits_to_partner": TEXT,
            "benefits_to_library": TEXT,
            "benefits_to_community": TEXT,
            "text": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "goal": _("The library goal this partner could help with, if any."),
            "benefits_to_partner": _("What they gain: lead with this, it is what they listen for."),
            "text": _("About 130 words: one minute when said aloud."),
            "note": _("For example: “shorter, for the chamber breakfast”."),
        }
        error_messages = {
            "benefits_to_partner": {
                "required": _(
                    "Say what the partner gains: a pitch with no benefit to the partner is refused."
                )
            },
            "benefits_to_library": {"required": _("Say what the library gains.")},
            "benefits_to_community": {"required": _("Say what the community gains.")},
            "text": {"required": _("Write the pitch, or draft it from the template.")},
        }

    def __init__(self, *args, library, preview_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        goals = self.fields["goal"].queryset.filter(library=library)
        self.fields["goal"].queryset = goals
        self.fields["goal"].empty_label = _("No particular goal")
        if preview_url:
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": preview_url,
                    "hx-trigger": "keyup changed delay:500ms",
                    "hx-target": "#pitch-timing",
                    "hx-swap": "outerHTML",
                    "aria-describedby": "id_text_helptext pitch-timing",
                }
            )

    def full_clean(self):
        super().full_clean()
        # The text's error is described too, once there is one (an id that exists).
        attrs = self.fields["text"].widget.attrs
        if "text" in self._errors and "pitch-timing" in attrs.get("aria-describedby", ""):
            attrs["aria-describedby"] = "id_text_helptext id_text_error pitch-timing"

    def missing_benefits(self) -> list[str]:
        """What is left to say, for the benefits left empty, in the order the page shows them."""
        return [str(phrase) for name, phrase in MISSING.items() if name in self.errors]
