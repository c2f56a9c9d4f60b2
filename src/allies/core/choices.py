"""A choice's label (`get_stage_display()` and its kin) without translating every other label.

Django's `Model._get_FIELD_display` builds a dict of all the field's choices on every call, and
building it hashes each lazy label, which translates it: 60 µs for a partnership's stage, 110 µs
for a contact's kind on this machine, and a partnership's page asks 35 of them. `install()` (run
by the project's AppConfig) replaces it with a scan for the one choice, translated alone: the
same label (the last of equal keys wins, as in the dict), about ten times faster.
tests/test_choices.py compares both on every field with choices of every model.
"""

from __future__ import annotations

from django.db import models
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


def install() -> None:
    """Make every model's get_FOO_display() use `choice_label`."""
    if models.Model._get_FIELD_display is choice_label:
        return
    models.Model._get_FIELD_display = choice_label
