"""Our models' get_FOO_display() (allies.core.choices.install()) gives what Django's own gives."""

import pytest
from django.apps import apps
from django.db import models
from django.utils.translation import override

from allies.core.choices import choice_label


def django_label(instance, field):
    """Django's implementation (django/db/models/base.py), kept here to compare against."""
    from django.utils.encoding import force_str
    from django.utils.hashable import make_hashable

    value = getattr(instance, field.attname)
    choices_dict = dict(make_hashable(field.flatchoices))
    return force_str(choices_dict.get(make_hashable(value), value), strings_only=True)


def fields_with_choices():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_installed_on_our_models_only():
    ours = [
        (model, field)
        for model, field in fields_with_choices()
        if model.__module__.startswith("allies.")
    ]
    assert len(ours) > 30
    for model, field in ours:
        assert model.__dict__[f"get_{field.name}_display"].func is choice_label, (model, field)
    # Django's own class keeps its implementation.
    assert models.Model.__dict__["_get_FIELD_display"] is not choice_label


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_label_of_every_field_is_the_same(language):
    checked = 0
    with override(language):
        for model, field in fields_with_choices():
            instance = model()
            for value in [key for key, _label in field.flatchoices] + ["no such choice", None, 7]:
                setattr(instance, field.attname, value)
                assert choice_label(instance, field) == django_label(instance, field), (
                    model,
                    field.name,
                    value,
                )
                checked += 1
    assert checked > 100


def test_a_display_method_uses_it():
    from allies.partnerships.models import Partnership

    with override("fr"):
        assert Partnership(stage="pilot").get_stage_display() == str(
            dict(Partnership._meta.get_field("stage").flatchoices)["pilot"]
        )
    assert Partnership(stage="unknown").get_stage_display() == "unknown"


class _Unhashable:
    attname = "tags"
    flatchoices = [(["a", "b"], "First"), (["c"], "Second"), (["a", "b"], "Last")]


def test_unhashable_values_and_repeated_keys_as_in_django():
    instance = type("Row", (), {"tags": ["a", "b"]})()
    assert choice_label(instance, _Unhashable) == django_label(instance, _Unhashable) == "Last"
    instance.tags = ["z"]
    assert choice_label(instance, _Unhashable) == django_label(instance, _Unhashable) == "['z']"
