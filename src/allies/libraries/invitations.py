"""Invitations to join a library: the signed link in the e-mail, sending it, and accepting it.

The link carries the invitation's id signed with the site's secret key and a timestamp, so it
cannot be guessed or altered, and it stops working `INVITATION_MAX_AGE_DAYS` after it was sent.
Revoking or accepting the invitation in the database ends it earlier.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from allies.core.languages import language_for
from allies.libraries.models import Invitation, Membership, User

SALT = "allies.libraries.invitation"


class InvitationProblem(Exception):
    """Why a link cannot be used: 'invalid', 'expired', 'revoked' or 'accepted'."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def make_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=SALT, compress=True)


def invitation_for_token(token: str) -> Invitation:
    """The open invitation a link stands for, or InvitationProblem saying why not."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        invitation = _unverified_invitation(token)
        if invitation is not None and not invitation.is_open:
            raise _closed(invitation) from None
        raise InvitationProblem("expired", invitation) from None
    except signing.BadSignature:
        raise InvitationProblem("invalid") from None
    invitation = (
        Invitation.objects.select_related("library", "invited_by")
        .filter(pk=data.get("invitation"))
        .first()
    )
    if invitation is None:
        raise InvitationProblem("invalid")
    if not invitation.is_open:
        raise _closed(invitation)
    return invitation


def _closed(invitation: Invitation) -> InvitationProblem:
    reason = "accepted" if invitation.accepted_at else "revoked"
    return InvitationProblem(reason, invitation)


def _unverified_invitation(token: str) -> Invitation | None:
    """An expired link's invitation (its signature was valid, only too old), to name the library."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("library").filter(pk=data.get("invitation")).first()


def send_invitation(invitation: Invitation, request) -> None:
    """E-mail the invitation with a fresh link (used for the first sending and for resending)."""
    link = request.build_absolute_uri(
        reverse("accept_invitation", kwargs={"token": make_token(invitation)})
    )
    # In the language of the account they already have, else the library's.
    account = User.objects.filter(email__iexact=invitation.email).first()
    with translation.override(language_for(account, invitation.library)):
        context = {
            "invitation": invitation,
            "library": invitation.library,
            "inviter": invitation.invited_by,
            "link": link,
            "days": settings.INVITATION_MAX_AGE_DAYS,
            "role": invitation.get_role_display(),
        }
        subject = render_to_string("libraries/invitation_subject.txt", context).strip()
        body = render_to_string("libraries/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


def accept(invitation: Invitation, user) -> tuple[Membership, bool]:
    """Make the person a member with the invited role. Returns (membership, newly_created).

    Someone who already belongs to the library keeps their current role.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise _closed(locked)
        membership, created = Membership.objects.get_or_create(
            user=user, library=locked.library, defaults={"role": locked.role}
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    invitation.accepted_at = locked.accepted_at
    return membership, created


def revoke(invitation: Invitation) -> None:
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
