"""The numbers behind each dashboard chart, on a library made by hand for the year 2025."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from allies.directory.models import Audience, Organization
from allies.partnerships.models import Commitment, Partnership, StageChange
from allies.recognition import reports
from allies.stewardship.models import Contact, ReminderDecision, SurveyAnswer

YEAR = reports.Period.year(2025)
TODAY = datetime.date(2026, 11, 22)


def moment(year, month, day, hour=12, minute=0):
    """A moment in the library's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def partner(library, name, *, created, moves=(), sector="nonprofit", audiences=(), **fields):
    """A partnership created at `created`, moved through (stage, moment) pairs."""
    organization = Organization.objects.create(library=library, name=name, sector=sector)
    organization.audiences.set(audiences)
    stage = moves[-1][0] if moves else "prospect"
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage=stage, created_at=created, **fields
    )
    before = "prospect"
    for to_stage, when in moves:
        StageChange.objects.create(
            partnership=partnership, from_stage=before, to_stage=to_stage, changed_at=when
        )
        before = to_stage
    return partnership


def column(table, index=1):
    return {row[0]: row[index] for row in table.rows}


@pytest.fixture
def story(library, other_library):
    teens = Audience.objects.create(library=library, name="Report teens", slug="report-teens")
    seniors = Audience.objects.create(library=library, name="Report seniors", slug="report-seniors")
    elsewhere = Audience.objects.create(library=other_library, name="Report teens", slug="r-t")
    active = partner(
        library,
        "Active in 2025, ended on New Year's Day",
        created=moment(2025, 3, 1),
        moves=[("active", moment(2025, 6, 1)), ("ended", moment(2026, 1, 1, 0, 0))],
        sector="school",
        audiences=[teens, seniors],
        started_on=datetime.date(2025, 6, 1),
    )
    partner(
        library,
        "Added on New Year's Eve",
        created=moment(2025, 12, 31, 23, 0),
        sector="business",
        audiences=[teens],
    )
    partner(library, "Added on New Year's Day", created=moment(2026, 1, 1, 0, 0))
    partner(
        library,
        "Ended on New Year's Eve",
        created=moment(2025, 2, 1),
        moves=[("active", moment(2025, 2, 2)), ("ended", moment(2025, 12, 31, 23, 59))],
        started_on=datetime.date(2024, 5, 1),
    )
    partner(
        library,
        "Declined on the first minute of 2025",
        created=moment(2024, 11, 1),
        moves=[("declined", moment(2025, 1, 1, 0, 0))],
    )
    partner(
        library,
        "Pilot from 2024",
        created=moment(2024, 3, 1),
        moves=[("pilot", moment(2024, 4, 1))],
        audiences=[teens],
        started_on=datetime.date(2024, 4, 1),
    )
    archived = partner(
        library, "Archived", created=moment(2025, 5, 1), moves=[("active", moment(2025, 5, 2))]
    )
    archived.archived_at = moment(2025, 9, 1)
    archived.save()
    partner(
        other_library,
        "Another library's partner",
        created=moment(2025, 4, 1),
        moves=[("active", moment(2025, 4, 2)), ("declined", moment(2025, 5, 1))],
        sector="school",
        audiences=[elsewhere],
        started_on=datetime.date(2025, 4, 2),
    )
    return {"active": active, "teens": teens, "seniors": seniors}


@pytest.mark.django_db
def test_stages_at_the_end_of_the_year_all_kept(library, story):
    table = reports.stages(library, YEAR)
    assert [row[1] for row in table.rows] == [
        1,  # prospect: added on New Year's Eve
        0,
        0,
        1,  # pilot from 2024
        1,  # active then, ended on New Year's Day
        0,
        1,  # declined on 1 January 2025
        1,  # ended on New Year's Eve
    ]
    assert [row[0] for row in table.rows][:2] == ["Prospect", "Reaching out"]


