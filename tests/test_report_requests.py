"""Follow-up discovery is specific: it names the course, the section or the document whose
missing piece would decide a gap, the injury's topics come first, and the general request
for training records is made once for every topic with a gap (never once per topic). The
report lists the training history, one row per course, in Markdown and in HTML."""

from __future__ import annotations

from typing import Any

from monell.report.contents import build_contents
from monell.report.document import render_html, render_markdown
from monell.report.requests import suggested_requests

INCIDENT = "2021-06-14"
PRONE, NECK, CUFFS = (
    "prone_restraint_positional_asphyxia",
    "neck_restraints_chokeholds",
    "handcuffing_restraints",
)
NAMES = {PRONE: "Prone Restraint", NECK: "Neck Restraints", CUFFS: "Handcuffing"}


def course(code: str, title: str, status: str, topics: dict[str, str], **extra: Any) -> dict:
    return {
        "key": code.lower(), "codes": [code] if code else [], "title": title, "status": status,
        "topics": topics, "hours": 2.0, "first_delivered": None, "excludes": {},
        "sessions": [{"start": None, "end": None, "status": status, "quote": "", "cite": "x"}],
        "cites": [f"catalog.pdf p.3 RIV00000{len(title):02d}"], "documents": ["catalog.pdf"],
        "evaluation_only": False, **extra,
    }  # fmt: skip


def topic(topic_id: str, verdict: str, searched: list[dict[str, Any]] | None = None) -> dict:
    absence = {"searched_documents": searched or [], "unreadable_pages": 0} if searched else None
    return {"topic": topic_id, "name": NAMES[topic_id], "verdict": verdict, "hours": None,
            "policy_verdict": "absent", "evidence": [], "policy_evidence": [],
            "absence_record": absence}  # fmt: skip


def data(
    topics: list[dict[str, Any]], courses: list[dict[str, Any]], flagged: tuple[str, ...] = ()
) -> dict[str, Any]:
    flags = [
        {"id": f"F-{t}", "topic": t, "name": NAMES[t], "strength": "moderate", "why": "…",
         "cautions": [], "evidence": [], "absence_record": None, "prior_complaints": [],
         "review": None}
        for t in flagged
    ]  # fmt: skip
    return {
        "incident_date": INCIDENT, "generated": "now",
        "software": {"monell": "0", "models": "m", "taxonomy": "t"},
        "status": {"case": {"name": "Doe", "agency": "Riverton PD"}, "bates_gaps": []},
        "documents": [], "coverage": {"topics": topics, "thresholds": {}}, "courses": courses,
        "complaints": {"records": [], "patterns": []},
        "flags": {"flags": flags, "covered_topics": []}, "injury": "…",
    }  # fmt: skip


def test_a_course_that_was_never_held_asks_for_the_rosters_of_every_session() -> None:
    for status in ("planned", "cancelled", "postponed", "suspended", "not held", "scheduled"):
        planned = course("PR-7", "Positional Asphyxia", status, {PRONE: "teaches"})
        requests = suggested_requests(data([topic(PRONE, "absent")], [planned]))
        asked = [r for r in requests if "PR-7" in r]
        assert len(asked) == 1, status
        assert "sign-in rosters" in asked[0] and "every session of PR-7" in asked[0]
        assert f"recorded as {status}" in asked[0] and "catalog.pdf p.3" in asked[0]


def test_a_table_of_contents_line_asks_for_the_body_of_its_section() -> None:
    toc = course("", "Neck Restraint Hazards", "reserved", {NECK: "mentions"})
    requests = suggested_requests(data([topic(NECK, "thin")], [toc]))
    assert any(
        "the body of the section listed for 'Neck Restraint Hazards'" in r
        and "table-of-contents" in r
        for r in requests
    )


def test_an_undated_course_asks_for_the_dates_it_was_taught() -> None:
    undated = course("DT-3", "Ground Control", "undated", {CUFFS: "teaches"})
    requests = suggested_requests(data([topic(CUFFS, "thin")], [undated]))
    assert any("the dates on which DT-3 (Ground Control) was taught" in r for r in requests)


def test_a_course_first_held_after_the_incident_asks_for_earlier_sessions() -> None:
    later = course("PR-9", "Prone Hazards", "delivered", {PRONE: "teaches"})
    later["first_delivered"] = "2022-02-01"
    requests = suggested_requests(data([topic(PRONE, "absent")], [later]))
    assert any(f"any session of PR-9 (Prone Hazards) held before {INCIDENT}" in r for r in requests)


def test_an_undated_training_document_asks_when_it_was_in_use() -> None:
    manual = {"file": "manual.pdf", "production": "VOL001", "doc_type": "training_curriculum",
              "bates_begin": "RIV0000019", "bates_end": "RIV0000040", "pages": 22, "date": None,
              "unreadable_pages": []}  # fmt: skip
    dated = {**manual, "file": "dated.pdf", "date": "2019-01-01"}
    requests = suggested_requests(data([topic(PRONE, "absent", [manual, dated])], []))
    assert any(
        "undated training curriculum manual.pdf RIV0000019 was in use" in r for r in requests
    )
    assert not any("dated.pdf" in r for r in requests)


def test_the_general_request_is_made_once_with_the_injurys_topics_first() -> None:
    topics = [topic(CUFFS, "thin"), topic(NECK, "absent"), topic(PRONE, "absent")]
    requests = suggested_requests(data(topics, [], flagged=(PRONE,)))
    general = [r for r in requests if r.startswith("All lesson plans")]
    assert len(general) == 1
    assert general[0].index("Prone Restraint") < general[0].index("Handcuffing")
    assert "Neck Restraints (absent)" in general[0]


def test_a_course_that_excludes_the_topic_is_not_asked_about_for_it() -> None:
    excluded = course("K9-1", "Dog Encounters", "planned", {PRONE: "mentions"})
    excluded["excludes"] = {PRONE: "This block does not cover restraint."}
    assert not any(
        "K9-1" in r for r in suggested_requests(data([topic(PRONE, "absent")], [excluded]))
    )


def test_nothing_specific_is_asked_for_a_covered_topic() -> None:
    planned = course("DT-3", "Ground Control", "planned", {CUFFS: "teaches"})
    assert suggested_requests(data([topic(CUFFS, "covered")], [planned])) == []


def test_the_report_lists_the_training_history_in_both_formats() -> None:
    held = course("DE-23", "De-escalation & Tactics", "delivered", {PRONE: "mentions"})
    held["sessions"] = [
        {"start": "2020-03-02", "end": None, "status": "delivered", "quote": "", "cite": "x"},
        {"start": None, "end": None, "status": "planned", "quote": "", "cite": "x"},
    ]
    report = data([topic(PRONE, "thin")], [held])
    table = build_contents(report).courses
    assert table.header[:3] == ("code", "title", "status")
    assert table.rows[0][:3] == ("DE-23", "De-escalation & Tactics", "delivered")
    assert table.rows[0][5] == "2020-03-02 delivered; undated planned"
    held["sessions"][0] |= {"location": "Range B", "attendees": 12}
    shown = build_contents(data([topic(PRONE, "thin")], [held])).courses.rows[0][5]
    assert shown == "2020-03-02 delivered at Range B, 12 attended; undated planned"
    assert "| DE-23 | De-escalation & Tactics | delivered |" in render_markdown(report)
    assert "De-escalation &amp; Tactics" in render_html(report)
    empty = data([topic(PRONE, "thin")], [])
    assert "No course was read from the training documents." in render_markdown(empty)
