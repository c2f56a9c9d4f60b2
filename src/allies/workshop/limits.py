"""What one session accepts, so that one client cannot flood the room or the trainer's panel.

- at most `Workshop.max_participants` people join (200 unless the trainer sets another number);
- at most JOINS_PER_ADDRESS_PER_MINUTE joins from one network address in a minute (a room behind one
  Wi-Fi router shares an address, hence a generous number);
- at most activity_views.MAX_ENTRIES benefits-board entries per participant and MAX_SESSION_ENTRIES
  contributions in the whole session; every text has its own size (activity_forms);
- the trainer's live panel lists at most LIVE_LIST_LIMIT items per column (and says how many more),
  so it stays well under 100 KB however much the room writes.

Each refusal is a polite message to the participant, and is counted on the workshop so that the
trainer's panel says so.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from allies.libraries.throttling import client_address
from allies.workshop.models import Contribution, Workshop

JOINS_PER_ADDRESS_PER_MINUTE = 30
MAX_SESSION_ENTRIES = 4000
LIVE_LIST_LIMIT = 40


def count_refused(workshop: Workshop, what: str) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(**{what: F(what) + 1})


def join_refusal(request, workshop: Workshop) -> str | None:
    """Why this person cannot join now, or None."""
    if workshop.participants.count() >= workshop.max_participants:
        count_refused(workshop, "refused_joins")
        return _(
            "Sorry, this session is full: %(count)s people have joined, the most its trainer "
            "set. Ask the trainer, or follow along on the screen."
        ) % {"count": workshop.max_participants}
    usage = get_usage(
        request,
        group="workshop-join",
        key=lambda _g, _r: client_address(request),
        rate=f"{JOINS_PER_ADDRESS_PER_MINUTE}/m",
        method=ALL,
        increment=True,
    )
    if usage["should_limit"]:
        count_refused(workshop, "refused_joins")
        return _(
            "Many people joined from this network in the last minute. Wait %(seconds)s seconds, "
            "then try again."
        ) % {"seconds": max(1, usage["time_left"])}
    return None


def session_full_of_entries(workshop: Workshop) -> bool:
    return Contribution.objects.filter(workshop=workshop).count() >= MAX_SESSION_ENTRIES


def shortened(items: list, limit: int = LIVE_LIST_LIMIT) -> tuple[list, int]:
    """The last `limit` items (the newest), and how many were left out."""
    if len(items) <= limit:
        return items, 0
    return items[-limit:], len(items) - limit
