"""Edits that collide are detected and shown, never silently overwritten.

An edit form carries the version of the record it was loaded from (its `updated_at`) in a hidden
field. If the record was saved by someone else in the meantime, the form refuses to save, says who
saved it and when, lists their version of the fields, and keeps what the user typed. The hidden
version is moved forward, so saving again (after reading theirs) deliberately replaces it.

The check is enforced by the write itself: a form that passed it marks its instance, and the
instance's save first runs `UPDATE ... SET updated_at = now WHERE pk = ... AND updated_at = loaded`
(`claim_version`); when another save got there between the check and the write, no row matches,
nothing is written and EditCollision is raised (EditCollisionMiddleware answers 409). A request
that sends no version field at all (a program, not one of our pages) is not checked here.

Usage::

    class OrganizationForm(EditConflictMixin, forms.ModelForm):
        ...

    # template: {% include "includes/form.html" %} shows the error; {% include
    # "includes/edit_conflict.html" %} (optional) shows their version from form.conflict.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "loaded_version"
# Set on the instance by a valid form: the version the write must still find in the database.
EXPECTED = "_allies_expected_version"


class EditCollision(Exception):
    """The record changed between the form's check and its write: nothing was written."""

    def __init__(self, instance):
        super().__init__(f"{type(instance).__name__} {instance.pk} changed while being saved")
        self.instance = instance


def version_of(instance, attribute: str = "updated_at") -> str:
    """The version token of a saved record: its last-saved time, to the microsecond."""
    value = getattr(instance, attribute, None)
    return value.isoformat() if value else ""


@dataclass
class EditConflict:
    """Someone else's save that happened while the form was open."""

    saved_at: object
    saved_by: object
    their_version: list[tuple[str, str]] = field(default_factory=list)


def _display_value(instance, name: str) -> str:
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(item) for item in getattr(instance, name).all())
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    value = getattr(instance, name)
    return "" if value is None else str(value)


class EditConflictMixin:
    """A ModelForm mixin: refuse to save over a newer version of the record.

    Put it before forms.ModelForm in the bases. After is_valid() is False because of a collision,
    `form.conflict` is an EditConflict (saved_at, saved_by, their_version).
    """

    version_attribute = "updated_at"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = version_of(self.instance, self.version_attribute)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.is_bound:
            return cleaned
        if self.add_prefix(VERSION_FIELD) not in self.data:
            # A client that sends no version at all (the API's forms, which use If-Match) is not
            # checked here; every page's form carries it.
            return cleaned
        current = version_of(self.instance, self.version_attribute)
        loaded = cleaned.get(VERSION_FIELD) or ""
        if loaded == current and current:
            # The write itself must still find this version (see claim_version below).
            setattr(self.instance, EXPECTED, (self.version_attribute, current))
        if loaded != current:
            self.conflict = self._describe_conflict()
            saved_at = timezone.localtime(getattr(self.instance, self.version_attribute))
            self.add_error(
                None,
                _(
                    "Someone else saved this %(record)s at %(time)s while you were editing; here "
                    "is their version. What you typed is kept below: check it and save again to "
                    "replace their version."
                )
                % {
                    "record": self.instance._meta.verbose_name,
                    "time": time_format(saved_at, "H:i"),
                },
            )
            # Saving again after reading theirs is a deliberate choice: accept it next time.
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = current
            self.data = data
        return cleaned

    def _describe_conflict(self) -> EditConflict:
        # clean() runs before the instance takes the typed values, so it still holds theirs.
        history = getattr(self.instance, "history", None)
        latest = history.select_related("history_user").first() if history is not None else None
        model_fields = {f.name for f in self.instance._meta.get_fields()}
        names = [name for name in self.fields if name in model_fields]
        their_version = [
            (str(self.fields[name].label), _display_value(self.instance, name)) for name in names
        ]
        return EditConflict(
            saved_at=getattr(self.instance, self.version_attribute),
            saved_by=getattr(latest, "history_user", None),
            their_version=their_version,
        )


@receiver(pre_save, dispatch_uid="allies.core.concurrency.claim_version")
def claim_version(sender, instance, **kwargs):
    """The write of a record a form checked: `UPDATE ... SET version = now WHERE pk = ... AND
    version = loaded`. Of two saves that loaded the same version, exactly one finds it (the
    database serialises the two UPDATEs); the other raises EditCollision and writes nothing."""
    expected = instance.__dict__.pop(EXPECTED, None)
    if expected is None or instance.pk is None:
        return
    attribute, loaded = expected
    now = timezone.now()
    claimed = (
        type(instance)
        ._base_manager.filter(
            pk=instance.pk, **{attribute: datetime.datetime.fromisoformat(loaded)}
        )
        .update(**{attribute: now})
    )
    if not claimed:
        raise EditCollision(instance)
    setattr(instance, attribute, now)


class EditCollisionMiddleware:
    """An EditCollision that reached no view's own handling: a 409 page saying nothing was saved
    and what to do, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, EditCollision):
            return None
        from django.shortcuts import render

        return render(request, "includes/edit_collision.html", status=409)
