"""The flag report: the injury's facts, the coverage and complaint reports → flags.

The session (``app/session.py``) reads the stored injury (facts with roles, implicated
topics, the reviewer's corrections applied) and runs the coverage and complaints analyses —
for the implicated topics only, or reusing reports it already made for every topic — and
this module applies the flag rules. Nothing is stored:
flags are recomputed from the case as it stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from monell.coverage.taxonomy import Taxonomy
from monell.errors import InputError
from monell.flags.defendants import defendants_on, untrained_candidate
from monell.flags.rules import build_flag
from monell.records.attendance import TrainingRecordReport
from monell.records.complaints import ComplaintReport
from monell.records.coverage import CoverageReport
from monell.records.flags import Flag, FlagReport, ImplicatedTopic, InjuryFact, TopicStatus


def require_injury(injury: str | None) -> str:
    """The stored narrative, or the one-line error that says how to set it."""
    if not injury:
        raise InputError(
            "no injury narrative is set for this case: use `monell injury set FILE` "
            "or `monell injury set --text TEXT`"
        )
    return injury


def build_flag_report(
    taxonomy: Taxonomy,
    incident: date,
    injury: str,
    facts: Sequence[InjuryFact],
    topics: Sequence[ImplicatedTopic],
    coverage: CoverageReport | None,
    complaints: ComplaintReport | None,
    training: TrainingRecordReport | None = None,
) -> FlagReport:
    """One flag per implicated topic (as reviewed: a removed topic never) whose training was
    absent or thin; covered ones apart.

    ``coverage`` and ``complaints`` may cover more topics than the injury implicates (a
    command that already analysed every topic passes its reports): only the implicated
    topics are read. Both may be None when the injury implicates no topic. ``training``,
    the defendants' attendance records, puts each defendant's training beside each flag, and
    lists covered topics a defendant was not trained in apart from the flags.
    """
    kept = {t.topic: t for t in topics if t.status is not TopicStatus.REMOVED}
    if not kept or coverage is None or complaints is None:
        return FlagReport(incident, injury, tuple(facts), (), (), tuple(topics))
    patterns = {p.topic: p for p in complaints.patterns}
    flags: list[Flag] = []
    covered = []
    untrained = []
    for verdict in coverage.topics:
        implicated = kept.get(verdict.topic)
        if implicated is None:
            continue
        flag = build_flag(
            taxonomy.get(verdict.topic),
            verdict,
            patterns.get(verdict.topic),
            complaints.records,
            [facts[e.fact] for e in implicated.evidence],
            reviewer_note(implicated),
        )
        if flag:
            flags.append(replace(flag, defendants=defendants_on(verdict.topic, training)))
        else:
            covered.append(verdict)
            candidate = untrained_candidate(verdict, patterns.get(verdict.topic), training)
            if candidate is not None:
                untrained.append(candidate)
    order = {"strong": 0, "moderate": 1, "weak": 2}
    flags.sort(key=lambda f: (order[f.strength.value], -f.points, f.topic))
    return FlagReport(
        incident,
        injury,
        tuple(facts),
        tuple(flags),
        tuple(covered),
        tuple(topics),
        tuple(untrained),
    )


def reviewer_note(topic: ImplicatedTopic) -> str | None:
    """The caution a reviewer-added topic carries."""
    if topic.status is not TopicStatus.ADDED:
        return None
    note = f": {topic.note}" if topic.note else ""
    return f"implicated by a reviewer ({topic.reviewer}){note}, not read from the narrative"
