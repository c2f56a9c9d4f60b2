"""Forms for partnerships: starting one, editing it, moving it between stages, filtering the list."""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory.models import Organization, Sector
from allies.libraries.models import User
from allies.partnerships.models import DeclineReason, Partnership, Refusal, Stage, Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
TRY_AGAIN_AFTER_MONTHS = 6


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def members_of(library):
    """The people who may lead a partnership: members of this library only."""
    return User.objects.filter(memberships__library=library).order_by("full_name", "email")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name if not obj.full_name else obj.full_name


class PartnershipForm(EditConflictMixin, forms.ModelForm):
    """The partnership's own facts. Its stage changes only through MoveStageForm, so each is kept."""

    class Meta:
        model = Partnership
        fields = [
            "term",
            "lead",
            "started_on",
            "ended_on",
            "library_expects",
            "partner_expects",
            "benefits_to_library",
            "benefits_to_partner",
            "benefits_to_community",
        ]
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "library_expects": TEXT,
            "partner_expects": TEXT,
            "benefits_to_library": TEXT,
            "benefits_to_partner": TEXT,
            "benefits_to_community": TEXT,
        }
        help_texts = {
            "term": _("A one-off event, a short project, or a lasting relationship."),
            "lead": _("The staff member who keeps in touch with this partner."),
            "partner_expects": _("What they told you they hope the library will do."),
            "benefits_to_community": _("What people in town gain when you work together."),
        }

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        self.fields["lead"] = MemberChoiceField(
            queryset=members_of(library),
            required=False,
            label=_("Lead staff member"),
            help_text=self.fields["lead"].help_text,
            empty_label=_("No lead yet"),
        )
        self.fields["term"].choices = [("", _("Not decided yet")), *Term.choices]
        if self.instance.stage in (Stage.DECLINED, Stage.ENDED):
            self._add_closing_fields()

    def _add_closing_fields(self):
        """Declined and ended partnerships also show what was learned and what comes next."""
        names = [
            "lessons",
            "try_again_on" if self.instance.stage == Stage.DECLINED else "end_reason",
        ]
        for name in names:
            widget = DATE if name == "try_again_on" else TEXT
            self.fields[name] = Partnership._meta.get_field(name).formfield(widget=widget)
            self.initial[name] = getattr(self.instance, name)

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date is before the start date."))
        try_again_on = cleaned.get("try_again_on")
        changed = "try_again_on" in self.changed_data
        if changed and try_again_on and try_again_on <= timezone.localdate():
            self.add_error("try_again_on", _("The date to try again must be in the future."))
        return cleaned

    def save(self, commit=True):
        for name in ("lessons", "try_again_on", "end_reason"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        return super().save(commit=commit)


class NewPartnershipForm(PartnershipForm):
    """Start a partnership with one of this library's organizations."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Organization"),
        help_text=_("Only organizations in your directory are listed."),
        empty_label=_("Choose an organization"),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[
            (s, label) for s, label in Stage.choices if s not in (Stage.DECLINED, Stage.ENDED)
        ],
        initial=Stage.PROSPECT,
        help_text=_("Where things stand today. Later moves are recorded on the partnership page."),
    )

    field_order = ["organization", "stage"]

    def __init__(self, *args, library, organization_choices=None, **kwargs):
        super().__init__(*args, library=library, **kwargs)
        self.existing: Partnership | None = None
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(library=library).only("id", "name")
        if organization_choices == "hidden":
            field.widget = forms.HiddenInput()
        self.order_fields(self.field_order)

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        self.existing = Partnership.objects.current(self.library, organization)
        if self.existing is not None:
            raise forms.ValidationError(
                _(
                    "%(name)s already has a partnership with the library (%(stage)s). Open it "
                    "instead, or archive it first to start again."
                )
                % {"name": organization.name, "stage": self.existing.get_stage_display()}
            )
        return organization

    def find_or_start(self, *, by) -> tuple[Partnership, bool]:
        """(partnership, created): open the partnership this form describes through the one way
        to open one, `Partnership.objects.find_or_start`. Not created: the organization had one
        already (started by someone else since the form was checked); it is that one."""
        facts = {name: self.cleaned_data[name] for name in self._meta.fields}
        return Partnership.objects.find_or_start(
            self.library,
            self.cleaned_data["organization"],
            by=by,
            stage=self.cleaned_data["stage"],
            **facts,
        )


class MoveStageForm(forms.Form):
    """Move a partnership to another stage and say why. Declined and Ended ask for more."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=TEXT,
        help_text=_("A sentence for whoever reads this later. Required when the partnership ends."),
    )
    decline_reason = forms.ChoiceField(
        label=_("Why they said no"),
        required=False,
        choices=[("", _("Choose the main reason")), *DeclineReason.choices],
        help_text=_("Only when they decline. The lessons page counts these reasons."),
    )
    lessons = forms.CharField(
        label=_("What we learned"),
        required=False,
        widget=TEXT,
        help_text=_("Required when they decline or the partnership ends."),
    )
    try_again_on = forms.DateField(
        label=_("Date to try again"),
        required=False,
        widget=DATE,
        help_text=_("Only when they decline. A “no” today is often a “yes” later."),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["stage"].choices = [("", _("Choose the new stage"))] + [
            (stage, label) for stage, label in Stage.choices if stage != partnership.stage
        ]
        self.initial.setdefault(
            "try_again_on", months_later(timezone.localdate(), TRY_AGAIN_AFTER_MONTHS)
        )

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage in (Stage.DECLINED, Stage.ENDED) and not cleaned.get("lessons", "").strip():
            self.add_error(
                "lessons", _("Write down what you learned, so the next approach is wiser.")
            )
        if stage == Stage.DECLINED:
            if not cleaned.get("decline_reason"):
                self.add_error("decline_reason", _("Choose the main reason they said no."))
            try_again_on = cleaned.get("try_again_on")
            if try_again_on is None and "try_again_on" not in self.errors:
                self.add_error("try_again_on", _("Choose a date to try again."))
            elif try_again_on is not None and try_again_on <= timezone.localdate():
                self.add_error("try_again_on", _("The date to try again must be in the future."))
        if stage == Stage.ENDED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the partnership ended."))
        return cleaned

    def move(self, by):
        """Apply the move through Partnership.move_to, which keeps the stage change."""
        stage = self.cleaned_data["stage"]
        reason = self.cleaned_data["reason"].strip()
        fields = {}
        if stage in (Stage.DECLINED, Stage.ENDED):
            fields["lessons"] = self.cleaned_data["lessons"].strip()
        if stage == Stage.DECLINED:
            fields["try_again_on"] = self.cleaned_data["try_again_on"]
        if stage == Stage.ENDED:
            fields["end_reason"] = reason
        change = self.partnership.move_to(stage, by=by, reason=reason, **fields)
        if stage == Stage.DECLINED:
            Refusal.objects.create(
                library_id=self.partnership.library_id,
                partnership=self.partnership,
                reason=self.cleaned_data["decline_reason"],
                lessons=fields["lessons"],
                try_again_on=fields["try_again_on"],
                recorded_by=by,
            )
        return change


SORTS = {
    "name": ("organization__name", "id"),
    "-updated": ("-updated_at", "-id"),
    "-started": ("-started_on", "organization__name", "id"),
}


class PartnershipFilterForm(forms.Form):
    """The filters of the partners list. Invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Organization name"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    term = forms.ChoiceField(
        label=_("Term"), required=False, choices=[("", _("Any term")), *Term.choices]
    )
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("stage", _("Stage")),
            ("name", _("Organization name")),
            ("-updated", _("Recently changed")),
            ("-started", _("Recently started")),
        ],
    )
    archived = forms.BooleanField(label=_("Show archived partnerships"), required=False)

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            *((str(u.pk), u.full_name or u.display_name) for u in members_of(library)),
        ]

    def filter(self, queryset, user):
        """Apply the valid filters to `queryset` (already limited to the library)."""
        data = self.cleaned_data if self.is_valid() else {}
        queryset = (
            queryset.archived()
            if data.get("archived")
            else queryset.filter(archived_at__isnull=True)
        )
        if text := data.get("q", "").strip():
            for word in text.split()[:8]:
                queryset = queryset.filter(organization__name__icontains=word)
        for name in ("stage", "term"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("sector"):
            queryset = queryset.filter(organization__sector=data["sector"])
        if data.get("lead") == "me":
            queryset = queryset.filter(lead=user)
        elif data.get("lead"):
            queryset = queryset.filter(lead_id=data["lead"])
        sort = data.get("sort") or "stage"
        if sort == "stage":
            return queryset.in_pipeline_order()
        return queryset.order_by(*SORTS[sort])
