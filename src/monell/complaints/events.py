"""One event, every source: a complaint, the claim and the lawsuit that followed it are one
event of notice, with every cite.

A city often hears of one event several times: the complainant goes to internal affairs,
then files a notice of claim, then sues; a death in custody is a serious-incident report
and a lawsuit. Counted as they come, one event would make a pattern on its own. Records of
different kinds (a complaint and a lawsuit, a claim and a grievance) are one event when
- one names the other's number ("Related IA: 2019-0142" in a register's row) and they do
  not date the event differently, or
- both date the event on the same day (a day apart for one named person) and name the same
  person: the same complainant (the plaintiff of a caption, the claimant), or, when either
  names nobody, a shared officer; or
- one dates no event (a lawsuit listed by its filing date) and names the same person as the
  only record of another kind whose event came before the filing, within three years.
Two records of the *same* kind with different numbers are two complaints (two people may
complain of one protest); an IA file and a complaint log's row are one kind here (the
agency's own record), matched by number only.

The event is shown as its agency complaint where there is one (it carries the allegation as
the agency recorded it), completed from the others; its narrative adds what the other
allegations say (a claim's, a lawsuit's; not a review board's or a court's account), so
its topics come from every allegation; each other record is listed in `copies` with its
kind, its own finding ("Settled", "Denied"), its own receipt or filing date and its cite.
Timing reads the earliest of those receipts (notice reached the city then).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from monell.complaints.fields import PART_JOIN
from monell.complaints.merge import MIN_DIGITS, filled_from, person_key
from monell.complaints.notice import same_officer
from monell.complaints.segment import NUMBER, number_key
from monell.records.complaints import ComplaintRecord, SourceKind

# Which record shows the event: the agency's own complaint first, a court's finding last.
SHOWN_FIRST = (
    SourceKind.IA_FILE,
    SourceKind.COMPLAINT,
    SourceKind.GRIEVANCE,
    SourceKind.CLAIM,
    SourceKind.LAWSUIT,
    SourceKind.INCIDENT_REPORT,
    SourceKind.COURT_FINDING,
)
SLIP_DAYS = 1  # two sources one day apart on the same person's event: one event
LIMITATION_YEARS = 3  # a claim or suit is filed within this many years of its event
TEXT_CACHE = 4096  # record texts whose numbers are remembered (numbers_in)
NUMBER_IN_TEXT = re.compile(rf"(?<![\w/]){NUMBER}")
# Sources whose words are allegations: their narratives add to the event's. A review board's
# or a court's account of the event is cited, not read for allegations.
ALLEGING = frozenset(
    {
        SourceKind.IA_FILE,
        SourceKind.COMPLAINT,
        SourceKind.GRIEVANCE,
        SourceKind.CLAIM,
        SourceKind.LAWSUIT,
    }
)


def merge_events(records: Sequence[ComplaintRecord]) -> list[ComplaintRecord]:
    """The records, with records of one event from different sources joined: first by a
    number named or the same day and person, then a record that dates no event (a lawsuit
    listed by its filing date alone) with the one earlier record of its person."""
    merged: list[ComplaintRecord] = []
    # where the kept records of each event date sit: a dated record can be one event only
    # with a record of the day before, the day, the day after, or of no date (same_event),
    # so a case's records are not compared all with all on every run
    days: dict[date | None, list[int]] = {}
    for record in records:
        places = _candidates(days, record.event_date, len(merged))
        place = next((i for i in places if same_event(merged[i], record)), None)
        if place is None:
            days.setdefault(record.event_date, []).append(len(merged))
            merged.append(record)
            continue
        before = merged[place].event_date
        merged[place] = join_event(merged[place], record)
        if merged[place].event_date != before:  # the joined event took the other's date
            days[before].remove(place)
            days.setdefault(merged[place].event_date, []).append(place)
    return _join_undated(merged)


def _candidates(days: dict[date | None, list[int]], day: date | None, count: int) -> list[int]:
    """The places of the kept records that could tell of one event with a record of this
    event date, in order."""
    if day is None:
        return list(range(count))
    near = (day + timedelta(days=shift) for shift in range(-SLIP_DAYS, SLIP_DAYS + 1))
    return sorted(p for key in (None, *near) for p in days.get(key, ()))


def same_event(a: ComplaintRecord, b: ComplaintRecord) -> bool:
    """Whether two records (each perhaps already several copies) tell of one event."""
    if a.event_date and b.event_date and abs((a.event_date - b.event_date).days) > SLIP_DAYS:
        return False  # a summary that cites an earlier complaint is no copy of it
    if _kinds(a) & _kinds(b):
        return False  # two complaints, two claims: two people may complain of one event
    if _names_number(a, b) or _names_number(b, a):
        return True
    if a.event_date is None or b.event_date is None:
        return False
    people = person_key(a), person_key(b)
    if all(people):
        return people[0] == people[1]
    if a.event_date != b.event_date:
        return False  # a day's difference is one event only for one named person
    return any(same_officer(x, y) for x in a.officers for y in b.officers)


def _join_undated(records: list[ComplaintRecord]) -> list[ComplaintRecord]:
    """A record with no event date (a register lists a lawsuit by its filing date) joins
    the one record of another kind that names the same person and whose event came before
    its filing, within the years a claim can be brought; with two candidates, neither."""
    out = list(records)
    for record in [r for r in records if r.event_date is None and person_key(r)]:
        if record not in out:
            continue
        candidates = [
            other
            for other in out
            if other is not record
            and not (_kinds(other) & _kinds(record))
            and other.event_date is not None
            and person_key(other) == person_key(record)
            and _filed_within(other.event_date, record.received_date)
        ]
        if len(candidates) == 1:
            (other,) = candidates
            out[out.index(other)] = join_event(other, record)
            out.remove(record)
    return out


def _filed_within(event: date, filed: date | None) -> bool:
    return filed is None or event <= filed <= event + timedelta(days=365 * LIMITATION_YEARS)


def join_event(a: ComplaintRecord, b: ComplaintRecord) -> ComplaintRecord:
    """One event from two records of it: the agency's complaint shown, the rest as copies."""
    shown, other = (a, b) if _rank(a) <= _rank(b) else (b, a)
    return replace(
        shown,
        **filled_from(shown, other),
        narrative=_joined(shown, other),
        conflicts=(*shown.conflicts, *other.conflicts),
    )


