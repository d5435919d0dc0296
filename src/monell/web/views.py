"""View models for the review pages: the report's JSON shapes plus what a page links to.

Pure functions of the analysis records and the review log. The dictionaries are those of
``monell flags/coverage/complaints --json`` (so the page and the report say the same
thing), with the document ids a page needs to link each cite to its page image.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from monell.app.shapes.complaints import complaints_json
from monell.app.shapes.courses import courses_json
from monell.app.shapes.coverage import coverage_json
from monell.app.shapes.flags import flag_json, history_json
from monell.flags.review import DECISIONS, PENDING, matches_status, review_state, review_token
from monell.records.complaints import ComplaintRecord, ComplaintReport
from monell.records.coverage import CoverageReport, TopicHit
from monell.records.flags import Flag, FlagReport, ReviewEntry

CITED_PAGE = re.compile(r"\s+p\.(\d+)\b")  # the page after the file name in a cite
STRENGTHS = ("strong", "moderate", "weak")
VERDICTS = ("absent", "thin")
STATUSES = (PENDING, *DECISIONS, "changed")
SORTS = {
    "strength": "strength (strongest first)",
    "topic": "topic",
    "priors": "prior complaints (most first)",
    "status": "review status",
}


def flag_rows(
    report: FlagReport, history: Sequence[ReviewEntry], filters: Mapping[str, str], sort: str
) -> list[dict[str, Any]]:
    """The flags list: one row per flag, filtered and sorted as the page asks."""
    rows = []
    status = filters.get("status", "") or "all"
    for flag in report.flags:
        state = review_state(flag, history)
        if not matches_status(state, status):
            continue
        row = {
            "id": flag.id,
            "topic": flag.topic,
            "name": flag.name,
            "strength": flag.strength.value,
            "points": flag.points,
            "training_verdict": flag.coverage.verdict.value,
            "policy_verdict": flag.coverage.policy_verdict.value,
            "prior_count": flag.pattern.prior_count if flag.pattern else 0,
            "sustained_count": flag.pattern.sustained_count if flag.pattern else 0,
            "status": state.status,
            "evidence_changed": state.evidence_changed,
            "reviewer": state.reviewer,
        }
        if _matches(row, filters):
            rows.append(row)
    return sorted(rows, key=_sort_key(sort))


def _matches(row: dict[str, Any], filters: Mapping[str, str]) -> bool:
    text = filters.get("q", "").strip().lower()
    return (
        filters.get("strength", "") in ("", row["strength"])
        and filters.get("verdict", "") in ("", row["training_verdict"])
        and (not text or text in row["name"].lower() or text in row["topic"])
    )


def _sort_key(sort: str) -> Any:
    if sort == "topic":
        return lambda r: (r["name"].lower(), r["id"])
    if sort == "priors":
        return lambda r: (-r["prior_count"], -r["sustained_count"], -r["points"], r["id"])
    if sort == "status":
        order = {s: i for i, s in enumerate(STATUSES)}
        return lambda r: (order.get(r["status"], 99), -r["points"], r["id"])
    return lambda r: (STRENGTHS.index(r["strength"]), -r["points"], r["id"])


def flag_detail(
    flag: Flag, history: Sequence[ReviewEntry], document_ids: Mapping[str, int]
) -> dict[str, Any]:
    """One flag's evidence chain, review state and audit log, with link targets."""
    mine = [e for e in history if e.flag_id == flag.id]
    data = flag_json(flag, review_state(flag, mine))
    data["seen"] = review_token(flag, mine)  # carried by the form: refused if it moves
    data["history"] = history_json(reversed(mine))
    _link_hits(data["evidence"], flag.coverage.evidence)
    _link_records(data["prior_complaints"], flag.prior_complaints)
    absence = data["absence_record"]
    if absence and flag.coverage.absence_record:
        _link_hits(absence["nearest_misses"], flag.coverage.absence_record.nearest_misses)
        for searched in absence["searched_documents"] + absence["post_incident_documents"]:
            searched["document_id"] = document_ids.get(searched["file"])
    return data


def coverage_rows(
    coverage: CoverageReport, complaints: ComplaintReport, flags: FlagReport | None
) -> list[dict[str, Any]]:
    """The coverage matrix: each topic's verdicts next to its notice pattern and flag."""
    topics: list[dict[str, Any]] = coverage_json(coverage)["topics"]
    patterns = {p.topic: p for p in complaints.patterns}
    flagged = {f.topic: f for f in (flags.flags if flags else ())}
    for row, verdict in zip(topics, coverage.topics, strict=True):
        _link_hits(row["evidence"], verdict.evidence)
        pattern = patterns.get(verdict.topic)
        row["prior_count"] = pattern.prior_count if pattern else 0
        row["sustained_count"] = pattern.sustained_count if pattern else 0
        flag = flagged.get(verdict.topic)
        row["flag"] = {"id": flag.id, "strength": flag.strength.value} if flag else None
    return topics


def course_rows(
    coverage: CoverageReport, document_ids: Mapping[str, int], topic: str | None = None
) -> list[dict[str, Any]]:
    """The training history: one row per course, each cite linked to its page when the
    cited file is in the case."""
    rows: list[dict[str, Any]] = courses_json(coverage, topic)["courses"]
    for row in rows:
        row["links"] = [_cite_link(cite, document_ids) for cite in row["cites"]]
        for session in row["sessions"]:
            session["link"] = _cite_link(session["cite"], document_ids)
    return rows


def _cite_link(cite: str, document_ids: Mapping[str, int]) -> dict[str, Any]:
    """A cite ('file p.N BATES') with the document and page it names, if they are known."""
    for file, document_id in sorted(document_ids.items(), key=lambda f: -len(f[0])):
        if cite.startswith(file + " "):
            page = CITED_PAGE.match(cite[len(file) :])
            return {"cite": cite, "document_id": document_id, "page": int(page[1]) if page else 1}
    return {"cite": cite, "document_id": None, "page": None}


def complaint_view(report: ComplaintReport) -> dict[str, Any]:
    """The complaints page: records (linked to their pages) and the pattern per topic."""
    data = complaints_json(report)
    _link_records(data["records"], report.records)
    return data


def _link_hits(rows: list[dict[str, Any]], hits: Sequence[TopicHit]) -> None:
    for row, hit in zip(rows, hits, strict=True):
        row["document_id"] = hit.segment.document_id  # hit_json already gives passage_id


def _link_records(rows: list[dict[str, Any]], records: Sequence[ComplaintRecord]) -> None:
    for row, record in zip(rows, records, strict=True):
        row["document_id"] = record.document_id
