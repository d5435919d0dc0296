"""A complaint's form printed as a two-column table ("Field | Entry": "Allegation |
Excessive force (CEW, five cycles)") gives its record labelled fields.

Summary sheets are often printed as a ruled form: one row per field, the label in the first
column, the entry in the second. Their page text loses the colon ("Allegation Excessive
force ..."), so the fields would be read from prose, or not at all. The form's cells are
kept with the record they belong to: the record whose number the form repeats, else the one
record that opens on the form's page.
"""

from __future__ import annotations

from dataclasses import replace

from monell.complaints.segment import COMPLAINT_COLUMNS, number_key
from monell.records import DocumentText, Table
from monell.records.complaints import RecordSpan

MIN_FORM_ROWS = 3
MAX_LABEL_CHARS = 40  # a form's label is short; a longer first cell is prose
MIN_FIELD_LABELS = 2  # labels that name complaint fields ("Complaint No.", "Allegation")


def attach_forms(spans: list[RecordSpan], document: DocumentText) -> list[RecordSpan]:
    """The spans, each headed record with the cells of the forms that belong to it."""
    cells: dict[int, list[tuple[str, str]]] = {}
    for table in document.tables:
        if not is_form(table):
            continue
        owner = _owner(spans, table)
        if owner is not None:
            cells.setdefault(owner, []).extend(_pairs(table))
    return [
        replace(span, form_cells=(*span.form_cells, *cells[i])) if i in cells else span
        for i, span in enumerate(spans)
    ]


def is_form(table: Table) -> bool:
    """Two columns, a short label in the first, several of them complaint fields."""
    rows = [r for r in table.rows if len(r) == 2 and (r[0] or "").strip()]
    if len(rows) < MIN_FORM_ROWS or len(rows) != len(table.rows):
        return False
    labels = [" ".join((r[0] or "").split()) for r in rows]
    if any(len(label) > MAX_LABEL_CHARS for label in labels):
        return False
    return sum(1 for label in labels if COMPLAINT_COLUMNS.search(label)) >= MIN_FIELD_LABELS


def _owner(spans: list[RecordSpan], table: Table) -> int | None:
    headed = [(i, s) for i, s in enumerate(spans) if s.header and not s.cells]
    keys = {number_key(" ".join(c or "" for c in row)) for row in table.rows}
    named = [i for i, s in headed if number_key(s.header or "") in keys]
    if named:
        return named[0]
    on_page = [i for i, s in headed if s.page == table.page_number]
    return on_page[0] if len(on_page) == 1 else None


def _pairs(table: Table) -> list[tuple[str, str]]:
    return [
        (" ".join((label or "").split()), " ".join((value or "").split()))
        for label, value in table.rows
    ]
