"""Officers' names as rosters and transcripts print them, and one officer across documents.

"Ofc. Lena Okafor", "OKAFOR, LENA", "L. Okafor #241" and "Okafr, Lena" (a typo) are one
officer. Rows are matched by badge first (a badge and a state id are different numbers, so
only badges of one kind are compared), then by name: the surname by fuzzy ratio
(rapidfuzz), the first name or its initial. The same name under two badges is shown as a
conflict and never merged; a reviewer's correction (``monell officers match``) is applied
last and holds for good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from monell.complaints.officers import RANKS

RANK_PREFIX = re.compile(rf"^\s*(?:(?:{RANKS})\.?\s+)+", re.I)
RANK_WORDS = re.compile(rf"^(?:(?:{RANKS})\.?\s*)+$", re.I)
# A badge, star, serial or id number as printed after a name or on a heading: "Badge 217",
# "#217", "Serial No. D-4410", "DPSST No. 40221".
BADGE = (
    r"(?:\b(?P<label>badge|star|serial|shield|id|no\.|number)(?!\w)|#)\s*(?:no\.?|#|number)?"
    r"\s*[:#]?\s*(?P<value>[A-Z]{0,3}-?\d[\dA-Z-]*)"
)
# ", badge 2217", " (Serial No. D-4410)": a number after the name, not part of it
BADGE_TAIL = re.compile(rf"[,(]?\s*{BADGE}\)?", re.I)
SUFFIX = re.compile(r",?\s+(?:jr|sr|ii|iii|iv)\.?$", re.I)
NOT_NAME = re.compile(
    r"\b(training|course|session|report|records?|totals?|other|members?|enrolled|class|department|"
    r"unit|program|page|signature|instructor|roster|agency|certification|none|unknown|vacant)\b",
    re.I,
)
SURNAME_RATIO = 88  # "Okafr" ~ "Okafor" (91); "Voss" vs "Vass" (75) stays apart
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class PersonName:
    """A name reduced to what matching compares."""

    surname: str  # lower case
    first: str  # lower case, "" when not given; may be an initial
    printed: str


def parse_name(printed: str) -> PersonName | None:
    """The surname and first name of a printed name; None when it is no person's name."""
    text = " ".join(printed.replace("\n", " ").split())
    text = BADGE_TAIL.sub("", text)
    text = re.sub(r"[(#].*$", "", text).strip(" ,.;*")
    text = SUFFIX.sub("", text)
    bare = RANK_PREFIX.sub("", text).strip(" ,.")
    if not bare or RANK_WORDS.match(bare) or NOT_NAME.search(bare) or re.search(r"\d", bare):
        return None
    if "," in bare:
        last, first = (part.strip() for part in bare.split(",", 1))
        first_words = first.replace(".", " ").split()
        first = first_words[0] if first_words else ""
    else:
        words = bare.replace(".", ". ").split()
        if len(words) > MAX_NAME_WORDS:
            return None
        last, first = words[-1], (words[0] if len(words) > 1 else "")
    last, first = last.strip(".").lower(), first.strip(".").lower()
    if len(re.sub(r"[^a-z]", "", last)) < 2:
        return None
    return PersonName(surname=last, first=first, printed=printed.strip())


def is_note(text: str) -> bool:
    """A line in a name column that is no officer ("Other enrolled members (8)", "Total")."""
    return bool(NOT_NAME.search(text)) or len(text.split()) > MAX_NAME_WORDS + 2


def same_person(a: PersonName, b: PersonName) -> bool:
    """Same surname (allowing a typo) and first names that agree: equal, one an initial of
    the other, or one of them not given."""
    if a.surname != b.surname and fuzz.ratio(a.surname, b.surname) < SURNAME_RATIO:
        return False
    if not a.first or not b.first:
        return True
    if len(a.first) == 1 or len(b.first) == 1:
        return a.first[0] == b.first[0]
    return a.first == b.first or fuzz.ratio(a.first, b.first) >= SURNAME_RATIO


def fullest(names: list[str]) -> str:
    """The spelling that says most: a first name over an initial, mixed case over capitals."""

    def weight(name: str) -> tuple[int, int, int]:
        parsed = parse_name(name)
        first = len(parsed.first) if parsed else 0
        return (min(first, 2), int(not name.isupper()), len(name))

    return max(names, key=weight)


def display_name(printed: str) -> str:
    """ "HARWICK, Glen T." → "Glen T. Harwick"; "BRANDON VOSS" → "Brandon Voss"; a rank
    stays in front."""
    text = " ".join(printed.split())
    rank_match = RANK_PREFIX.match(text)
    rank = rank_match.group().strip() if rank_match else ""
    bare = text[len(rank_match.group()) :] if rank_match else text
    if "," in bare:
        last, first = (part.strip() for part in bare.split(",", 1))
        bare = f"{first} {last}"
    if bare.isupper():
        bare = " ".join(word.capitalize() for word in bare.split())
    return f"{rank} {bare}".strip()
