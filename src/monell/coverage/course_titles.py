"""Fuzzy course titles: a row that names a course only by its title joins the coded course
whose title it matches ("Crisis Intervention Team Trng." is "CIT-40 Crisis Intervention Team
(CIT) Training"), or another row's course of the same title.

A title is compared by its subject words: its code, its length ("(40 hr)"), an acronym that
spells other words of it ("CIT" beside "Crisis Intervention Team") and filler ("training",
"trng", "course", "of") are dropped, a description after its first sentence ("(40 h). Hosted
by …") too, and OCR's digit-for-letter swaps repaired. Two titles match when those words
agree up to a few letters in any order (rapidfuzz's token-sort ratio at ``TITLE_RATIO``), or
when one names only an acronym of three letters or more that spells all of the other's words
("CIT (county program)"); never by one title's words being a subset of the other's, so "Use
of Force" is not "Use of Force Instructor". A title whose subject words are all generic
("In-Service Training", "Roll Call", "Annual Update 2019") names no course and joins none;
titles that differ in a level or a number ("Basic" and "Advanced", "Part I" and "Part II",
"Instructor") are different courses; a year is dropped ("2019 Firearms Qualification" is
the year's run of the course); a title that matches two different coded courses joins
neither; two coded courses never join.
The words are data: corpora/cues/courses.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from rapidfuzz import fuzz

from monell.coverage.course_names import CODE
from monell.coverage.segments import repair_ocr_words
from monell.resources import load_cues

_CUES = load_cues("courses")
FILLER = frozenset(_CUES["title_filler"])
GENERIC = frozenset(_CUES["generic_title_words"])
LEVELS = frozenset(_CUES["title_levels"])
YEAR = re.compile(r"(?:19|20)\d\d")
TITLE_RATIO = 90  # token-sort ratio of the subject words (the precedent: attendance, 90)
MIN_SINGLE_WORD = 5  # a one-word title joins only a title of that same word, this long
DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
SENTENCE_END = re.compile(r"(?<=[A-Za-z)])\.\s+")
MIN_FIRST_WORDS = 2  # a title's first sentence this long is its title; the rest describes it
MIN_ACRONYM = 3  # "CIT" spells a title of three words or more
HOURS = re.compile(r"\b\d+(?:\.\d+)?\s*-?\s*(?:hours?|hrs?|h)\b\.?", re.I)
Words = tuple[str, ...]
ROW_TITLE = "title:"  # the key of a listing row's course known by its title
TITLE_ONLY = "plan-title:"  # the key of a lesson plan known only by its title: a copy or none


@cache
def title_words(title: str) -> Words:
    """The subject words of a course title, in order (see the module's docstring)."""
    text = DOTTED.sub(lambda m: m.group().replace(".", ""), repair_ocr_words(title))  # C.I.T.
    first = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first.split()) >= MIN_FIRST_WORDS:  # "Crisis Intervention Team (40 h). Hosted by …"
        text = first
    text = CODE.sub(" ", text.upper())
    text = HOURS.sub(" ", text)
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept = [w for i, w in enumerate(words) if not _spells_others(w, words[:i] + words[i + 1 :])]
    return tuple(w for w in kept if w not in FILLER and not YEAR.fullmatch(w))


def is_generic(words: Words) -> bool:
    """Every subject word is generic, or a number: the title names no subject."""
    return all(w in GENERIC or w.isdigit() for w in words)


def same_course(one: Words, other: Words) -> bool:
    """Two titles of one course: their subject words agree (see the module's docstring)."""
    if not one or not other or is_generic(one) or is_generic(other):
        return False
    if _levels(one) != _levels(other):
        return False  # "Basic" is not "Advanced", "Part II" not "Part I"
    if _spells(one, other) or _spells(other, one):
        return True  # "CIT (county program)" is "Crisis Intervention Team"
    if len(one) == 1 or len(other) == 1:
        return one == other and len(one[0]) >= MIN_SINGLE_WORD
    return fuzz.token_sort_ratio(" ".join(one), " ".join(other)) >= TITLE_RATIO


def link_titles(titles: Mapping[str, Sequence[str]], coded: Sequence[str]) -> dict[str, str]:
    """Course key -> the key it joins, for the courses known only by a title.

    ``titles``: every course key with the titles its copies give, in the order read;
    ``coded``: the keys of the courses known by a code (never joined to one another).
    A title-only course joins the one coded course it matches; else the first title-only
    course it matches, when it matches exactly one. A lesson plan known only by its title
    (``TITLE_ONLY``) joins as a copy, and no course joins it."""
    words = {key: [w for t in ts if (w := title_words(t))] for key, ts in titles.items()}
    targets = [key for key in coded if key in words]
    kept: list[str] = []  # title-only courses that stay courses of their own
    joined: dict[str, str] = {}
    for key in titles:
        if key in coded or not key.startswith((ROW_TITLE, TITLE_ONLY)):
            continue
        mine = words[key]
        found = [t for t in targets if _matches(mine, words[t])]
        if not found:
            found = [t for t in kept if _matches(mine, words[t])]
        if len(found) == 1:
            joined[key] = found[0]
        elif not key.startswith(TITLE_ONLY):  # a copy only: never a course others join
            kept.append(key)
    return joined


def _matches(one: Sequence[Words], other: Sequence[Words]) -> bool:
    return any(same_course(a, b) for a in one for b in other)


def _levels(words: Words) -> set[str]:
    return {w for w in words if w in LEVELS or w.isdigit()}


def _spells(short: Words, long: Words) -> bool:
    """``short`` names one subject word, an acronym spelling all of ``long``'s words."""
    named = [w for w in short if w not in GENERIC and not w.isdigit()]
    if len(named) != 1 or not named[0].isalpha() or len(long) < MIN_ACRONYM:
        return False
    return len(named[0]) == len(long) and "".join(w[0] for w in long) == named[0]


def _spells_others(word: str, others: Sequence[str]) -> bool:
    """An acronym of the title's other words ("cit" beside "crisis intervention team")."""
    if not 2 <= len(word) <= 6 or not word.isalpha():
        return False
    span = len(word)
    return any(
        "".join(w[0] for w in others[i : i + span]) == word for i in range(len(others) - span + 1)
    )
