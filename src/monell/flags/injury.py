"""The plaintiff's injury narrative, cut into facts, and a pleading read in plain words.

Each sentence of the narrative (as pasted from the complaint or intake notes) is one fact,
kept with its character offsets; a paragraph number or a blank line always ends one. Facts
are read like complaint allegations (reading.py): a pleading's "Plaintiff" and the
plaintiff's name become "he" or "her" for scoring, and are quoted as written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from monell.records.flags import InjuryFact
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.language import Language

MIN_FACT_WORDS = 3  # shorter sentences ("He died.") join the fact before them
# A complaint numbers its paragraphs ("31. On June 14, 2021, …"): the number is no fact.
PARAGRAPH = re.compile(r"(?m)^[^\S\n]*(?:¶[^\S\n]*)?\d{1,3}\.[^\S\n]+")
# A blank line ends a paragraph, and a fact never runs across it (a heading, a new scene).
BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
# Abbreviations and the parties' names are data: corpora/cues/injury.yaml.
_VOCABULARY = load_cues("injury")
# A sentence splitter stops after these; in a complaint they lead into the next words.
ABBREVIATION = re.compile(r"\b(?:" + "|".join(_VOCABULARY["abbreviations"]) + r")\.$", re.I)
# Pleadings name the parties; the allegation model reads complaints written with pronouns.
_PARTIES = "|".join(_VOCABULARY["parties"])
PARTY_POSSESSIVE = re.compile(rf"\b(?:the\s+)?(?:{_PARTIES})['’]s\b", re.I)
PARTY_SUBJECT = re.compile(rf"(^|[.;]\s+)(?:the\s+)?(?:{_PARTIES})\b", re.I)
PARTY = re.compile(rf"\b(?:the\s+)?(?:{_PARTIES})\b", re.I)
DEFENDANTS = re.compile(r"\b(?:the\s+)?(?:Defendant\s+)?(?:Officers|Defendants)\b", re.I)
DEFENDANT = re.compile(r"\b(?:the\s+)?Defendant\b", re.I)


def split_injury(text: str, nlp: Language) -> list[InjuryFact]:
    """The narrative's sentences as facts, with their offsets in ``text`` (the fact's own
    characters, no surrounding space). Paragraph numbers are left out, and a sentence is
    not cut after a rank or an abbreviation ("Sgt. Miller", "approx. 6 minutes")."""
    facts: list[InjuryFact] = []
    for start, end in _paragraphs(text):
        spans: list[tuple[int, int]] = []
        for sentence in nlp(text[start:end]).sents:
            a, b = start + sentence.start_char, start + sentence.end_char
            if spans and ABBREVIATION.search(text[spans[-1][0] : spans[-1][1]].rstrip()):
                spans[-1] = (spans[-1][0], b)  # "Sgt." + "Miller and Det." + …
            else:
                spans.append((a, b))
        for a, b in spans:
            a, b = _trimmed(text, a, b)
            if a >= b:
                continue
            if len(text[a:b].split()) < MIN_FACT_WORDS and facts:
                last = facts[-1]
                facts[-1] = replace(last, text=text[last.start : b], end=b)
                continue
            facts.append(InjuryFact(text[a:b], a, b))
    return facts


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The narrative's stretches between paragraph numbers (the numbers themselves left out)."""
    cuts = sorted(
        [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
        + [(m.start(), m.end()) for m in BLANK_LINE.finditer(text)]
    )
    merged: list[tuple[int, int]] = []
    for a, b in cuts:  # a number right after a blank line is one cut
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    cuts = merged
    starts = [0] + [end for _, end in cuts]
    ends = [start for start, _ in cuts] + [len(text)]
    return [(a, b) for a, b in zip(starts, ends, strict=True) if text[a:b].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def as_allegation(fact: str) -> str:
    """A pleading's sentence in a complainant's words, for scoring only (the fact is quoted
    as written): "Defendant Brandt shot Plaintiff in the back" → "Officer Brandt shot him in
    the back"."""
    text = PARTY_POSSESSIVE.sub("his", fact)
    text = PARTY_SUBJECT.sub(lambda m: f"{m[1]}he", text)
    text = PARTY.sub("him", text)
    text = DEFENDANTS.sub("officers", text)
    return DEFENDANT.sub("Officer", text)


def in_plaintiff_words(text: str, plaintiff: frozenset[str], pronoun: str | None) -> str:
    """A clause with the plaintiff's name read as a pronoun, for scoring only: the models
    read complaints written about "him" and "her", not about "Mr. Whitcombe"."""
    if plaintiff:
        names = "|".join(re.escape(w) for w in sorted(plaintiff, key=len, reverse=True))
        titles = "|".join(_VOCABULARY["parties"]) + r"|Mr|Ms|Mrs|Miss"
        name = re.compile(
            rf"(^|[.;,]\s+)?\b(?:(?:{titles})\.?\s+)?(?:{names})(?:\s+(?:{names}))*\b('s|’s)?",
            re.I,
        )
        she = pronoun == "she"

        def _pronoun(m: re.Match[str]) -> str:
            if m[2]:
                return "her" if she else "his"
            if m[1] is not None or m.start() == 0:
                return f"{m[1] or ''}{'she' if she else 'he'}"
            return "her" if she else "him"

        text = name.sub(_pronoun, text)
    return as_allegation(text)
