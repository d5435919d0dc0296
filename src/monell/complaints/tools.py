"""A complaint's own words for a force tool name its topic: "knee on his back", "arm around
the neck", "strip searched", "tased".

A complaint log's category line is generic ("Force", "Policy violation"); the full summary
that says the officer choked the complainant may be all that names the chokehold. The
allegation model reads meaning and can be outweighed by a long account; a reader searching
for "choked" never misses it. So the words that name a force tool (corpora/cues/
complaints.yaml ``force_tools``), found by the coverage stage's phrase finder on lemmas,
lower-case words and stems, give the record the tool's topic, unless the clause negates them
("no Taser was drawn", "did not use a chokehold"). The phrases found are kept with the
record, so a reviewer sees why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product
from typing import TYPE_CHECKING

from monell.coverage.phrases import PhraseFinder
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_VOCABULARY = load_cues("complaints")
NEGATIONS = frozenset(w.lower() for w in _VOCABULARY["negations"])
STOPS = frozenset(w.lower() for w in _VOCABULARY["negation_stops"])
NEGATION_REACH = 4  # words before a tool's words that a negation governs
CHOICE = re.compile(r"\{([^{}]*)\}")
CLAUSE_END = frozenset(".;:!?")


def expand(phrase: str) -> list[str]:
    """ "knee {on|in} {his|her} back" → the four phrases it stands for."""
    parts = CHOICE.split(phrase)
    options = [part.split("|") if i % 2 else [part] for i, part in enumerate(parts)]
    return [" ".join("".join(choice).split()) for choice in product(*options)]


class ToolReader:
    """Finds the force tools a text names in its own words."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.finder = PhraseFinder(
            nlp,
            {
                topic: [p for phrase in phrases for p in expand(phrase)]
                for topic, phrases in _VOCABULARY["force_tools"].items()
            },
        )

    def read(self, texts: Sequence[str]) -> list[dict[str, tuple[str, ...]]]:
        """For each text, topic → the tool words it says (negated ones left out)."""
        return [self._tools(doc) for doc in self.nlp.pipe(texts)]

    def _tools(self, doc: Doc) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for topic, start, end in self.finder.find(doc):
            if _negated(doc, start):
                continue
            words = found.setdefault(topic, [])
            phrase = doc[start:end].text.lower()
            if phrase not in words:
                words.append(phrase)
        return {topic: tuple(words) for topic, words in found.items()}


def _negated(doc: Doc, start: int) -> bool:
    """A negation a few words before, in the same clause, with nothing ending its reach."""
    for token in reversed(doc[max(0, start - NEGATION_REACH) : start]):
        word = token.lower_
        if word in CLAUSE_END or word in STOPS or token.is_punct and word == ",":
            return False
        if word in NEGATIONS:
            return True
    return False
