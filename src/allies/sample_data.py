"""The demo library: Maple Ford Free Library, a small-town library in Vermont with a budget goal.

Its director wants two more public computers before the town's next budget review. The data
tells that story: the goal, the audiences it serves, the decision makers, the candidate partners
(a service club, a community foundation, the university, the town office, a technology company,
a bookshop owner) and others the library already works with, at every stage, with a year of
history. Then the Vermont organizations from the IRS extract are imported into the directory.

Each app writes its part of the story in its own `sample.py` (the library and its staff, the
directory, the goal, partnerships, connections, outreach, stewardship, then the plans, reports and
workshop); this module runs them in order. Every name here is invented. `load_sample_data()` is idempotent: the story is created once, in
one transaction, and the IRS import is skipped when it has already run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from django.db import transaction

from allies.connections.sample import add_connections
from allies.directory.sample import (
    add_organizations,
    add_people,
    add_staff,
    import_irs,
    shared_data_file,
)
from allies.goals.sample import (
    GOAL,
    add_goal,
)
from allies.libraries.sample import (
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    LIBRARY,
    SLUG,
    STAFF,
    add_branches,
)
from allies.outreach.sample import add_outreach
from allies.partnerships.sample import add_partnerships
from allies.stewardship.sample import add_stewardship

# What the demo command, the benchmarks and the tests use.
__all__ = [
    "DEMO_PASSWORD",
    "EMAIL_DOMAIN",
    "GOAL",
    "SampleReport",
    "load_sample_data",
    "logins",
    "shared_data_file",
    "tqdm_progress",
]


@dataclass
class SampleReport:
    """What load_sample_data did."""

    library: object
    created: bool
    irs_report: object | None = None
    notes: list[str] = field(default_factory=list)


def logins() -> list[tuple[str, str, str]]:
    """(e-mail, name, role) of the sample staff, who all use DEMO_PASSWORD."""
    return [(f"{part}@{EMAIL_DOMAIN}", name, role) for part, name, role, _title in STAFF]


def tqdm_progress(total: int, desc: str):
    """Progress bars on standard error, as the commands show them."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, file=sys.stderr, leave=True)


def load_sample_data(progress=None, *, include_irs: bool = True) -> SampleReport:
    """Create the sample library once; import the Vermont organizations once. Safe to rerun.

    progress(total, description) returns a bar with update(n) and close() (see tqdm_progress).
    """
    from allies.libraries.models import Library

    library = Library.objects.filter(slug=SLUG).first()
    created = library is None
    if created:
        library = _create_story(progress)
    report = SampleReport(library=library, created=created)
    if include_irs:
        import_irs(library, report, progress)
    from allies.directory.signals import organizations_written

    # As after any import of organizations: the ranking reads the names' words now, not on its
    # first request (a few seconds for the Vermont list).
    organizations_written.send(sender=SampleReport, library=library, progress=progress)
    return report


def _create_story(progress):
    from allies.libraries.models import Library

    steps = [
        add_staff,
        add_organizations,
        add_people,
        add_goal,
        add_partnerships,
        add_connections,
        add_outreach,
        add_stewardship,
        _add_plans_and_reports,
        _add_workshop,
    ]
    bar = progress(len(steps) + 1, "Sample library") if progress else None
    with transaction.atomic():
        library = Library.objects.create(slug=SLUG, **LIBRARY)
        add_branches(library)
        if bar:
            bar.update(1)
        story = {"library": library}
        for step in steps:
            step(story)
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    return library


def _add_plans_and_reports(story):
    from allies.planning.sample import add_workbook
    from allies.recognition.sample import add_recognition, add_report_history

    add_workbook(story)
    add_recognition(story)
    add_report_history(story)


def _add_workshop(story):
    from allies.workshop.sample import add_workshop_sample

    add_workshop_sample(story)