@pytest.mark.django_db
def test_open_partnerships_by_sector(library, story):
    counts = column(reports.sectors(library, YEAR))
    assert counts["School"] == 1 and counts["Business"] == 1 and counts["Nonprofit"] == 1
    assert counts["Health"] == 0 and len(counts) == 11


@pytest.mark.django_db
def test_new_and_ended_count_the_edges_of_the_year(library, story):
    counts = [row[1] for row in reports.new_and_ended(library, YEAR).rows]
    # Added: active (March), New Year's Eve, ended-on-New-Year's-Eve (February).
    # Started: only the one started in June (the other started in 2024).
    # Ended: New Year's Eve counts; New Year's Day is next year. Declined: 1 Jan 00:00 counts.
    assert counts == [3, 1, 1, 1]


@pytest.mark.django_db
def test_audiences_reached_by_active_and_pilot_partners(library, story):
    table = reports.audiences(library, YEAR)
    counts = column(table)
    assert counts["Report teens"] == 2  # the active one and the pilot; not the prospect
    assert counts["Report seniors"] == 1
    assert table.rows[0] == ["Report teens", 2]
    assert all(value == 0 for name, value in counts.items() if not name.startswith("Report"))


def decision(library, decided, due, action="done"):
    return ReminderDecision.objects.create(
        library=library, key=f"k{decided}", kind="thank", action=action, due_on=due,
        decided_at=decided,
    )  # fmt: skip


@pytest.mark.django_db
def test_reminders_on_time_and_late_by_month(library, other_library, story):
    d = datetime.date
    decision(library, moment(2025, 1, 15), d(2025, 1, 15))  # on the day: on time
    decision(library, moment(2025, 1, 20), d(2025, 1, 18))  # late
    decision(library, moment(2025, 12, 31, 23, 30), d(2025, 12, 31))  # on time, December
    decision(library, moment(2026, 1, 1, 0, 30), d(2025, 12, 31))  # next year
    decision(library, moment(2024, 12, 31, 23, 30), d(2024, 12, 1))  # last year
    decision(library, moment(2025, 5, 5), None)  # due date unknown: left out
    decision(library, moment(2025, 5, 5), d(2025, 5, 1), action="snoozed")
    decision(other_library, moment(2025, 5, 5), d(2025, 5, 1))
    active = story["active"]
    promise = {"library": library, "partnership": active, "what": "A poster", "status": "kept"}
    Commitment.objects.create(
        owed_by="library", due_on=d(2025, 3, 1), done_on=d(2025, 3, 10), **promise
    )
    Commitment.objects.create(
        owed_by="library", due_on=d(2025, 3, 5), done_on=d(2025, 3, 5), **promise
    )
    Commitment.objects.create(
        owed_by="partner", due_on=d(2025, 3, 5), done_on=d(2025, 3, 5), **promise
    )
    table = reports.reminders_by_month(library, YEAR)
    assert len(table.rows) == 12
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Jan 2025"] == [1, 1, 0, 0]
    assert rows["Mar 2025"] == [0, 0, 1, 1]
    assert rows["Dec 2025"] == [1, 0, 0, 0]
    assert rows["May 2025"] == [0, 0, 0, 0]


@pytest.mark.django_db
def test_habits_said_counts_latest_answers_as_of_each_quarter(
    library, other_library, staff, owner, outsider
):
    def answer(user, habit, answer, when, where=library):
        SurveyAnswer.objects.create(
            library=where, user=user, habit=habit, answer=answer, answered_at=when
        )

    answer(staff, "thank", "never", moment(2025, 2, 1))
    answer(staff, "thank", "always", moment(2025, 5, 1))
    answer(owner, "chat", "sometimes", moment(2025, 3, 31, 23, 0))
    answer(owner, "chat", "always", moment(2025, 4, 1, 0, 0))  # counts from Q2
    answer(outsider, "chat", "never", moment(2025, 2, 1), where=other_library)
    said, _log, _rates = reports.habits_over_time(library, YEAR, TODAY)
    assert said.headers == ["Quarter", "Always", "Sometimes", "Never"]
    assert said.rows == [
        ["Q1 2025", 0, 1, 1],
        ["Q2 2025", 2, 0, 0],
        ["Q3 2025", 2, 0, 0],
        ["Q4 2025", 2, 0, 0],
    ]


