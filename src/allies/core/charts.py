"""Charts drawn on the server as SVG, each shown beside a table of the same numbers.

The views compute the numbers; these functions turn them into geometry the templates
`charts/bars.html` and `charts/columns.html` draw. Both templates print a table with exactly the
numbers the bars are drawn from, so a screen reader, a printout and a test read the same figures.

    chart = bar_chart(_("Partnerships by stage"), [("Active", 12), ("Pilot", 3)])
    {% include "charts/bars.html" with chart=chart %}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.text import Truncator

LABEL_WIDTH = 190
BAR_AREA = 360
ROW_HEIGHT = 28
COLUMN_AREA_HEIGHT = 180
COLUMN_WIDTH = 18
COLUMN_GAP = 14
SERIES_CLASSES = 4  # chart__series-0 .. chart__series-3 in allies.css
# Series that mean something have one colour wherever they are drawn (chart__series-always ...
# in allies.css, the same rule as the habits page's bars): an answer is never green on one page and
# blue on another. Charts also name every series in their legend and table, never colour alone.
MEANINGS = ("always", "sometimes", "never", "followed", "missed")
# The longest label drawn beside a bar, and under a group of columns (the tables print it whole).
BAR_LABEL_CHARS = 26
COLUMN_LABEL_CHARS = 8
VALUE_GAP = 6  # between a bar's end and its number


def colour_classes(count: int, colours: Sequence[str] | None = None) -> list[int | str]:
    """The colour class of each of `count` series: its meaning when given, else its position."""
    if colours is not None:
        unknown = set(colours) - set(MEANINGS)
        if unknown or len(colours) != count:
            raise ValueError(f"colours must name {count} meanings of {MEANINGS}: {colours}")
        return list(colours)
    return [number % SERIES_CLASSES for number in range(count)]


def legend(
    series: Sequence[str], colours: Sequence[str] | None = None
) -> list[tuple[str, int | str]]:
    """Each series' name and colour class, as the drawn columns and segments use them."""
    return list(zip(series, colour_classes(len(series), colours), strict=True))


def shortened(label: str, chars: int) -> str:
    """The label as drawn in a chart: cut to `chars` with an ellipsis (as `truncatechars`).

    A label short enough is returned as Truncator returns it (normalized), without its cost.
    """
    text = unicodedata.normalize("NFC", str(label))
    if len(text) <= chars:
        return text
    return Truncator(text).chars(chars)


@dataclass
class Bar:
    label: str
    value: float
    width: int
    y: int
    short_label: str = ""
    value_x: int = 0  # where the number after the bar starts


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    label_header: str
    value_header: str
    width: int = LABEL_WIDTH + BAR_AREA + 60
    height: int = 0
    label_width: int = LABEL_WIDTH

    @property
    def total(self) -> float:
        return sum(bar.value for bar in self.bars)

    @property
    def description(self) -> str:
        """Every number in words, for screen readers (the svg's aria-label)."""
        return "".join([self.title, *(f"; {bar.label}: {bar.value}" for bar in self.bars)])


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    label_header: str = "",
    value_header: str = "",
) -> BarChart:
    """Horizontal bars, one per (label, value) row, longest bar = the largest value."""
    top = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(BAR_AREA * value / top)
        bars.append(
            Bar(
                label=label,
                value=value,
                width=width,
                y=index * ROW_HEIGHT,
                short_label=shortened(label, BAR_LABEL_CHARS),
                value_x=LABEL_WIDTH + width + VALUE_GAP,
            )
        )
    return BarChart(
        title=title,
        bars=bars,
        label_header=label_header,
        value_header=value_header,
        height=max(ROW_HEIGHT, ROW_HEIGHT * len(bars)),
    )


@dataclass
class Column:
    series: int
    value: float
    x: int
    y: int
    height: int
    title: str = ""  # "label: value", shown on hovering it


@dataclass
class ColumnGroup:
    label: str
    x: int
    columns: list[Column] = field(default_factory=list)
    short_label: str = ""


