"""The defendants' own training on each flagged topic, and the covered topics a defendant
was not trained in (a candidate of its own kind).

City of Canton asks about the training of the officers who caused the injury. A flag says
the program had a gap; beside it, each defendant's record says whether that officer was
trained anyway, missed the sessions offered, or completed them only after the incident.
A topic the program covered is not a gap, and stays out of the flags; but when a defendant
was not trained in it before the incident, it is listed apart, with its evidence, as
"covered program, untrained defendant" for a person to weigh (METHODOLOGY.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from monell.records.attendance import OfficerTopic, SessionEntry, TrainingRecordReport
from monell.records.complaints import NoticePattern
from monell.records.coverage import TopicCoverage
from monell.records.flags import DefendantTraining, UntrainedDefendant

MAX_LISTED = 3  # sessions of each kind named in one line


def defendants_on(
    topic: str, training: TrainingRecordReport | None
) -> tuple[DefendantTraining, ...]:
    """Each defendant's answer on the topic, with a one-line summary."""
    if training is None:
        return ()
    found = []
    for officer in training.officers:
        if not officer.identity.defendant:
            continue
        answer = next((t for t in officer.topics if t.topic == topic), None)
        if answer is None:
            continue
        name = officer.identity.defendant_name or officer.identity.name
        found.append(DefendantTraining(name, answer, summarize(name, answer, officer.rows)))
    return tuple(found)


def untrained_candidate(
    coverage: TopicCoverage, pattern: NoticePattern | None, training: TrainingRecordReport | None
) -> UntrainedDefendant | None:
    """A covered topic whose defendants include one not trained before the incident."""
    defendants = defendants_on(coverage.topic, training)
    if not any(d.answer.trained_before_incident is False for d in defendants):
        return None
    return UntrainedDefendant(
        id=f"D-{coverage.topic}",
        topic=coverage.topic,
        name=coverage.name,
        coverage=coverage,
        defendants=defendants,
        prior_count=pattern.prior_count if pattern else 0,
    )


def summarize(name: str, answer: OfficerTopic, records: int = 0) -> str:
    """ "Ofc. X: not trained before the incident; offered and missed: HS-FA 2021-05-20
    (no-show); completed after the incident: HS-FA 2022-08-09 (cite)"."""
    verdict = {
        True: "trained before the incident",
        False: "not trained before the incident",
        None: "no record for this officer"
        if answer.reason == "no record for this officer"
        else "undated records only",
    }[answer.trained_before_incident]
    parts = [f"{name}: {verdict}"]
    if answer.trained_before_incident is False and not (
        answer.touched or answer.missed_before_incident or answer.after_incident
    ):
        parts.append(f"no session on this topic among {records} attendance record(s) read")
    if answer.sessions:
        parts.append("attended " + _list(answer.sessions))
    if answer.touched and not answer.sessions:
        parts.append("only a mention in " + _list(answer.touched))
    if answer.missed_before_incident:
        parts.append("offered and missed: " + _list(answer.missed_before_incident, status=True))
    if answer.after_incident:
        parts.append("completed after the incident: " + _list(answer.after_incident))
    return "; ".join(parts)


def _list(entries: Sequence[SessionEntry], status: bool = False) -> str:
    shown = []
    for entry in entries[:MAX_LISTED]:
        when = entry.start.isoformat() if entry.start else "undated"
        how = f", {entry.status.value}" if status else ""
        shown.append(f"{entry.course} ({when}{how}; {entry.cite})")
    more = len(entries) - MAX_LISTED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
