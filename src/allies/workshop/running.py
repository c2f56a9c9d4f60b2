"""Running a session: the join code, the agenda's parts, the clock, and splitting the room.

The trainer moves the whole room: `start`, `move` (next or previous part) and `finish` write the
current part and the moment it started; participants' pages read them and follow. Each move names
the part it moves from, so a double click (or two trainer tabs) moves once, not twice.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.workshop.activities import Activity, activities_of
from allies.workshop.models import (
    JOIN_ALPHABET,
    JOIN_CODE_LENGTH,
    Part,
    Participant,
    Workshop,
    WorkshopStatus,
    new_join_code,
)

MIN_GROUPS, MAX_GROUPS = 2, 6

# What the room does in each part, as a participant reads it on their phone.
WHAT_TO_DO = {
    Part.WELCOME: _(
        "Welcome. The trainer explains what the session covers. Keep this page open: it moves on "
        "by itself when the next part starts."
    ),
    Part.BENEFITS: _(
        "Name partners you know and what each side gains: what the library receives, and what "
        "it gives back."
    ),
    Part.IDENTIFY: _(
        "Think of everyone you know who could open a door, read the key questions, then work on "
        "the case study with your group."
    ),
    Part.SUSTAIN: _(
        "Answer the short survey about how your library looks after its partners. Nobody sees "
        "your name next to your answers."
    ),
    Part.PLANNING: _(
        "Write down two new partners to explore and three things to do for partners you "
        "already have."
    ),
    Part.CLOSING: _(
        "Look back at the tips, and if you like, tell the trainer how the session went. The "
        "feedback form asks for no name."
    ),
}


def clean_code(text: str) -> str:
    """A join code as typed ("abc-23 4") in its stored shape ("ABC234"): case, spaces and dashes go."""
    return re.sub(r"[\s\-_.]+", "", text or "").upper()


def looks_like_code(code: str) -> bool:
    return len(code) == JOIN_CODE_LENGTH and all(char in JOIN_ALPHABET for char in code)


def create_workshop(**fields) -> Workshop:
    """Save a new workshop with a join code no other workshop has (a few tries on a collision)."""
    for _attempt in range(10):
        workshop = Workshop(join_code=new_join_code(), **fields)
        if Workshop.objects.filter(join_code=workshop.join_code).exists():
            continue
        try:
            with transaction.atomic():
                workshop.save()
        except IntegrityError:  # the same code saved a moment ago by someone else
            continue
        return workshop
    raise RuntimeError("No free join code after ten tries")


@dataclass(frozen=True)
class AgendaPart:
    index: int
    part: str
    title: str
    minutes: int
    activities: list[Activity]

    @property
    def what_to_do(self) -> str:
        return str(WHAT_TO_DO.get(self.part, ""))


def agenda_parts(workshop: Workshop) -> list[AgendaPart]:
    titles = dict(Part.choices)
    return [
        AgendaPart(
            index,
            item["part"],
            str(titles.get(item["part"], item["part"])),
            int(item["minutes"]),
            activities_of(item["part"]),
        )
        for index, item in enumerate(workshop.agenda)
    ]


def current_part(workshop: Workshop) -> AgendaPart | None:
    if workshop.status != WorkshopStatus.RUNNING or not 0 <= workshop.current < len(
        workshop.agenda
    ):
        return None
    return agenda_parts(workshop)[workshop.current]


def total_minutes(agenda: list[dict]) -> int:
    return sum(int(item["minutes"]) for item in agenda)


def part_ends_at(workshop: Workshop) -> datetime.datetime | None:
    """When the current part's minutes run out (None when no part is running)."""
    part = current_part(workshop)
    if part is None or workshop.part_started_at is None:
        return None
    return workshop.part_started_at + datetime.timedelta(minutes=part.minutes)


