"""The plaintiff's injury narrative, cut into facts and mapped to topics.

Each sentence of the narrative (as pasted from the complaint or intake notes) is one fact,
kept with its character offsets. A fact is read like a complaint allegation (the same
detector and per-topic model as `monell complaints`): a plaintiff describes harm the way a
complainant does. Each fact keeps every topic score worth showing and the words that
matched, so a paralegal can see why a topic was proposed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from monell.complaints.run import allegation_segment
from monell.complaints.topics import KEEP_SCORE, AllegationModel, choose_topics, score_rows
from monell.coverage.detect import ALLEGATIONS, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import Taxonomy
from monell.records.flags import InjuryFact
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.language import Language

MIN_FACT_WORDS = 3  # shorter sentences ("He died.") join the fact before them
# A complaint numbers its paragraphs ("31. On June 14, 2021, …"): the number is no fact.
PARAGRAPH = re.compile(r"(?m)^[^\S\n]*(?:¶[^\S\n]*)?\d{1,3}\.[^\S\n]+")
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
    cuts = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
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


def map_facts(
    facts: Sequence[InjuryFact],
    taxonomy: Taxonomy,
    nlp: Language,
    embedder: Any,
    model: AllegationModel,
    memory: TopicMemory | None,
) -> list[InjuryFact]:
    """Each fact with its topics, scores and matched words."""
    if not facts:
        return []
    model.check(embedder.name, embedder.dimension)
    segments = [allegation_segment(as_allegation(f.text), i) for i, f in enumerate(facts)]
    detector = TopicDetector(taxonomy, nlp, embedder, None, memory, purpose=ALLEGATIONS)
    vectors = embedder.embed([s.text for s in segments])
    rows = list(detector.featurize(segments, vectors))
    scores = score_rows(model, vectors, rows)
    words = {
        (r.segment.passage_id, r.topic): tuple(r.lexical.patterns.get(r.topic, [])) for r in rows
    }
    order = {t: n for n, t in enumerate(taxonomy.ids)}
    mapped = []
    for i, fact in enumerate(facts):
        mine = scores.get(i, {})
        topics = tuple(sorted(choose_topics(mine, model), key=order.__getitem__))
        mapped.append(
            replace(
                fact,
                scores={t: round(s, 3) for t, s in sorted(mine.items()) if s >= KEEP_SCORE},
                topics=topics,
                words={t: words[(i, t)] for t in topics if words.get((i, t))},
            )
        )
    return mapped


def implicated_topics(facts: Sequence[InjuryFact], taxonomy: Taxonomy) -> list[str]:
    """Every topic some fact implicates, in taxonomy order."""
    found = {t for f in facts for t in f.topics}
    return [t for t in taxonomy.ids if t in found]
