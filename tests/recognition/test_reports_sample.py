"""The sample library's dashboard has something to show in every chart, and the queries stay few."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from allies import sample_data
from allies.directory.models import Organization
from allies.partnerships.models import Partnership
from allies.recognition import reports
from allies.stewardship.models import ReminderDecision, SurveyAnswer


@pytest.mark.django_db
def test_the_sample_year_has_reminders_on_time_and_late_and_habits_that_change():
    library = sample_data.load_sample_data(include_irs=False).library
    today = timezone.localdate()
    period = reports.Period(today - datetime.timedelta(days=364), today)
    report = reports.build(library, period, today=today)
    reminders = report.table("reminders").rows
    assert sum(row[1] for row in reminders) >= 10  # on time
    assert sum(row[2] for row in reminders) >= 5  # late
    assert sum(1 for row in reminders if row[1] or row[2]) >= 10  # spread over the months
    said = report.table("habits-said").rows
    always = [row[1] for row in said]
    assert always[0] < always[-1]  # staff say they keep the habits more often than a year ago
    started, ended, declined = (row[1] for row in report.table("new-and-ended").rows[1:])
    assert started and ended and declined
    assert any(row[1] for row in report.table("audiences").rows)
    assert ReminderDecision.objects.filter(library=library, due_on__isnull=True).count() == 0
    assert SurveyAnswer.objects.filter(library=library).count() > 21


def _partners(library, count, start):
    for number in range(start, start + count):
        organization = Organization.objects.create(
            library=library, name=f"Partner {number}", sector="school"
        )
        partnership = Partnership.objects.create(
            library=library, organization=organization, started_on=datetime.date(2025, 3, 1)
        )
        partnership.move_to("active", by=None)


def _queries(library):
    with CaptureQueriesContext(connection) as captured:
        report = reports.build(library, reports.Period.year(2025), today=datetime.date(2026, 1, 5))
        reports.annual_lists(library, report.period)
    return len(captured)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_partners(library):
    _partners(library, 3, 0)
    few = _queries(library)
    _partners(library, 30, 3)
    assert _queries(library) == few
