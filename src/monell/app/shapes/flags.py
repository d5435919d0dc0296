"""JSON shapes of the flag analysis and its review history (CLI --json, report, review page)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from monell.app.shapes.complaints import record_json
from monell.app.shapes.coverage import absence_json, hit_json
from monell.app.shapes.officers import answer_json
from monell.flags.review import PENDING, ReviewState, evidence_hash, review_state
from monell.records.flags import (
    DefendantTraining,
    Flag,
    FlagReport,
    ImplicatedTopic,
    InjuryFact,
    ReviewEntry,
    UntrainedDefendant,
)


def history_json(entries: Iterable[ReviewEntry]) -> list[dict[str, Any]]:
    """Review decisions as JSON, in the order given."""
    return [
        {
            "decision": e.decision,
            "reviewer": e.reviewer,
            "at": e.decided_at,
            "note": e.note,
            "evidence_hash": e.evidence_hash,
        }
        for e in entries
    ]


def fact_json(fact: InjuryFact) -> dict[str, Any]:
    return {
        "text": fact.text,
        "start": fact.start,
        "end": fact.end,
        "role": fact.role.value,
        "topics": list(fact.topics),
        "supports": list(fact.supports),
        "scores": fact.scores,
        "words": {t: list(w) for t, w in fact.words.items()},
        "clauses": [
            {
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "role": c.role.value,
                "actor": c.actor.value,
                "omission": c.omission,
                "why": c.why,
            }
            for c in fact.clauses
        ],
    }


def topic_json(topic: ImplicatedTopic) -> dict[str, Any]:
    """An implicated topic with the facts behind it and the reviewer's decision."""
    return {
        "topic": topic.topic,
        "name": topic.name,
        "status": topic.status.value,
        "confidence": topic.confidence,
        "reviewer": topic.reviewer,
        "note": topic.note,
        "facts": [
            {
                "fact": e.fact,
                "text": e.text,
                "role": e.role.value,
                "score": e.score,
                "implicates": e.implicates,
            }
            for e in topic.evidence
        ],
    }


def flags_json(report: FlagReport, history: Sequence[ReviewEntry] = ()) -> dict[str, Any]:
    return {
        "incident_date": report.incident_date.isoformat(),
        "injury_facts": [fact_json(f) for f in report.facts],
        "implicated_topics": [topic_json(t) for t in report.topics],
        "flags": [flag_json(f, review_state(f, history)) for f in report.flags],
        "covered_topics": [
            {
                "topic": c.topic,
                "name": c.name,
                "training_verdict": c.verdict.value,
                "note": "training covered it: not a training gap; check whether the officer "
                "departed from the training",
                "evidence": [hit_json(h) for h in c.evidence],
            }
            for c in report.covered
        ],
        "untrained_defendants": [untrained_json(u) for u in report.untrained],
    }


def defendant_json(item: DefendantTraining) -> dict[str, Any]:
    return {"officer": item.officer, "summary": item.summary, **answer_json(item.answer)}


def untrained_json(item: UntrainedDefendant) -> dict[str, Any]:
    """A covered topic a defendant was not trained in: its own kind of candidate."""
    return {
        "id": item.id,
        "kind": "covered program, untrained defendant",
        "topic": item.topic,
        "name": item.name,
        "training_verdict": item.coverage.verdict.value,
        "prior_count": item.prior_count,
        "note": "the program covered this topic, so it is no training gap; a defendant was "
        "not trained in it before the incident: weigh whether that officer's training was "
        "inadequate (METHODOLOGY.md)",
        "defendants": [defendant_json(d) for d in item.defendants],
        "evidence": [hit_json(h) for h in item.coverage.evidence],
    }


def flag_json(flag: Flag, review: ReviewState | None = None) -> dict[str, Any]:
    c, p = flag.coverage, flag.pattern
    return {
        "id": flag.id,
        "topic": flag.topic,
        "name": flag.name,
        "strength": flag.strength.value,
        "points": flag.points,
        "training_verdict": c.verdict.value,
        "policy_verdict": c.policy_verdict.value,
        "prior_count": p.prior_count if p else 0,
        "sustained_count": p.sustained_count if p else 0,
        "stale_count": p.stale_count if p else 0,
        "post_count": p.post_count if p else 0,
        "single_incident": flag.single_incident,
        "injury_facts": [
            {"text": f.text, "score": f.scores.get(flag.topic)} for f in flag.injury_facts
        ],
        "evidence": [hit_json(h) for h in c.evidence],
        "policy_evidence": [hit_json(h) for h in c.policy_evidence],
        "absence_record": absence_json(c.absence_record) if c.absence_record else None,
        "prior_complaints": [record_json(r) for r in flag.prior_complaints],
        "why": flag.why,
        "cautions": list(flag.cautions),
        "defendants_training": [defendant_json(d) for d in flag.defendants],
        "evidence_hash": evidence_hash(flag),
        "review": review_json(review) if review and review.status != PENDING else None,
        "review_status": review.status if review else PENDING,
    }


def review_json(review: ReviewState) -> dict[str, Any]:
    return {
        "status": review.status,
        "reviewer": review.reviewer,
        "at": review.at,
        "note": review.note,
        "evidence_changed_since_review": review.evidence_changed,
    }
