"""Forms for the directory: the organization list's filters, and the edit forms for organizations,
people, affiliations and the library's own vocabularies."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.directory import search
from allies.directory.models import (
    Affiliation,
    Audience,
    Organization,
    Person,
    Resource,
    Sector,
)
from allies.libraries.forms import clean_zip_code

NTEE_PATTERN = re.compile(r"^[A-Z]\d{2}[A-Z0-9]?$")
SORTS = {
    "name": ("name", "id"),
    "city": ("city", "name", "id"),
    "updated": ("-updated_at", "-id"),
}


def partnership_stages() -> list[tuple[str, str]]:
    """The partnership stages, read through the reverse relation so `directory` imports nothing above it."""
    partnership = Organization._meta.get_field("partnerships").related_model
    return list(partnership._meta.get_field("stage").choices)


def _options(choices, selected: str) -> str:
    """<option>s, and an <optgroup> for each group of (label, [choices]).

    Escaped here, not through format_html() per option: a few hundred cities make it the page's
    costliest piece otherwise. The same markup as Django's."""
    return "".join(
        f'<optgroup label="{escape(key)}">{_options(label, selected)}</optgroup>'
        if isinstance(label, list | tuple)
        else f'<option value="{escape(key)}"{" selected" if key == selected else ""}>'
        f"{conditional_escape(label)}</option>"
        for key, label in ((str(key), label) for key, label in choices)
    )


class QuickSelect(forms.Select):
    """A drop-down rendered in Python. Django's Select renders one template per option, which
    costs more than the whole database work of a list page once a library has a few hundred
    cities; the list page is the hot path, so its filters use this."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = _options(self.choices, selected)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, mark_safe(options))  # noqa: S308


class OrganizationFilterForm(forms.Form):
    """The GET form above the organization list: search words, filters and the sort order."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_(
            "Words in the name, mission, interests, needs, notes, city, NTEE title, or the name or "
            "role of someone there; the best matches come first."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=QuickSelect)
    audience = forms.ModelChoiceField(
        label=_("Audience they reach"),
        required=False,
        queryset=Audience.objects.none(),
        widget=QuickSelect,
    )
    resource = forms.ModelChoiceField(
        label=_("Resource they offer"),
        required=False,
        queryset=Resource.objects.none(),
        widget=QuickSelect,
    )
    city = forms.ChoiceField(label=_("City or town"), required=False, widget=QuickSelect)
    stage = forms.ChoiceField(label=_("Partnership stage"), required=False, widget=QuickSelect)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Best match (when searching), else name")),
            ("name", _("Name")),
            ("city", _("City")),
            ("updated", _("Recently updated")),
        ],
        widget=QuickSelect,
    )

    def __init__(self, data, *, library, cities: list[str]):
        super().__init__(data)
        self.library = library
        any_choice = [("", _("Any"))]
        self.fields["sector"].choices = any_choice + list(Sector.choices)
        self.fields["audience"].queryset = Audience.objects.filter(library=library)
        self.fields["audience"].empty_label = _("Any")
        self.fields["resource"].queryset = Resource.objects.filter(library=library)
        self.fields["resource"].empty_label = _("Any")
        self.fields["city"].choices = any_choice + [(city, city) for city in cities]
        self.fields["stage"].choices = any_choice + partnership_stages()

    counted: tuple[int, bool] | None = None
    too_many_to_rank = False

    def filter(self, queryset):
        """The organizations that match; an invalid filter value is ignored, never an error page."""
        self.is_valid()
        data = self.cleaned_data
        words = data.get("q") or ""
        if words.strip():
            queryset = queryset.search(words, self.library)
        if data.get("sector"):
            queryset = queryset.filter(sector=data["sector"])
        if data.get("audience"):
            queryset = queryset.filter(audiences=data["audience"])
        if data.get("resource"):
            queryset = queryset.filter(resources=data["resource"])
        if data.get("city"):
            queryset = queryset.filter(city=data["city"])
        if data.get("stage"):
            # One open partnership per organization, so this join never repeats a row.
            queryset = queryset.filter(
                partnerships__stage=data["stage"], partnerships__archived_at__isnull=True
            )
        self.too_many_to_rank = False
        self.counted = None  # (count, exact), when the ranking needed it
        if words.strip() and not data.get("sort"):
            self.counted = search.counted(queryset)
            if self.counted[1]:
                return search.with_rank(queryset, words, self.library.pk)  # best match first
            self.too_many_to_rank = True
        return queryset.order_by(*SORTS[data.get("sort") or "name"])

    @property
    def words(self) -> list[str]:
        """The words searched for, to highlight them."""
        return search.search_words(getattr(self, "cleaned_data", {}).get("q") or "")

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields if name != "sort")


