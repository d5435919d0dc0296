"""Word natives (.docx): the body in document order, cut into runs of whole paragraphs.

A .docx has no pages until Word lays it out, and the layout depends on the
printer. So page-equivalents are runs of about ``PAGE_CHARS`` characters cut at
paragraph boundaries and labelled by paragraph numbers ("paragraphs 1–38"),
which stay the same on every machine. A table is never split: its rows are a
roster or a course list, read as rows with their header. Old binary .doc files
are not read (there is no maintained pure-Python reader).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from monell.config import NATIVE_CHARS
from monell.ingest.budget import check_chars, over_budget
from monell.ingest.natives import ZIP_PACKAGE_ERRORS, NativeProblem, property_metadata, render_row
from monell.ingest.natives.plaintext import PAGE_CHARS
from monell.records import NativeContent, NativePage, SourceFormat, Table

# A heading starts a new page-equivalent once the current one holds this much, so
# a section is less often split across two (passages never cross page-equivalents).
HEADING_BREAK_CHARS = 2_000
HEADING_STYLES = ("Heading", "Title")
PARAGRAPH_TAG = qn("w:p")
TABLE_TAG = qn("w:tbl")
CONTENT_CONTROL_TAG = qn("w:sdt")  # form fields wrap their paragraphs in one
CONTENT_CONTROL_BODY_TAG = qn("w:sdtContent")
# What python-docx, zipfile and lxml raise on a damaged package (named, not a broad except).
DOCX_ERRORS: tuple[type[BaseException], ...] = (PackageNotFoundError, *ZIP_PACKAGE_ERRORS)


@dataclass(frozen=True)
class _Block:
    """A non-empty paragraph, or a table with its rows, in document order."""

    text: str
    heading: bool = False
    rows: tuple[tuple[str, ...], ...] = ()


BODY_PART = "word/document.xml"
# python-docx holds the whole body as an XML tree: every element costs memory whether or not
# it holds text, so a body of millions of empty paragraphs is refused like a long text.
ELEMENTS_PER_CHAR = 0.5


def read_word(source: Path | bytes, max_chars: int = NATIVE_CHARS) -> NativeContent:
    """The body of a .docx document as page-equivalents of whole paragraphs and tables.

    Raises:
        NativeProblem: damaged, password-protected, or no text at all.
        OverBudget: the body holds more text (or XML elements) than ``max_chars`` allows.
    """
    try:
        _measure_body(source, max_chars)
        document = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        blocks = list(_walk(document.element.body, document))
        props = document.core_properties
        metadata = property_metadata(props.author, props.created, props.modified, props.title)
    except DOCX_ERRORS as error:
        raise NativeProblem(
            "not a readable .docx Word document (damaged or password-protected?)"
        ) from error
    if not blocks:
        raise NativeProblem("no readable content: the document has no text")
    return NativeContent(SourceFormat.DOCX, _pages(blocks), metadata)


def _measure_body(source: Path | bytes, max_chars: int) -> None:
    """Stream the body's XML once, counting text and elements, before python-docx builds
    its tree: a 30-million-character run or two million paragraphs are refused in seconds.
    Each of the body's blocks is dropped once counted, so memory stays flat; expat never
    fetches an external entity."""
    max_elements = int(max_chars * ELEMENTS_PER_CHAR)
    with (
        zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package,
        package.open(BODY_PART) as body,
    ):
        chars = elements = depth = 0
        parents: list[ElementTree.Element] = []
        for event, element in ElementTree.iterparse(body, events=("start", "end")):
            if event == "start":
                depth += 1
                parents.append(element)
                continue
            depth -= 1
            parents.pop()
            elements += 1
            chars += len(element.text or "")
            if elements > max_elements:
                raise over_budget(
                    f"a Word document of more than {max_elements:,} parts (paragraphs, "
                    "runs, cells)",
                    f"{max_chars:,} characters",
                    "native_chars",
                )
            check_chars(chars, max_chars, "a Word document")
            if depth == 2 and parents:  # a block of <w:body>: counted, then let go
                parents[-1].remove(element)


def label_paragraphs(first: int, last: int) -> str:
    """``paragraphs 1–38`` (en dash), or ``paragraph 7`` for one."""
    return f"paragraph {first}" if first == last else f"paragraphs {first}\u2013{last}"


def _walk(container: Any, document: Any) -> Iterator[_Block]:
    """Paragraphs and tables in the order the XML holds them (Word's reading order)."""
    for child in container.iterchildren():
        if child.tag == PARAGRAPH_TAG:
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if text:
                yield _Block(text, heading=_is_heading(paragraph))
        elif child.tag == TABLE_TAG:
            rows = _table_rows(WordTable(child, document))
            if any(any(row) for row in rows):
                yield _Block("\n".join(render_row(row) for row in rows if any(row)), rows=rows)
        elif child.tag == CONTENT_CONTROL_TAG:
            body = child.find(CONTENT_CONTROL_BODY_TAG)
            if body is not None:
                yield from _walk(body, document)


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    name = (style.name if style is not None else None) or ""
    return name.startswith(HEADING_STYLES)


def _table_rows(table: WordTable) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per grid column;
            # keep its text once so the row does not read "Smith | Smith | Smith".
            cells.append("" if cell._tc is previous else " ".join(cell.text.split()))
            previous = cell._tc
        rows.append(tuple(cells))
    return tuple(rows)


def _pages(blocks: list[_Block]) -> tuple[NativePage, ...]:
    """Group numbered blocks into page-equivalents; tables count as one paragraph."""
    groups: list[list[tuple[int, _Block]]] = [[]]
    size = 0
    for number, block in enumerate(blocks, start=1):
        full = size + len(block.text) > PAGE_CHARS
        if groups[-1] and (full or (block.heading and size >= HEADING_BREAK_CHARS)):
            groups.append([])
            size = 0
        groups[-1].append((number, block))
        size += len(block.text) + 1
    return tuple(_page(ordinal, group) for ordinal, group in enumerate(groups, start=1))


def _page(ordinal: int, group: list[tuple[int, _Block]]) -> NativePage:
    lines: list[str] = []
    for _, block in group:
        if block.heading and lines:
            lines.append("")  # a heading stands on its own line after a blank one
        lines.append(block.text)
    tables = tuple(
        Table(page_number=ordinal, index=index, rows=block.rows)
        for index, block in enumerate(block for _, block in group if block.rows)
    )
    return NativePage(label_paragraphs(group[0][0], group[-1][0]), "\n".join(lines), tables)
