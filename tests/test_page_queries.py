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
    # 11 of them for the seven habits over the four quarters and the year (35, and 48 in all, when
    # each period was assessed on its own: habits.assess_many).
    assert queries(staff_client, url) == 24
