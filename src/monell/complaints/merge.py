"""One complaint produced twice is one record.

Productions routinely hold a complaint log (one row per complaint) and, for the same
complaints, the full internal-affairs files. Counted as they come, every such complaint
would count twice as notice, and its officer would look like a repeat officer on the
strength of one complaint: an overstatement. Records whose numbers match (digits, with
OCR's O / l read as 0 / 1; "IA 2019-0142" = "IA #2019-0142" = a log's "2019-0142"; a docket
"2:19-cv-00412" = "19-CV-412") and whose labels agree (or one has none) are merged: the
copy with the fullest narrative is shown (its topics are read from it), what it lacks is
taken from the others, and every other copy is listed in `copies` with its cite, so a
reviewer sees each. Copies that disagree (two findings, two receipt dates) are kept as a
`conflict` naming both values and their cites.

Copies sit in different documents, or on different pages of one (a log's row on its first
page, the full summary later); rows of one page of one log (one row per allegation) stay
apart. Labels agree when one is the other with words before it ("OPS FILE VC-OPS-19-017"
= "VC-OPS-19-017"). A number that dates two different events and names different people
is two records, never merged:
the reason is kept with the second as a warning. A record with no printed number (a register's
row without one) is never merged by number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from monell.complaints.notice import same_officer
from monell.complaints.people import complainant_key
from monell.complaints.segment import DOCKET, label_key, number_key
from monell.records.cite import cite_text
from monell.records.complaints import ComplaintRecord, Conflict, Copy, Disposition

MIN_DIGITS = 4  # "IA 12" could be anything; a number this long names one complaint
CONFLICT_FIELDS = ("disposition", "event_date", "received_date", "closed_date")


def merge_copies(records: Sequence[ComplaintRecord]) -> list[ComplaintRecord]:
    """The records, with copies of one complaint merged (in the place of the first copy)."""
    merged: list[ComplaintRecord] = []
    # where the kept records of each number sit: only they can be copies (a merged record
    # keeps its number, whichever copy it shows), so a case's records are not compared all
    # with all on every run
    places: dict[str, list[int]] = {}
    for record in records:
        number = number_key(record.record_id)
        place, reason = _copy_of(merged, record, places.get(number, []))
        if place is not None:
            merged[place] = merge_records(merged[place], record)
            continue
        if reason:
            record = replace(record, warnings=(*record.warnings, reason))
        places.setdefault(number, []).append(len(merged))
        merged.append(record)
    return merged


def _copy_of(
    kept: Sequence[ComplaintRecord], record: ComplaintRecord, places: Sequence[int]
) -> tuple[int | None, str | None]:
    """Where the record's other copy sits among the kept records at ``places`` (those of
    its number, in order), or None with the reason a same-number record was not taken for
    one."""
    number = number_key(record.record_id)
    if not record.numbered or len(number) < MIN_DIGITS or not any(c.isdigit() for c in number):
        return None, None
    label = label_key(record.record_id)
    reason = None
    for place in places:
        other = kept[place]
        if not other.numbered or number_key(other.record_id) != number or not _apart(other, record):
            continue
        if not _labels_agree(label, label_key(other.record_id), record, other):
            continue
        why = _other_event(other, record)
        if why is None:
            return place, None
        reason = f"same number as {other.record_id} ({cite_of(other)}), not merged: {why}"
    return None, reason


def _apart(kept: ComplaintRecord, record: ComplaintRecord) -> bool:
    """Two printings of one complaint sit in different documents, or on different pages of
    one (a log's row on its first page, the full summary later); rows of one page (a log
    that lists one complaint once per allegation) stay apart."""
    places = {(kept.document_id, kept.page), *((c.document_id, c.page) for c in kept.copies)}
    if record.document_id not in {document for document, _ in places}:
        return True
    return (record.document_id, record.page) not in places


def _labels_agree(a: str, b: str, first: ComplaintRecord, second: ComplaintRecord) -> bool:
    """Labels of one number agree when one is the other with words before it: "OPS FILE
    VC-OPS-19-017" and "VC-OPS-19-017", "OPS case: OPS-2019-0117" and "OPS-2019-0117". A
    docket number names one lawsuit whatever label stands before it."""
    if DOCKET.search(first.record_id) and DOCKET.search(second.record_id):
        return True
    return not a or not b or a.endswith(b) or b.endswith(a)


def _other_event(a: ComplaintRecord, b: ComplaintRecord) -> str | None:
    """Why one number names two events, or None: both copies date the event on different
    days *and* name different people (different complainants; or, where either names no
    complainant, officers in common none). Two dates alone are two readings of one
    complaint (a log's typo, an OCR slip): merged, and shown as a conflict."""
    if a.event_date is None or b.event_date is None or a.event_date == b.event_date:
        return None
    people = person_key(a), person_key(b)
    dates = f"event dates differ ({a.event_date.isoformat()}, {b.event_date.isoformat()})"
    if all(people):
        if people[0] == people[1]:
            return None
        return f"{dates}, complainants differ ({a.complainant}; {b.complainant})"
    if a.officers and b.officers and not _officer_in_common(a, b):
        names = "; ".join(o.name for o in (*a.officers, *b.officers))
        return f"{dates}, no officer in common ({names})"
    return None


def _officer_in_common(a: ComplaintRecord, b: ComplaintRecord) -> bool:
    return any(same_officer(x, y) for x in a.officers for y in b.officers)


def merge_records(a: ComplaintRecord, b: ComplaintRecord) -> ComplaintRecord:
    """One record from two copies of one complaint: the copy with the fullest narrative
    shown, completed from the other; every cite kept; disagreements kept as conflicts."""
    base, other = (a, b) if _fullness(a) >= _fullness(b) else (b, a)
    return replace(
        base,
        **filled_from(base, other),
        conflicts=_conflicts(base, other),
        numbered=base.numbered or other.numbered,
    )


def filled_from(shown: ComplaintRecord, other: ComplaintRecord) -> dict[str, Any]:
    """What the shown record takes from another record of the same complaint or event:
    each field it lacks (a disposition only when its own is unknown), the other's copies
    as its own, and every warning once."""
    unknown = shown.disposition is Disposition.UNKNOWN
    return {
        "event_date": shown.event_date or other.event_date,
        "received_date": shown.received_date or other.received_date,
        "closed_date": shown.closed_date or other.closed_date,
        "officers": shown.officers or other.officers,
        "complainant": shown.complainant or other.complainant,
        "disposition": other.disposition if unknown else shown.disposition,
        "disposition_text": other.disposition_text if unknown else shown.disposition_text,
        "discipline": shown.discipline or other.discipline,
        "copies": (*shown.copies, copy_of(other), *other.copies),
        "warnings": tuple(dict.fromkeys((*shown.warnings, *other.warnings))),
    }


def _fullness(record: ComplaintRecord) -> tuple[int, int]:
    """The fullest narrative first (topics are read from it: a log's category line says
    less than the summary's account), then the most fields stated."""
    fields = (
        record.event_date,
        record.received_date,
        record.closed_date,
        record.officers,
        record.complainant,
        record.discipline,
        record.disposition is not Disposition.UNKNOWN,
    )
    return len(record.narrative.split()), sum(1 for f in fields if f)


def _conflicts(base: ComplaintRecord, other: ComplaintRecord) -> tuple[Conflict, ...]:
    """The fields two copies state differently, each value with its cite; earlier
    conflicts of either copy are kept."""
    found = {c.field: c for c in (*other.conflicts, *base.conflicts)}
    for name in CONFLICT_FIELDS:
        mine, theirs = _value(base, name), _value(other, name)
        if mine is None or theirs is None or mine == theirs:
            continue
        values = found[name].values if name in found else ((mine, cite_of(base)),)
        if all(theirs != value for value, _ in values):
            values = (*values, (theirs, cite_of(other)))
        found[name] = Conflict(name, values)
    return tuple(found[name] for name in CONFLICT_FIELDS if name in found)


def _value(record: ComplaintRecord, name: str) -> str | None:
    if name == "disposition":
        known = record.disposition is not Disposition.UNKNOWN
        return record.disposition.value if known else None
    day: date | None = getattr(record, name)
    return day.isoformat() if day else None


def person_key(record: ComplaintRecord) -> str:
    """The complainant's last name, lower case ("" when none is named)."""
    return complainant_key(record.complainant)


def copy_of(record: ComplaintRecord) -> Copy:
    """A record as one copy of an event: its number, kind and place."""
    return Copy(
        record_id=record.record_id,
        source_kind=record.source_kind,
        document_id=record.document_id,
        file=record.file,
        page=record.page,
        bates=record.bates,
        cite=record.cite,
        disposition=record.disposition_text,
        received_date=record.received_date,
    )


def cite_of(record: ComplaintRecord | Copy) -> str:
    return cite_text(record.file, record.page, record.bates, record.cite)
