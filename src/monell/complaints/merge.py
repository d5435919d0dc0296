"""One complaint produced twice is one record.

Productions routinely hold a complaint log (one row per complaint) and, for the same
complaints, the full internal-affairs files. Counted as they come, every such complaint
would count twice as notice, and its officer would look like a repeat officer on the
strength of one complaint: an overstatement. Records from *different* documents whose
numbers match (digits, with OCR's O / l read as 0 / 1; "IA 2019-0142" = "IA #2019-0142"
= a log's "2019-0142") and whose labels agree (or one has none) are merged: the fuller
copy is kept, what it lacks is taken from the other, and the other copy's cite is listed
in `copies`, so a reviewer sees both. Within one document nothing is merged: a log that
lists one complaint on several rows (one per allegation) keeps them; a log's row and the
full summary later in the same file (on another page) are one complaint. Labels agree when
one is the other with words before it ("OPS FILE VC-OPS-19-017" = "VC-OPS-19-017"). One
number with two different event dates is two events, never merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from monell.complaints.segment import label_key, number_key
from monell.records.cite import cite_text
from monell.records.complaints import ComplaintRecord, Disposition

MIN_DIGITS = 4  # "IA 12" could be anything; a number this long names one complaint


def merge_copies(records: Sequence[ComplaintRecord]) -> list[ComplaintRecord]:
    """The records, with copies of one complaint from different documents merged (in the
    place of the first copy)."""
    merged: list[ComplaintRecord] = []
    for record in records:
        place = _copy_of(merged, record)
        if place is None:
            merged.append(record)
        else:
            merged[place] = _merge(merged[place], record)
    return merged


def _copy_of(kept: Sequence[ComplaintRecord], record: ComplaintRecord) -> int | None:
    number = number_key(record.record_id)
    if len(number) < MIN_DIGITS or not any(ch.isdigit() for ch in record.record_id):
        return None
    label = label_key(record.record_id)
    for place, other in enumerate(kept):
        if number_key(other.record_id) != number or not _apart(other, record):
            continue
        if _labels_agree(label, label_key(other.record_id)) and not _other_event(other, record):
            return place
    return None


def _apart(kept: ComplaintRecord, record: ComplaintRecord) -> bool:
    """Two printings of one complaint sit in different documents, or on different pages of
    one (a log's row on its first page, the full summary later); rows of one page (a log
    that lists one complaint once per allegation) stay apart."""
    places = {(kept.document_id, kept.page), *kept.copy_places}
    if record.document_id not in {document for document, _ in places}:
        return True
    return (record.document_id, record.page) not in places


def _labels_agree(a: str, b: str) -> bool:
    """Labels of one number agree when one is the other with words before it: "OPS FILE
    VC-OPS-19-017" and "VC-OPS-19-017", "OPS case: OPS-2019-0117" and "OPS-2019-0117"."""
    return not a or not b or a.endswith(b) or b.endswith(a)


def _other_event(a: ComplaintRecord, b: ComplaintRecord) -> bool:
    """One number, two events: both copies date the event, on different days."""
    return a.event_date is not None and b.event_date is not None and a.event_date != b.event_date


def _merge(a: ComplaintRecord, b: ComplaintRecord) -> ComplaintRecord:
    """The fuller record, completed from the other; both cites kept."""
    base, other = (a, b) if _fullness(a) >= _fullness(b) else (b, a)
    unknown = base.disposition is Disposition.UNKNOWN
    return replace(
        base,
        event_date=base.event_date or other.event_date,
        received_date=base.received_date or other.received_date,
        closed_date=base.closed_date or other.closed_date,
        officers=base.officers or other.officers,
        complainant=base.complainant or other.complainant,
        narrative=base.narrative or other.narrative,
        disposition=other.disposition if unknown else base.disposition,
        disposition_text=other.disposition_text if unknown else base.disposition_text,
        discipline=base.discipline or other.discipline,
        copies=(*base.copies, _cite(other), *other.copies),
        copy_places=(*base.copy_places, (other.document_id, other.page), *other.copy_places),
    )


def _fullness(record: ComplaintRecord) -> tuple[int, int]:
    fields = (
        record.event_date,
        record.received_date,
        record.closed_date,
        record.officers,
        record.complainant,
        record.discipline,
        record.disposition is not Disposition.UNKNOWN,
    )
    return sum(1 for f in fields if f), len(record.narrative)


def _cite(record: ComplaintRecord) -> str:
    return f"{record.record_id}: {cite_text(record.file, record.page, record.bates, record.cite)}"
