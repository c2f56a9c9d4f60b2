"""Workshops and participants for the activities' tests, without going through the join page."""

from __future__ import annotations

from django.test import Client

from allies.workshop.access import SESSION_KEY
from allies.workshop.models import Participant, Workshop, WorkshopStatus

PART_OF = {"welcome": 0, "benefits": 1, "identify": 2, "sustain": 3, "planning": 4, "closing": 5}


def running_workshop(library, trainer, part: str = "closing", **fields) -> Workshop:
    """A workshop running at `part` of the standard agenda (every earlier part open too)."""
    return Workshop.objects.create(
        library=library,
        trainer=trainer,
        title="Partnerships morning",
        status=WorkshopStatus.RUNNING,
        current=PART_OF[part],
        **fields,
    )


def participant_client(workshop, client=None, **fields) -> tuple[Participant, Client]:
    """A participant of the workshop and a browser that has joined as them."""
    participant = Participant.objects.create(workshop=workshop, **fields)
    client = client or Client()
    session = client.session
    tokens = dict(session.get(SESSION_KEY, {}))
    tokens[workshop.join_code] = participant.token
    session[SESSION_KEY] = tokens
    session.save()
    return participant, client


def url(workshop, key: str) -> str:
    return f"/w/{workshop.join_code}/activities/{key}/"
