"""Forms for what each side of a partnership promised: adding, editing, marking it kept."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.partnerships.forms import DATE, TEXT
from allies.partnerships.models import Commitment, CommitmentStatus, Side


class CommitmentForm(EditConflictMixin, forms.ModelForm):
    """Who owes what by when. On edit the status can be set back, with the day it was kept."""

    class Meta:
        model = Commitment
        fields = ["owed_by", "what", "due_on", "note"]
        widgets = {"owed_by": forms.RadioSelect, "due_on": DATE, "note": TEXT}
        labels = {"owed_by": _("Who promised it")}
        help_texts = {
            "what": _("In a few words, for example: “Lend 20 chairs for the fair”."),
            "due_on": _("The day it is due. If nobody said, agree one with them."),
        }
        error_messages = {
            "owed_by": {"required": _("Say which side promised it.")},
            "what": {"required": _("Say what was promised.")},
            "due_on": {"required": _("Say by when it is due.")},
        }

    def __init__(self, *args, partner_name: str = "", editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owed_by"].choices = [
            (Side.LIBRARY, _("The library")),
            (Side.PARTNER, partner_name or _("The partner")),
        ]
        if editing:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=CommitmentStatus.choices
            )
            self.fields["done_on"] = forms.DateField(
                label=_("Kept on"),
                required=False,
                widget=DATE,
                help_text=_("Only when it was kept."),
            )
            self.initial.setdefault("status", self.instance.status)
            self.initial.setdefault("done_on", self.instance.done_on)

    def clean(self):
        cleaned = super().clean()
        if "status" not in self.fields:
            return cleaned
        status, done_on = cleaned.get("status"), cleaned.get("done_on")
        if status == CommitmentStatus.KEPT and done_on is None and "done_on" not in self.errors:
            self.add_error("done_on", _("Say on which day it was kept."))
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("The day it was kept cannot be in the future."))
        return cleaned

    def save(self, commit=True):
        if "status" in self.fields:
            self.instance.status = self.cleaned_data["status"]
            kept = self.instance.status == CommitmentStatus.KEPT
            self.instance.done_on = self.cleaned_data["done_on"] if kept else None
        return super().save(commit=commit)


class KeptForm(forms.Form):
    """The day a commitment was kept: today unless said otherwise, never in the future."""

    done_on = forms.DateField(
        label=_("Kept on"),
        widget=DATE,
        error_messages={"required": _("Say on which day it was kept.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The day it was kept cannot be in the future."))
        return done_on
