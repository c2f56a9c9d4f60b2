"""What each activity's templates need: a participant's own answers, and the room's for the trainer.

`participant_context(participant, key)` and `room_context(workshop, key)` return the context the
activity's participant and trainer templates (activities.py) are rendered with.
"""

from __future__ import annotations


def participant_context(participant, key: str) -> dict:
    return {}


def room_context(workshop, key: str) -> dict:
    return {}
