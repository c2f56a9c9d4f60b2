"""The survey's answers take one colour each, the habits page's (Always green, Never red), and a
letter, so that colour is never the only sign."""

import re

import pytest

from allies.core.charts import stacked_bar_chart
from allies.stewardship.models import Frequency, Habit
from allies.workshop.models import Contribution
from tests.workshop.helpers import participant_client, running_workshop


def test_a_chart_of_answers_marks_each_segment_with_its_answer():
    chart = stacked_bar_chart(
        "Habits",
        ["Always", "Sometimes", "Never"],
        [("Thank partners", [3, 2, 1])],
        kinds=["always", "sometimes", "never"],
    )
    assert [s.kind for s in chart.bars[0].segments] == ["always", "sometimes", "never"]
    assert [kind for _n, _c, kind in chart.legend_kinds] == ["always", "sometimes", "never"]


@pytest.mark.django_db
def test_the_trainers_survey_panel_uses_the_answer_colours(library, owner, owner_client):
    workshop = running_workshop(library, owner, part="sustain")
    ann, _browser = participant_client(workshop, display_name="Ann")
    Contribution.objects.create(
        workshop=workshop,
        participant=ann,
        activity="survey",
        data={habit.value: Frequency.NEVER.value for habit in Habit},
    )
    page = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/live/").content.decode()
    never = re.findall(r'class="chart__series-\d chart__answer-never"', page)
    assert never, page[:3000]
    assert 'class="chart__answer-mark" aria-hidden="true">N<' in page
    assert "chart__answer-always" in page  # the legend, in the habits page's green


def test_the_stylesheet_gives_each_answer_the_habits_page_colour():
    from pathlib import Path

    import allies

    css = (Path(allies.__file__).parent / "static" / "allies" / "allies.css").read_text()
    assert ".chart-with-table .chart__answer-always { fill: var(--ok)" in css
    assert ".chart-with-table .chart__answer-never { fill: var(--error)" in css
    assert ".stacked-bar__always, .chart__answer-always { fill: var(--ok)" in css
