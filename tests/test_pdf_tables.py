"""Ruled tables from pdfium's drawing: however the rules are drawn, each cell's own text."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from monell.ingest import pdf_tables
from monell.ingest.pdf import clean_text
from monell.records import Table

ROWS = (("Officer", "Course", "Hours"), ("Pruitt", "De-escalation", "4"), ("Lee", "CEW", "2"))
COLUMNS = (72, 222, 372, 472)  # x of the vertical rules, in points from the left
ROW_TOPS = (700, 680, 660, 640)  # y of the horizontal rules, from the bottom of the page


def _grid_as_lines() -> str:
    """One stroked line per rule, as word processors draw table borders."""
    left, right, top, bottom = COLUMNS[0], COLUMNS[-1], ROW_TOPS[0], ROW_TOPS[-1]
    rules = [f"{left} {y} m {right} {y} l S" for y in ROW_TOPS]
    rules += [f"{x} {bottom} m {x} {top} l S" for x in COLUMNS]
    return "\n".join(rules)


def _grid_as_cell_boxes() -> str:
    """One rectangle per cell (``re``), as report generators draw them."""
    boxes = []
    for top, bottom in zip(ROW_TOPS, ROW_TOPS[1:], strict=False):
        for left, right in zip(COLUMNS, COLUMNS[1:], strict=False):
            boxes.append(f"{left} {bottom} {right - left} {top - bottom} re S")
    return "\n".join(boxes)


def _cell_text(scale: float = 1.0) -> str:
    lines = []
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            x, y = (COLUMNS[c] + 4) / scale, (ROW_TOPS[r] - 14) / scale
            lines.append(f"BT /F1 {10 / scale:.3f} Tf {x:.3f} {y:.3f} Td ({cell}) Tj ET")
    return "\n".join(lines)


def _write_pdf(path: Path, content: str, form: str | None = None) -> Path:
    """A one-page Letter PDF with Helvetica, the given content and optionally a form XObject."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    if form is not None:
        xobject = DecodedStreamObject()
        xobject.set_data(form.encode("latin-1"))
        xobject.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [NumberObject(0), NumberObject(0), FloatObject(612), FloatObject(792)]
                ),
                NameObject("/Resources"): resources,
            }
        )
        resources[NameObject("/XObject")] = DictionaryObject(
            {NameObject("/Fm1"): writer._add_object(xobject)}
        )
    page[NameObject("/Resources")] = resources
    stream = DecodedStreamObject()
    stream.set_data(content.encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _tables(path: Path) -> tuple[Table, ...]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return pdf_tables.read_tables(document, [0])[0]
    finally:
        document.close()


def test_a_grid_of_stroked_lines_is_a_table_of_its_cells(tmp_path: Path) -> None:
    (table,) = _tables(_write_pdf(tmp_path / "lines.pdf", _grid_as_lines() + "\n" + _cell_text()))
    assert table.rows == ROWS
    assert (table.page_number, table.index) == (1, 0)


def test_a_grid_of_cell_rectangles_is_the_same_table(tmp_path: Path) -> None:
    (table,) = _tables(
        _write_pdf(tmp_path / "boxes.pdf", _grid_as_cell_boxes() + "\n" + _cell_text())
    )
    assert table.rows == ROWS


def test_a_grid_drawn_at_half_scale_is_read_in_page_coordinates(tmp_path: Path) -> None:
    # The whole drawing under a 2x transform: every coordinate in the stream is halved.
    half = "\n".join(
        " ".join(f"{float(t) / 2:g}" if t.replace(".", "").isdigit() else t for t in line.split())
        for line in _grid_as_lines().splitlines()
    )
    content = f"q 2 0 0 2 0 0 cm\n{half}\nQ\n{_cell_text()}"
    (table,) = _tables(_write_pdf(tmp_path / "scaled.pdf", content))
    assert table.rows == ROWS


def test_rules_inside_a_form_xobject_count(tmp_path: Path) -> None:
    path = _write_pdf(tmp_path / "form.pdf", "q /Fm1 Do Q\n" + _cell_text(), form=_grid_as_lines())
    (table,) = _tables(path)
    assert table.rows == ROWS


def test_lone_rules_and_an_empty_grid_give_no_table(tmp_path: Path) -> None:
    underlines = "72 700 m 540 700 l S\n72 400 m 540 400 l S\n" + _cell_text()
    assert _tables(_write_pdf(tmp_path / "rules.pdf", underlines)) == ()
    assert _tables(_write_pdf(tmp_path / "empty.pdf", _grid_as_lines())) == ()


def test_text_beside_the_grid_stays_out_of_its_cells(tmp_path: Path) -> None:
    outside = "BT /F1 10 Tf 72 720 Td (In-service roster, spring) Tj ET"
    path = _write_pdf(tmp_path / "t.pdf", "\n".join([outside, _grid_as_lines(), _cell_text()]))
    (table,) = _tables(path)
    assert table.rows == ROWS


def test_pdfium_line_end_hyphen_marks_read_as_hyphens() -> None:
    assert clean_text("Investigations\ufffeWarrants\r\n") == "Investigations-Warrants"
    assert clean_text("de\x02escalation") == "de-escalation"
