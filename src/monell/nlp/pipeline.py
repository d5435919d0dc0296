"""spaCy over a document's pages: sentence boundaries and named entities.

The model comes in as an argument (loaded once per process by ``resources``); only
the components the hot path needs run (``tok2vec``, ``senter``, ``ner``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.records import Entity, PageText

if TYPE_CHECKING:
    from spacy.language import Language

KEPT_ENTITIES = frozenset({"DATE", "PERSON", "ORG", "CARDINAL"})
# spaCy's cost grows with text; a runaway page (a dumped spreadsheet) is analysed in
# part rather than stalling the run. Passages still cover the whole page.
MAX_PAGE_CHARS = 30_000
BATCH_SIZE = 32


@dataclass(frozen=True)
class PageAnalysis:
    """Sentence spans (character offsets into the page text) and entities of one page."""

    page_number: int
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]


def analyze_pages(nlp: Language, pages: Sequence[PageText]) -> list[PageAnalysis]:
    """Run spaCy over every page once, in batches."""
    results: list[PageAnalysis] = []
    texts = (page.text[:MAX_PAGE_CHARS] for page in pages)
    for page, doc in zip(pages, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        if len(page.text) > MAX_PAGE_CHARS:
            sentences += ((MAX_PAGE_CHARS, len(page.text)),)
        entities = tuple(
            Entity(page.number, e.label_, e.text, e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ in KEPT_ENTITIES
        )
        results.append(PageAnalysis(page.number, sentences, entities))
    return results
