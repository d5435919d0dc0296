"""What the case report says, built once from the report dictionary.

``monell report`` renders the Markdown and the HTML from the same ``ReportContents``, so the
two formats list the same flags, topics, complaints and documents in the same words. The
records hold the sentences and the cells; the templates (``templates/``) only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from monell.records.cite import cite_of
from monell.report.requests import suggested_requests
from monell.report.timeline import Timeline, build_timeline

COVERED_NOTE = "training covered it: not a training gap; check whether the officer departed from it"
SHORT_QUOTE = 160  # characters of a cited passage quoted in a bullet
POLICY_QUOTES = 2  # policy passages quoted under a flag
COVERED_QUOTES = 3  # training passages quoted under a covered topic
DASH = "—"
COVERAGE_HEADER = ("topic", "training", "hours", "policy", "best cite", "policy cite")
NOTICE_HEADER = (
    "topic",
    "prior",
    "sustained",
    "first",
    "last",
    "repeat officers",
    "older (stale)",
    "after the incident",
)
DOCUMENTS_HEADER = ("file", "production", "SHA-256", "pages", "Bates")
COURSES_HEADER = ("code", "title", "status", "topics", "hours", "sessions", "cites")
MAX_COURSE_CITES = 3  # cites shown in a course's row; the rest are counted


class NoFlags(StrEnum):
    """Why the report has no moving-force candidates (empty when it has some)."""

    NONE = ""
    NO_INJURY = "no_injury"  # `monell injury set` was never run
    NO_TOPIC = "no_topic"  # the injury narrative maps to no training topic


@dataclass(frozen=True)
class Table:
    """A table's column names and its rows, every cell already text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Finding:
    """A flag or a covered topic: a heading, a sentence, and its cited evidence as bullets."""

    heading: str
    text: str
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class ComplaintGroup:
    """Complaints listed apart from the notice table, each with its cite."""

    title: str
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class ReportContents:
    """Everything the Markdown and HTML reports show, in the order they show it."""

    case_name: str
    incident_date: str
    agency: str
    generated: str
    version: str
    no_flags: NoFlags
    flags: tuple[Finding, ...]
    covered: tuple[Finding, ...]
    coverage: Table
    courses: Table
    notice: Table
    not_notice: tuple[ComplaintGroup, ...]
    bates_gaps: tuple[str, ...]
    requests: tuple[str, ...]
    models: str
    thresholds: str
    taxonomy: str
    documents: Table
    timeline: Timeline
    untrained: tuple[Finding, ...] = ()  # covered topics a defendant was not trained in


def build_contents(data: dict[str, Any]) -> ReportContents:
    """The report's contents from the dictionary ``monell.app.report.build_report`` returns."""
    case, flags = data["status"]["case"], data["flags"] or {}
    return ReportContents(
        case_name=case["name"],
        incident_date=data["incident_date"],
        agency=case["agency"] or DASH,
        generated=data["generated"],
        version=data["software"]["monell"],
        no_flags=_no_flags(data["flags"]),
        flags=tuple(_flag_finding(f) for f in flags.get("flags", [])),
        covered=tuple(_covered_finding(c) for c in flags.get("covered_topics", [])),
        coverage=_coverage_table(data["coverage"]["topics"]),
        courses=_courses_table(data.get("courses") or []),
        notice=_notice_table(data["complaints"]["patterns"]),
        not_notice=_not_notice(data["complaints"]["records"]),
        bates_gaps=tuple(
            f"after {g['after']} and before {g['before']}: {g['missing']} page(s) missing"
            for g in data["status"]["bates_gaps"] or []
        ),
        requests=tuple(suggested_requests(data)),
        models=data["software"]["models"],
        thresholds=str(data["coverage"]["thresholds"]),
        taxonomy=data["software"]["taxonomy"],
        documents=_documents_table(data["documents"]),
        timeline=build_timeline(
            data["complaints"]["records"], date.fromisoformat(data["incident_date"])
        ),
        untrained=tuple(_untrained_finding(u) for u in flags.get("untrained_defendants", [])),
    )


def review_label(flag: dict[str, Any]) -> str:
    """The review state as it stands: a decision taken on other evidence says so."""
    review = flag.get("review")
    if not review:
        return "pending"
    if review.get("evidence_changed_since_review"):
        return f"{review['status']}, but the evidence changed since: review again"
    return str(review["status"])


def _no_flags(flags: dict[str, Any] | None) -> NoFlags:
    if not flags:
        return NoFlags.NO_INJURY
    if not flags["flags"] and not flags["covered_topics"]:
        return NoFlags.NO_TOPIC
    return NoFlags.NONE


def _flag_finding(flag: dict[str, Any]) -> Finding:
    bullets = [f"Caution: {caution}" for caution in flag["cautions"]]
    bullets += [_quote("Policy", e) for e in flag.get("policy_evidence", [])[:POLICY_QUOTES]]
    bullets += [_quote("Training", e) for e in flag["evidence"]]
    if flag["absence_record"]:
        searched = flag["absence_record"]["searched_documents"]
        bullets.append(
            f"Record of absence: {len(searched)} training document(s) searched: "
            + "; ".join(
                f"{d['file']} {d['bates_begin'] or ''}–{d['bates_end'] or ''}" for d in searched
            )
        )
    bullets += [f"Defendant {d['summary']}" for d in flag.get("defendants_training", [])]
    bullets += [
        f"Prior complaint {c['record_id']} ({c['event_date'] or c['received_date']}, "
        f"{c['disposition']}): {cite_of(c)}"
        for c in flag["prior_complaints"]
    ]
    heading = f"{flag['id']} — {flag['name']} ({flag['strength']}; review: {review_label(flag)})"
    return Finding(heading, flag["why"], tuple(bullets))