def clock(workshop: Workshop, now: datetime.datetime | None = None) -> dict:
    """The current part's clock for a page: when it ends, and whole minutes left or over."""
    ends_at = part_ends_at(workshop)
    if ends_at is None:
        return {"ends_at": None}
    seconds = int((ends_at - (now or timezone.now())).total_seconds())
    return {
        "ends_at": ends_at,
        "seconds_left": seconds,
        "minutes_left": -(-seconds // 60) if seconds > 0 else 0,
        "minutes_over": -(seconds // 60) if seconds < 0 else 0,
    }


def _moved(workshop: Workshop, expected: int, **changes) -> bool:
    """Write `changes` only if the workshop is still at part `expected`; refresh the instance."""
    updated = Workshop.objects.filter(pk=workshop.pk, current=expected).update(**changes)
    workshop.refresh_from_db()
    return updated == 1


def start(workshop: Workshop) -> bool:
    if workshop.status != WorkshopStatus.WAITING:
        return False
    return _moved(
        workshop, -1, current=0, status=WorkshopStatus.RUNNING, part_started_at=timezone.now()
    )


def move(workshop: Workshop, step: int, from_part: int | None = None) -> bool:
    """Go to the next (step=1) or previous (step=-1) part; False at either end or when stale."""
    expected = workshop.current if from_part is None else from_part
    target = expected + step
    if workshop.status != WorkshopStatus.RUNNING or not 0 <= target < len(workshop.agenda):
        return False
    return _moved(workshop, expected, current=target, part_started_at=timezone.now())


def change_before_start(workshop: Workshop, **changes) -> bool:
    """Write `changes` (title, agenda, groups, material) only while the session is still waiting.

    The check and the write are one statement, so a trainer who presses "Start" in another tab wins:
    the minutes of a running session never change under the room.
    """
    updated = Workshop.objects.filter(pk=workshop.pk, status=WorkshopStatus.WAITING).update(
        **changes
    )
    workshop.refresh_from_db()
    return updated == 1


def finish(workshop: Workshop) -> bool:
    if workshop.status == WorkshopStatus.FINISHED:
        return False
    now = timezone.now()
    updated = Workshop.objects.filter(pk=workshop.pk).exclude(status=WorkshopStatus.FINISHED)
    done = updated.update(status=WorkshopStatus.FINISHED, finished_at=now) == 1
    workshop.refresh_from_db()
    return done


REOPEN_WITHIN = datetime.timedelta(hours=1)


def can_reopen(workshop: Workshop, now: datetime.datetime | None = None) -> bool:
    """A session finished by mistake can be reopened within the hour."""
    return (
        workshop.status == WorkshopStatus.FINISHED
        and workshop.finished_at is not None
        and (now or timezone.now()) - workshop.finished_at <= REOPEN_WITHIN
    )


def reopen(workshop: Workshop) -> bool:
    """Undo a finish of the last hour: the room carries on where it was (the part's clock anew)."""
    if not can_reopen(workshop):
        return False
    status = WorkshopStatus.RUNNING if workshop.current >= 0 else WorkshopStatus.WAITING
    since = timezone.now() - REOPEN_WITHIN
    updated = Workshop.objects.filter(
        pk=workshop.pk, status=WorkshopStatus.FINISHED, finished_at__gte=since
    ).update(status=status, finished_at=None, part_started_at=timezone.now())
    workshop.refresh_from_db()
    return updated == 1


def split_into_groups(workshop: Workshop) -> dict[int, int]:
    """Deal the participants round-robin into groups 1..N, in the order they joined.

    Returns {group: number of people}. Splitting again deals everyone anew (latecomers included).
    """
    participants = list(workshop.participants.order_by("joined_at", "id"))
    for index, participant in enumerate(participants):
        participant.group = index % workshop.groups + 1
    Participant.objects.bulk_update(participants, ["group"])
    sizes = dict.fromkeys(range(1, workshop.groups + 1), 0)
    for participant in participants:
        sizes[participant.group] += 1
    return sizes
