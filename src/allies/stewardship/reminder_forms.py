"""The questions asked before deciding about a reminder: until when to snooze it, why to dismiss
it. The pages and the API both ask them through these forms."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.partnerships.forms import DATE

SNOOZE_DAYS = 7
LONGEST_SNOOZE_DAYS = 366


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Remind me again on"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("Leave empty for a week from today."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until is None:
            return today + datetime.timedelta(days=SNOOZE_DAYS)
        if until <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if until > today + datetime.timedelta(days=LONGEST_SNOOZE_DAYS):
            raise forms.ValidationError(_("Choose a day within the next year."))
        return until


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is not needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("For example: “They asked us not to send thank-you notes.”"),
        error_messages={"required": gettext_lazy("Say why, so colleagues understand later.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why, so colleagues understand later."))
        return reason
