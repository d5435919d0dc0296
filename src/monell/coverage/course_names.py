"""How training material names a course: its code ("PUR-20", "K9-21R", "LU-13-3"), a line that
opens a course with its code and title, and a numbered part of a curriculum ("Part 4",
"Block 9", "Module 8"). Shared by the segment cutter and the course reader."""

from __future__ import annotations

import re
from collections.abc import Sequence

from monell.resources import load_cues

_CUES = load_cues("courses")
# Letters, then groups after hyphens, with a digit somewhere; never a Bates number (a group of
# five digits or more) and never a year range ("2019-2022").
CODE = re.compile(r"\b(?=[A-Z0-9-]*\d)[A-Z]{1,6}\d{0,2}(?:-(?!\d{5})[A-Z0-9]{1,6}){1,3}\b")
_CODE_LIST = rf"{CODE.pattern}(?:\s*(?:,|/|&|\band\b)\s*{CODE.pattern})*"
# A line that opens a course: its code(s) first, then (after a note in brackets, "(8.0 h)") a
# separator and its title, or its title in capitals ("FQ-21 / FQ-22 Firearms Qualification").
# A code is four characters at least: "K-9 Unit" opens no course.
TITLE_LINE = re.compile(
    rf"^\s*(?:[Cc]ourse\s*(?:no\.?|code|#)?\s*:?\s*)?(?=[A-Z0-9-]{{4}})({_CODE_LIST})"
    rf"(?:\s*\([^()\n]{{1,40}}\))?(?:\s*[-\u2013\u2014:|.]\s*\S|\s+(?=[A-Z][a-z]))"
)
PART_WORDS = tuple(_CUES["part_words"])
PART_LINE = re.compile(rf"^\s*\[?({'|'.join(PART_WORDS)})\s+(\d{{1,3}}|[IVXL]{{1,6}})\b", re.I)


def opens_course(line: str) -> bool:
    """A line that starts a course's own text: its code(s), then its title."""
    return bool(TITLE_LINE.match(line))


# "Lesson Title: …", "Course Name - …", "Subject: …": the line that gives a title.
TITLE_LABEL = re.compile(
    r"^\s*(?:(?:lesson|course|class|block|module|program|training|unit)\s*)?"
    r"(?:title|name|subject)\s*[:\u2013\u2014-]\s*(\S.*)$",
    re.I,
)
PLAN_WORDS = re.compile("|".join(_CUES["plan_words"]), re.I)
LABEL = re.compile(r"^\s*[A-Za-z][\w .#/]{0,30}:\s*")  # "Course Number: ", "Issued: "
NOT_A_TITLE = re.compile("|".join(_CUES["not_title_words"]), re.I)
SEPARATORS = " -\u2013\u2014:|.,;/"
# Its length, in brackets or last: "(4 hrs)", "(30 minutes)", "| 2.0 h".
LENGTH_NOTE = re.compile(
    r"\(\s*[\d.]+\s*-?\s*(?:hours?|hrs?|h|minutes?|mins?)\b[^()]*\)|[|,;\u2013\u2014-]\s*[\d.]+\s*-?\s*"
    r"(?:hours?|hrs?|h)\b\.?\s*$",
    re.I,
)


def document_title(lines: Sequence[str], code: str, headings: Sequence[str] = ()) -> str:
    """A lesson plan's own title, from its title block or first heading: a labelled title
    ("Lesson Title: Foot Pursuit Tactics"), the rest of the line that holds its code
    ("PUR-20 Foot Pursuit Tactics") or of the line that says "Lesson Plan" ("LESSON PLAN -
    Arrest and Control"), else the line after either ("LESSON PLAN PUR-20" / "Foot Pursuit
    Tactics"), else its first heading; never its agency's name, a date or a name."""
    for line in lines:
        if (match := TITLE_LABEL.match(line)) and (title := _clean(match.group(1), code)):
            return title
    for i, line in enumerate(lines):
        coded = bool(code) and code in line.upper() and not LABEL.match(line)
        plan = PLAN_WORDS.match(line)
        if not (coded or plan):
            continue
        if title := _clean(line, code):
            return title
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not LABEL.match(after) and not PART_LINE.match(after) and (title := _clean(after, code)):
            return title
    return next((t for h in headings if (t := _clean(h, code))), "")


def _clean(text: str, code: str) -> str:
    """``text`` without the code, the words "lesson plan" and separators at its ends; empty
    when what is left is no title (an agency's name, a date, a single short word)."""
    if code:
        text = re.sub(rf"\(?\b{re.escape(code)}\b\)?", " ", text, flags=re.I)
    text = LENGTH_NOTE.sub(" ", PLAN_WORDS.sub(" ", text))
    text = " ".join(text.split()).strip(SEPARATORS)
    letters = re.findall(r"[A-Za-z]{2,}", text)
    if len(letters) < 2 or NOT_A_TITLE.search(text):
        return ""
    return text
