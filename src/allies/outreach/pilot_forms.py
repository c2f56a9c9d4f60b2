"""Forms for planning a pilot and for its review at the end."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.outreach.models import Pilot, PilotDecision
from allies.partnerships.forms import DATE, TEXT

ENDS_BEFORE_IT_STARTS = _("The last day comes before the first day. Check the two dates.")


class PilotForm(EditConflictMixin, forms.ModelForm):
    """What is tried, when, who does what and how we will know it worked."""

    class Meta:
        model = Pilot
        fields = [
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "library_does",
            "partner_does",
            "success_looks_like",
            "attendance",
            "outcome",
        ]
        labels = {"starts_on": _("First day"), "ends_on": _("Last day")}
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "library_does": TEXT,
            "partner_does": TEXT,
            "success_looks_like": TEXT,
            "outcome": TEXT,
        }
        help_texts = {
            "title": _("For example: “Weekly drop-ins at the shelter, spring term”."),
            "ends_on": _("For a one-off, the same day as the first."),
            "success_looks_like": _("Say it before you start: a number, or what people will say."),
            "attendance": _("How many people came. Fill it in during or after the pilot."),
            "outcome": _("What happened and what people said. Fill it in during or after."),
        }
        error_messages = {
            "title": {"required": _("Give the pilot a short name.")},
            "starts_on": {"required": _("Say when the pilot starts.")},
            "ends_on": {"required": _("Say when the pilot ends.")},
            "library_does": {"required": _("Say what the library does.")},
            "partner_does": {"required": _("Say what the partner does.")},
            "success_looks_like": {
                "required": _("Say what success looks like, so the review can tell.")
            },
        }

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", ENDS_BEFORE_IT_STARTS)
        return data


class PilotReviewForm(EditConflictMixin, forms.ModelForm):
    """At the end: how it went, then continue, grow into a formal partnership, or stop."""

    class Meta:
        model = Pilot
        fields = ["attendance", "outcome", "decision", "decision_note"]
        labels = {
            "outcome": _("How did it go?"),
            "decision": _("What next?"),
            "decision_note": _("Why, and what we learned"),
        }
        widgets = {
            "outcome": TEXT,
            "decision": forms.RadioSelect,
            "decision_note": TEXT,
        }
        help_texts = {
            "attendance": _("How many people came, if you counted."),
            "decision": _(
                "Continue keeps the partnership at Pilot; grow makes it Active; stop ends it."
            ),
            "decision_note": _("Needed when you stop: it is kept with the partnership."),
        }
        error_messages = {
            "decision": {"required": _("Choose what happens next.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ask only what is not known yet.
        for name in ["attendance", "outcome"]:
            if getattr(self.instance, name) not in (None, ""):
                del self.fields[name]
        decision = self.fields["decision"]
        decision.required = True
        decision.choices = PilotDecision.choices

    def clean(self):
        data = super().clean()
        if data.get("decision") == PilotDecision.STOP and not data.get("decision_note", "").strip():
            self.add_error(
                "decision_note",
                _("Say why you stop and what you learned: it helps the next approach."),
            )
        return data
