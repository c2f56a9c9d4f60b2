"""The widgets drawn in Python (allies/core/widgets.py) write what Django's templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.loaders.app_directories import get_app_template_dirs
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from allies.core import widgets
from allies.core.widgets import WidgetRenderer

TRICKY = 'Fish & "Chips" <b>'


class EveryKind(forms.Form):
    text = forms.CharField(label="Text", initial=TRICKY, max_length=20)
    empty = forms.CharField(required=False)
    number = forms.IntegerField(initial=12345, min_value=0)
    decimal = forms.DecimalField(initial="3.50")
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s<e>cret")
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<safe>"))
    day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date(2026, 1, 2)
    )
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(initial=datetime.time(9, 30))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "disabled": True}))
    tick = forms.BooleanField(required=False, initial=True)
    untick = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"x": False}))
    note = forms.CharField(widget=forms.Textarea, initial="line one\n<two> & three")
    blank_note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", gettext_lazy("Today")), (3, 'Three "3"'), ("&", "<amp>")],
        initial=3,
    )
    grouped = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("Libraries", [("l1", "Branch & main"), ("l2", "Bookmobile")]),
            (gettext_lazy("Partners"), [(1, "One"), (2, "Two")]),
        ],
        initial="l2",
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")], initial=[1, 3])
    nullable = forms.NullBooleanField(required=False)


def _drawn(data, renderer):
    form = EveryKind(data, auto_id="id_%s", renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_widget_is_drawn_as_django_draws_it(bound, language):
    data = {
        "text": TRICKY,
        "number": "1234567",
        "decimal": "1234.5",
        "choice": "&",
        "grouped": "1",
        "many": ["2", "3"],
        "note": "<x>",
        "tick": "on",
        "nullable": "true",
        "when": "2026-03-04 05:06",
    }
    with override(language):
        ours = _drawn(data if bound else None, WidgetRenderer())
        theirs = _drawn(data if bound else None, DjangoTemplates())
    assert ours == theirs
    assert "&amp;" in ours["choice"] and "<optgroup" in ours["grouped"]


def test_python_drawing_is_used():
    """The fast path is taken (a regression would only make pages slower, silently)."""
    form = EveryKind()
    assert widgets.select_markup(
        form["choice"].field.widget.get_context("choice", "a", {})["widget"]
    )
    renderer = WidgetRenderer()
    renderer.get_template = None  # any use of the templates now fails
    form = EveryKind(renderer=renderer)
    for name in ("text", "choice", "note", "tick", "grouped", "many", "day", "hidden"):
        assert str(form[name])


def test_no_app_overrides_the_widget_templates():
    """The Python drawing stands for Django's own templates: an app overriding one would be
    ignored, so none may."""
    names = [*widgets.INPUTS, widgets.SELECT, widgets.OPTION, widgets.TEXTAREA]
    for folder in get_app_template_dirs("templates"):
        if "django/forms" in str(folder) or "site-packages" in str(folder):
            continue
        for name in names:
            assert not (folder / name).exists(), folder / name
    renderer = WidgetRenderer()
    for name in names:
        try:
            origin = renderer.get_template(name).origin.name
        except TemplateDoesNotExist:  # pragma: no cover - Django has them all
            continue
        assert "django/forms/templates" in origin, origin
