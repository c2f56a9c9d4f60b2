"""Forms for introduction requests: asking a connector, recording what happened next."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from allies.outreach.introductions import DAY, NEXT_STEPS, latest_date
from allies.outreach.models import IntroductionStatus
from allies.partnerships.forms import DATE


def not_in_future(day):
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return day


class AskForm(forms.Form):
    """The message to the connector. Who is asked, and for whom, comes from the chosen path."""

    path = forms.CharField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(
        label=_("Message"),
        help_text=_(
            "A first draft in plain words. Make it yours, then copy it into an e-mail or a note."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Write the message, or start again from the draft.")},
    )
    asked_on = forms.DateField(
        label=_("Asked on"),
        help_text=_("Today, unless you already asked on another day."),
        widget=DATE,
        error_messages={"required": _("Say when you asked, for example today.")},
    )

    def __init__(self, *args, path_is_valid: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.path_is_valid = path_is_valid

    def clean_asked_on(self):
        return not_in_future(self.cleaned_data["asked_on"])

    def clean(self):
        if not self.path_is_valid:
            raise forms.ValidationError(
                _(
                    "This path is not one you can ask through. Choose a path again; your message "
                    "is kept below."
                ),
                code="path",
            )
        return super().clean()


class StepForm(forms.Form):
    """What happened next: introduced, met or declined, on which day, with a note."""

    step = forms.ChoiceField(label=_("What happened"), widget=forms.RadioSelect)
    on = forms.DateField(
        label=_("On"),
        widget=DATE,
        error_messages={"required": _("Say when it happened, for example today.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: where you met, what they said, what comes next."),
    )

    def __init__(self, *args, introduction, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.introduction = introduction
        labels = {
            IntroductionStatus.INTRODUCED: _("They introduced us"),
            IntroductionStatus.MET: _("We met"),
            IntroductionStatus.DECLINED: _("Declined: it will not happen"),
        }
        self.fields["step"].choices = [
            (step.value, labels[step]) for step in NEXT_STEPS[introduction.status]
        ]
        self.fields["step"].error_messages = {
            "required": _("Choose what happened."),
            "invalid_choice": _("That step cannot follow %(status)s. Choose another one.")
            % {"status": introduction.get_status_display()},
        }

    def clean_on(self):
        day = not_in_future(self.cleaned_data["on"])
        earliest = latest_date(self.introduction)
        if day < earliest:
            if earliest == self.introduction.asked_on:
                message = _("The date cannot be before the day we asked, %(date)s.")
            else:
                message = _("The date cannot be before the introduction, on %(date)s.")
            raise forms.ValidationError(message % {"date": date_format(earliest, DAY)})
        return day
