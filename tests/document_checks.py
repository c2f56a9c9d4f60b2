"""A document that is both a page and a Word file says the same words in both."""

import html
import re
from html.parser import HTMLParser

from allies.core.documents import Document, Section, text_of
from tests.test_documents import _text


def leaf_texts(document: Document) -> list[str]:
    """Every title, sentence, term and cell of the document, as `text_of` writes it."""
    texts = [document.title]
    for section in document.sections:
        texts.extend(_section_texts(section))
    lines = []
    for text in texts:
        lines.extend(line for line in str(text).split("\n") if line.strip() and line != "—")
    return lines


def _section_texts(section: Section) -> list[str]:
    texts = [section.title]
    if section.is_empty and section.empty:
        texts.append(section.empty)
    for block in section.blocks:
        if block.kind == "paragraph":
            texts.extend([block.lead, block.text])
        elif block.kind == "bullets":
            texts.extend(text_of(item) for item in block.items)
        elif block.kind == "facts":
            for term, value in block.rows:
                texts.extend([term, text_of(value)])
        elif block.kind == "table":
            texts.extend(block.headers)
            texts.extend(text_of(cell) for row in block.rows for cell in row)
        elif block.kind == "chart":
            texts.append(getattr(block.chart, "title", ""))  # a drawing may have none
            texts.extend(label for label, _value in block.bars or [])
            if block.table is not None:
                texts.extend(text_of(row[0]) for row in block.table.rows)
    for subsection in section.subsections:
        texts.extend(_section_texts(subsection))
    return [text for text in texts if text]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(content: bytes) -> str:
    parser = _Text()
    parser.feed(content.decode())
    return _squash(html.unescape(" ".join(parser.parts)))


def word_text(content: bytes) -> str:
    return _squash(_text(content))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_one_source(document: Document, page: bytes, word: bytes) -> None:
    """Each of the document's words is on the page and in the Word file."""
    shown, written = page_text(page), word_text(word)
    texts = leaf_texts(document)
    assert len(texts) > 5
    for text in texts:
        text = _squash(text.strip())
        assert text in shown, f"not on the page: {text!r}"
        assert text in written, f"not in the Word file: {text!r}"
