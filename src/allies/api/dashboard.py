"""The dashboard's figures for a period, as the Reports page and its CSV downloads give them."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from allies.api.access import api_access
from allies.api.errors import ApiError
from allies.api.schemas import REFUSALS
from allies.libraries.access import MEMBERS
from allies.recognition import reports

router = Router(tags=["reports"])


class PeriodOut(Schema):
    since: datetime.date
    until: datetime.date
    label: str


class TableOut(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[list[str | int | float]] = Field(
        description="A label, then numbers (an empty string where there is none yet)."
    )


class HabitRateOut(Schema):
    habit: str
    rate: float | None = Field(description="Share of chances followed, 0 to 1; null: no chance.")


class DashboardOut(Schema):
    period: PeriodOut
    ongoing: bool = Field(description="The period has not ended: “at the end” means today.")
    tables: list[TableOut]
    habit_rates: list[HabitRateOut]


class PeriodIn(Schema):
    year: str | None = Field(None, max_length=10, description="A calendar year, e.g. 2026.")
    since: str | None = Field(
        None, max_length=20, description="First day, YYYY-MM-DD (with until)."
    )
    until: str | None = Field(None, max_length=20, description="Last day, YYYY-MM-DD (with since).")


@router.get("/dashboard", response={200: DashboardOut, **REFUSALS})
@api_access(role=MEMBERS)
def dashboard(request, period: Query[PeriodIn]):
    """Partnerships by stage and sector, new and ended, audiences reached, reminders on time
    and late by month, the seven habits by quarter: this year unless a period is given."""
    today = timezone.localdate()
    asked, problem = reports.period_from(period.dict(exclude_none=True), today)
    if problem:
        # The page falls back to this year and says so; the API refuses instead.
        detail = problem.split(" Showing")[0]
        field = "year" if period.year else "since"
        raise ApiError(400, detail, errors=[{"field": field, "message": detail}])
    report = reports.build(request.library, asked, today=today)
    return {
        "period": {"since": asked.since, "until": asked.until, "label": asked.label},
        "ongoing": report.ongoing,
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "headers": [str(header) for header in table.headers],
                "rows": [[_cell(value) for value in row] for row in table.rows],
            }
            for table in report.tables
        ],
        "habit_rates": [{"habit": str(label), "rate": rate} for label, rate in report.habit_rates],
    }


def _cell(value):
    """A number stays a number; a label (translated lazily on the page) becomes its text."""
    return value if isinstance(value, int | float) else str(value)