def _untrained_finding(item: dict[str, Any]) -> Finding:
    return Finding(
        heading=f"{item['id']} — {item['name']} (covered program, untrained defendant)",
        text=f"{item['note'][0].upper()}{item['note'][1:]}.",
        bullets=tuple(d["summary"] for d in item["defendants"])
        + tuple(_quote("Training", e) for e in item["evidence"][:COVERED_QUOTES]),
    )


def _covered_finding(topic: dict[str, Any]) -> Finding:
    return Finding(
        heading=f"{topic['name']} (covered)",
        text=f"{COVERED_NOTE[0].upper()}{COVERED_NOTE[1:]}.",
        bullets=tuple(_quote("Training", e) for e in topic["evidence"][:COVERED_QUOTES]),
    )


def _coverage_table(topics: list[dict[str, Any]]) -> Table:
    rows = []
    for t in topics:
        best = t["evidence"][0] if t["evidence"] else None
        policy = t["policy_evidence"][0] if t.get("policy_evidence") else None
        rows.append(
            (
                t["name"],
                t["verdict"],
                _or_dash(t["hours"]),
                t["policy_verdict"],
                cite_of(best) if best else DASH,
                cite_of(policy) if policy else DASH,
            )
        )
    return Table(COVERAGE_HEADER, _text_rows(rows))


def _courses_table(courses: list[dict[str, Any]]) -> Table:
    rows = [
        (
            ", ".join(c["codes"]) or DASH,
            c["title"] or DASH,
            c["status"],
            "; ".join(f"{topic} ({depth})" for topic, depth in c["topics"].items()) or DASH,
            _or_dash(c["hours"]),
            _sessions_line(c["sessions"]),
            "; ".join(c["cites"][:MAX_COURSE_CITES])
            + (
                f" and {len(c['cites']) - MAX_COURSE_CITES} more"
                if len(c["cites"]) > MAX_COURSE_CITES
                else ""
            ),
        )
        for c in courses
    ]
    return Table(COURSES_HEADER, _text_rows(rows))


def _sessions_line(sessions: list[dict[str, Any]]) -> str:
    """'2021-03-02 delivered at Range B, 12 attended; 2022-09-14 cancelled; undated planned'
    (where and how many, when a row or a roster says)."""
    parts = [
        f"{s['start'] or 'undated'} {s['status']}"
        + (f" at {s['location']}" if s.get("location") else "")
        + (f", {s['attendees']} attended" if s.get("attendees") else "")
        for s in sessions
    ]
    return "; ".join(dict.fromkeys(parts)) or DASH


def _notice_table(patterns: list[dict[str, Any]]) -> Table:
    rows = [
        (
            p["name"],
            p["prior_count"],
            p["sustained_count"],
            _or_dash(p["first"]),
            _or_dash(p["last"]),
            "; ".join(p["repeat_officers"]) or DASH,
            p.get("stale_count", 0),
            p.get("post_count", 0),
        )
        for p in patterns
    ]
    return Table(NOTICE_HEADER, _text_rows(rows))


def _not_notice(records: list[dict[str, Any]]) -> tuple[ComplaintGroup, ...]:
    """Complaints listed apart, with cites: never counted as notice, but a lawyer may use
    them (later conduct can bear on custom; older ones on how long a problem ran)."""
    groups = (
        ("After the incident (never notice)", [r for r in records if r["timing"] == "post"]),
        (
            "Older than the lookback (listed, not counted)",
            [r for r in records if r["timing"] == "prior" and r["stale"]],
        ),
        ("Undated (kept, not counted)", [r for r in records if r["timing"] == "undated"]),
    )
    return tuple(
        ComplaintGroup(title, tuple(_complaint_line(r) for r in group))
        for title, group in groups
        if group
    )


def _complaint_line(record: dict[str, Any]) -> str:
    when = record["event_date"] or record["received_date"] or "no date"
    topics = ", ".join(record["topics"]) or "no topic"
    kind = record.get("source_kind", "complaint")
    own = " (the plaintiff's own)" if record.get("own") else ""
    also = "".join(
        f"; also {c['source_kind']} {c['record_id']}: {c['cite']}" for c in record.get("copies", [])
    )
    return (
        f"{record['record_id']} ({when}, {record['disposition']}; {topics}): {cite_of(record)}, "
        f"{kind}{own}{also}"
    )


def _documents_table(documents: list[dict[str, Any]]) -> Table:
    rows = [
        (
            d["file_name"],
            d["production"],
            f"`{d['sha256'][:16]}…`",
            d["pages"],
            f"{_or_dash(d['bates_begin'])}–{_or_dash(d['bates_end'])}",
        )
        for d in documents
    ]
    return Table(DOCUMENTS_HEADER, _text_rows(rows))


def _quote(label: str, evidence: dict[str, Any]) -> str:
    return f'{label}: {cite_of(evidence)} — "{_short(evidence["text"])}"'


def _text_rows(rows: list[tuple[Any, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(cell) for cell in row) for row in rows)


def _or_dash(value: Any) -> str:
    return DASH if value in (None, "") else str(value)


def _short(text: str, limit: int = SHORT_QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
