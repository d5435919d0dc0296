"""Records of the flag analysis: injury facts, flags, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from monell.records.complaints import ComplaintRecord, NoticePattern
from monell.records.coverage import TopicCoverage


class Strength(StrEnum):
    """How strongly the evidence so far supports a moving-force theory for a topic."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


@dataclass(frozen=True)
class InjuryFact:
    """One sentence of the injury narrative, with the topics it points to."""

    text: str
    start: int  # character offsets in the stored narrative
    end: int
    scores: dict[str, float] = field(default_factory=dict)  # topic → score (shown when ≥ 0.1)
    topics: tuple[str, ...] = ()  # topics the fact implicates
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → words matched


@dataclass(frozen=True)
class Flag:
    """A topic the injury implicates where training was absent or thin."""

    id: str  # "F-<topic>": the same for a case and topic whatever the run order
    topic: str
    name: str
    strength: Strength
    points: int  # the rule's tally (METHODOLOGY.md), shown so it can be checked
    coverage: TopicCoverage
    pattern: NoticePattern | None
    prior_complaints: tuple[ComplaintRecord, ...]
    single_incident: bool  # the topic allows the narrow "obvious need" route
    injury_facts: tuple[InjuryFact, ...]
    why: str
    cautions: tuple[str, ...]  # "needs attorney judgment", "policy required it", …


@dataclass(frozen=True)
class FlagReport:
    incident_date: date
    injury: str
    facts: tuple[InjuryFact, ...]
    flags: tuple[Flag, ...]
    covered: tuple[TopicCoverage, ...]  # implicated topics the training covered: no gap


@dataclass(frozen=True)
class ReviewEntry:
    """One decision on a flag, as it was recorded."""

    id: int
    flag_id: str
    decision: str
    reviewer: str
    note: str
    evidence_hash: str
    decided_at: str
