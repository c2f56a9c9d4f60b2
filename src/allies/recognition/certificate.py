"""A certificate of appreciation on one landscape page: in the browser (print) and as a Word file.

The certificate's wording is the recognition's text, one block per paragraph (blank line between):
the first block is the title and the third (the partner's name, in the draft) is set large. What a
librarian rewrites keeps this shape; extra blocks are printed as ordinary lines. Below them, the
line to sign. Every word is in one `Certificate` (`of`), which the page
(recognition/certificate.html) and the Word file (`docx`) both render: neither has its own wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from allies.core import documents

TITLE, NAME, LINE = "title", "name", "line"
# Under the line to sign: who signs a certificate.
SIGNATURE = _("Library director")


@dataclass(frozen=True)
class Certificate:
    """What a certificate says, in the language active when it was made."""

    name: str  # what kind of document it is: the page's label, the Word file's title
    blocks: list[tuple[str, str]]  # (role, text), see `blocks`
    signature: str


def of(recognition) -> Certificate:
    """The certificate a recognition of kind "certificate" prints."""
    return Certificate(
        name=str(recognition.get_kind_display()),
        blocks=blocks(recognition.text),
        signature=str(SIGNATURE),
    )


def blocks(text: str) -> list[tuple[str, str]]:
    """(role, text) for every non-empty paragraph of the certificate's text."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [part for part in paragraphs if part]
    roles = {0: TITLE, 2: NAME}
    return [(roles.get(index, LINE), part) for index, part in enumerate(paragraphs)]


SIZES = {TITLE: Pt(36), NAME: Pt(30), LINE: Pt(16)}


def docx(certificate: Certificate, library, filename: str):
    """The certificate as a landscape Word document, centred, ready to print on one page."""
    document = Document()
    document.core_properties.title = documents.clean(certificate.name)
    document.core_properties.author = documents.clean(library.name)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    for role, text in certificate.blocks:
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
    signature.add_run(documents.clean(certificate.signature)).font.size = SIZES[LINE]
    return documents.docx_response(document, filename)
