"""The dates of a complaint record written in prose, each with its role.

What no label gives is looked for in the text: dates found by spaCy's DATE entities and
by the date parser's own patterns (spaCy tags "2011-08-20" as a number), each given the
role of the cue word nearest it ("received 03/05 re incident of 02/20": the second is the
event), else of a short label line just above it (a form's "Closed" over its date). A
memo's own DATE line, a print date, a date of birth, a hire or assignment date is never
a record's date; a date without a cue is the event only when no date has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from monell.nlp.dates import find_dates as written_dates
from monell.nlp.dates import parse_date
from monell.resources import load_cues

# The cue words around a date and the words of dates that are no record's are data:
# corpora/cues/complaints.yaml.
_VOCABULARY = load_cues("complaints")
_DATE_CUES = _VOCABULARY["date_cues"]
# How each role's cue must end: before a non-word character, or for "closed" at a word boundary.
_BEFORE_ENDS = {"received": r"(?=\W)", "closed": r"\b", "event": r"(?=\W)"}
BEFORE_CUES = {  # words before a date on its line; the closest one gives the role
    role: re.compile(r"\b(" + "|".join(cues["before"]) + ")" + _BEFORE_ENDS[role], re.I)
    for role, cues in _DATE_CUES.items()
}
LABEL_ABOVE = 40  # a label line above a value is short
BEFORE_REACH = 30  # at most this many characters, and no full stop, between cue and date
AFTER_CUES = {  # words just after a date in the same sentence ("On May 2, this office received")
    role: re.compile(r"^[^.]{0,40}\b(" + "|".join(cues["after"]) + r")\b", re.I)
    for role, cues in _DATE_CUES.items()
}
# A date of birth, a hire date or an assignment is nobody's event or receipt.
NOT_RECORD_DATE = re.compile(
    r"\b(" + "|".join(_VOCABULARY["not_record_dates"]) + r")\b[^.\n]{0,20}$", re.I
)
# A memo's own date, a print or production date: never a record's date.
META_LINE = re.compile(r"^\s*(" + "|".join(_VOCABULARY["meta_lines"]) + ")", re.I)
DateFinder = Callable[[str], Sequence[tuple[str, int]]]  # text → (date text, offset) pairs


def dates_in_prose(
    text: str, find_dates: DateFinder | None, labelled: Sequence[date] = ()
) -> list[tuple[str, date]]:
    """(role, date) for the dates written in prose, the role read from the words around it:
    "this office received … on March 9" and "On March 9, this office received" are both
    the receipt; "the incident occurred on" the event. A date without a cue counts as the
    event only when no date has one, never when a label already gave it another role, and
    never from a memo's own DATE line."""
    cued: list[tuple[str, date]] = []
    plain: list[date] = []
    for written, offset in _date_candidates(text, find_dates):
        value = parse_date(written)
        if value is None:
            continue
        line_start = text.rfind("\n", 0, offset) + 1
        if META_LINE.match(text[line_start:offset]):
            continue
        before = text[max(line_start, offset - 45) : offset]
        if NOT_RECORD_DATE.search(before):
            continue
        after = text[offset + len(written) : offset + len(written) + 45]
        after = after.split(".")[0].split("\n")[0]
        role = _closest_before(before) or _role(after, AFTER_CUES)
        if role is None and not before.strip():
            role = _label_above(text, line_start)  # "Date Investigation / Closed / 2011-11-30"
        if role:
            cued.append((role, value))
        else:
            plain.append(value)
    plain = [value for value in plain if value not in labelled]  # a label already named it
    if plain and not any(role == "event" for role, _ in cued):
        cued.append(("event", plain[0]))
    return cued


def _date_candidates(text: str, find_dates: DateFinder | None) -> list[tuple[str, int]]:
    """spaCy's DATE entities, and the dates the parser's own patterns find that spaCy
    missed (it tags "2011-08-20" as a number): (text, offset), in reading order."""
    found = list(find_dates(text)) if find_dates else []
    taken = [(offset, offset + len(written)) for written, offset in found]
    for _, start, end in written_dates(text):
        if not any(a < end and start < b for a, b in taken):
            found.append((text[start:end], start))
    return sorted(found, key=lambda item: item[1])


def _label_above(text: str, line_start: int) -> str | None:
    """A form prints a label on the line above its value: the role of a short label line
    just above a date that opens its own line."""
    if line_start == 0:
        return None
    above = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    return _closest_before(above.rstrip() + " ") if len(above.strip()) <= LABEL_ABOVE else None


def _closest_before(before: str) -> str | None:
    """The role of the cue nearest the date: "received 03/05 re incident of 02/20" makes
    the second date the event."""
    best: tuple[int, str] | None = None
    for role, cue in BEFORE_CUES.items():
        for match in cue.finditer(before):
            gap = before[match.end() :]
            if len(gap) <= BEFORE_REACH and "." not in gap and (not best or match.end() > best[0]):
                best = (match.end(), role)
    return best[1] if best else None


def _role(context: str, cues: dict[str, re.Pattern[str]]) -> str | None:
    return next((role for role, cue in cues.items() if cue.search(context)), None)
