"""Notice: which complaints reached the city before the incident, and the pattern per topic.

Pure rules, in the words a paralegal would use:
- `prior`: every known date (event, receipt or filing) is before the incident date; one
  known date is enough. The plaintiff's own complaint, claim or lawsuit (its event is the
  incident, or it names the plaintiff and no earlier event) is marked `own`: never notice.
  `post`: a known date is on or after the incident: listed, never counted as notice.
  `undated`: no date could be read: kept and listed, never counted.
- A prior record whose event (else receipt) is more than the lookback (default 5 years)
  before the incident is `stale`: listed and counted apart, not dropped.
- Per topic: prior records within the lookback, by disposition, sustained, first and last
  dates, officers named in more than one of them, and those who are the case's defendants.
Officers are matched by badge when both records give one, else by last name with no
conflicting first initial; defendants' names are matched the same way, with rapidfuzz
tolerating a misspelt or OCR-damaged last name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from monell.complaints.officers import officer_key
from monell.complaints.people import complainant_key
from monell.coverage.taxonomy import Topic
from monell.records.complaints import ComplaintRecord, Disposition, NoticePattern, Officer, Timing

NAME_SIMILARITY = 88  # rapidfuzz ratio for two spellings of one last name


def assign_timing(
    record: ComplaintRecord, incident: date, lookback_years: int, plaintiff: str = ""
) -> ComplaintRecord:
    """The record with its timing and stale flag set. The plaintiff's own complaint, claim
    or lawsuit (its event is the incident, or it names the plaintiff and no earlier event)
    is `own` and never notice."""
    if _own_matter(record, incident, plaintiff):
        return replace(record, timing=Timing.POST, stale=False, own=True)
    # notice reached the city with the first of the event's sources (a claim filed before
    # the complaint that repeats it)
    receipts = [d for d in (record.received_date, *(c.received_date for c in record.copies)) if d]
    received = min(receipts) if receipts else None
    known = [d for d in (record.event_date, received) if d is not None]
    if not known:
        return replace(record, timing=Timing.UNDATED, stale=False)
    if any(d >= incident for d in known):
        return replace(record, timing=Timing.POST, stale=False)
    anchor = record.event_date or received
    assert anchor is not None
    return replace(
        record, timing=Timing.PRIOR, stale=anchor < _years_before(incident, lookback_years)
    )


def _own_matter(record: ComplaintRecord, incident: date, plaintiff: str) -> bool:
    if record.event_date == incident:
        return True
    named = bool(plaintiff) and complainant_key(record.complainant) == plaintiff
    return named and not (record.event_date and record.event_date < incident)


def build_patterns(
    records: Sequence[ComplaintRecord], topics: Sequence[Topic], defendants: Sequence[str] = ()
) -> list[NoticePattern]:
    """One pattern per topic (in taxonomy order) that any record alleges."""
    patterns = []
    for topic in topics:
        mine = [r for r in records if topic.id in r.topics]
        if not mine:
            continue
        prior = [r for r in mine if r.timing is Timing.PRIOR and not r.stale]
        dates = sorted(d for r in prior for d in [r.event_date or r.received_date] if d)
        by_disposition = Counter(r.disposition.value for r in prior)
        patterns.append(
            NoticePattern(
                topic=topic.id,
                name=topic.name,
                prior_count=len(prior),
                stale_count=sum(1 for r in mine if r.timing is Timing.PRIOR and r.stale),
                sustained_count=by_disposition.get(Disposition.SUSTAINED.value, 0),
                by_disposition=dict(sorted(by_disposition.items())),
                record_ids=tuple(r.record_id for r in prior),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
                repeat_officers=repeat_officers(prior),
                defendant_officers=defendant_officers(prior, defendants),
                post_count=sum(1 for r in mine if r.timing is Timing.POST),
            )
        )
    return patterns


def repeat_officers(records: Sequence[ComplaintRecord]) -> tuple[str, ...]:
    """Officers named in more than one of these records (each record counted once)."""
    groups: list[tuple[Officer, set[int]]] = []
    for index, record in enumerate(records):
        for officer in record.officers:
            for known, seen in groups:
                if same_officer(known, officer):
                    seen.add(index)
                    break
            else:
                groups.append((officer, {index}))
    return tuple(officer.name for officer, seen in groups if len(seen) > 1)


def defendant_officers(
    records: Sequence[ComplaintRecord], defendants: Sequence[str]
) -> tuple[str, ...]:
    """The defendants named in any of these records."""
    named = [o for r in records for o in r.officers]
    return tuple(
        d for d in defendants if any(same_officer(Officer(d, key=officer_key(d)), o) for o in named)
    )


def same_officer(a: Officer, b: Officer) -> bool:
    """Same badge; or, when a badge is missing, the same last name and no conflicting initial."""
    if a.badge and b.badge:
        return a.badge == b.badge
    last_a, _, initial_a = (a.key or officer_key(a.name)).partition(" ")
    last_b, _, initial_b = (b.key or officer_key(b.name)).partition(" ")
    if initial_a and initial_b and initial_a != initial_b:
        return False
    return last_a == last_b or _similar(last_a, last_b)


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= NAME_SIMILARITY


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
