"""Forms of recognition: choosing a kind, editing a draft, a partner's consent, the public page."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.core.languages import TranslationsFormMixin
from allies.recognition.models import ListingConsent, PublicPage, Recognition, RecognitionKind

# Far more than any draft or introduction needs; a pasted megabyte is refused, not saved.
TEXT_LIMIT = 20_000
INTRODUCTION_LIMIT = 5_000

NOT_A_WEBSITE = _("Enter a web address such as https://www.example.org (http or https only).")


class NewRecognitionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to write?"),
        choices=RecognitionKind.choices,
        widget=forms.RadioSelect,
        help_text=_("A first draft is written from the partnership's record; you edit it next."),
        error_messages={
            "required": _("Choose what you would like to write."),
            "invalid_choice": _("Choose what you would like to write."),
        },
    )


class RecognitionTextForm(EditConflictMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["text"], TEXT_LIMIT)

    class Meta:
        model = Recognition
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}
        labels = {"text": _("Draft")}
        help_texts = {
            "text": _("Rewrite it in your own voice. Fill every part in [CAPITALS] before sending.")
        }
        error_messages = {"text": {"required": _("Write the text, or go back to the partner.")}}


class ConsentForm(EditConflictMixin, TranslationsFormMixin, forms.ModelForm):
    translated_fields = {"public_sentence": "public_sentence_translations"}

    # Only web addresses a visitor can open safely: no javascript:, no ftp.
    public_website = forms.URLField(
        label=_("Public website"),
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"], message=NOT_A_WEBSITE)],
        error_messages={"invalid": NOT_A_WEBSITE},
        help_text=_("For example https://www.example.org"),
    )

    class Meta:
        model = ListingConsent
        fields = ["agreed", "public_name", "public_sentence", "public_website"]
        widgets = {"public_sentence": forms.TextInput()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agreed") and not (cleaned.get("public_sentence") or "").strip():
            self.add_error(
                "public_sentence",
                _("Say in one sentence what they do with the library: it is what the page shows."),
            )
        return cleaned


class PublicPageForm(EditConflictMixin, TranslationsFormMixin, forms.ModelForm):
    translated_fields = {"introduction": "introduction_translations"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("introduction"):
                _limit(field, INTRODUCTION_LIMIT)

    class Meta:
        model = PublicPage
        fields = ["published", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "published": _(
                "When it is published, anyone with the address can read it, without signing in."
            )
        }


def _limit(field: forms.CharField, limit: int) -> None:
    """Give a text field with no length in the model a maximum length (checked and in the HTML)."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)
