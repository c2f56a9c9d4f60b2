"""Changing who belongs to a library: roles and removals, never leaving a library without an owner."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from allies.libraries.models import Membership, Role


class LastOwnerError(Exception):
    """The change would leave the library with nobody who can manage members and settings."""

    message = _(
        "A library needs at least one owner. Make someone else an owner first, then try again."
    )


def _check_not_last_owner(membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(
        library_id=membership.library_id, role=Role.OWNER
    )
    if membership.role == Role.OWNER and [m.pk for m in owners] == [membership.pk]:
        raise LastOwnerError(LastOwnerError.message)


def change_role(membership: Membership, role: str) -> bool:
    """Give a member a new role. Returns False when nothing changed."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return False
        if role != Role.OWNER:
            _check_not_last_owner(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return True


def remove_member(membership: Membership) -> None:
    """Take someone out of the library. Their account and their other libraries stay."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _check_not_last_owner(membership)
        membership.delete()
