"""A partnership's timeline: its stage changes (who, when, from, to, why) merged with its history."""

from __future__ import annotations

from allies.core.history import history_entries
from allies.partnerships.models import LogEntry, Partnership


def timeline(partnership: Partnership, limit: int = 100) -> list[dict]:
    """Newest first. Each item has kind 'stage' (a StageChange), 'log' (a LogEntry written by
    another part of Allies) or 'edit' (a history entry).

    The history repeats each stage move as a change of the stage field; those lines are left out
    of the edit items, and an edit item left with nothing to say (a pure move) is dropped.
    """
    stage_label = str(Partnership._meta.get_field("stage").verbose_name)
    items = [
        {"kind": "stage", "when": change.changed_at, "change": change, "changes": []}
        for change in partnership.stage_changes.select_related("changed_by")[:limit]
    ]
    stage_items = list(items)
    items += [
        {"kind": "log", "when": entry.logged_at, "entry": entry}
        for entry in LogEntry.objects.for_partnership(partnership).select_related("logged_by")[
            :limit
        ]
    ]
    for entry in history_entries(partnership, limit=limit):
        changes = [c for c in entry["changes"] if c["field"] != stage_label]
        moved = len(changes) != len(entry["changes"])
        if moved:
            # What the move changed besides the stage (lessons, start date) goes with the move.
            nearest = _nearest(stage_items, entry["when"])
            if nearest is not None:
                nearest["changes"] = changes
                continue
            if not changes:
                continue
        items.append(
            {
                "kind": "edit",
                "when": entry["when"],
                # A move's reason is shown with the stage change already.
                "entry": {**entry, "changes": changes, "reason": "" if moved else entry["reason"]},
            }
        )
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]


def _nearest(stage_items: list[dict], when, within_seconds: float = 60) -> dict | None:
    """The stage change saved together with a history record (move_to saves both at once)."""
    best = min(
        stage_items, key=lambda item: abs((item["when"] - when).total_seconds()), default=None
    )
    if best is None or abs((best["when"] - when).total_seconds()) > within_seconds:
        return None
    return best
