"""The sample library's advocacy goal: two more public computers before the budget review."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from allies.core.sample import days_ago
from allies.directory.sample import vocabulary

GOAL = {
    "statement": "Fund two more public computers before the next budget review",
    "description": (
        "The library's four public computers are booked solid from opening to closing, and "
        "people wait up to an hour to apply for jobs or benefits. Two more stations with a "
        "printer budget cost about $5,400 in the first year. The town council reviews the budget "
        "in the spring: we want a line for them, or a partner who pays for the first year while "
        "we show the council how much they are used."
    ),
    "primary": ["job-seekers", "low-income-households"],
    "secondary": ["seniors", "students"],
    "decision_makers": ["Ruth Calloway", "Martin Osei"],
    "resources": ["funding", "technology", "influence-with-decision-makers"],
}


def add_goal(story):
    from allies.goals.models import Goal

    library, director = story["library"], story["director"]
    audiences, resources = vocabulary(library)
    goal = Goal(
        library=library,
        statement=GOAL["statement"],
        description=GOAL["description"],
        deadline=timezone.localdate() + timedelta(days=150),
        status="active",
        created_at=days_ago(130),
    )
    goal._history_user = director
    goal.save()
    goal.primary_audiences.set([audiences[s] for s in GOAL["primary"]])
    goal.secondary_audiences.set([audiences[s] for s in GOAL["secondary"]])
    goal.decision_makers.set([story["people"][n] for n in GOAL["decision_makers"]])
    goal.resources_needed.set([resources[s] for s in GOAL["resources"]])
    when = days_ago(130)
    for step, record in enumerate(goal.history.order_by("history_id")):
        # Keep the entries in the order they were written: created first, then each list set.
        type(record).objects.filter(pk=record.pk).update(
            history_date=when + timedelta(seconds=step)
        )
