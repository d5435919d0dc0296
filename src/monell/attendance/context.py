"""What the lines above a table say its rows belong to: the officer of a transcript, the
course and session of a sign-in sheet.

Page text holds each table's rows too, so each table is found in its page's lines by its
header, and only the lines between one table's end and the next table's header are read.
What they set (an officer, a course, a session date) holds until a later line replaces it,
across pages, as a reader turning the pages would keep it in mind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from monell.attendance.columns import header_text
from monell.attendance.people import BADGE, parse_name
from monell.coverage.course_names import CODE
from monell.nlp.date_parse import find_dates
from monell.resources import load_cues

_CUES = load_cues("attendance")
_HEADS = "|".join(_CUES["officer_heads"])
OFFICER_HEAD = re.compile(
    rf"^[#*\s]*(?:{_HEADS})(?:\s*[:\u2013\u2014-]|\s+(?:of|for)\s*[:\u2013\u2014-]?)\s*(?P<rest>\S.*)$",
    re.I,
)
OFFICER_FIELD = re.compile(r"^(?:" + "|".join(_CUES["officer_fields"]) + r")$", re.I)
NOT_SESSION = re.compile("|".join(_CUES["not_session_heads"]), re.I)
SESSION_WORDS = re.compile(r"\b(?:" + "|".join(_CUES["session_words"]) + r")", re.I)
# Where a name ends on a heading line: " - Badge 217", ", #217", " (Badge 217)", " | ".
NAME_END = re.compile(
    r"\s+[\u2013\u2014-]\s+|\s*[|(]|\s*,\s*(?=#|badge|star|serial|id\b)|\s+(?=#\s?\d)", re.I
)
BADGE_LABEL = re.compile(BADGE, re.I)
HOURS = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:hours?|hrs?\.?|h)(?![\w.])", re.I)
LETTER_CODE = re.compile(
    r"\b(?!(?:SIGN-IN|ROLL-CALL|MAKE-UP|FOLLOW-UP|IN-SERVICE|CO-OP)\b)[A-Z]{2,5}-[A-Z]{2,5}\b"
)
SHEET_WORDS = re.compile(r"sign-?in|roster|attendance (sheet|record|log)", re.I)
HEADING_WORDS = 18  # longer lines are sentences
CODE_WORDS = 4  # a heading's code comes early: "SIGN-IN: HS-FA Heartsaver …"
HEADER_WORDS = 2  # a table is found in its page's lines by the first words of its header
TITLE_LINES = 4  # a document's title block: its first lines


@dataclass(frozen=True)
class Officer:
    name: str
    badge: str | None
    badge_kind: str  # "badge" (badge, star, serial) or "id" (state, POST, employee id)


@dataclass(frozen=True)
class Context:
    """What the rows of the next table belong to."""

    officer: Officer | None = None
    course: str = ""  # the course a heading names
    codes: tuple[str, ...] = ()
    session: date | None = None
    session_end: date | None = None
    hours: float | None = None
    report: bool = False  # the heading is a status report or a summary, not a session


def codes_in(text: str) -> tuple[str, ...]:
    found = [m.group() for m in CODE.finditer(text)] + LETTER_CODE.findall(text)
    return tuple(dict.fromkeys(found))


def hours_in(text: str) -> float | None:
    match = HOURS.search(text)
    return float(match.group(1)) if match else None


def document_course(text: str) -> Context:
    """The course a document's title block names ("Course DT-07, OC Aerosol: Session
    Rosters"), which every roster in it belongs to unless a heading says otherwise."""
    lines = [line.strip(" #*") for line in text.splitlines() if line.strip()][:TITLE_LINES]
    for line in lines:
        codes = codes_in(line)
        if codes:
            return Context(course=line, codes=codes, hours=hours_in(line))
    return Context(course=" ".join(lines[1:2]) or " ".join(lines[:1]))


def find_header(lines: list[str], start: int, header: tuple[str, ...]) -> int | None:
    """The index of the line, from ``start``, that begins with the table's header words."""
    words = " ".join(header_text(cell) for cell in header if cell.strip()).split()
    wanted = words[:HEADER_WORDS]
    if not wanted:
        return None
    for index in range(start, len(lines)):
        # a native's text joins cells with " | " or tabs
        if header_text(re.sub(r"[|\t]", " ", lines[index])).split()[: len(wanted)] == wanted:
            return index
    return None


