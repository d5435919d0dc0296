"""Stems for matching topic words: Snowball (Porter2) stems of patterns, of a segment's
words and of a topic's own name, so "Handcuffing", "handcuffs" and "handcuff" agree."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

# Words of topic names too common in training documents to say which topic a segment is on.
GENERIC_NAME_WORDS = frozenset(
    "use force law policy options tactical decision making deployment response contacts care "
    "severe early recording and the for".split()
)
INFLECTIONS = ("s", "ing", "ed")
SHORT_WORD = 3  # words this short are matched whole, never stemmed


def name_words(name: str) -> frozenset[str]:
    """The stems of a topic name's own words ("Body-Worn Cameras & Recording": body, worn,
    camera, record), without the ones many topics or documents share."""
    words = re.findall(r"[a-z]+", name.lower())
    return frozenset(stems([w for w in words if w not in GENERIC_NAME_WORDS and len(w) > 2]))


def stems(words: Sequence[str]) -> list[str]:
    """Snowball (Porter2) stems: "Handcuffing", "handcuffs" and "handcuff" agree.

    spaCy leaves capitalised words unlemmatised (a course title is read as a proper noun),
    so matching also runs on stems.
    """
    return [_stem(w) or "_" for w in words]


@cache
def _stem(word: str) -> str:
    """Porter2 stem, cached (pure Python, and words repeat). Short words stay whole:
    Porter2 cuts "aed" to "a", which would match every "a"."""
    if len(word) <= SHORT_WORD:
        return word
    stem = str(_stemmer().stemWord(word))
    return stem if len(stem) > SHORT_WORD else word


def stem_forms(words: list[str]) -> set[tuple[str, ...]]:
    """A pattern's stems as its inflected forms stem: Porter2 stems "handcuffing" to
    "handcuf" but "handcuff" to "handcuff", so the first and last words are also stemmed
    with -s, -ing and -ed added."""
    forms = {tuple(stems(words))}
    for position in {0, len(words) - 1}:
        for suffix in INFLECTIONS:
            varied = list(words)
            varied[position] += suffix
            forms.add(tuple(stems(varied)))
    return forms


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")
