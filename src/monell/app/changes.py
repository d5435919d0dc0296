"""Change tracking: what each new volume changed in the verdicts and the flags.

After every ingest the CLI stores a snapshot of the coverage verdicts (with their cited
pages) and of the flags (strength, evidence fingerprint, prior count). Comparing two
snapshots lists coverage verdicts that changed and flags opened, closed, or changed in
strength or evidence, each with the production whose ingest showed it. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monell.flags.review import evidence_hash
from monell.records.cite import cite_of
from monell.records.coverage import CoverageReport
from monell.records.flags import FlagReport


def snapshot_of(coverage: CoverageReport, flags: FlagReport | None) -> dict[str, Any]:
    """The part of the analysis whose changes a litigation team tracks."""
    return {
        "coverage": {
            t.topic: {
                "verdict": t.verdict.value,
                "policy_verdict": t.policy_verdict.value,
                "evidence": [_cite(h.segment) for h in t.evidence],
            }
            for t in coverage.topics
        },
        "flags": None
        if flags is None
        else {
            f.id: {
                "strength": f.strength.value,
                "evidence_hash": evidence_hash(f),
                "prior_count": f.pattern.prior_count if f.pattern else 0,
                "training_verdict": f.coverage.verdict.value,
            }
            for f in flags.flags
        },
    }


def diff_snapshots(
    before: dict[str, Any], after: dict[str, Any], production: str
) -> list[dict[str, Any]]:
    """Every change from ``before`` to ``after``, attributed to ``production``."""
    changes: list[dict[str, Any]] = []
    for topic, now in after["coverage"].items():
        was = before["coverage"].get(topic)
        if was is None:
            continue
        for key in ("verdict", "policy_verdict"):
            if was[key] != now[key]:
                changes.append(
                    {
                        "kind": f"coverage_{key}",
                        "topic": topic,
                        "before": was[key],
                        "after": now[key],
                        "production": production,
                    }
                )
        added = [e for e in now["evidence"] if e not in was["evidence"]]
        if added and was["verdict"] == now["verdict"]:
            changes.append(
                {
                    "kind": "coverage_evidence",
                    "topic": topic,
                    "before": None,
                    "after": added,
                    "production": production,
                }
            )
    changes += _flag_changes(
        before.get("flags") or {},
        after.get("flags") or {},
        production,
        tracked=before.get("flags") is not None,
    )
    return changes


def changes_since(
    snapshots: Sequence[tuple[int, str, str, dict[str, Any]]], since: str | None
) -> list[dict[str, Any]]:
    """Changes snapshot by snapshot: all of the last one's, or all from production ``since``."""
    if len(snapshots) < 2:
        return []
    start = len(snapshots) - 1
    if since is not None:
        found = [i for i, s in enumerate(snapshots) if s[1] == since]
        if not found:
            return []
        start = max(found[0], 1)
    out: list[dict[str, Any]] = []
    for i in range(start, len(snapshots)):
        out += diff_snapshots(snapshots[i - 1][3], snapshots[i][3], snapshots[i][1])
    return out


def _cite(segment: Any) -> str:
    return cite_of(segment)


def _flag_changes(
    before: dict[str, Any], after: dict[str, Any], production: str, tracked: bool
) -> list[dict[str, Any]]:
    changes = []
    for flag_id, now in after.items():
        was = before.get(flag_id)
        if was is None:
            if tracked:
                changes.append(
                    {
                        "kind": "flag_opened",
                        "flag": flag_id,
                        "before": None,
                        "after": now["strength"],
                        "production": production,
                    }
                )
        elif was["strength"] != now["strength"]:
            changes.append(
                {
                    "kind": "flag_strength",
                    "flag": flag_id,
                    "before": was["strength"],
                    "after": now["strength"],
                    "production": production,
                }
            )
        elif was["evidence_hash"] != now["evidence_hash"]:
            changes.append(
                {
                    "kind": "flag_evidence",
                    "flag": flag_id,
                    "before": was["prior_count"],
                    "after": now["prior_count"],
                    "production": production,
                }
            )
    for flag_id, was in before.items():
        if flag_id not in after:
            changes.append(
                {
                    "kind": "flag_closed",
                    "flag": flag_id,
                    "before": was["strength"],
                    "after": None,
                    "production": production,
                }
            )
    return changes


LABELS = {
    "coverage_verdict": "training verdict changed",
    "coverage_policy_verdict": "policy verdict changed",
    "coverage_evidence": "new training evidence",
    "flag_opened": "flag opened",
    "flag_closed": "flag closed",
    "flag_strength": "flag strength changed",
    "flag_evidence": "flag evidence changed",
}