def find_end(lines: list[str], start: int, rows: tuple[tuple[str, ...], ...]) -> int:
    """The index of the line after the table's last row (a guess when it cannot be found)."""
    last = max(rows[-1], key=len, default="")
    probe = " ".join(last.split()[:3])
    limit = min(len(lines), start + 3 * len(rows) + 5)
    found = [i for i in range(start, limit) if probe and probe in " ".join(lines[i].split())]
    return (found[-1] if found else min(len(lines) - 1, start + len(rows))) + 1


def read_lines(context: Context, lines: list[str]) -> Context:
    """The context after reading these lines (headings and session lines), in order."""
    for raw in lines:
        line = raw.strip(" #*\t")
        if not line:
            continue
        officer = officer_heading(line)
        if officer is not None:
            context = Context(officer=officer)
            continue
        if NOT_SESSION.search(line):
            context = replace(context, report=True, session=None, session_end=None)
            continue
        context = _session_line(context, line)
    return context


def officer_heading(line: str) -> Officer | None:
    """ "OFFICER: BRANDON VOSS - Badge 217 - PTC ID 17-0843", "MEMBER: Ofc. D. Pratchett"."""
    match = OFFICER_HEAD.match(line)
    if match is None:
        return None
    rest = match["rest"].strip(" *")
    name = re.sub(r"(?<=[a-z]{2})\.$", "", NAME_END.split(rest, maxsplit=1)[0].strip(" ,*"))
    if not name[:1].isupper() or parse_name(name) is None:
        return None  # "Officer - the role of …": a sentence, not a name
    badge, kind = badge_in(rest[len(name) :])
    return Officer(name=name, badge=badge, badge_kind=kind)


def badge_in(text: str) -> tuple[str | None, str]:
    """The badge a text gives, else another id (state, POST); with its kind."""
    found = [(m["label"] or "#", m["value"]) for m in BADGE_LABEL.finditer(text)]
    for label, value in found:
        if label.lower() in ("badge", "star", "serial", "shield", "#"):
            return value, "badge"
    return (found[0][1], "id") if found else (None, "badge")


def officer_fields(rows: tuple[tuple[str, ...], ...], context: Context) -> Context:
    """A key-value table naming a transcript's officer ("Officer | HARWICK, Glen T.",
    "Badge / POST ID | 2217 / P-448710") starts that officer's context."""
    if not rows or any(len(row) != 2 for row in rows):
        return context
    name, badge, kind = None, None, "badge"
    for key, value in rows:
        label = header_text(key)
        if OFFICER_FIELD.match(label):
            name = value.strip()
        elif badge is None and re.search(r"badge|star|serial|\bid\b|number|no\.", label):
            token = re.split(r"[\s/,;]+", value.strip())[0]
            if re.search(r"\d", token):
                badge = token
                kind = "badge" if re.search(r"badge|star|serial", label) else "id"
    if name:
        return Context(officer=Officer(name=name, badge=badge, badge_kind=kind))
    if badge and context.officer is not None and context.officer.badge is None:
        return replace(context, officer=replace(context.officer, badge=badge, badge_kind=kind))
    return context


def is_heading(line: str, codes: tuple[str, ...]) -> bool:
    """A line that names a course: it opens with a capital, a digit or a mark, is short,
    and has a course code among its first words or names a sign-in sheet or roster (a
    sentence's second line, "pre-printed from the roster", is no heading)."""
    words = line.split()
    if not words or not (line[0].isupper() or line[0].isdigit()) or len(words) > HEADING_WORDS:
        return False
    opening = " ".join(words[:CODE_WORDS])
    return any(code in opening for code in codes) or bool(SHEET_WORDS.search(line))


def _session_line(context: Context, line: str) -> Context:
    codes = codes_in(line)
    dates = list(find_dates(line))
    heading = is_heading(line, codes)
    if heading and not dates:  # a new course: its sessions' dates follow
        return replace(
            context,
            course=line,
            codes=codes,
            session=None,
            session_end=None,
            hours=hours_in(line),
            report=False,
        )
    if dates and (heading or SESSION_WORDS.search(line[: dates[0][1]] or line)):
        return replace(
            context,
            course=line if heading and codes else context.course,
            codes=codes if heading and codes else context.codes,
            session=dates[0][0],
            session_end=dates[1][0] if len(dates) > 1 and _is_range(line, dates) else dates[0][0],
            hours=hours_in(line) or context.hours,
            report=False,
        )
    return context


def _is_range(line: str, dates: list[tuple[date, int, int]]) -> bool:
    between = line[dates[0][2] : dates[1][1]]
    return bool(re.fullmatch(r"\s*(?:-|\u2013|\u2014|to|through|thru)\s*", between, re.I))
