"""Not colour alone (WCAG 1.4.1): on every chart, Sometimes is dotted and Never (and "missed")
striped, in the chart and in its legend; Always is solid. Colours: tests/test_chart_colours.py."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FILLS = """() => {
  const fills = {};
  for (const kind of ["always", "sometimes", "never", "followed", "missed"]) {
    const shapes = [...document.querySelectorAll(
      `rect.chart__series-${kind}, rect.stacked-bar__${kind}`)];
    const swatch = document.querySelector(`.chart-legend__swatch.chart__series-${kind}`);
    fills[kind] = {
      shapes: [...new Set(shapes.map((shape) => getComputedStyle(shape).fill))],
      swatch: swatch ? getComputedStyle(swatch).backgroundImage : null,
    };
  }
  fills.patterns = [...document.querySelectorAll("pattern")].map((p) => p.id);
  return fills;
}"""


def test_answers_are_told_apart_by_pattern_as_well_as_colour(page):
    from allies import sample_data

    sample_data.load_sample_data(include_irs=False)
    sign_in(page, "director@sample.allies.example", sample_data.DEMO_PASSWORD)
    for path in ("/l/sample/reports/", "/l/sample/stewardship/habits/"):
        # The dashboard has the log's followed and missed too.
        assert page.goto(path).ok, path
        fills = page.evaluate(FILLS)
        assert fills["patterns"] == ["pattern-sometimes", "pattern-never"], path
        assert fills["sometimes"]["shapes"] and fills["never"]["shapes"], (path, fills)
        for kind, pattern in (("sometimes", "sometimes"), ("never", "never"), ("missed", "never")):
            assert all(f'url("#pattern-{pattern}")' in fill for fill in fills[kind]["shapes"]), (
                path,
                kind,
                fills[kind],
            )
            if fills[kind]["swatch"] is not None:
                assert "gradient" in fills[kind]["swatch"], (path, kind, fills[kind])
        assert all("url(" not in fill for fill in fills["always"]["shapes"]), path
        if path == "/l/sample/reports/":
            assert fills["missed"]["shapes"], fills
