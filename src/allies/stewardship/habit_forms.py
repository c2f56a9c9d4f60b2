"""Forms of the habits part: the staff survey, the period chooser, the stewardship settings."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.partnerships.forms import DATE
from allies.stewardship.models import Frequency, Habit, StewardshipSettings

# Each habit asked as a situation, the way the method's survey does it.
QUESTIONS = {
    Habit.THANK: _(
        "A partner speaks up for the library at a budget meeting, volunteers or gives money. "
        "Do you thank them within a week or two?"
    ),
    Habit.CONGRATULATE: _(
        "A partner wins an award, opens something new or marks an anniversary. "
        "Do you congratulate them?"
    ),
    Habit.SHARE_NEWS: _(
        "Something new happens at the library, or a project a partner helped with comes to an end. "
        "Do you tell them, and how it went?"
    ),
    Habit.INVITE: _(
        "The library is planning a launch or an event. Do you invite your partners to it?"
    ),
    Habit.LEADERSHIP: _(
        "A partner organization has a new director or chair. "
        "Do you get in touch with the new person and offer them a tour?"
    ),
    Habit.OFFER_SPACE: _(
        "A partner needs a room for a meeting or a class. Do you offer the library's space?"
    ),
    Habit.CHAT: _(
        "You run into someone from a partner organization in town. Do you stop and chat?"
    ),
}


class SurveyForm(forms.Form):
    """The seven habits, each answered Always, Sometimes or Never."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for habit in Habit:
            self.fields[habit.value] = forms.ChoiceField(
                label=QUESTIONS[habit],
                help_text=habit.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose Always, Sometimes or Never for this habit."),
                    "invalid_choice": _("Choose Always, Sometimes or Never for this habit."),
                },
            )


MAX_PERIOD_DAYS = 3660


class PeriodForm(forms.Form):
    """The period the habits are measured over; the last twelve months unless chosen."""

    since = forms.DateField(label=_("From"), widget=DATE, required=False)
    until = forms.DateField(label=_("To"), widget=DATE, required=False)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        until = cleaned.get("until") or self.today
        since = cleaned.get("since") or until - datetime.timedelta(days=365)
        if since > until:
            self.add_error("since", _("The start must be on or before the end."))
        elif (until - since).days > MAX_PERIOD_DAYS:
            self.add_error("since", _("Choose a period of ten years at most."))
        cleaned["since"], cleaned["until"] = since, until
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; call after is_valid()."""
        return self.cleaned_data["since"], self.cleaned_data["until"]


class StewardshipSettingsForm(EditConflictMixin, forms.ModelForm):
    """The library's numbers for reminders and the habit ratings."""

    class Meta:
        model = StewardshipSettings
        fields = [
            "keep_in_touch_days",
            "thank_within_days",
            "evidence_within_days",
            "always_at_percent",
            "never_below_percent",
        ]
        help_texts = {
            "thank_within_days": _("The thank-you reminder is due this many days after support."),
            "evidence_within_days": _(
                "When measuring habits, a thank-you or congratulations counts if it came this "
                "many days after the moment, or sooner."
            ),
            "always_at_percent": _("A habit followed this often or more is rated “Always”."),
            "never_below_percent": _("A habit followed less often than this is rated “Never”."),
        }

    DAY_FIELDS = ["keep_in_touch_days", "thank_within_days", "evidence_within_days"]
    PERCENT_FIELDS = ["always_at_percent", "never_below_percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DAY_FIELDS:
            self.fields[name].widget.attrs.update(min=1, max=3650)
        for name in self.PERCENT_FIELDS:
            self.fields[name].widget.attrs.update(min=0, max=100)

    def _check_range(self, name, low, high, message):
        value = self.cleaned_data.get(name)
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(message)
        return value

    def clean_keep_in_touch_days(self):
        return self._days("keep_in_touch_days")

    def clean_thank_within_days(self):
        return self._days("thank_within_days")

    def clean_evidence_within_days(self):
        return self._days("evidence_within_days")

    def _days(self, name):
        return self._check_range(name, 1, 3650, _("Enter a number of days from 1 to 3650."))

    def clean_always_at_percent(self):
        return self._percent("always_at_percent")

    def clean_never_below_percent(self):
        return self._percent("never_below_percent")

    def _percent(self, name):
        return self._check_range(name, 0, 100, _("Enter a percentage from 0 to 100."))

    def clean(self):
        cleaned = super().clean()
        always, never = cleaned.get("always_at_percent"), cleaned.get("never_below_percent")
        if always is not None and never is not None and never >= always:
            self.add_error(
                "never_below_percent",
                _("“Never” must start below where “Always” begins (%(always)s%%).")
                % {"always": always},
            )
        return cleaned
