"""Records of the flag analysis: injury facts, flags, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from monell.records.attendance import OfficerTopic
from monell.records.complaints import ComplaintRecord, NoticePattern
from monell.records.coverage import TopicCoverage


class FactRole(StrEnum):
    """What a clause of the injury narrative is, for the moving-force analysis."""

    CONDUCT = "conduct"  # what an officer did or failed to do (acts, tools, body positions)
    CONDITION = "condition"  # the plaintiff's own condition or behaviour
    OUTCOME = "outcome"  # injury, death, treatment, losses
    BACKGROUND = "background"  # procedure, setting, history


class Actor(StrEnum):
    """Whose act a clause reports, as the parse and the narrative's parties tell it."""

    OFFICER = "officer"
    NOBODY = "nobody"  # "nobody", "no deputy", "neither officer": an omission
    TOOL = "tool"  # an officer's instrument acting: the dog, the probes
    PLAINTIFF = "plaintiff"
    MEDICAL = "medical"  # paramedics, doctors, the hospital
    OTHER = "other"  # witnesses, the clerk, the court, the agency
    BODY = "body"  # the plaintiff's body or injuries: "his heart stopped"
    THING = "thing"  # anything else: "the recantation", "three minutes"
    UNKNOWN = "unknown"  # a pronoun the parties do not settle


class TopicStatus(StrEnum):
    """Where an implicated topic comes from: the reading, or a reviewer."""

    AUTO = "auto"
    ADDED = "added"  # a reviewer added it
    REMOVED = "removed"  # a reviewer removed it: listed, never flagged


class Strength(StrEnum):
    """How strongly the evidence so far supports a moving-force theory for a topic."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


@dataclass(frozen=True)
class Clause:
    """One clause of a fact with its role, and how the role was decided."""

    text: str
    start: int  # character offsets in the stored narrative
    end: int
    role: FactRole
    actor: Actor
    omission: bool  # an officer's failure to act ("nobody called", "gave no warning")
    why: str  # "subject 'Nobody', negated", "nearest exemplars: outcome"


@dataclass(frozen=True)
class InjuryFact:
    """One sentence of the injury narrative, with the topics it points to."""

    text: str
    start: int  # character offsets in the stored narrative
    end: int
    scores: dict[str, float] = field(default_factory=dict)  # topic → score (shown when ≥ 0.1)
    topics: tuple[str, ...] = ()  # topics the fact implicates (its officer conduct)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → words matched
    role: FactRole = FactRole.BACKGROUND  # the strongest role among its clauses
    clauses: tuple[Clause, ...] = ()
    supports: dict[str, float] = field(default_factory=dict)  # topic → score of its other
    # clauses (outcome, condition): they support a topic conduct raised, never raise one


@dataclass(frozen=True)
class TopicEvidence:
    """One fact behind an implicated topic."""

    fact: int  # index in the report's facts
    text: str
    role: FactRole
    score: float
    implicates: bool  # True: the fact raises the topic; False: it supports it


@dataclass(frozen=True)
class ImplicatedTopic:
    """A topic the injury implicates, at the case level, with the facts behind it."""

    topic: str
    name: str
    confidence: float  # 1 - Π(1 - score) over the facts that raise it
    evidence: tuple[TopicEvidence, ...]
    status: TopicStatus = TopicStatus.AUTO
    reviewer: str | None = None  # who added or removed it, when someone did
    note: str | None = None


@dataclass(frozen=True)
class DefendantTraining:
    """One defendant's training on a flag's topic, as the attendance records show it."""

    officer: str
    answer: OfficerTopic
    summary: str  # one line: "Ofc. X: not trained before the incident; HS-FA 05/20/2021 no-show…"


@dataclass(frozen=True)
class UntrainedDefendant:
    """A topic the program covered that a defendant was not trained in before the incident:
    no gap in the program, but a candidate of its own kind (METHODOLOGY.md)."""

    id: str  # "D-<topic>"
    topic: str
    name: str
    coverage: TopicCoverage
    defendants: tuple[DefendantTraining, ...]  # those not trained (and the others, for context)
    prior_count: int


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
    defendants: tuple[DefendantTraining, ...] = ()  # each defendant's training on the topic


@dataclass(frozen=True)
class FlagReport:
    incident_date: date
    injury: str
    facts: tuple[InjuryFact, ...]
    flags: tuple[Flag, ...]
    covered: tuple[TopicCoverage, ...]  # implicated topics the training covered: no gap
    topics: tuple[ImplicatedTopic, ...] = ()  # the reviewed set, removed topics included
    untrained: tuple[UntrainedDefendant, ...] = ()  # covered topics, untrained defendants


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
