"""What kind of notice each record is: a complaint, an IA file, a lawsuit, a claim, a
grievance, a serious-incident report or a court finding.

Notice reaches a city by more roads than its complaint desk: a lawsuit in the city
attorney's litigation register, a claim in risk management's register or a notice of claim,
a detainee's grievance, a serious-incident or in-custody death report, a court's order
suppressing evidence or reversing a conviction. Each is a record of the same analysis, with
its kind. A document's kind comes from its title block (the first lines of its first page)
and its file name; a register's row can say otherwise, in its type column or by the column
that numbers it ("Claim No." in a register of claims and lawsuits). Cue words live in
corpora/cues/complaints.yaml (``source_kinds``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from monell.complaints.forms import attach_forms
from monell.complaints.segment import DOCKET, split_records
from monell.records import DocumentText
from monell.records.complaints import COMPLAINT_TYPES, RecordSpan, SourceKind
from monell.resources import load_cues

_VOCABULARY = load_cues("complaints")


def _compiled(words: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(words), re.I) if words else None


# kind → (title words, row words, id-column words), in the order the cue file tries them
_Cue = re.Pattern[str] | None
KIND_CUES: tuple[tuple[SourceKind, _Cue, _Cue, _Cue], ...] = tuple(
    (
        SourceKind(kind),
        _compiled(cues.get("title", ())),
        _compiled(cues.get("row", ())),
        _compiled(cues.get("id_columns", ())),
    )
    for kind, cues in _VOCABULARY["source_kinds"].items()
)
# The kinds a document typed `other` is read for: a register or report that is no complaint
# file, yet notice. A letter that names an internal-affairs unit stays unread.
NOTICE_ONLY = frozenset(
    {
        SourceKind.LAWSUIT,
        SourceKind.CLAIM,
        SourceKind.GRIEVANCE,
        SourceKind.INCIDENT_REPORT,
        SourceKind.COURT_FINDING,
    }
)
TITLE_LINES = 5  # a title block: the first lines of the first page
TITLE_LINE_CHARS = 120  # longer lines are prose, not a title
TYPE_COLUMN = re.compile(r"\b(type|kind|category|matter|source|class)\b", re.I)


def read_spans(document: DocumentText, doc_type: str) -> list[RecordSpan] | None:
    """A document's record spans, each with its kind; None when the document is not read
    for notice. Every complaint file and force report is read, and every document typed
    `other` whose title names a notice source (a litigation or claims register, a notice
    of claim, a grievance, an incident report, a court's finding); no training document
    or policy is."""
    if doc_type not in COMPLAINT_TYPES and doc_type != "other":
        return None
    kind = document_kind(document)
    if doc_type == "other" and not is_notice_source(kind):
        return None
    spans = split_records(document, doc_type if doc_type in COMPLAINT_TYPES else "complaint_file")
    spans = attach_forms(spans, document)
    return [with_kind(span, kind or default_kind(doc_type)) for span in spans]


def document_kind(document: DocumentText) -> SourceKind | None:
    """The document's kind from its title block and file name; None when it names no
    kind of notice (a complaint file then defaults by its type: see ``default_kind``)."""
    title = _title_block(document)
    for kind, words, _, _ in KIND_CUES:
        if words is not None and words.search(title):
            return kind
    return None


def default_kind(doc_type: str) -> SourceKind:
    """A complaint file's records are complaints, a force report's an incident report."""
    return SourceKind.INCIDENT_REPORT if doc_type == "use_of_force_report" else SourceKind.COMPLAINT


def is_notice_source(kind: SourceKind | None) -> bool:
    """Whether a document typed `other` holds notice records: a litigation or claims
    register, a notice of claim, a grievance, an incident report, a court's finding."""
    return kind in NOTICE_ONLY


def with_kind(span: RecordSpan, document: SourceKind) -> RecordSpan:
    """The span with its own kind: a row's type cell, its number's shape or the column that
    numbers it, else the document's."""
    return replace(span, source_kind=span_kind(span, document))


def span_kind(span: RecordSpan, document: SourceKind) -> SourceKind:
    # a docket number ("2:19-cv-00412", "19-CV-0412") is a lawsuit, whatever the register
    docket = DOCKET.search(span.header or "")
    if docket and not docket["criminal_year"]:
        return SourceKind.LAWSUIT
    for header, value in span.cells:
        if TYPE_COLUMN.search(header) and value:
            for kind, _, row, _ in KIND_CUES:
                if row is not None and row.search(value):
                    return kind
    id_header = next((h for h, v in span.cells if span.header and v == span.header), "")
    for kind, _, _, columns in KIND_CUES:
        if columns is not None and id_header and columns.search(id_header):
            return kind
    if span.header and not span.cells:
        return _label_kind(span.header) or document
    return document


def _label_kind(header: str) -> SourceKind | None:
    """A header's own label: "Claim No. 2019-0412" is a claim and "IA #2019-0142" an IA
    file, whatever the document's title says."""
    label = DOCKET.sub("", header).split()
    word = label[0] if label else ""
    for kind, title, row, _ in KIND_CUES:
        words = row if kind in NOTICE_ONLY else title
        if words is not None and word and words.search(word):
            return kind
    return None


def _title_block(document: DocumentText) -> str:
    first = document.pages[0].text if document.pages else ""
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    title = [line for line in lines[:TITLE_LINES] if len(line) <= TITLE_LINE_CHARS]
    name = re.sub(r"[-_.]+", " ", document.file_name)
    return "\n".join([name, *title])
