"""Paralegal review: decisions on flags, and whether a flag's evidence moved since.

A decision is stored with a hash of the flag's evidence at that moment (strength, verdicts,
cited passages, prior complaints, injury facts). When the case changes — a new volume, a
corrected document type — and the flag's evidence with it, the flag says "evidence changed
since review" until someone decides again. Decisions are only ever appended.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from monell.records.flags import Flag, ReviewEntry

DECISIONS = ("confirmed", "rejected", "follow_up")
PENDING = "pending"


@dataclass(frozen=True)
class ReviewState:
    status: str  # pending, or the latest decision
    reviewer: str | None
    at: str | None
    note: str | None
    evidence_changed: bool  # the evidence differs from what the latest decision saw


def evidence_hash(flag: Flag) -> str:
    """A fingerprint of what a reviewer saw: changes when the evidence changes."""
    c = flag.coverage
    seen = {
        "strength": flag.strength.value,
        "training": c.verdict.value,
        "policy": c.policy_verdict.value,
        "evidence": [(h.segment.file, h.segment.page, h.segment.bates) for h in c.evidence],
        "prior": [
            (r.record_id, r.disposition.value, str(r.event_date)) for r in flag.prior_complaints
        ],
        "facts": [f.text for f in flag.injury_facts],
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:16]


def review_state(flag: Flag, history: Sequence[ReviewEntry]) -> ReviewState:
    mine = [e for e in history if e.flag_id == flag.id]
    if not mine:
        return ReviewState(PENDING, None, None, None, False)
    last = mine[-1]
    return ReviewState(
        last.decision,
        last.reviewer,
        last.decided_at,
        last.note or None,
        last.evidence_hash != evidence_hash(flag),
    )


def matches_status(state: ReviewState, status: str) -> bool:
    """Whether a flag in ``state`` belongs in a list filtered by ``status`` (a review
    status, ``changed``: evidence changed since the last decision, or ``all``)."""
    return (
        status == "all"
        or state.status == status
        or (status == "changed" and state.evidence_changed)
    )


def review_token(flag: Flag, history: Sequence[ReviewEntry]) -> str:
    """What a reviewer saw when they opened the flag: the latest decision's id and the
    evidence fingerprint. A decision carrying an older token must not be recorded: someone
    else decided meanwhile, or the evidence moved (the review app refuses it, HTTP 409)."""
    mine = [e.id for e in history if e.flag_id == flag.id]
    return f"{mine[-1] if mine else 0}-{evidence_hash(flag)}"
