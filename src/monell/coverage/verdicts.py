"""Coverage verdicts: from topic hits to covered / thin / absent, as of a date.

Pure: takes the hits of ``detect.py`` and the list of documents searched, returns one
``TopicCoverage`` per topic. The rules, in the words a paralegal would use:
- Only training documents (curricula, lesson plans, logs, catalogs) count for the training
  verdict; only policies for the policy verdict. A segment dated after the as-of date (the
  row's own date, else its document's) never counts: it is listed as post-incident.
- ``covered``: at least one segment teaches the topic (instruction, objectives, exercises,
  or a logged course of an hour or more; a course under an hour teaches only when it
  states objectives and includes practice: coverage/course_depth.py). ``thin``: it is only
  mentioned (a table of contents, a list, an awareness-level item). ``absent``: nothing
  addresses it; segments that say the topic is not covered, or only planned, are shown as
  nearest misses.
- Hours: each distinct course counted once (a roster repeats a course for every officer),
  at its largest stated length.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from monell.coverage.taxonomy import Topic
from monell.records.coverage import (
    POLICY_TYPES,
    TRAINING_TYPES,
    UNREAD_TYPE,
    AbsenceRecord,
    Depth,
    SearchedDocument,
    TopicCoverage,
    TopicHit,
    Verdict,
)

EVIDENCE_ITEMS = 5
NEAREST_MISSES = 3
COUNTED = (Depth.TEACHES, Depth.MENTIONS)
NEVER_DELIVERED = "never delivered: "  # the cue coverage/courses.py gives a course's hits


def assess_topic(
    topic: Topic,
    hits: Sequence[TopicHit],
    as_of: date,
    thresholds: dict[str, float],
    searched: Sequence[SearchedDocument],
    model: str,
    dated_rows: Collection[str] = (),
) -> TopicCoverage:
    """The training and policy verdicts for one topic, with evidence or a record of absence.

    ``dated_rows``: files whose rows carry their own dates, some in force on ``as_of`` (a
    log on a form revised after the incident): searched, whatever the document's date.
    """
    relevant = thresholds["relevance"]
    training = [h for h in hits if h.segment.doc_type in TRAINING_TYPES]
    in_force = [h for h in training if _in_force(h, as_of)]
    counted = [h for h in in_force if h.depth in COUNTED and h.relevance >= relevant]
    teaches = [_teaches(h, thresholds) for h in counted]
    teaching = [h for h, yes in zip(counted, teaches, strict=True) if yes]
    verdict = Verdict.COVERED if teaching else Verdict.THIN if counted else Verdict.ABSENT
    post = [
        h
        for h in training
        if not _in_force(h, as_of) and h.depth in COUNTED and h.relevance >= relevant
    ]
    policies = [
        h
        for h in hits
        if h.segment.doc_type in POLICY_TYPES
        and _in_force(h, as_of)
        and _teaches(h, thresholds)
        and h.relevance >= relevant
    ]
    evidence = _best(teaching, key=_teach_key) + _best(
        [h for h, yes in zip(counted, teaches, strict=True) if not yes], key=_relevance_key
    )
    absence = None
    if verdict is Verdict.ABSENT:
        misses = sorted(in_force, key=_relevance_key, reverse=True)[:NEAREST_MISSES]
        absence = AbsenceRecord(
            documents=tuple(d for d in searched if _searched_as_of(d, as_of, dated_rows)),
            post_incident_documents=tuple(
                d for d in searched if not _searched_as_of(d, as_of, dated_rows)
            ),
            patterns=topic.lexical_patterns,
            queries=(topic.name, *topic.coverage_exemplars),
            model=model,
            thresholds=dict(thresholds),
            nearest_misses=tuple(misses),
            not_counted=tuple(
                _best(_not_counted(in_force, relevant), key=_relevance_key)[:NEAREST_MISSES]
            ),
        )
    return TopicCoverage(
        topic=topic.id,
        name=topic.name,
        verdict=verdict,
        policy_verdict=Verdict.COVERED if policies else Verdict.ABSENT,
        hours=_hours(counted),
        evidence=tuple(evidence[:EVIDENCE_ITEMS]),
        policy_evidence=tuple(_best(policies, key=_teach_key)[:NEAREST_MISSES]),
        post_incident_evidence=tuple(_best(post, key=_relevance_key)[:EVIDENCE_ITEMS]),
        absence_record=absence,
        reason=_reason(
            verdict,
            teaching,
            counted,
            post,
            in_force,
            [d for d in searched if _searched_as_of(d, as_of, dated_rows)],
            as_of,
        ),
    )


def _not_counted(hits: Sequence[TopicHit], relevant: float) -> list[TopicHit]:
    """Hits on the topic that a course or a document rules out: never delivered, or said not
    to be taught; the record of absence names them, with their cites."""
    return [
        h for h in hits if h.depth in (Depth.PLANNED, Depth.NEGATED) and h.relevance >= relevant
    ]


def _searched_as_of(document: SearchedDocument, as_of: date, dated_rows: Collection[str]) -> bool:
    return document.date is None or document.date <= as_of or document.file in dated_rows


def _in_force(hit: TopicHit, as_of: date) -> bool:
    return hit.segment.date is None or hit.segment.date <= as_of


def _teaches(hit: TopicHit, thresholds: dict[str, float]) -> bool:
    return hit.depth is Depth.TEACHES and hit.teach >= thresholds["teach"]


def _teach_key(hit: TopicHit) -> tuple[float, float]:
    return hit.teach, hit.relevance


def _relevance_key(hit: TopicHit) -> tuple[float, float]:
    return hit.relevance, hit.teach


def _best(hits: Sequence[TopicHit], key: object) -> list[TopicHit]:
    """Best first, one per distinct text (a roster repeats each course for every officer)."""
    seen: set[tuple[str, str]] = set()
    best: list[TopicHit] = []
    for hit in sorted(hits, key=key, reverse=True):  # type: ignore[call-overload]
        identity = (hit.segment.file, hit.segment.course if hit.segment.is_row else hit.segment.key)
        if identity not in seen:
            seen.add(identity)
            best.append(hit)
    return best


def _hours(hits: Sequence[TopicHit]) -> float | None:
    courses: dict[tuple[str, str], float] = {}
    for hit in hits:
        segment = hit.segment
        if segment.hours is None:
            continue
        course = (
            (segment.file, segment.course or segment.key)
            if not segment.is_row
            else ("", segment.course or "")
        )
        courses[course] = max(courses.get(course, 0.0), segment.hours)
    return round(sum(courses.values()), 2) if courses else None


def _reason(
    verdict: Verdict,
    teaching: Sequence[TopicHit],
    counted: Sequence[TopicHit],
    post: Sequence[TopicHit],
    in_force: Sequence[TopicHit],
    searched: Sequence[SearchedDocument],
    as_of: date,
) -> str:
    day = as_of.isoformat()
    if verdict is Verdict.COVERED:
        files = len({h.segment.file for h in teaching})
        return (
            f"taught in {len(teaching)} segment(s) of {files} training document(s) "
            f"in force on {day}{_undated_note(teaching)}"
        )
    if verdict is Verdict.THIN:
        cues = sorted({c for h in counted for c in h.cues if c != "instruction cues"})
        how = f" ({', '.join(cues)})" if cues else ""
        return (
            f"only mentioned{how}: {len(counted)} segment(s), no substantive instruction found"
            f"{_undated_note(counted)}"
        )
    in_force_docs = list(searched)  # the caller passes the documents in force
    documents = sum(1 for d in in_force_docs if d.doc_type != UNREAD_TYPE)
    notes = []
    unread = sum(1 for d in in_force_docs if d.doc_type == UNREAD_TYPE)
    if unread:
        notes.append(f"{unread} scanned document(s) of unknown type could not be read at all")
    if any(h.depth is Depth.NEGATED for h in in_force):
        notes.append("a document says it is not covered")
    undelivered = sorted(
        {c.split(": ", 1)[1] for h in in_force for c in h.cues if c.startswith(NEVER_DELIVERED)}
    )
    if undelivered:
        notes.append(f"never delivered: {', '.join(undelivered[:NEAREST_MISSES])}")
    elif any(h.depth is Depth.PLANNED for h in in_force):
        notes.append("only planned")
    if post:
        notes.append(f"{len(post)} post-incident segment(s) not counted")
    tail = f"; {'; '.join(notes)}" if notes else ""
    return f"nothing in {documents} training document(s) in force on {day} addresses it{tail}"


def _undated_note(hits: Sequence[TopicHit]) -> str:
    """Undated training counts as in force (nothing says it was not), and says so: the
    verdict then rests on a document whose date a person must establish."""
    undated = sorted({h.segment.file for h in hits if h.segment.date is None})
    if not undated:
        return ""
    if len(undated) == len({h.segment.file for h in hits}):
        return f"; every one undated ({', '.join(undated)}): establish when it was in force"
    return f"; {len(undated)} of them undated ({', '.join(undated)})"