def _names_number(record: ComplaintRecord, other: ComplaintRecord) -> bool:
    """The record's text names the other's number ("Related IA: 2019-0142")."""
    if not other.numbered:
        return False
    wanted = {number_key(other.record_id), *(number_key(c.record_id) for c in other.copies)}
    wanted = {key for key in wanted if len(key) > MIN_DIGITS}
    if not wanted:
        return False
    own = {number_key(record.record_id), *(number_key(c.record_id) for c in record.copies)}
    return bool((numbers_in(record.text) - own) & wanted)


@lru_cache(maxsize=TEXT_CACHE)
def numbers_in(text: str) -> frozenset[str]:
    """The numbers a record's text names (as ``number_key`` reads them); remembered, as
    merging reads each record against every other."""
    return frozenset(number_key(m.group(0)) for m in NUMBER_IN_TEXT.finditer(text))


def _kinds(record: ComplaintRecord) -> set[SourceKind]:
    kinds = {record.source_kind, *(c.source_kind for c in record.copies)}
    # an IA file and the complaint log that lists it are one kind of source: the agency's
    if kinds & {SourceKind.IA_FILE, SourceKind.COMPLAINT}:
        kinds |= {SourceKind.IA_FILE, SourceKind.COMPLAINT}
    return kinds


def _rank(record: ComplaintRecord) -> int:
    return SHOWN_FIRST.index(record.source_kind)


def _joined(shown: ComplaintRecord, other: ComplaintRecord) -> str:
    first, second = shown.narrative, other.narrative
    if not second or second in first or other.source_kind not in ALLEGING:
        return first
    if not first or first in second:
        return second
    return f"{first}{PART_JOIN}{second}"
