"""What later apps have to say about a goal, without the goals app knowing them.

An app further down the method registers a check (for example matching: "nobody in your
directory reaches this audience yet"); the goal's pages show what the checks return."""

from __future__ import annotations

from collections.abc import Callable

GoalCheck = Callable[[object, object], list[str]]
_checks: list[GoalCheck] = []


def register(check: GoalCheck) -> GoalCheck:
    """Add a check: check(library, goal) -> sentences to show on the goal's pages."""
    if check not in _checks:
        _checks.append(check)
    return check


def warnings_for(library, goal) -> list[str]:
    return [sentence for check in _checks for sentence in check(library, goal)]