@pytest.mark.django_db
def test_habits_log_by_quarter(library, other_library):
    exploring = partner(
        library, "Exploring", created=moment(2024, 1, 1), moves=[("exploring", moment(2024, 1, 2))]
    )
    elsewhere = partner(other_library, "Theirs", created=moment(2024, 1, 1))

    def contact(partnership, kind, day):
        Contact.objects.create(
            library=partnership.library, partnership=partnership, kind=kind, happened_on=day
        )

    contact(exploring, "support", datetime.date(2025, 2, 10))
    contact(exploring, "thanks", datetime.date(2025, 2, 12))
    contact(exploring, "support", datetime.date(2025, 5, 10))  # never thanked
    contact(elsewhere, "support", datetime.date(2025, 8, 10))
    _said, log, rates = reports.habits_over_time(library, YEAR, TODAY)
    assert log.rows == [
        ["Q1 2025", 1, 0, 100],
        ["Q2 2025", 0, 1, 0],
        ["Q3 2025", 0, 0, ""],
        ["Q4 2025", 0, 0, ""],
    ]
    assert log.series == ["Chances followed", "Chances missed"]
    assert dict(rates)["Thank partners after they support the library"] == 0.5


def test_quarters_stop_at_today_and_at_the_edges():
    period = reports.Period(datetime.date(2026, 2, 15), datetime.date(2026, 12, 31))
    assert period.quarters(TODAY) == [
        (datetime.date(2026, 2, 15), datetime.date(2026, 3, 31), "Q1 2026 (from 15 Feb)"),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), "Q2 2026"),
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "Q3 2026"),
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 22), "Q4 2026 (to 22 Nov)"),
    ]
    assert len(YEAR.months()) == 12 and YEAR.months()[-1] == datetime.date(2025, 12, 1)


@pytest.mark.parametrize(
    "query, expected, complains",
    [
        ("", reports.Period.year(2026), False),
        ("year=2025", reports.Period.year(2025), False),
        ("year=abcd", reports.Period.year(2026), True),
        ("year=1999", reports.Period.year(2026), True),
        ("year=99999999999999999999", reports.Period.year(2026), True),
        ("year=٢٠٢٥", reports.Period.year(2026), True),
        (
            "since=2025-03-01&until=2025-05-31",
            reports.Period(datetime.date(2025, 3, 1), datetime.date(2025, 5, 31)),
            False,
        ),
        ("since=2025-13-01&until=2025-05-31", reports.Period.year(2026), True),
        ("since=2025-06-01&until=2025-05-31", reports.Period.year(2026), True),
        ("since=2025-06-01", reports.Period.year(2026), True),
        ("since=1900-01-01&until=2025-05-31", reports.Period.year(2026), True),
    ],
)
def test_period_from_the_query(query, expected, complains):
    period, problem = reports.period_from(QueryDict(query), TODAY)
    assert period == expected
    assert bool(problem) is complains


@pytest.mark.django_db
def test_the_sentences_for_the_board(library, story):
    report = reports.build(library, YEAR, today=TODAY)
    sentences = reports.summary(report)
    assert sentences[0] == (
        "At the end of 2025 the library was working with 2 partners (active or in a pilot)."
    )
    assert sentences[1] == (
        "In 2025: 1 organization started working with the library, 1 partnership ended and "
        "1 organization declined."
    )
    assert sentences[2] == (
        "Through them the library reaches 2 audiences; most partners reach Report teens (2)."
    )
    ongoing = reports.build(library, reports.Period.year(2026), today=TODAY)
    assert reports.summary(ongoing)[0].startswith("Today the library works with 1 partner ")
