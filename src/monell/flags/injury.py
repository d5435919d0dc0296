"""The plaintiff's injury narrative, cut into facts and mapped to topics.

Each sentence of the narrative (as pasted from the complaint or intake notes) is one fact,
kept with its character offsets. A fact is read like a complaint allegation (the same
detector and per-topic model as `monell complaints`): a plaintiff describes harm the way a
complainant does. Each fact keeps every topic score worth showing and the words that
matched, so a paralegal can see why a topic was proposed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from monell.analysis.detect import ALLEGATIONS, TopicDetector
from monell.analysis.memory import TopicMemory
from monell.complaints.run import allegation_segment
from monell.complaints.topics import KEEP_SCORE, AllegationModel, choose_topics, score_rows
from monell.flags.findings import InjuryFact
from monell.taxonomy import Taxonomy

if TYPE_CHECKING:
    from spacy.language import Language

MIN_FACT_WORDS = 3  # shorter sentences ("He died.") join the fact before them


def split_injury(text: str, nlp: Language) -> list[InjuryFact]:
    """The narrative's sentences as facts, with their offsets in ``text``."""
    facts: list[InjuryFact] = []
    for sentence in nlp(text).sents:
        words = sentence.text.split()
        if not words:
            continue
        if len(words) < MIN_FACT_WORDS and facts:
            last = facts[-1]
            facts[-1] = replace(
                last, text=text[last.start : sentence.end_char].strip(), end=sentence.end_char
            )
            continue
        facts.append(InjuryFact(sentence.text.strip(), sentence.start_char, sentence.end_char))
    return facts


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
    segments = [allegation_segment(f.text, i) for i, f in enumerate(facts)]
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
