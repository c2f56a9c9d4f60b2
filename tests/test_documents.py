"""The shared Word-document and chart helpers: what they write can be read back, and charts draw
exactly the numbers their tables print."""

import io

import docx
import pytest

from allies.core import charts, documents


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
def test_a_document_reads_back_with_its_title_table_and_chart(library):
    document = documents.new_document("Benefits board", library, subtitle="2026")
    documents.add_heading(document, "Our partners")
    documents.add_paragraph(document, "a shelter", bold_lead="Who: ")
    documents.add_table(document, ["Partner", "They give"], [("Shelter", ["Rooms", "Staff"])])
    documents.add_bar_chart(document, "By stage", [("Active", 4), ("Pilot", 2), ("Idea", 0)])
    response = documents.docx_response(document, "benefits board/../x")

    assert response["Content-Type"] == documents.DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="benefits-board-..-x.docx"'
    text = _text(response.content)
    for expected in ("Benefits board", "Riverton Public Library", "Who: a shelter", "Rooms\nStaff"):
        assert expected in text
    rows = docx.Document(io.BytesIO(response.content)).tables[1].rows
    bars = {row.cells[0].text: (len(row.cells[1].text), row.cells[2].text) for row in rows[1:]}
    assert bars == {"Active": (30, "4"), "Pilot": (15, "2"), "Idea": (0, "0")}


def test_control_characters_are_dropped_so_the_file_stays_valid():
    document = documents.new_document("Notes\x00 \x0bwith\x1f control")
    documents.add_paragraph(document, "bell\x07 and tab\t kept")
    response = documents.docx_response(document, "")
    text = _text(response.content)
    assert "Notes with control" in text and "bell and tab\t kept" in text
    assert 'filename="allies.docx"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_libreoffice_opens_the_document_and_converts_it_to_pdf(library, to_pdf):
    document = documents.new_document("Annual report", library)
    documents.add_table(document, ["A", "B"], [("1", "2")] * 60)
    pdf = to_pdf(documents.docx_response(document, "annual").content)
    assert pdf.count(b"/Type /Page") >= 2 or pdf.count(b"/Type/Page") >= 2


def test_bar_lengths_follow_the_numbers():
    chart = charts.bar_chart("Stages", [("Active", 10), ("Pilot", 5), ("Idea", 0)])
    assert [(bar.label, bar.value, bar.width) for bar in chart.bars] == [
        ("Active", 10, charts.BAR_AREA),
        ("Pilot", 5, charts.BAR_AREA // 2),
        ("Idea", 0, 0),
    ]
    assert chart.total == 15
    assert charts.bar_chart("Empty", []).bars == []


def test_columns_are_grouped_by_category_and_keep_their_values():
    chart = charts.column_chart(
        "Reminders", ["Jan", "Feb"], [("On time", [4, 2]), ("Late", [0, 1])]
    )
    assert chart.rows == [("Jan", [4, 0]), ("Feb", [2, 1])]
    jan_on_time, jan_late = chart.groups[0].columns
    assert jan_on_time.height == charts.COLUMN_AREA_HEIGHT and jan_late.height == 0
    assert jan_on_time.y + jan_on_time.height == chart.baseline
    assert chart.groups[1].columns[1].height == charts.COLUMN_AREA_HEIGHT // 4


def test_the_chart_templates_print_the_numbers_they_draw():
    from django.template.loader import render_to_string

    html = render_to_string(
        "charts/bars.html", {"chart": charts.bar_chart("Sectors", [("Arts", 3), ("Health", 7)])}
    )
    assert 'data-label="Arts" data-value="3"' in html and '<td class="number">7</td>' in html
    html = render_to_string(
        "charts/columns.html",
        {"chart": charts.column_chart("Done", ["Jan"], [("On time", [2]), ("Late", [5])])},
    )
    assert (
        'data-value="2"' in html
        and 'data-value="5"' in html
        and '<th scope="col" class="number">Late</th>' in html
    )
    assert 'aria-label="Done; Jan: On time 2, Late 5"' in html


def test_the_legend_colours_wrap_as_the_columns_do():
    from django.template.loader import render_to_string

    names = [f"Series {n}" for n in range(6)]
    chart = charts.column_chart("Many", ["Jan"], [(name, [n + 1]) for n, name in enumerate(names)])
    assert chart.legend[4] == ("Series 4", 0) and chart.legend[5] == ("Series 5", 1)
    html = render_to_string("charts/columns.html", {"chart": chart})
    assert html.count('chart-legend__swatch chart__series-0"') == 2
    drawn = [column.series for column in chart.groups[0].columns]
    assert drawn == [colour for _name, colour in chart.legend]