@dataclass
class ColumnChart:
    title: str
    series: list[str]
    groups: list[ColumnGroup]
    width: int
    height: int
    baseline: int
    top: float
    label_header: str

    @property
    def label_y(self) -> int:
        """Where the groups' labels sit, under the baseline."""
        return self.baseline + 16

    @property
    def description(self) -> str:
        """Every number in words, for screen readers (the svg's aria-label), as the bars give."""
        parts = [self.title]
        for group in self.groups:
            values = ", ".join(
                f"{name} {column.value}"
                for name, column in zip(self.series, group.columns, strict=True)
            )
            parts.append(f"{group.label}: {values}")
        return "; ".join(parts)

    @property
    def legend(self) -> list[tuple[str, int]]:
        return legend(self.series)

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        """The table: one row per group, one number per series (what the columns are drawn from)."""
        return [(group.label, [column.value for column in group.columns]) for group in self.groups]


def column_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    label_header: str = "",
) -> ColumnChart:
    """Grouped vertical columns: one group per category (e.g. a month), one column per series."""
    top = max((value for _name, values in series for value in values), default=0) or 1
    group_width = COLUMN_WIDTH * max(1, len(series)) + COLUMN_GAP
    baseline = COLUMN_AREA_HEIGHT + 10
    groups = []
    for index, label in enumerate(categories):
        x = 40 + index * group_width
        group = ColumnGroup(label=label, x=x, short_label=shortened(label, COLUMN_LABEL_CHARS))
        for number, (_name, values) in enumerate(series):
            value = values[index]
            height = round(COLUMN_AREA_HEIGHT * value / top)
            group.columns.append(
                Column(
                    series=number % SERIES_CLASSES,
                    value=value,
                    x=x + number * COLUMN_WIDTH,
                    y=baseline - height,
                    height=height,
                    title=f"{label}: {value}",
                )
            )
        groups.append(group)
    return ColumnChart(
        title=title,
        series=[name for name, _values in series],
        groups=groups,
        width=40 + len(categories) * group_width + 10,
        height=baseline + 40,
        baseline=baseline,
        top=top,
        label_header=label_header,
    )


@dataclass
class Segment:
    series: int | str
    value: float
    x: int
    width: int
    title: str = ""  # "label: value", shown on hovering it


@dataclass
class StackedBar:
    label: str
    y: int
    segments: list[Segment]
    short_label: str = ""

    @property
    def total(self) -> float:
        return sum(segment.value for segment in self.segments)


@dataclass
class StackedBarChart:
    title: str
    series: list[str]
    bars: list[StackedBar]
    label_header: str
    width: int = LABEL_WIDTH + BAR_AREA + 60
    height: int = 0
    label_width: int = LABEL_WIDTH
    colours: list[str] | None = None

    @property
    def description(self) -> str:
        """Every number in words, for screen readers (the svg's aria-label)."""
        parts = [self.title]
        for bar in self.bars:
            values = ", ".join(
                f"{name} {segment.value}"
                for name, segment in zip(self.series, bar.segments, strict=False)
            )
            parts.append(f"{bar.label}: {values}")
        return "; ".join(parts)

    @property
    def legend(self) -> list[tuple[str, int | str]]:
        return legend(self.series, self.colours)

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        """The table: one row per bar, one number per series (what the segments are drawn from)."""
        return [(bar.label, [segment.value for segment in bar.segments]) for bar in self.bars]


def stacked_bar_chart(
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    label_header: str = "",
    colours: Sequence[str] | None = None,
) -> StackedBarChart:
    """Horizontal bars split into one segment per series (e.g. Always / Sometimes / Never for each
    quarter); the longest bar is the largest total. `colours` gives each series' meaning."""
    top = max((sum(values) for _label, values in rows), default=0) or 1
    classes = colour_classes(len(series), colours)
    bars = []
    for index, (label, values) in enumerate(rows):
        x, segments = LABEL_WIDTH, []
        for number, value in enumerate(values):
            width = round(BAR_AREA * value / top)
            segments.append(
                Segment(
                    series=classes[number],
                    value=value,
                    x=x,
                    width=width,
                    title=f"{label}: {value}",
                )
            )
            x += width
        bars.append(
            StackedBar(
                label=label,
                y=index * ROW_HEIGHT,
                segments=segments,
                short_label=shortened(label, BAR_LABEL_CHARS),
            )
        )
    return StackedBarChart(
        title=title,
        series=list(series),
        bars=bars,
        label_header=label_header,
        height=max(ROW_HEIGHT, ROW_HEIGHT * len(bars)),
        colours=list(colours) if colours is not None else None,
    )
