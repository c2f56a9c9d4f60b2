"""Who may see what in a workshop.

Trainers' pages live under /l/<slug>/workshop/ behind `library_view` like every library page, and find
the workshop with `workshop_or_404` (this library's only). Participants need no account: joining puts
a random token in their browser session, and `participant_view` finds them again by it.
"""

from __future__ import annotations

from functools import wraps

from django.core import signing
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation

from allies.core.languages import supported
from allies.workshop.models import Participant, Workshop
from allies.workshop.running import clean_code

SESSION_KEY = "workshop_tokens"  # {join code: participant token}
DEVICE_LINK_DAYS = 30
_DEVICE_SALT = "allies.workshop.device-link"


def workshop_or_404(request, workshop_id) -> Workshop:
    return get_object_or_404(Workshop, pk=workshop_id, library=request.library)


def remember_participant(request, participant: Participant) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[participant.workshop.join_code] = participant.token
    request.session[SESSION_KEY] = tokens


def participant_for(request, workshop: Workshop) -> Participant | None:
    token = request.session.get(SESSION_KEY, {}).get(workshop.join_code)
    if not token:
        return None
    participant = Participant.objects.filter(workshop=workshop, token=token).first()
    if participant is not None:
        participant.workshop = workshop  # already loaded: no second query for it
    return participant


def participant_view(view):
    """A participant's page: /w/<code>/...; sends people who have not joined to the join page."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        workshop = get_object_or_404(Workshop, join_code=clean_code(code))
        participant = participant_for(request, workshop)
        if participant is None:
            return redirect("join:join", code=workshop.join_code)
        request.workshop = workshop
        request.participant = participant
        language = supported(participant.language)
        if language:  # the one chosen on joining, whatever the browser or account says
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return wrapper


def device_key(participant: Participant) -> str:
    """The signed key of a participant's link to open their worksheets on another device."""
    return signing.TimestampSigner(salt=_DEVICE_SALT).sign(participant.token)


def participant_from_device_key(workshop: Workshop, key: str) -> Participant | None:
    """The participant a device link names, while it is valid (DEVICE_LINK_DAYS days)."""
    try:
        token = signing.TimestampSigner(salt=_DEVICE_SALT).unsign(
            key, max_age=DEVICE_LINK_DAYS * 24 * 3600
        )
    except signing.BadSignature:  # altered, or older than 30 days (SignatureExpired)
        return None
    return Participant.objects.filter(workshop=workshop, token=token).first()
