"""Which tables a backup carries, in which order, and how one value travels through the file.

Tables are found through an app registry: Django's own (the code's models) or one rebuilt from the
migrations (the models as they were at an older schema, for a database or a file that is behind).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.duration import duration_iso_string

# Made by `migrate` in every database with ids of its own: mapped by name, never copied as rows.
MAPPED = {"contenttypes.contenttype", "auth.permission"}
# Sign-ins: a restored site starts with nobody signed in. Background jobs: a queued import's job is
# not carried (its batch, restored waiting, is marked as stopped a day later and says so). What the
# sentence encoder made of each record and each word of names is a cache, read again on the first
# ranking after.
NOT_CARRIED = {
    "sessions.session",
    "django_tasks_database.dbtaskresult",
    "matching.meaning",
    "matching.wordmeaning",
}

# Field types whose values JSON carries as they are (strings, numbers, booleans).
NATIVE_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FloatField",
}


@dataclass(frozen=True)
class Table:
    """One table of the backup: the model it belongs to and the columns written for each row."""

    model: type[models.Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    @property
    def fields(self) -> list[models.Field]:
        return list(self.model._meta.concrete_fields)

    @property
    def columns(self) -> list[str]:
        return [field.attname for field in self.fields]

    @property
    def pk(self) -> models.Field:
        return self.model._meta.pk

    @property
    def member(self) -> str:
        return f"tables/{self.label}.jsonl"


def carried_tables(apps) -> list[Table]:
    """Every concrete table of every installed app except sessions, content types, permissions,
    parents before the tables that point at them."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in MAPPED | NOT_CARRIED
    ]
    return [Table(model) for model in _parents_first(found)]


def _parents_first(found: list) -> list:
    """Order models so that a model comes after the models its foreign keys point to (cycles,
    such as a library's library system, keep the registry's order)."""
    remaining = list(found)
    ordered: list = []
    while remaining:
        waiting = set(remaining)
        for model in remaining:
            parents = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            }
            if not parents & waiting:
                break
        else:
            model = remaining[0]  # a cycle: constraints are checked at the end of the transaction
        remaining.remove(model)
        ordered.append(model)
    return ordered


def mapped_model(apps, label: str):
    app_label, model_name = label.split(".")
    return apps.get_model(app_label, model_name)


def encode(value):
    """`json.dumps(default=encode)`: dates, times, decimals, ids and bytes as text."""
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} to a backup")


def decoder(field: models.Field, connection) -> Callable | None:
    """A function turning a value read from the file into one the database accepts, or None when
    the value goes in as it is (a string, a number, a boolean)."""
    target = field
    while target.is_relation:
        target = target.target_field
    if target.get_internal_type() in NATIVE_TYPES:
        return None

    def decode(value):
        return field.get_db_prep_save(field.to_python(value), connection)

    return decode
