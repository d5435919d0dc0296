"""One complaint produced twice is one record.

Productions routinely hold a complaint log (one row per complaint) and, for the same
complaints, the full internal-affairs files. Counted as they come, every such complaint
would count twice as notice, and its officer would look like a repeat officer on the
strength of one complaint: an overstatement. Records from *different* documents whose
numbers match (digits, with OCR's O / l read as 0 / 1; "IA 2019-0142" = "IA #2019-0142"
= a log's "2019-0142") and whose labels agree (or one has none) are merged: the fuller
copy is kept, what it lacks is taken from the other, and the other copy's cite is listed
in `copies`, so a reviewer sees both. Within one document nothing is merged: a log that
lists one complaint on several rows (one per allegation) keeps them.
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
        documents = {other.document_id, *other.copy_document_ids}
        if record.document_id in documents or number_key(other.record_id) != number:
            continue
        other_label = label_key(other.record_id)
        if not label or not other_label or label == other_label:
            return place
    return None


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
        copy_document_ids=(*base.copy_document_ids, other.document_id, *other.copy_document_ids),
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
