"""Ruled tables: pdfium's drawing and text, pdfplumber's table-finding algorithm.

pdfplumber finds tables by snapping and joining a page's drawn edges, intersecting
them into cells and grouping the cells into tables (``pdfplumber.table.TableFinder``).
Its own way to get those edges is to interpret the whole page in pure Python, text
included, which cost ~85 ms a page and was 90% of extracting the 604-page Anchorage
manual (every policy's first page carries a ruled header box). Here the edges come
from pdfium's path objects (in the document already open for the text layer; only
ruled pages are loaded a second time, to walk their drawing) and each cell's text
from pdfium's text page, so the same algorithm runs in about a millisecond a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from monell.ingest.pdf import clean_text
from monell.records import Table

AXIS_SLACK = 0.1  # points: a segment this close to level or plumb is a rule
COORD_DIGITS = 3  # content streams rarely carry more; pdfium's float32 adds noise below
CELL_INSET = 0.5  # points: keeps a neighbour's text that touches the border out of a cell


@dataclass
class _Drawing:
    """What ``TableFinder`` reads of a page under the "lines" strategies: edges and bbox."""

    bbox: tuple[float, float, float, float]
    edges: list[dict[str, Any]] = field(default_factory=list)


def read_tables(document: Any, indexes: list[int]) -> dict[int, tuple[Table, ...]]:
    """Ruled tables (rosters, hour logs) on pages ``indexes`` (0-based), rows of cell strings."""
    found: dict[int, tuple[Table, ...]] = {}
    for index in indexes:
        page = document[index]
        try:
            found[index] = _page_tables(page, index + 1)
        finally:
            page.close()
    return found


def _page_tables(page: Any, number: int) -> tuple[Table, ...]:
    from pdfplumber.table import TableFinder

    width, height = page.get_size()
    drawing = _Drawing(bbox=(0.0, 0.0, float(width), float(height)))
    drawing.edges.extend(_edges(page, float(height)))
    if not drawing.edges:
        return ()
    finder = TableFinder(drawing)  # type: ignore[arg-type]  # reads .edges and .bbox only
    if not finder.tables:
        return ()
    textpage = page.get_textpage()
    try:
        tables: list[Table] = []
        for table in finder.tables:
            rows = tuple(
                tuple(_cell_text(textpage, cell, float(height)) for cell in row.cells)
                for row in table.rows
            )
            if any(any(cell for cell in row) for row in rows):
                tables.append(Table(page_number=number, index=len(tables), rows=rows))
        return tuple(tables)
    finally:
        textpage.close()


def _cell_text(textpage: Any, cell: tuple[float, float, float, float] | None, height: float) -> str:
    if cell is None:
        return ""
    x0, top, x1, bottom = cell
    text = textpage.get_text_bounded(
        left=x0 + CELL_INSET,
        bottom=height - bottom + CELL_INSET,
        right=x1 - CELL_INSET,
        top=height - top - CELL_INSET,
    )
    return " ".join(clean_text(str(text)).split())


def _edges(page: Any, height: float) -> Iterator[dict[str, Any]]:
    """Every level or plumb straight segment of the page's drawn paths, as pdfplumber edges."""
    import pypdfium2.raw as pdfium_c

    for obj, matrix in _path_objects(page.raw, pdfium_c):
        for (ax, ay), (bx, by) in _segments(obj, pdfium_c):
            x0, y0 = _apply(matrix, ax, ay)
            x1, y1 = _apply(matrix, bx, by)
            if abs(y0 - y1) <= AXIS_SLACK and abs(x0 - x1) > AXIS_SLACK:
                left, right = min(x0, x1), max(x0, x1)
                top = height - (y0 + y1) / 2
                yield _edge("h", left, right, top, top)
            elif abs(x0 - x1) <= AXIS_SLACK and abs(y0 - y1) > AXIS_SLACK:
                x = (x0 + x1) / 2
                yield _edge("v", x, x, height - max(y0, y1), height - min(y0, y1))


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    # pdfium computes in single precision; rounding to what the content stream says keeps
    # two rules exactly the snap tolerance apart as apart as pdfplumber sees them.
    x0, x1, top, bottom = (round(v, COORD_DIGITS) for v in (x0, x1, top, bottom))
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _path_objects(raw_page: Any, pdfium_c: Any) -> Iterator[tuple[Any, Matrix]]:
    """Path objects with their page-space matrix, looking inside form XObjects."""
    count = pdfium_c.FPDFPage_CountObjects(raw_page)
    yield from _walk(
        (pdfium_c.FPDFPage_GetObject(raw_page, i) for i in range(count)), IDENTITY, pdfium_c, 0
    )


def _walk(
    objects: Iterator[Any], outer: Matrix, pdfium_c: Any, depth: int
) -> Iterator[tuple[Any, Matrix]]:
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, _compose(_matrix(obj, pdfium_c), outer)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            inner = _compose(_matrix(obj, pdfium_c), outer)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            yield from _walk(
                (pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)),
                inner,
                pdfium_c,
                depth + 1,
            )


def _segments(obj: Any, pdfium_c: Any) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight pieces of one path (Béziers are corners of rounded boxes, not rules)."""
    import ctypes

    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or current is None:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            yield current, point
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and start != current:
            yield current, start
            current = start


def _matrix(obj: Any, pdfium_c: Any) -> Matrix:
    import ctypes

    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``, in PDF's row-vector convention."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f
