"""Documents librarians read on a page, print and open in Word: reports, plans and boards.

A document that exists both as a page and as a Word file is written once, as a `Document` of
sections holding paragraphs, lists, facts, tables and charts; the page renders it with the template
`documents/_sections.html` and `to_docx` writes the same thing as Word. One wording, two outputs:

    document = Document(_("Impact report"), sections=[
        Section(_("In short"), [Paragraph(sentence) for sentence in sentences]),
        Section(_("Pilots"), [Table([_("Pilot"), _("Dates")], rows)], empty=_("No pilot yet.")),
    ])
    {% include "documents/_sections.html" with sections=document.sections %}
    return docx_response(to_docx(document, library), "impact-report")

Word files that have no page twin (worksheets, certificates) use the helpers below directly, so
every file looks alike: a title, a line saying which library and when, headings, paragraphs, tables
with a header row, and bar charts drawn as tables (a Word document cannot hold our SVG drawings, and
a table of bars stays editable).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import docx
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from allies.core.text import for_files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BAR_CHARACTER = "█"
BAR_CELLS = 30


def clean(text) -> str:
    """Text safe to put in a document: a string, without the control characters XML refuses
    (tab and newline kept; allies/core/text.py)."""
    return for_files(text)


def new_document(title: str, library=None, subtitle: str = ""):
    """A document with the title, the library's name and today's date under it."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(11)
    document.core_properties.title = clean(title)
    document.core_properties.author = clean(library.name) if library else "Allies"
    document.add_heading(clean(title), level=0)
    line = " · ".join(
        part
        for part in (
            clean(library.name) if library else "",
            clean(subtitle),
            date_format(timezone.localdate(), "j F Y"),
        )
        if part
    )
    meta = document.add_paragraph(line)
    meta.runs[0].font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)
    return document


def add_heading(document, text: str, level: int = 1):
    return document.add_heading(clean(text), level=level)


def add_paragraph(document, text: str = "", *, bold_lead: str = "", style: str | None = None):
    """A paragraph; `bold_lead` is written first in bold (e.g. "Why: ")."""
    paragraph = document.add_paragraph(style=style)
    if bold_lead:
        paragraph.add_run(clean(bold_lead)).bold = True
    if text:
        paragraph.add_run(clean(text))
    return paragraph


def add_bullets(document, items: Iterable[str]):
    for item in items:
        document.add_paragraph(clean(item), style="List Bullet")


def add_table(document, headers: Sequence[str], rows: Iterable[Sequence], *, widths=None):
    """A table with a bold header row repeated on every page; cells may hold lists (one per line)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _fill(cell, value)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = width
    return table


def add_bar_chart(document, title: str, rows: Sequence[tuple[str, int | float]], *, unit=""):
    """A bar chart as a table: label, a bar of block characters in proportion, the number."""
    add_paragraph(document, bold_lead=title)
    top = max((value for _label, value in rows), default=0) or 1
    table_rows = []
    for label, value in rows:
        cells = round(BAR_CELLS * value / top) if value else 0
        table_rows.append((label, BAR_CHARACTER * cells, f"{value}{unit}"))
    return add_table(document, [_("What"), _("Bar"), _("Number")], table_rows)


@dataclass(frozen=True)
class Link:
    """A cell or list item that links somewhere on the page; Word shows its text."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Dates:
    """From one day to another (one day when both are the same or the end is unknown)."""

    start: datetime.date
    end: datetime.date | None = None

    def __str__(self) -> str:
        if self.end is None or self.end == self.start:
            return date_format(self.start, "DATE_FORMAT")
        return f"{date_format(self.start, 'DATE_FORMAT')} – {date_format(self.end, 'DATE_FORMAT')}"


@dataclass
class Paragraph:
    text: str
    lead: str = ""  # written first, in bold
    kind: str = "paragraph"


@dataclass
class Bullets:
    items: Sequence[Any]  # text, Link or date: each one line
    kind: str = "bullets"


@dataclass
class Facts:
    """Terms and what they are (a description list on the page, bold leads in Word)."""

    rows: Sequence[tuple[str, Any]]
    kind: str = "facts"


@dataclass
class Table:
    """A table; cells are text, numbers, dates, `Link`s, None (shown as a dash) or lists (one per
    line). The column `row_header` names each row; `numbers` are the right-aligned columns."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str = ""
    row_header: int | None = 0
    numbers: Sequence[int] = ()
    kind: str = "table"


@dataclass
class Chart:
    """A chart from `allies.core.charts`, drawn by `template` on the page; in Word, bars of block
    characters when `bars` is given (label, value), else `table`."""

    chart: Any
    template: str
    bars: Sequence[tuple[str, float]] | None = None
    table: Table | None = None
    kind: str = "chart"


@dataclass
class Section:
    """A heading and what follows it; `empty` is said instead when there is nothing in it."""

    title: str
    blocks: list = field(default_factory=list)
    empty: str = ""
    anchor: str = ""
    subsections: list[Section] = field(default_factory=list)
    css: str = ""  # a class for the page's stylesheet
    kind: str = "section"

    @property
    def is_empty(self) -> bool:
        return not self.blocks and not self.subsections


@dataclass
class Document:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def text_of(value) -> str:
    """What a cell says, the same way on the page and in Word."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return "\n".join(text_of(item) for item in value)
    return str(value)


def to_docx(document: Document, library=None):
    """The document as Word: the same sections, words and numbers as the page."""
    word = new_document(document.title, library, subtitle=document.subtitle)
    for section in document.sections:
        _section_to_docx(word, section, level=1)
    return word


def _section_to_docx(word, section: Section, level: int) -> None:
    add_heading(word, section.title, level=level)
    if section.is_empty and section.empty:
        add_paragraph(word, section.empty)
    for block in section.blocks:
        if block.kind == "paragraph":
            add_paragraph(word, block.text, bold_lead=block.lead)
        elif block.kind == "bullets":
            add_bullets(word, [text_of(item) for item in block.items])
        elif block.kind == "facts":
            for term, value in block.rows:
                add_paragraph(word, text_of(value).replace("\n", "; "), bold_lead=f"{term}: ")
        elif block.kind == "table":
            _table_to_docx(word, block)
        elif block.kind == "chart" and block.bars is not None:
            add_bar_chart(word, block.chart.title, block.bars)
        elif block.kind == "chart" and block.table is not None:
            _table_to_docx(word, block.table)
    for subsection in section.subsections:
        _section_to_docx(word, subsection, level=level + 1)


def _table_to_docx(word, table: Table) -> None:
    if table.caption:
        add_paragraph(word, bold_lead=table.caption)
    rows = [
        [
            [text_of(item) for item in cell] if isinstance(cell, list | tuple) else text_of(cell)
            for cell in row
        ]
        for row in table.rows
    ]
    add_table(word, table.headers, rows)


def docx_response(document, filename: str) -> HttpResponse:
    """The document as a download named `filename`.docx (the name is made safe here)."""
    buffer = io.BytesIO()
    document.save(buffer)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "allies"
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe}.docx"'
    return response


def _fill(cell, value) -> None:
    if isinstance(value, list | tuple):
        lines = [clean(item) for item in value if clean(item)]
        cell.text = lines[0] if lines else ""
        for line in lines[1:]:
            cell.add_paragraph(line)
    else:
        cell.text = clean(value)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
