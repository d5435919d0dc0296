"""The attendance orchestrator: read the training documents' rows, match officers, and
answer for each officer and topic as of the incident date (the only module here that
touches the store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from monell.attendance.matching import MatchCorrection, match_officers
from monell.attendance.people import PersonName, parse_name, same_person
from monell.attendance.reader import Source, read_attendance
from monell.attendance.training import TopicsNamed, course_topics, officer_training
from monell.records.attendance import AttendanceRow, OfficerIdentity, TrainingRecordReport
from monell.records.coverage import TRAINING_TYPES, CoverageReport
from monell.store import CaseStore


def read_rows(store: CaseStore) -> tuple[list[AttendanceRow], list[str]]:
    """Every attendance row of the case's training documents, and the files read."""
    rows: list[AttendanceRow] = []
    files = []
    for document in store.list_documents():
        if document.doc_type not in TRAINING_TYPES:
            continue
        text = store.read_document_text(document.id)
        found = read_attendance(text, Source(document.id, document.file_name))
        rows.extend(found)
        if found:
            files.append(document.file_name)
    return rows, files


def assess_training_records(
    store: CaseStore,
    coverage: CoverageReport,
    *,
    incident: date,
    topics_named: TopicsNamed,
    topic_ids: Sequence[str],
    defendants: Sequence[str] = (),
    accused: Sequence[str] = (),
) -> TrainingRecordReport:
    """Every officer on record and every defendant, with their training on each topic
    (defendants on every topic in ``topic_ids``, others on the topics their rows touch).
    ``accused``: the officers the plaintiff's own complaint names, defendants too when
    their name can be read."""
    rows, files = read_rows(store)
    corrections = [MatchCorrection(a, b, same) for a, b, same, _ in store.officer_matches()]
    officers, unmatched = match_officers(rows, corrections)
    topics = course_topics(rows, coverage.courses, topics_named)
    readable = [name for name in accused if parse_name(name) is not None]  # not "Det. Sgt"
    named = _defendants(officers, [*defendants, *readable])
    results = []
    for identity, officer_rows in named:
        wanted = topic_ids if identity.defendant else ()
        results.append(officer_training(identity, officer_rows, topics, incident, wanted))
    results.sort(key=lambda o: (not o.identity.defendant, o.identity.name.lower()))
    return TrainingRecordReport(
        as_of=incident,
        officers=tuple(results),
        rows=len(rows),
        unmatched=tuple(unmatched),
        documents=tuple(files),
    )


def _defendants(
    officers: list[tuple[OfficerIdentity, list[AttendanceRow]]], defendants: Sequence[str]
) -> list[tuple[OfficerIdentity, list[AttendanceRow]]]:
    """The officers, each defendant marked (or added with no rows: no record)."""
    result = list(officers)
    seen: list[PersonName] = []
    for defendant in defendants:
        name = parse_name(defendant)
        if name is not None and any(same_person(name, other) for other in seen):
            continue  # set for the case and accused in the own complaint: one officer
        if name is not None:
            seen.append(name)
        found = [
            i
            for i, (identity, _) in enumerate(result)
            if name is not None
            and any(
                same_person(name, known)
                for known in filter(None, (parse_name(n) for n in identity.names))
            )
        ]
        if not found:
            identity = OfficerIdentity(
                key=f"defendant:{defendant}",
                name=defendant,
                badge=None,
                names=(),
                badges=(),
                how=(),
                conflicts=(),
                defendant=True,
                defendant_name=defendant,
            )
            result.append((identity, []))
            continue
        best = max(found, key=lambda i: len(result[i][1]))
        identity, officer_rows = result[best]
        conflicts = identity.conflicts
        if len(found) > 1:
            conflicts += (f"the defendant {defendant!r} matches {len(found)} officers on record",)
        result[best] = (
            _marked(identity, defendant, conflicts),
            officer_rows,
        )
    return result


def _marked(
    identity: OfficerIdentity, defendant: str, conflicts: tuple[str, ...]
) -> OfficerIdentity:
    return replace(identity, defendant=True, defendant_name=defendant, conflicts=conflicts)
