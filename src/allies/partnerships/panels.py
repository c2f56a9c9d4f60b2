"""The panels of a partnership's page, filled by the apps that own them.

A partnership's page shows what later steps of the method know about it (its health and contacts
from stewardship, introductions, plan and pilots from outreach, impact and recognition from
recognition). The partnerships app does not know those apps: each registers its panels here from
its AppConfig.ready(), and the page asks which panels there are. A panel is a template that takes
`partnership` (and `request`, `membership`, `library` from the page) and loads what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """One panel: its template, and where it stands on the page (smaller first)."""

    template: str
    order: int


_panels: dict[str, Panel] = {}


def register(template: str, order: int) -> None:
    """Add a panel to every partnership's page (registering the same template twice is harmless)."""
    _panels[template] = Panel(template, order)


def panels() -> list[str]:
    """The templates of the panels, in page order."""
    return [
        panel.template for panel in sorted(_panels.values(), key=lambda p: (p.order, p.template))
    ]
