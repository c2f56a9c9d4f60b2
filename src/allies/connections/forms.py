"""Forms for recording connections, the worksheet, imports and asking a colleague."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.connections.models import Connection, ContactImport, Kind, Strength
from allies.core.concurrency import EditConflictMixin
from allies.directory.importing.reading import too_large
from allies.directory.models import Person

STRENGTH_HINT = gettext_lazy("How well do they know each other? Pick the sentence that fits best.")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name} ({person.email})" if person.email else person.name


class ConnectionForm(forms.Form):
    """Two people of this library's directory and how they know each other.

    The people are picked by type-ahead, never from a list of the whole directory: the form offers
    as radio buttons only me and whoever is already chosen; the search adds its matches next to
    them. Any id sent back is checked against this library's directory.
    """

    PEOPLE = ("person", "other")

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        label=gettext_lazy("Who"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose who knows them.")},
    )
    other = PersonChoiceField(
        queryset=Person.objects.none(),
        label=gettext_lazy("Knows"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Search the directory and choose the person.")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("How they know each other"), choices=Kind.choices)
    strength = forms.TypedChoiceField(
        label=gettext_lazy("How well they know each other"),
        choices=Strength.choices,
        coerce=int,
        initial=Strength.FRIENDLY,
        widget=forms.RadioSelect,
        help_text=STRENGTH_HINT,
    )
    since = forms.DateField(
        label=gettext_lazy("Since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("When they met, if you know (for example 2019-05-01)."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared = forms.BooleanField(
        label=gettext_lazy("Share with the library"),
        required=False,
        help_text=gettext_lazy("Colleagues see shared connections; the others stay yours alone."),
    )

    def __init__(self, *args, library, me, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(library=library)
        picked = {name: _person_id(self[name].value()) for name in self.PEOPLE}
        found = {p.pk: p for p in people.filter(pk__in={me.pk, *picked.values()} - {None})}
        offered = {
            "person": [me]
            + [found[pk] for pk in [picked["person"]] if pk in found and pk != me.pk],
            "other": [found[pk] for pk in [picked["other"]] if pk in found],
        }
        self.offered_ids = {name: {p.pk for p in offered[name]} for name in self.PEOPLE}
        for name in self.PEOPLE:
            self.fields[name].queryset = people  # validation: any person of this library
            self.fields[name].choices = [(p.pk, _label(p, me)) for p in offered[name]]

    @classmethod
    def initial_from(cls, data, me, *, redraw: bool = False) -> dict:
        """On a redraw ("Find" without JavaScript) everything typed so far; otherwise me as the
        first person and `?other=` (or `?person=`, as links from a person's page say) as the second."""
        if not redraw:
            return {"person": me.pk, "other": data.get("other") or data.get("person")}
        initial = {name: data[name] for name in cls.base_fields if data.get(name)}
        initial.setdefault("person", me.pk)
        initial["shared"] = bool(data.get("shared"))
        return initial

    def clean(self):
        cleaned = super().clean()
        one, other = cleaned.get("person"), cleaned.get("other")
        if one and other and one.pk == other.pk:
            self.add_error(
                "other", _("A person cannot be connected to themselves: choose someone else.")
            )
        return cleaned

    def connection_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("kind", "strength", "since", "note", "shared")}


def _person_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _label(person, me) -> str:
    if person.pk == me.pk:
        return _("%(name)s (you)") % {"name": person.name}
    return f"{person.name} ({person.email})" if person.email else person.name


class EditConnectionForm(EditConflictMixin, forms.ModelForm):
    """Change how two people know each other (the pair itself stays)."""

    class Meta:
        model = Connection
        fields = ["kind", "strength", "since", "note", "shared"]
        widgets = {
            "strength": forms.RadioSelect,
            "since": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"strength": STRENGTH_HINT}


class WorksheetForm(forms.Form):
    """The worksheet's fast add: someone from the directory, or a new person typed on the fly."""

    known_by = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=gettext_lazy("Who knows them"),
        empty_label=None,
        help_text=gettext_lazy("You, or someone already on your worksheet."),
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.RadioSelect
    )
    new_name = forms.CharField(
        label=gettext_lazy("Or add a new person: name"), max_length=200, required=False
    )
    new_organization = forms.CharField(
        label=gettext_lazy("Organization they belong to"), max_length=300, required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("How they know each other"), choices=Kind.choices)
    strength = forms.TypedChoiceField(
        label=gettext_lazy("How well they know each other"),
        choices=Strength.choices,
        coerce=int,
        initial=Strength.FRIENDLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, library, known_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["known_by"].queryset = known_by
        self.fields["person"].queryset = Person.objects.filter(library=library)

    def clean(self):
        cleaned = super().clean()
        person, name = cleaned.get("person"), cleaned.get("new_name", "").strip()
        if not person and not name:
            self.add_error(
                "new_name",
                _("Choose a person from the directory, or type the name of a new person."),
            )
        if person and name:
            self.add_error(
                "new_name",
                _("Either choose a person from the directory or type a new name, not both."),
            )
        known_by = cleaned.get("known_by")
        if person and known_by and person.pk == known_by.pk:
            self.add_error(
                "person", _("A person cannot be connected to themselves: choose someone else.")
            )
        return cleaned


class ImportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=gettext_lazy("What does the file hold?"),
        choices=ContactImport.Format.choices,
        initial=ContactImport.Format.VCARD,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose the file to import."),
            "empty": gettext_lazy(
                "The file is empty. Choose the file your phone or mail program exported."
            ),
        },
        help_text=gettext_lazy(
            "Contacts: a .vcf file exported by your phone or mail program. Connections: a CSV "
            "file with the columns person, other person, kind, strength, since, note, shared. "
            "At most 20 MB."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("How you know these contacts"),
        choices=Kind.choices,
        initial=Kind.PROFESSIONAL,
        help_text=gettext_lazy(
            "For contacts: used for every contact in the file; you can change each one later."
        ),
    )
    strength = forms.TypedChoiceField(
        label=gettext_lazy("How well you know them"),
        choices=Strength.choices,
        coerce=int,
        initial=Strength.CASUAL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("For contacts: used for every contact in the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = too_large(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class AnswerForm(forms.Form):
    """The colleague's answer: share some of their private connections, or decline."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[
            ("share", gettext_lazy("Share the connections I tick below with the library")),
            ("decline", gettext_lazy("Decline")),
        ],
        widget=forms.RadioSelect,
        initial="share",
    )
    connections = forms.ModelMultipleChoiceField(
        queryset=Connection.objects.none(),
        label=gettext_lazy("Connections that lead there"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    answer = forms.CharField(
        label=gettext_lazy("A word for your colleague"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connections"].queryset = candidates
        self.fields["connections"].label_from_instance = str

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "share" and not cleaned.get("connections"):
            self.add_error("connections", _("Tick the connections to share, or choose “Decline”."))
        return cleaned
