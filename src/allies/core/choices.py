"""A choice's label (`get_stage_display()` and its kin) without translating every other label.

Django's `get_FOO_display()` builds a dict of all the field's choices on every call, and building
it hashes each lazy label, which translates it: 60 µs for a partnership's stage, 110 µs for a
contact's kind on this machine, and a partnership's page asks 35 of them. Django lets a model
define its own `get_FOO_display()`; `install()` (run by the project's AppConfig) gives each of
Allies' models, for each field with choices that does not define one, a method that scans for
the one choice and translates it alone: the same label (the last of equal keys wins, as in the
dict), about ten times faster. Django's own classes are left as they are.
tests/test_choices.py compares both on every field with choices of every model.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_label(instance, field):
    """What `get_<field>_display()` returns: the label of the field's value, else the value."""
    value = getattr(instance, field.attname)
    try:
        hash(value)
        wanted, hashed = value, False
    except TypeError:  # a list or a dict (JSONField): compared as Django's dict compares them
        wanted, hashed = make_hashable(value), True
    for key, label in reversed(field.flatchoices):
        if (make_hashable(key) if hashed else key) == wanted:
            return force_str(label, strings_only=True)
    return force_str(value, strings_only=True)


def _is_djangos(method) -> bool:
    """Whether `method` is the `get_FOO_display()` Django gave the class (not one it defines)."""
    return isinstance(method, partialmethod) and method.func.__name__ == "_get_FIELD_display"


def install() -> None:
    """Give every model of Allies' apps a `choice_label`-based `get_FOO_display()`."""
    for model in apps.get_models():
        if not model.__module__.startswith("allies."):
            continue
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            if field.choices and _is_djangos(model.__dict__.get(name)):
                setattr(model, name, partialmethod(choice_label, field=field))
