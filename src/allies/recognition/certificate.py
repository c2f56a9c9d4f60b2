"""A certificate of appreciation on one landscape page: in the browser (print) and as a Word file.

The certificate's wording is the recognition's text, one block per paragraph (blank line between):
the first block is the title and the third (the partner's name, in the draft) is set large. What a
librarian rewrites keeps this shape; extra blocks are printed as ordinary lines.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from allies.core import documents

TITLE, NAME, LINE = "title", "name", "line"


def blocks(text: str) -> list[tuple[str, str]]:
    """(role, text) for every non-empty paragraph of the certificate's text."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [part for part in paragraphs if part]
    roles = {0: TITLE, 2: NAME}
    return [(roles.get(index, LINE), part) for index, part in enumerate(paragraphs)]


SIZES = {TITLE: Pt(36), NAME: Pt(30), LINE: Pt(16)}


def docx(recognition, library, filename: str):
    """The certificate as a landscape Word document, centred, ready to print on one page."""
    document = Document()
    document.core_properties.title = documents.clean(recognition.get_kind_display())
    document.core_properties.author = documents.clean(library.name)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    for role, text in blocks(recognition.text):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(14)
        for number, line in enumerate(text.split("\n")):
            if number:
                paragraph.add_run().add_break()
            run = paragraph.add_run(documents.clean(line))
            run.font.size = SIZES[role]
            run.bold = role != LINE
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.paragraph_format.space_before = Pt(36)
    signature.add_run("_" * 30).add_break()
    signature.add_run(_("Library director")).font.size = SIZES[LINE]
    return documents.docx_response(document, filename)
