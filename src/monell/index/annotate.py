"""Analyse one stored document: passages, entities, dates, type, and passage vectors.

Pure compositions of the stages. The expensive steps (spaCy over pages, embedding
passages) are separate so an orchestrator can spread one long manual over every
core; ``annotate_document`` runs the whole chain in one process.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import TYPE_CHECKING

from monell.index.embed import Embedder, passage_input
from monell.nlp.dates import collect_dates, find_key_date, stated_date
from monell.nlp.doctype import classify_document
from monell.nlp.passages import build_passages
from monell.nlp.pipeline import ALL_PAGES, PageAnnotation, annotate_pages
from monell.records import (
    AnnotationDraft,
    DocType,
    DocTypeGuess,
    DocumentAnnotation,
    DocumentText,
    FoundDate,
)

if TYPE_CHECKING:
    from spacy.language import Language

HEADER_PAGES = 3  # where a document states its own date, author and subject
# Files where names and dates on every page are the evidence (officers, complainants).
FULL_ENTITY_TYPES = frozenset(
    {DocType.COMPLAINT_FILE, DocType.USE_OF_FORCE_REPORT, DocType.TRAINING_LOG}
)


def embedding_inputs(draft: AnnotationDraft) -> list[str]:
    """What gets embedded for each passage (its section heading gives it a subject)."""
    return [passage_input(p.heading, p.text) for p in draft.passages]


def classify(document: DocumentText) -> DocTypeGuess:
    return classify_document(
        document.file_name,
        [page.text for page in document.pages],
        [t.rows for t in document.tables],
    )


def full_entity_pages(document: DocumentText, guess: DocTypeGuess) -> Container[int]:
    """Pages that get full entity recognition (see nlp/pipeline.py for why not all)."""
    if guess.doc_type in FULL_ENTITY_TYPES:
        return ALL_PAGES
    return frozenset(page.number for page in document.pages[:HEADER_PAGES])


def draft_annotation(
    document: DocumentText,
    page_analyses: Sequence[PageAnnotation],
    guess: DocTypeGuess | None = None,
) -> AnnotationDraft:
    """Passages, dates, key date and type from a document and its pages' spaCy analyses."""
    texts = [page.text for page in document.pages]
    dates: list[FoundDate] = []
    for page, analysis in zip(document.pages, page_analyses, strict=True):
        spans = [(e.text, e.start, e.end) for e in analysis.entities if e.label == "DATE"]
        dates.extend(collect_dates(spans, page.text, page.number))
    return AnnotationDraft(
        document_id=document.document_id,
        doc_type=guess or classify(document),
        key_date=find_key_date(texts, document.tables) or stated_date(document.stated_fields),
        dates=tuple(dates),
        entities=tuple(e for a in page_analyses for e in a.entities),
        passages=tuple(build_passages(document.pages, page_analyses, document.tables)),
    )


def finish_annotation(
    draft: AnnotationDraft, vectors: bytes, dimension: int, model: str
) -> DocumentAnnotation:
    """Attach the passage vectors (float32, one row per passage, in passage order)."""
    return DocumentAnnotation(draft=draft, vectors=vectors, dimension=dimension, model=model)


def annotate_document(
    document: DocumentText, nlp: Language, embedder: Embedder
) -> DocumentAnnotation:
    """The whole analysis of one document in this process."""
    guess = classify(document)
    pages = annotate_pages(nlp, document.pages, full_entity_pages(document, guess))
    draft = draft_annotation(document, pages, guess)
    vectors = embedder.embed(embedding_inputs(draft))
    return finish_annotation(draft, vectors.tobytes(), embedder.dimension, embedder.name)
