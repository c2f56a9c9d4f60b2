"""Forms for community events and the library's offers of support."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory.models import Organization
from allies.outreach.models import CommunityEvent, OfferStatus, SupportOffer
from allies.partnerships.forms import DATE, TEXT


def organizers_for(library, current=None):
    """The library's organizations that have a partnership (and the current organizer)."""
    query = Q(partnerships__library=library, partnerships__archived_at__isnull=True)
    if current is not None:
        query |= Q(pk=current)
    return Organization.objects.filter(query, library=library).distinct().order_by("name")


class CommunityEventForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = CommunityEvent
        fields = [
            "title",
            "organizer",
            "organizer_name",
            "starts_on",
            "ends_on",
            "place",
            "audience",
            "help_needed",
            "note",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "help_needed": TEXT,
            "note": TEXT,
        }
        labels = {"organizer": _("Organizer (a partner)")}
        help_texts = {
            "organizer": _("Choose them here when they are one of the library's partners."),
            "organizer_name": _("Otherwise type who organizes it."),
            "ends_on": _("Leave empty for a one-day event."),
            "audience": _("For example: families with young children, job seekers."),
            "help_needed": _("What they asked for or could use: space, volunteers, a table."),
        }
        error_messages = {
            "title": {"required": _("Give the event a name.")},
            "starts_on": {"required": _("Say when the event is.")},
            "organizer": {
                "invalid_choice": _("Choose one of the library's partners from the list.")
            },
        }

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        organizer = self.fields["organizer"]
        organizer.queryset = organizers_for(library, self.instance.organizer_id)
        organizer.empty_label = _("Not one of our partners")

    def clean(self):
        data = super().clean()
        if "organizer" not in self.errors and not (
            data.get("organizer") or data.get("organizer_name", "").strip()
        ):
            self.add_error(
                "organizer",
                _("Say who organizes it: choose a partner, or type their name below."),
            )
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("The last day comes before the first day. Check the two dates.")
            )
        return data


class SupportOfferForm(forms.ModelForm):
    class Meta:
        model = SupportOffer
        fields = ["offer"]
        widgets = {"offer": TEXT}
        help_texts = {"offer": _("For example: a story tent with two staff, and 200 flyers.")}
        error_messages = {"offer": {"required": _("Say what the library offers.")}}


class OfferAnswerForm(forms.Form):
    """Turned down or withdrawn; an accepted offer goes through planning its pilot."""

    status = forms.ChoiceField(
        choices=[
            (OfferStatus.TURNED_DOWN, OfferStatus.TURNED_DOWN.label),
            (OfferStatus.WITHDRAWN, OfferStatus.WITHDRAWN.label),
        ]
    )


class OrganizerChoiceForm(forms.Form):
    """For an organizer known only by name: pick them in the directory before planning a pilot."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("The organizer in the directory"),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the organizer, or add them to the directory first."),
            "invalid_choice": _("Choose an organization from the list."),
        },
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            library=library
        ).order_by("name")
