"""One colour per answer on every chart (WCAG 1.4.1, 3.2.4): Always, Sometimes and Never are drawn
with the class of their meaning wherever they appear, and every series is named in the legend."""

import datetime

import pytest

from allies.core.charts import colour_classes, stacked_bar_chart
from allies.stewardship.models import Frequency


def test_a_meaning_keeps_its_colour_whatever_its_position():
    first = stacked_bar_chart(
        "A", ["Always", "Never"], [("Q1", [1, 2])], colours=["always", "never"]
    )
    second = stacked_bar_chart(
        "B",
        ["Never", "Sometimes", "Always"],
        [("Q1", [1, 2, 3])],
        colours=["never", "sometimes", "always"],
    )
    assert dict(first.legend)["Always"] == dict(second.legend)["Always"] == "always"
    assert [s.series for s in second.bars[0].segments] == ["never", "sometimes", "always"]


def test_unknown_meanings_or_a_wrong_count_are_refused():
    with pytest.raises(ValueError):
        colour_classes(2, ["always", "blue"])
    with pytest.raises(ValueError):
        colour_classes(3, ["always", "never"])
    assert colour_classes(5) == [0, 1, 2, 3, 0]


@pytest.mark.django_db
def test_the_dashboard_and_the_workshop_survey_colour_answers_alike(library, owner):
    from allies.recognition.reports import Period, habits_over_time
    from allies.workshop.activity_data import _survey_room
    from tests.workshop.helpers import running_workshop

    said, log, _rates = habits_over_time(library, Period.year(2026), datetime.date(2026, 6, 1))
    assert said.colours == ["always", "sometimes", "never"]
    assert log.colours == ["followed", "missed"]
    workshop = running_workshop(library, owner)
    chart = _survey_room(workshop)["chart"]
    assert dict(chart.legend)[str(Frequency.ALWAYS.label)] == "always"
    assert dict(chart.legend)[str(Frequency.NEVER.label)] == "never"
