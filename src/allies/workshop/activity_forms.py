"""The forms participants fill in during the session, one per activity, each capping every text.

Every form has the activity's key as its prefix, so several activities of one part can sit on the
room page without their fields' ids colliding. `data_for_storage()` returns what a Contribution (or
the group's answer, or the anonymous feedback) keeps.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from allies.connections.models import Kind
from allies.matching.models import QUESTIONS
from allies.stewardship.models import Frequency, Habit

NAME = 120
SHORT = 300
LONG = 1500
TREE_SIZE = 10
OPPORTUNITIES = 2
FOR_PARTNERS = 3
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _limit_text(max_length: int):
    return format_lazy(_("Up to {limit} characters."), limit=max_length)


def _text(label, *, max_length=LONG, required=False, help_text="", area=True):
    # The limit is said before anyone types, and (workshop.js) when a paste reaches it, since the
    # browser cuts what goes past `maxlength` without a word.
    said = format_lazy("{} {}", help_text, _limit_text(max_length)) if help_text else None
    reached = format_lazy(
        _(
            "You reached the limit of {limit} characters: anything past it was not kept. "
            "Shorten it, or keep the rest for your notes."
        ),
        limit=max_length,
    )
    widget = forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput()
    widget.attrs["data-limit-message"] = reached
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=said or _limit_text(max_length),
        widget=widget,
        error_messages={
            "required": _("Write a name here."),
            "max_length": _("Keep it under %(limit_value)d characters (it has %(show_value)d)."),
        },
    )


class ActivityForm(forms.Form):
    key = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.key)
        super().__init__(*args, **kwargs)

    def data_for_storage(self) -> dict:
        return dict(self.cleaned_data)


class BenefitEntryForm(ActivityForm):
    key = "benefits_board"
    partner = _text(
        _("A partner (or a kind of partner)"), max_length=NAME, required=True, area=False
    )
    receives = _text(_("What the library receives from them"), max_length=SHORT)
    offers = _text(_("What the library offers them"), max_length=SHORT)

    def clean(self):
        data = super().clean()
        if not (data.get("receives") or "").strip() and not (data.get("offers") or "").strip():
            raise forms.ValidationError(
                _("Write what the library receives, what it offers, or both.")
            )
        return data


class ConnectionTreeForm(ActivityForm):
    """A potential partner at the base and up to ten people who could help reach them.

    A person reached through someone else on the tree names that person in "through whom": the
    second level of the tree.
    """

    key = "connection_tree"
    partner = _text(
        _("The potential partner at the base of your tree"),
        max_length=NAME,
        required=True,
        area=False,
        help_text=_("An organization or person who could help with your advocacy goal."),
    )
    share = forms.BooleanField(
        label=_("Let the trainer show the names on my tree to the room"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(TREE_SIZE):
            self.fields[f"name_{number}"] = forms.CharField(
                label=_("Person %(number)s") % {"number": number + 1},
                max_length=NAME,
                required=False,
            )
            self.fields[f"how_{number}"] = forms.ChoiceField(
                label=_("How you know person %(number)s") % {"number": number + 1},
                choices=[("", _("Choose…")), *Kind.choices],
                required=False,
            )
            self.fields[f"through_{number}"] = forms.CharField(
                label=_("Person %(number)s: through whom") % {"number": number + 1},
                max_length=NAME,
                required=False,
            )

    @property
    def rows(self):
        return [
            (self[f"name_{n}"], self[f"how_{n}"], self[f"through_{n}"]) for n in range(TREE_SIZE)
        ]

    @property
    def rows_shown(self) -> int:
        """How many rows to show open on a phone: those written in, and two more (at least four);
        the others wait behind "more people"."""
        written = [n for n in range(TREE_SIZE) if self[f"name_{n}"].value()]
        return max(4, (written[-1] + 1 if written else 0) + 2)

    def clean(self):
        data = super().clean()
        names = {
            (data.get(f"name_{n}") or "").strip().casefold()
            for n in range(TREE_SIZE)
            if (data.get(f"name_{n}") or "").strip()
        }
        for number in range(TREE_SIZE):
            name = (data.get(f"name_{number}") or "").strip()
            through = (data.get(f"through_{number}") or "").strip()
            if not name and (through or data.get(f"how_{number}")):
                self.add_error(f"name_{number}", _("Write this person's name, or clear the row."))
            if through and through.casefold() not in names - {name.casefold()}:
                self.add_error(
                    f"through_{number}",
                    _("Write the name of someone else on your tree, or leave this empty."),
                )
        return data

    def data_for_storage(self) -> dict:
        data = self.cleaned_data
        people = []
        for number in range(TREE_SIZE):
            name = data[f"name_{number}"].strip()
            if name:
                people.append(
                    {
                        "name": name,
                        "how": data[f"how_{number}"] or str(Kind.OTHER),
                        "through": data[f"through_{number}"].strip(),
                    }
                )
        return {"partner": data["partner"].strip(), "share": data["share"], "people": people}

    @classmethod
    def initial_from(cls, stored: dict) -> dict:
        initial = {"partner": stored.get("partner", ""), "share": stored.get("share", False)}
        for number, person in enumerate(stored.get("people", [])[:TREE_SIZE]):
            initial[f"name_{number}"] = person.get("name", "")
            initial[f"how_{number}"] = person.get("how", "")
            initial[f"through_{number}"] = person.get("through", "")
        return initial


class KeyQuestionsForm(ActivityForm):
    """The key partnership questions the product asks about every candidate (matching.models)."""

    key = "key_questions"
    partner = _text(
        _("The potential partner you are thinking about"),
        max_length=NAME,
        required=True,
        area=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.code] = _text(question.text, help_text=question.hint)

    def data_for_storage(self) -> dict:
        data = self.cleaned_data
        return {
            "partner": data["partner"].strip(),
            "answers": {q.code: data[q.code].strip() for q in QUESTIONS if data[q.code].strip()},
        }

    @classmethod
    def initial_from(cls, stored: dict) -> dict:
        return {"partner": stored.get("partner", ""), **stored.get("answers", {})}


class CaseStudyForm(ActivityForm):
    """The group's shared answer to the case study."""

    key = "case_study"
    partner = _text(
        _("Which potential partner could best help the library reach its goal?"),
        max_length=NAME,
        required=True,
        area=False,
    )
    why = _text(_("Why is this partner a good fit?"))
    to_library = _text(_("What would the library gain?"))
    to_partner = _text(_("What can the library offer this partner?"))
    steps = _text(
        _("The steps you would take to build the partnership"),
        help_text=_("One step a line, the first one first."),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        if partners:
            self.fields["partner"] = forms.ChoiceField(
                label=self.fields["partner"].label,
                error_messages={"required": _("Choose the partner your group picked.")},
                choices=[("", _("Choose a partner…")), *((name, name) for name in partners)],
            )


class SurveyForm(ActivityForm):
    """The seven habits of the partnership assessment survey, each Always, Sometimes or Never."""

    key = "survey"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for habit in Habit:
            self.fields[habit.value] = forms.ChoiceField(
                label=habit.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose Always, Sometimes or Never.")},
            )


class PlanningForm(ActivityForm):
    """The partnership planning questions: who could help and why, two new opportunities to explore
    and three things to do for current partners, each with an optional date."""

    key = "planning"
    partners_who_could_help = _text(_("Which partners could help you reach your goal, and why?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, OPPORTUNITIES + 1):
            self.fields[f"opportunity_{number}"] = _text(
                _("New opportunity %(number)s: the organization") % {"number": number},
                max_length=NAME,
                area=False,
            )
            self.fields[f"opportunity_{number}_why"] = _text(
                _("Opportunity %(number)s: why them, and a first step") % {"number": number},
                max_length=SHORT,
                area=False,
            )
            self.fields[f"opportunity_{number}_due"] = _date(
                _("Opportunity %(number)s: by when") % {"number": number}
            )
        for number in range(1, FOR_PARTNERS + 1):
            self.fields[f"partner_{number}"] = _text(
                _("Current partner %(number)s") % {"number": number}, max_length=NAME, area=False
            )
            self.fields[f"partner_{number}_what"] = _text(
                _("Current partner %(number)s: what you will do for them") % {"number": number},
                max_length=SHORT,
                area=False,
            )
            self.fields[f"partner_{number}_due"] = _date(
                _("Current partner %(number)s: by when") % {"number": number}
            )

    @property
    def opportunity_rows(self):
        return [
            (self[f"opportunity_{n}"], self[f"opportunity_{n}_why"], self[f"opportunity_{n}_due"])
            for n in range(1, OPPORTUNITIES + 1)
        ]

    @property
    def partner_rows(self):
        return [
            (self[f"partner_{n}"], self[f"partner_{n}_what"], self[f"partner_{n}_due"])
            for n in range(1, FOR_PARTNERS + 1)
        ]

    def clean(self):
        data = super().clean()
        for number in range(1, FOR_PARTNERS + 1):
            if (data.get(f"partner_{number}_what") or "").strip() and not (
                data.get(f"partner_{number}") or ""
            ).strip():
                self.add_error(f"partner_{number}", _("Name the partner this is for."))
        for number in range(1, OPPORTUNITIES + 1):
            if (data.get(f"opportunity_{number}_why") or "").strip() and not (
                data.get(f"opportunity_{number}") or ""
            ).strip():
                self.add_error(f"opportunity_{number}", _("Name the organization."))
        return data

    def data_for_storage(self) -> dict:
        data = self.cleaned_data

        def day(value):
            return value.isoformat() if value else ""

        return {
            "partners_who_could_help": data["partners_who_could_help"].strip(),
            "opportunities": [
                {
                    "partner": data[f"opportunity_{n}"].strip(),
                    "why": data[f"opportunity_{n}_why"].strip(),
                    "due_on": day(data[f"opportunity_{n}_due"]),
                }
                for n in range(1, OPPORTUNITIES + 1)
                if data[f"opportunity_{n}"].strip()
            ],
            "for_partners": [
                {
                    "partner": data[f"partner_{n}"].strip(),
                    "what": data[f"partner_{n}_what"].strip(),
                    "due_on": day(data[f"partner_{n}_due"]),
                }
                for n in range(1, FOR_PARTNERS + 1)
                if data[f"partner_{n}"].strip()
            ],
        }

    @classmethod
    def initial_from(cls, stored: dict) -> dict:
        initial = {"partners_who_could_help": stored.get("partners_who_could_help", "")}
        for number, row in enumerate(stored.get("opportunities", [])[:OPPORTUNITIES], start=1):
            initial[f"opportunity_{number}"] = row.get("partner", "")
            initial[f"opportunity_{number}_why"] = row.get("why", "")
            initial[f"opportunity_{number}_due"] = row.get("due_on") or None
        for number, row in enumerate(stored.get("for_partners", [])[:FOR_PARTNERS], start=1):
            initial[f"partner_{number}"] = row.get("partner", "")
            initial[f"partner_{number}_what"] = row.get("what", "")
            initial[f"partner_{number}_due"] = row.get("due_on") or None
        return initial


def _date(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


RECOMMEND_CHOICES = [("yes", _("Yes")), ("maybe", _("Not sure")), ("no", _("No"))]
RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(ActivityForm):
    """The anonymous session feedback: nothing here names the person who gives it."""

    key = "feedback"
    most_useful = _text(_("What was most useful?"))
    improve = _text(_("What should we improve?"))
    rating = forms.ChoiceField(
        label=_("How would you rate the session? (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    recommend = forms.ChoiceField(
        label=_("Would you recommend it to a colleague?"),
        choices=RECOMMEND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you would recommend it.")},
    )

    def data_for_storage(self) -> dict:
        data = self.cleaned_data
        return {
            "most_useful": data["most_useful"].strip(),
            "improve": data["improve"].strip(),
            "rating": int(data["rating"]),
            "recommend": data["recommend"],
        }


FORMS = {
    form.key: form
    for form in (
        BenefitEntryForm,
        ConnectionTreeForm,
        KeyQuestionsForm,
        CaseStudyForm,
        SurveyForm,
        PlanningForm,
        FeedbackForm,
    )
}
