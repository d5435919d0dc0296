"""JSON shape of the training history: one entry per course, with its sessions and cites."""

from __future__ import annotations

from typing import Any

from monell.records.coverage import Course, CoverageReport, Session


def courses_json(report: CoverageReport, topic: str | None = None) -> dict[str, Any]:
    """``monell courses --json``: the courses of the training documents, as of the report's
    date; with ``topic``, only the courses that deal with it."""
    courses = [c for c in report.courses if topic is None or topic in c.topics]
    return {
        "as_of": report.as_of.isoformat(),
        "courses": [course_json(c) for c in sorted(courses, key=_order)],
    }


def course_json(course: Course) -> dict[str, Any]:
    return {
        "key": course.key,
        "codes": list(course.codes),
        "title": course.title,
        "status": course.status.value,
        "topics": dict(sorted(course.topics.items())),
        "hours": course.hours,
        "first_delivered": _day(course.first_delivered),
        "last_delivered_before": _day(course.last_delivered_before),
        "evaluation_only": course.evaluation_only,
        "excludes": dict(sorted(course.exclusions.items())),
        "sessions": [session_json(s) for s in course.sessions],
        "cites": list(course.cites),
        "documents": list(course.documents),
        "objectives": course.objectives,
        "practice": course.practice,
    }


def session_json(session: Session) -> dict[str, Any]:
    return {
        "start": _day(session.start),
        "end": _day(session.end),
        "status": session.status.value,
        "quote": session.quote[:300],
        "cite": session.cite,
        "location": session.location,
        "attendees": session.attendees,
    }


def _order(course: Course) -> tuple[str, str]:
    return (course.codes[0] if course.codes else "~", course.title.lower())


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None
