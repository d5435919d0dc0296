"""How training material names a course: its code ("PUR-20", "K9-21R", "LU-13-3"), a line that
opens a course with its code and title, and a numbered part of a curriculum ("Part 4",
"Block 9", "Module 8"). Shared by the segment cutter and the course reader."""

from __future__ import annotations

import re

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
