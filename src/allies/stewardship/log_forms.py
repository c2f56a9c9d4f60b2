"""Forms of the contact log and of the library's own events."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory.models import Affiliation, Audience, Person
from allies.libraries.models import User
from allies.partnerships.forms import DATE, TEXT, MemberChoiceField, members_of
from allies.partnerships.models import OPEN_STAGES, Partnership
from allies.stewardship.models import Contact, ContactKind, LibraryEvent, SupportKind

# Above this many open partnerships the log form asks for a search instead of a long select.
SELECT_LIMIT = 300
NOTE_LIMIT = 5000  # a line or two; a pasted megabyte is refused at the field
EARLIEST = datetime.date(1900, 1, 1)
# Support whose outcome is a decision someone takes later (the results reminder waits for it).
DECISION_SUPPORT = (SupportKind.BUDGET_MEETING, SupportKind.WROTE_TO_COUNCIL)


def open_partnerships(library):
    """The partnerships a contact can be logged with: this library's, open and not archived."""
    return (
        Partnership.objects.for_library(library)
        .open()
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def people_at(partnership):
    """People currently affiliated with the partnership's organization."""
    return (
        Person.objects.filter(
            library_id=partnership.library_id,
            affiliations__organization_id=partnership.organization_id,
            affiliations__ended_on__isnull=True,
        )
        .distinct()
        .order_by("name", "id")
    )


class PartnershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organization.name


class ContactForm(EditConflictMixin, forms.ModelForm):
    """Who, what kind, when, a note: the fields a librarian fills in seconds."""

    class Meta:
        model = Contact
        fields = [
            "partnership",
            "person",
            "kind",
            "support_kind",
            "problem_kind",
            "happened_on",
            "note",
            "outcome_due_on",
        ]
        widgets = {"happened_on": DATE, "outcome_due_on": DATE, "note": TEXT}
        labels = {
            "partnership": _("Partner"),
            "person": _("Who you were in touch with"),
            "kind": _("What kind of contact"),
            "support_kind": _("What support they gave"),
            "problem_kind": _("What problem"),
            "happened_on": _("When"),
            "note": _("Note"),
            "outcome_due_on": _("Decision expected on"),
        }
        help_texts = {
            "person": _("Leave empty when it was the organization as a whole."),
            "support_kind": _("Only for support received."),
            "problem_kind": _("Only for a problem noted."),
            "note": _("A line or two for whoever picks this up next."),
            "outcome_due_on": _(
                "Only for support at a budget meeting or to the council: when the decision "
                "comes, so you can tell them how it went."
            ),
        }
        error_messages = {
            "partnership": {
                "required": _("Choose the partner you were in touch with."),
                "invalid_choice": _("Choose one of the library's open partnerships."),
            },
            "kind": {"required": _("Choose what kind of contact it was.")},
            "happened_on": {"required": _("Say when it happened.")},
        }

    def __init__(self, *args, library, partnership=None, search=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        field = self.fields["partnership"] = PartnershipChoiceField(
            queryset=open_partnerships(library),
            label=self.fields["partnership"].label,
            error_messages=self.fields["partnership"].error_messages,
            empty_label=_("Choose a partner"),
        )
        if partnership is not None and partnership.stage not in OPEN_STAGES:
            # Chosen on purpose from a declined or ended partnership's page.
            field.queryset = (
                Partnership.objects.for_library(library)
                .filter(Q(stage__in=OPEN_STAGES) | Q(pk=partnership.pk))
                .select_related("organization")
                .order_by("organization__name", "id")
            )
        if self.instance.pk:
            # An existing contact keeps its partner even when that partnership has since closed.
            field.queryset = (
                Partnership.objects.filter(library=library)
                .filter(
                    Q(pk=self.instance.partnership_id)
                    | Q(archived_at__isnull=True, stage__in=OPEN_STAGES)
                )
                .select_related("organization")
                .order_by("organization__name", "id")
            )
        if search:
            field.widget = forms.HiddenInput()
        self.chosen = partnership or self._chosen_partnership()
        person = self.fields["person"]
        person.label_from_instance = lambda obj: obj.name
        person.empty_label = _("Not a particular person")
        person.error_messages["invalid_choice"] = _(
            "Choose someone who works at this partner now, or leave it empty."
        )
        if self.chosen is not None:
            person.queryset = people_at(self.chosen)
            if self.instance.person_id:  # someone who has since left stays on their contact
                person.queryset = Person.objects.filter(
                    Q(pk__in=person.queryset.values("pk")) | Q(pk=self.instance.person_id),
                    library=library,
                ).order_by("name", "id")
        else:
            person.queryset = Person.objects.filter(library=library)
            person.choices = self._people_at_open_partners()
        for name in ("support_kind", "problem_kind"):
            self.fields[name].choices = [("", _("Choose one")), *self.fields[name].choices[1:]]
        self.fields["kind"].choices = [("", _("Choose the kind")), *ContactKind.choices]
        self.fields["happened_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["note"].widget.attrs["maxlength"] = str(NOTE_LIMIT)
        self.fields["note"].validators.append(MaxLengthValidator(NOTE_LIMIT))

    def _chosen_partnership(self):
        value = self.data.get(self.add_prefix("partnership")) if self.is_bound else None
        value = value or self.initial.get("partnership") or self.instance.partnership_id
        if value is None or not str(getattr(value, "pk", value)).isdigit():
            return None
        return self.fields["partnership"].queryset.filter(pk=getattr(value, "pk", value)).first()

    def _people_at_open_partners(self):
        """Without a partner chosen yet (and no JavaScript to narrow it): everyone at an open
        partner, with their organization, at most SELECT_LIMIT."""
        affiliations = (
            Affiliation.objects.current()
            .filter(
                person__library=self.library,
                organization__partnerships__in=open_partnerships(self.library),
            )
            .select_related("person", "organization")
            .order_by("person__name", "person_id")[:SELECT_LIMIT]
        )
        choices, seen = [("", _("Not a particular person"))], set()
        for affiliation in affiliations:
            if affiliation.person_id not in seen:
                seen.add(affiliation.person_id)
                label = f"{affiliation.person.name} ({affiliation.organization.name})"
                choices.append((affiliation.person_id, label))
        return choices

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The day cannot be in the future. Log it once it happened.")
            )
        if day < EARLIEST:
            raise forms.ValidationError(_("The day is too long ago. Check the year."))
        return day

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ContactKind.SUPPORT:
            if not cleaned.get("support_kind") and "support_kind" not in self.errors:
                self.add_error("support_kind", _("Say what support they gave."))
        else:
            cleaned["support_kind"] = ""
        if kind == ContactKind.PROBLEM:
            if not cleaned.get("problem_kind") and "problem_kind" not in self.errors:
                self.add_error("problem_kind", _("Say what the problem was."))
        else:
            cleaned["problem_kind"] = ""
        outcome = cleaned.get("outcome_due_on")
        if outcome:
            if cleaned.get("support_kind") not in DECISION_SUPPORT:
                self.add_error(
                    "outcome_due_on",
                    _(
                        "A decision date is only for support at a budget meeting or to the "
                        "council. Leave it empty for this contact."
                    ),
                )
            elif cleaned.get("happened_on") and outcome < cleaned["happened_on"]:
                self.add_error(
                    "outcome_due_on", _("The decision comes after the support. Check the date.")
                )
        return cleaned

    def save(self, commit=True):
        self.instance.library = self.library
        self.instance.support_kind = self.cleaned_data["support_kind"]
        self.instance.problem_kind = self.cleaned_data["problem_kind"]
        return super().save(commit=commit)

    def log(self, *, by) -> Contact:
        """Save a new contact as logged by `by`: the page's quick log and the API both log this way."""
        contact = self.save(commit=False)
        contact.logged_by = by
        contact.save()
        return contact


class ContactFilterForm(forms.Form):
    """The filters of the library's contact log. Invalid values are ignored, never an error page."""

    partnership = PartnershipChoiceField(
        label=_("Partner"), required=False, queryset=Partnership.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    logged_by = MemberChoiceField(
        label=_("Logged by"), required=False, queryset=User.objects.none()
    )
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = (
            Partnership.objects.filter(library=library)
            .select_related("organization")
            .order_by("organization__name", "id")
        )
        self.fields["partnership"].empty_label = _("All partners")
        self.fields["kind"].choices = [("", _("All kinds")), *ContactKind.choices]
        self.fields["logged_by"].queryset = members_of(library)
        self.fields["logged_by"].empty_label = _("Anyone")

    def filter(self, queryset):
        """Apply the valid filters to `queryset` (already limited to the library)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "partnership" in data:
            queryset = queryset.filter(partnership=data["partnership"])
        if "kind" in data:
            queryset = queryset.filter(kind=data["kind"])
        if "logged_by" in data:
            queryset = queryset.filter(logged_by=data["logged_by"])
        if "since" in data:
            queryset = queryset.filter(happened_on__gte=data["since"])
        if "until" in data:
            queryset = queryset.filter(happened_on__lte=data["until"])
        return queryset


class LibraryEventForm(EditConflictMixin, forms.ModelForm):
    """A launch or event of the library's own; partners who reach its audiences get invited."""

    class Meta:
        model = LibraryEvent
        fields = ["title", "starts_on", "description", "audiences"]
        widgets = {
            "starts_on": DATE,
            "description": TEXT,
            "audiences": forms.CheckboxSelectMultiple,
        }
        labels = {"title": _("Event"), "starts_on": _("Date")}
        help_texts = {
            "title": _("For example: “Opening of the new teen room”."),
            "description": _("A sentence or two you could paste into an invitation."),
        }
        error_messages = {
            "title": {"required": _("Give the event a name.")},
            "starts_on": {"required": _("Say when the event is.")},
        }

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        self.fields["audiences"].queryset = Audience.objects.filter(library=library)

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        new_or_moved = self.instance.pk is None or "starts_on" in self.changed_data
        if new_or_moved and day < timezone.localdate():
            raise forms.ValidationError(
                _("This date has passed. Partners are invited to events still to come.")
            )
        return day

    def save(self, commit=True):
        self.instance.library = self.library
        return super().save(commit=commit)
