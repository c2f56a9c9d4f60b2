"""Forms of the trainer's pages: a new session from the standard agenda, and own material."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.workshop.models import DEFAULT_AGENDA, Part, TrainerMaterial
from allies.workshop.running import MAX_GROUPS, MIN_GROUPS

MAX_PART_MINUTES = 240
MIN_PARTNERS, MAX_PARTNERS = 3, 5


def minutes_field(part: str, minutes: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("%(part)s (minutes)") % {"part": Part(part).label},
        initial=minutes,
        min_value=1,
        max_value=MAX_PART_MINUTES,
        error_messages={
            "required": _("Give this part its minutes (1 or more)."),
            "invalid": _("Write the minutes as a whole number, such as 15."),
            "min_value": _("A part needs at least 1 minute."),
            "max_value": _("A part can last at most %(limit_value)s minutes."),
        },
        widget=forms.NumberInput(attrs={"class": "workshop-minutes", "inputmode": "numeric"}),
    )


def initial_of(workshop) -> dict:
    """A saved session as the form's initial values (its minutes by part, the standard ones if absent)."""
    minutes = {item.get("part"): item.get("minutes") for item in workshop.agenda or []}
    return {
        "title": workshop.title,
        "groups": workshop.groups,
        "max_participants": workshop.max_participants,
        "material": workshop.material_id,
        **{f"minutes_{part}": minutes.get(str(part), default) for part, default in DEFAULT_AGENDA},
    }


class WorkshopForm(forms.Form):
    """Title, the six parts' minutes, the case study groups and the material."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Participants see it when they join, e.g. “Partnerships, regional training”."),
        error_messages={"required": _("Give the session a title.")},
    )
    groups = forms.IntegerField(
        label=_("Case study groups"),
        initial=3,
        min_value=MIN_GROUPS,
        max_value=MAX_GROUPS,
        help_text=_("The room is split into this many groups for the case study (2 to 6)."),
        error_messages={
            "required": _("Say how many groups (2 to 6)."),
            "invalid": _("Write the number of groups as a whole number, 2 to 6."),
            "min_value": _("Use at least 2 groups."),
            "max_value": _("Use at most 6 groups."),
        },
    )
    max_participants = forms.IntegerField(
        label=_("Most participants"),
        initial=200,
        required=False,  # left empty: 200
        min_value=1,
        max_value=1000,
        help_text=_(
            "Who comes after this many have joined is told the session is full (1 to 1,000)."
        ),
        error_messages={
            "required": _("Say how many people may join (1 to 1,000)."),
            "invalid": _("Write the number of participants as a whole number, 1 to 1,000."),
            "min_value": _("Let at least 1 person join."),
            "max_value": _("Allow at most 1,000 participants."),
        },
    )
    material = forms.ModelChoiceField(
        label=_("Case study, examples and tips"),
        queryset=TrainerMaterial.objects.none(),
        required=False,
        empty_label=_("Standard material (Maple Ford Free Library)"),
        help_text=_("Your own versions are listed under “My material”."),
    )

    def __init__(self, *args, trainer, workshop=None, **kwargs):
        if workshop is not None:
            kwargs.setdefault("initial", initial_of(workshop))
        super().__init__(*args, **kwargs)
        # The trainer's own versions, and the one the session already uses (perhaps a colleague's).
        mine = Q(trainer=trainer)
        if workshop is not None and workshop.material_id:
            mine |= Q(pk=workshop.material_id)
        self.fields["material"].queryset = TrainerMaterial.objects.filter(mine)
        for part, minutes in DEFAULT_AGENDA:
            self.fields[f"minutes_{part}"] = minutes_field(part, minutes)
        # Title and groups first, the six parts, the material last.
        self.order_fields(
            [
                "title",
                *(f"minutes_{part}" for part, _m in DEFAULT_AGENDA),
                "groups",
                "max_participants",
                "material",
            ]
        )

    def clean_max_participants(self) -> int:
        return self.cleaned_data.get("max_participants") or 200

    def minutes_fields(self):
        return [self[f"minutes_{part}"] for part, _m in DEFAULT_AGENDA]

    def total_minutes(self) -> int:
        """The agenda's length as typed so far (parts not yet a whole number count 0)."""
        values = (str(field.value() or "").strip() for field in self.minutes_fields())
        # isdecimal: "²" is a digit int() refuses; six digits at most: int() refuses 5,000.
        return sum(int(value) for value in values if value.isdecimal() and len(value) <= 6)

    def agenda(self) -> list[dict]:
        return [
            {"part": str(part), "minutes": self.cleaned_data[f"minutes_{part}"]}
            for part, _m in DEFAULT_AGENDA
        ]


class MaterialForm(EditConflictMixin, forms.ModelForm):
    """A trainer's own version; the potential partners are edited as 3 to 5 name + description rows."""

    class Meta:
        model = TrainerMaterial
        fields = ["name", "country", "case_study", "examples", "tips"]
        widgets = {
            "case_study": forms.Textarea(attrs={"rows": 10}),
            "examples": forms.Textarea(attrs={"rows": 6}),
            "tips": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "name": _("For you only, e.g. “Kenya, county libraries 2027”."),
            "case_study": _("The library, its advocacy goal and its town, in a few paragraphs."),
            "examples": _("One example of a partnership per line."),
            "tips": _("One tip per line."),
        }
        error_messages = {
            "name": {"required": _("Give this version a name you will recognise.")},
            "case_study": {"required": _("Write the case study the groups will read.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in TEXT_LIMITS.items():  # shown on every participant's phone: no novels
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = str(limit)


TEXT_LIMITS = {"case_study": 10_000, "examples": 5_000, "tips": 5_000}


class CasePartnerForm(forms.Form):
    name = forms.CharField(label=_("Partner's name"), max_length=120, required=False)
    description = forms.CharField(
        label=_("What the groups know about them"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("description", "").strip() and not data.get("name", "").strip():
            self.add_error("name", _("Give this partner a name, or clear its description."))
        return data


class BaseCasePartnerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if len(self.partners()) < MIN_PARTNERS:
            raise forms.ValidationError(
                _("The case study needs at least %(count)d potential partners.")
                % {"count": MIN_PARTNERS}
            )

    def partners(self) -> list[dict]:
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "description": form.cleaned_data.get("description", "").strip(),
            }
            for form in self.forms
            if form.cleaned_data.get("name", "").strip()
        ]


CasePartnerFormSet = forms.formset_factory(
    CasePartnerForm,
    formset=BaseCasePartnerFormSet,
    extra=0,
    min_num=MAX_PARTNERS,
    max_num=MAX_PARTNERS,
    validate_max=True,
)


def partner_formset(data=None, partners=None) -> BaseCasePartnerFormSet:
    """Five rows, filled from `partners` (the rest empty)."""
    initial = [dict(partner) for partner in (partners or [])][:MAX_PARTNERS]
    return CasePartnerFormSet(data, initial=initial, prefix="partner")
