"""The API's input goes through the pages' own forms, so every rule lives once.

`submit` validates a JSON body with the form a page uses (a 400 lists each field in error);
`edit` applies a partial change to a record through its edit form, with the edit-collision rule
of `allies.core.concurrency`: the client sends the version it read in `If-Match`, and a record saved
since then is refused with 412 instead of being overwritten.
"""

from __future__ import annotations

from enum import Enum

from django.db import models
from django.utils.translation import gettext as _
from pydantic import BaseModel

from allies.api.errors import ApiError, form_errors, invalid
from allies.core.concurrency import VERSION_FIELD, version_of


def form_data(payload: BaseModel, *, sent_only: bool = False) -> dict:
    """A request body as a form's data (enums as their values); with `sent_only`, only the
    fields the client sent (a partial change)."""
    return {
        name: value.value if isinstance(value, Enum) else value
        for name, value in payload.model_dump(exclude_unset=sent_only).items()
    }


def submit(form):
    """The form, valid; otherwise ApiError 400 with its errors."""
    if not form.is_valid():
        raise invalid(form_errors(form))
    return form


def etag(instance) -> str:
    return f'"{version_of(instance)}"'


def _plain(value):
    """A form's initial value as the data a client would send (ids for records)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [_plain(item) for item in value]
    return value


def _version_from(if_match: str | None) -> str:
    if not if_match or not if_match.strip():
        raise ApiError(
            428,
            _("Send If-Match with the version you read (the ETag, or the record's version)."),
            errors=[{"field": "If-Match", "message": _("This header is required.")}],
        )
    value = if_match.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def edit(form_class, instance, changes: dict, *, if_match: str | None, **form_kwargs):
    """Save `changes` (the fields the client sent) to `instance` through `form_class`.

    Fields not sent keep their value. The version from If-Match must be the record's current
    one: otherwise 412, with the current version in ETag, and nothing is saved.
    """
    version = _version_from(if_match)
    unbound = form_class(instance=instance, **form_kwargs)
    data = {name: _plain(unbound[name].initial) for name in unbound.fields}
    data.update(changes)
    data[VERSION_FIELD] = version
    form = form_class(data, instance=instance, **form_kwargs)
    if not form.is_valid():
        if getattr(form, "conflict", None) is not None:
            raise ApiError(
                412,
                _(
                    "Someone else saved this %(record)s after you read it (version %(version)s). "
                    "Read it again, then send your change with the new version."
                )
                % {"record": instance._meta.verbose_name, "version": version_of(instance)},
                headers={"ETag": etag(instance)},
            )
        raise invalid(form_errors(form))
    return form.save()
