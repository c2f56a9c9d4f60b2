"""Word documents (DOCX) that librarians open, edit and print: the workbook, boards and reports.

Every export builds its document with these few helpers so all of them look alike: a title, a line
saying which library and when, headings, paragraphs, tables with a header row, and bar charts drawn
as tables (a Word document cannot hold our SVG drawings, and a table of bars stays editable).

    document = new_document(_("Benefits board"), library)
    add_table(document, [_("Partner"), _("They give")], rows)
    return docx_response(document, "benefits-board")
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from allies.text import for_files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BAR_CHARACTER = "█"
BAR_CELLS = 30


def clean(text) -> str:
    """Text safe to put in a document: a string, without the control characters XML refuses
    (tab and newline kept; allies/text.py)."""
    return for_files(text)


def new_document(title: str, library=None, subtitle: str = ""):
    """A document with the title, the library's name and today's date under it."""
    document = Document()
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
