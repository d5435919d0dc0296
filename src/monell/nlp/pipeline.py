"""spaCy over a document's pages: sentence boundaries and named entities.

The model comes in as an argument (loaded once per process by ``resources``). Named
entity recognition is the expensive part (~40 of ~60 ms a page on this machine), so
it runs in full only on the pages that need it (``full_pages``: a document's first
pages, where its dates and authors are stated, and every page of complaint, use-of-
force and training-record files, where names and dates are the evidence). Elsewhere
sentences come from the rule-based sentencizer and entities are read only from the
sentences that look like they hold a date: the dates are what later stages use.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.records import Entity, PageText

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

KEPT_ENTITIES = frozenset({"DATE", "PERSON", "ORG", "CARDINAL"})
# spaCy's cost grows with text; a runaway page (a dumped spreadsheet) is analysed in
# part rather than stalling the run. Passages still cover the whole page.
MAX_PAGE_CHARS = 30_000
BATCH_SIZE = 32
FULL_PIPES = ("senter", "ner")
RULE_SENTENCES = "sentencizer"
ENTITY_PIPES = ("ner",)
# Shared embedding layers: run only when a selected component listens to one. In the
# packaged model only the tagger and the parser do (the entity recogniser and the sentence
# splitter carry their own), so the ingest hot path skips it: 40% of its spaCy time.
SHARED_LAYERS = ("tok2vec", "transformer")
_DATE_HINT = re.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\b(?:19|20)\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)


class _AllPages:
    """Every page gets full entity recognition (the default)."""

    def __contains__(self, item: object) -> bool:
        return True


ALL_PAGES: Container[int] = _AllPages()


@dataclass(frozen=True)
class PageAnnotation:
    """Sentence spans (character offsets into the page text) and entities of one page."""

    page_number: int
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]


def _present(nlp: Language, names: Sequence[str]) -> list[str]:
    """The components of ``names`` this pipeline has, with every shared embedding layer
    one of them listens to (so another model, whose recogniser listens, still works)."""
    present = [name for name in names if name in nlp.component_names]
    for layer in SHARED_LAYERS:
        if layer in nlp.component_names and layer not in present:
            listeners = getattr(nlp.get_pipe(layer), "listening_components", ())
            if set(listeners) & set(present):
                present.insert(0, layer)
    return present


@contextmanager
def _only(nlp: Language, names: Sequence[str]) -> Iterator[None]:
    """Run exactly these components, whatever was enabled before; restore afterwards.

    (spaCy's ``select_pipes`` only disables: it cannot switch on a disabled component.)
    """
    before = set(nlp.disabled)
    for name in nlp.component_names:
        if name in names and name in nlp.disabled:
            nlp.enable_pipe(name)
        elif name not in names and name not in nlp.disabled:
            nlp.disable_pipe(name)
    try:
        yield
    finally:
        for name in nlp.component_names:
            if name in before and name not in nlp.disabled:
                nlp.disable_pipe(name)
            elif name not in before and name in nlp.disabled:
                nlp.enable_pipe(name)


def annotate_pages(
    nlp: Language, pages: Sequence[PageText], full_pages: Container[int] = ALL_PAGES
) -> list[PageAnnotation]:
    """Sentences and entities for each page, in page order."""
    full = _present(nlp, FULL_PIPES) or _present(nlp, [RULE_SENTENCES])
    fast = _present(nlp, [RULE_SENTENCES]) or full
    docs: dict[int, Doc] = {}
    for pipes, selected in (
        (full, [p for p in pages if p.number in full_pages]),
        (fast, [p for p in pages if p.number not in full_pages]),
    ):
        if selected:
            with _only(nlp, pipes):
                texts = (page.text[:MAX_PAGE_CHARS] for page in selected)
                docs.update(
                    zip(
                        (p.number for p in selected),
                        nlp.pipe(texts, batch_size=BATCH_SIZE),
                        strict=True,
                    )
                )
    results = []
    for page in pages:
        doc = docs[page.number]
        sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
        if len(page.text) > MAX_PAGE_CHARS:
            sentences += ((MAX_PAGE_CHARS, len(page.text)),)
        if page.number in full_pages:
            entities = _entities(doc, page.number, 0)
        else:
            entities = _dated_sentence_entities(nlp, page, sentences)
        results.append(PageAnnotation(page.number, sentences, entities))
    return results


def _entities(doc: Doc, page_number: int, offset: int) -> tuple[Entity, ...]:
    return tuple(
        Entity(page_number, e.label_, e.text, e.start_char + offset, e.end_char + offset)
        for e in doc.ents
        if e.label_ in KEPT_ENTITIES
    )


def _dated_sentence_entities(
    nlp: Language, page: PageText, sentences: Sequence[tuple[int, int]]
) -> tuple[Entity, ...]:
    """Entities of the sentences that look like they hold a date, offsets into the page."""
    pipes = _present(nlp, ENTITY_PIPES)
    hinted = [(s, e) for s, e in sentences if _DATE_HINT.search(page.text, s, e)]
    if "ner" not in pipes or not hinted:
        return ()
    entities: list[Entity] = []
    with _only(nlp, pipes):
        for (start, _end), doc in zip(
            hinted, nlp.pipe(page.text[s:e] for s, e in hinted), strict=True
        ):
            entities.extend(_entities(doc, page.number, start))
    return tuple(entities)