class LibraryChoices(forms.ModelMultipleChoiceField):
    """Checkboxes from this library's own vocabulary; an id from anywhere else is refused."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": _("Choose from this library's list."),
        "invalid_pk_value": _("Choose from this library's list."),
    }


def _allow_longer_input(field, length: int) -> None:
    field.max_length = length
    field.widget.attrs["maxlength"] = str(length)
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(length))


class OrganizationForm(EditConflictMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address, like name@example.org")},
    )
    audiences = LibraryChoices(
        label=_("Audiences they reach"), required=False, queryset=Audience.objects.none()
    )
    resources = LibraryChoices(
        label=_("Resources and skills they could offer"),
        required=False,
        queryset=Resource.objects.none(),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "sector",
            "mission",
            "current_interests",
            "audiences",
            "resources",
            "needs",
            "website",
            "email",
            "phone",
            "address",
            "city",
            "state",
            "zip_code",
            "ntee_code",
            "ein",
            "notes",
        ]
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "current_interests": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "zip_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        labels = {"state": _("State (two letters)")}

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        self.fields["audiences"].queryset = Audience.objects.filter(library=library)
        self.fields["resources"].queryset = Resource.objects.filter(library=library)
        # People type "03-0179421", "Vermont" or "B70 " : clean those first, check the length after.
        for name in ("ein", "state", "ntee_code", "zip_code"):
            _allow_longer_input(self.fields[name], 40)
        self.fields["name"].error_messages["required"] = _("Enter the organization's name.")

    def clean_zip_code(self):
        return clean_zip_code(self.cleaned_data["zip_code"])  # 5602 is 05602, as imports read it

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and not re.fullmatch(r"[A-Z]{2}", state):
            raise forms.ValidationError(_("Enter the state's two-letter code, like VT."))
        return state

    def clean_ntee_code(self):
        code = self.cleaned_data["ntee_code"].strip().upper()
        if code and not NTEE_PATTERN.match(code):
            raise forms.ValidationError(
                _("An NTEE code is a letter and two digits, sometimes one more character: B70.")
            )
        return code

    def clean_ein(self):
        ein = self.cleaned_data["ein"].replace("-", "").replace(" ", "")
        if ein and not re.fullmatch(r"\d{9}", ein):
            raise forms.ValidationError(
                _("An EIN has nine digits, for example 03-0179421 or 030179421.")
            )
        return ein

    def save(self, commit=True):
        self.instance.library = self.library
        return super().save(commit)


class PersonForm(EditConflictMixin, forms.ModelForm):
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address, like name@example.org")},
    )

    class Meta:
        model = Person
        fields = ["name", "email", "phone", "notes"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"name": {"required": _("Enter the person's name.")}}

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library

    def save(self, commit=True):
        self.instance.library = self.library
        return super().save(commit)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AffiliationForm(forms.ModelForm):
    """A person's role at an organization, chosen among this library's organizations only.

    With thousands of organizations a drop-down is useless, so the choices are the organizations
    matching `search` (the librarian types part of the name first) plus the one already chosen.
    """

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the organization."),
            "invalid_choice": _("Choose one of this library's organizations."),
        },
    )

    class Meta:
        model = Affiliation
        fields = ["organization", "role", "started_on"]
        widgets = {"started_on": DateInput()}
        help_texts = {
            "role": _("Their title or part there: director, board member, volunteer..."),
            "started_on": _("Leave empty if you do not know."),
        }

    def __init__(self, *args, library, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(library=library)
        chosen = self.data.get(self.add_prefix("organization")) if self.is_bound else None
        shown = Q(pk__in=organizations.search(search).values("pk")[:50]) if search else Q(pk=None)
        if chosen and str(chosen).isdigit():
            shown |= Q(pk=chosen)
        self.fields["organization"].queryset = organizations.filter(shown).order_by("name")
        self.fields["organization"].empty_label = None


class AffiliationEndForm(forms.ModelForm):
    """Someone has left: the affiliation is ended (kept as former), never overwritten."""

    class Meta:
        model = Affiliation
        fields = ["ended_on"]
        widgets = {"ended_on": DateInput()}
        labels = {"ended_on": _("When did they leave?")}
        help_texts = {"ended_on": _("An approximate date is fine.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["ended_on"].error_messages["required"] = _("Enter the date they left.")
        if not self.is_bound:
            self.initial["ended_on"] = timezone.localdate()

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        started_on = self.instance.started_on
        if started_on and ended_on < started_on:
            raise forms.ValidationError(
                _("They cannot have left before they started (%(date)s)."),
                params={"date": started_on.isoformat()},
            )
        if ended_on > timezone.localdate():
            raise forms.ValidationError(_("That date is in the future; record it once they leave."))
        return ended_on


class VocabularyForm(forms.ModelForm):
    """Add or rename an audience or a resource; names must differ within the library."""

    MAX_WORDS = 50
    MAX_WORD_LENGTH = 100

    class Meta:
        fields = ["name", "words"]
        widgets = {"words": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library

    def clean_words(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["words"].splitlines()]
        lines = list(dict.fromkeys(line for line in lines if line))
        if len(lines) > self.MAX_WORDS:
            raise forms.ValidationError(
                _("Keep it to %(limit)s words or phrases (you gave %(count)s)."),
                params={"limit": self.MAX_WORDS, "count": len(lines)},
            )
        too_long = [line for line in lines if len(line) > self.MAX_WORD_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _(
                    "One word or phrase a line, each under %(limit)s characters: “%(line)s…” is longer."
                ),
                params={"limit": self.MAX_WORD_LENGTH, "line": too_long[0][:40]},
            )
        return "\n".join(lines)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        slug = slugify(name)
        if not slug:
            raise forms.ValidationError(_("Use at least one letter or digit in the name."))
        model = self._meta.model
        taken = model.objects.filter(library=self.library, slug=slug).exclude(pk=self.instance.pk)
        existing = taken.first()
        if existing is not None:
            raise forms.ValidationError(
                _("This library already has %(name)s in the list."),
                params={"name": f"“{existing.name}”"},
            )
        self.instance.slug = slug
        return name

    def save(self, commit=True):
        self.instance.library = self.library
        return super().save(commit)


def vocabulary_form_class(model):
    """A VocabularyForm bound to Audience or Resource."""
    meta = type("Meta", (VocabularyForm.Meta,), {"model": model})
    return type(f"{model.__name__}Form", (VocabularyForm,), {"Meta": meta})
