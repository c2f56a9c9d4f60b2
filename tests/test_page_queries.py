"""The pages of `allies bench load` (docs/benchmarks.md) take a number of queries that does not grow
with the rows they show: each is asked with 5 and with 50 of everything, and the count is pinned.

A new query on one of these pages is fine when it is needed: change the number here, and say why in
the commit. A number that grows with the rows is an N+1 to fix."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.stewardship.test_habits import mixed_timeline


def queries(client, url) -> int:
    client.get(url)  # the first visit may fill per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_reports_dashboard(staff_client, library, count):
    mixed_timeline(library, count)
    url = reverse("recognition:dashboard", args=[library.slug]) + "?year=2025"
    # 6 of them for the seven habits over the four quarters and the year (35, and 48 in all, when
    # each period was assessed on its own: habits.assess_many; 24 when the regular habits took a
    # query per period); the stages, sectors and audiences count one list of the partnerships
    # then (19 when each asked the database; one more, for their audiences, when some of them were
    # working with the library then: none in this timeline, all added today).
    assert queries(staff_client, url) == 17


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_ranking_for_a_goal(staff_client, staff, library, count):
    from allies.connections.paths import forget_graphs
    from allies.matching.features import forget_features
    from allies.matching.models import FitMark
    from allies.partnerships.models import Partnership
    from tests.matching.test_ranking import (
        connect,
        make_goal,
        make_org,
        person_at,
        staff_person,
    )

    forget_features()
    forget_graphs()
    goal = make_goal(library)
    me = staff_person(library, staff)
    for index in range(count):
        organization = make_org(
            library, f"Club {index}", audiences=("job-seekers",), resources=("funding",)
        )
        if index % 2:
            Partnership.objects.create(library=library, organization=organization)
        if index % 3 == 0:
            connect(library, me, person_at(organization, f"Director {index}"), by=staff)
        if index % 5 == 0:
            FitMark.objects.create(
                library=library, goal=goal, organization=organization, verdict="good"
            )
    url = reverse("matching:goal_rank", args=[library.slug, goal.pk])
    # The audiences' and resources' names and the goal's marks are read once (they were read
    # twice: 25 queries); whether the directory is empty is asked only by a page without rows (22).
    # The candidates' records and what the sentence encoder kept of them: one query (22).
    assert queries(staff_client, url) == 22
