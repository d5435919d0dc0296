"""Suggested follow-up discovery: specific requests, built from what the analysis could not find.

A request names what to ask for and where the gap shows: the course that was planned but
never held ("sign-in rosters for every session of DE-23"), the table-of-contents line whose
section body is missing, the undated manual whose period of use decides the verdict. The
topics the injury implicates come first. The general request for a topic's training records
is made once, naming every topic with a gap, not repeated per topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monell.records.coverage import TRAINING_TYPES

NOT_HELD = ("scheduled", "planned", "cancelled", "postponed", "suspended", "not held")
MAX_CITES = 2  # cites named in one request; the rest are counted


def suggested_requests(data: dict[str, Any]) -> list[str]:
    """Follow-up discovery a litigator would consider, most pressing first."""
    incident = data["incident_date"]
    gaps = _gap_topics(data)
    courses = data.get("courses") or []
    requests: list[str] = []
    for topic in gaps:
        requests += _course_requests(topic, courses, incident)
    requests += _undated_documents(gaps)
    if gaps:
        names = "; ".join(f"{t['name']} ({t['verdict']})" for t in gaps)
        requests.append(
            "All lesson plans, curricula, course catalogs, rosters, sign-in sheets and "
            f"training-hour records in force on or before {incident} on: {names}."
        )
    requests += _other_requests(data)
    return list(dict.fromkeys(requests))


def _gap_topics(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Thin and absent topics, the ones the flags name first, then in taxonomy order."""
    flagged = [f["topic"] for f in (data.get("flags") or {}).get("flags", [])]
    gaps = [t for t in data["coverage"]["topics"] if t["verdict"] in ("absent", "thin")]
    order = {topic: i for i, topic in enumerate(flagged)}
    return sorted(gaps, key=lambda t: order.get(t["topic"], len(order)))


def _course_requests(
    topic: dict[str, Any], courses: Iterable[dict[str, Any]], incident: str
) -> list[str]:
    requests = []
    for course in courses:
        if topic["topic"] not in course["topics"] or topic["topic"] in course["excludes"]:
            continue
        name, where = _course_name(course), _cites(course["cites"])
        status = course["status"]
        if status in NOT_HELD:
            requests.append(
                f"{topic['name']}: sign-in rosters and attendance records for every session of "
                f"{name}, or a statement that no session was held before {incident} "
                f"(recorded as {status}: {where})."
            )
        elif status == "reserved":
            requests.append(
                f"{topic['name']}: the body of the section listed for {name} at {where} "
                "(only its heading or table-of-contents line was produced)."
            )
        elif status == "undated":
            requests.append(
                f"{topic['name']}: the dates on which {name} was taught, with its rosters "
                f"({where} gives no date)."
            )
        elif course["first_delivered"] and course["first_delivered"] > incident:
            requests.append(
                f"{topic['name']}: records of any session of {name} held before {incident} "
                f"(the first session produced is {course['first_delivered']}: {where})."
            )
    return requests


def _undated_documents(gaps: Iterable[dict[str, Any]]) -> list[str]:
    """An undated training document searched for a gap: when it was in use decides a lot."""
    requests = []
    for topic in gaps:
        for doc in (topic["absence_record"] or {}).get("searched_documents", []):
            if doc["date"] is None and doc["doc_type"] in TRAINING_TYPES:
                where = f"{doc['file']} {doc['bates_begin'] or ''}".strip()
                kind = doc["doc_type"].replace("_", " ")
                requests.append(
                    f"The dates on which the undated {kind} {where} was in use, "
                    "and the version in force before that."
                )
    return requests


def _other_requests(data: dict[str, Any]) -> list[str]:
    requests = []
    unreadable = sum(
        (t["absence_record"] or {}).get("unreadable_pages", 0) for t in data["coverage"]["topics"]
    )
    if unreadable:
        requests.append(
            "Legible or text-searchable copies of the training pages that could not be read."
        )
    if any(r["timing"] == "undated" for r in data["complaints"]["records"]):
        requests.append("Intake and event dates for the complaint records produced without them.")
    for gap in data["status"]["bates_gaps"]:
        requests.append(
            f"The withheld or missing Bates range after {gap['after']} and before {gap['before']} "
            f"({gap['missing']} page(s)), or a privilege log for it."
        )
    return requests


def _course_name(course: dict[str, Any]) -> str:
    code = course["codes"][0] if course["codes"] else ""
    title = course["title"] or ""
    if code and title:
        return f"{code} ({title})"
    if code or title:
        return code or f"'{title}'"
    return "the course"


def _cites(cites: list[str]) -> str:
    shown = "; ".join(cites[:MAX_CITES])
    more = len(cites) - MAX_CITES
    return f"{shown} and {more} more" if more > 0 else shown
