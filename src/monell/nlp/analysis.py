"""Analyse one stored document: passages, entities, dates, type, and passage vectors.

A pure composition of the stages; the spaCy pipeline and the embedder come in as
arguments, so a worker process (or a test) decides which models to use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monell.index.embed import Embedder, passage_input
from monell.nlp.dates import collect_dates, find_key_date
from monell.nlp.doctype import classify_document
from monell.nlp.passages import build_passages
from monell.nlp.pipeline import analyze_pages
from monell.records import DocumentAnalysis, DocumentText, FoundDate

if TYPE_CHECKING:
    from spacy.language import Language


def analyze_document(document: DocumentText, nlp: Language, embedder: Embedder) -> DocumentAnalysis:
    """Everything the index and later analyses need from one document."""
    texts = [page.text for page in document.pages]
    page_analyses = analyze_pages(nlp, document.pages)
    passages = build_passages(document.pages, page_analyses, document.tables)
    vectors = embedder.embed([passage_input(p.heading, p.text) for p in passages])
    dates: list[FoundDate] = []
    for page, analysis in zip(document.pages, page_analyses, strict=True):
        spans = [(e.text, e.start, e.end) for e in analysis.entities if e.label == "DATE"]
        dates.extend(collect_dates(spans, page.text, page.number))
    return DocumentAnalysis(
        document_id=document.document_id,
        doc_type=classify_document(document.file_name, texts, [t.rows for t in document.tables]),
        key_date=find_key_date(texts, document.tables),
        dates=tuple(dates),
        entities=tuple(e for a in page_analyses for e in a.entities),
        passages=tuple(passages),
        vectors=vectors.tobytes(),
        dimension=embedder.dimension,
        model=embedder.name,
    )
