"""spaCy over pages: full entity recognition where it is evidence, dates everywhere."""

from __future__ import annotations

import pytest
from spacy.language import Language

from monell.nlp.pipeline import annotate_pages
from monell.records import PageText

PAGES = [
    PageText(1, "GENERAL ORDER 300. Issued by Chief Maria Alvarez on July 9, 2018.", None),
    PageText(
        5,
        "Sergeant John Miller reviewed the report. The policy was revised on March 3, 2020.",
        None,
    ),
]


def test_blank_pipeline_still_gives_sentences(blank_nlp: Language) -> None:
    (first, second) = annotate_pages(blank_nlp, PAGES)
    assert len(first.sentences) == 2 and second.entities == ()


@pytest.mark.model
def test_full_pages_get_every_entity_other_pages_only_dated_sentences() -> None:
    from monell.resources import load_spacy

    first, fifth = annotate_pages(load_spacy(), PAGES, full_pages=frozenset({1}))
    assert {("PERSON", "Maria Alvarez"), ("DATE", "July 9, 2018")} <= {
        (e.label, e.text) for e in first.entities
    }
    fifth_entities = {(e.label, e.text) for e in fifth.entities}
    assert ("DATE", "March 3, 2020") in fifth_entities
    assert ("PERSON", "John Miller") not in fifth_entities  # an undated sentence on a fast page
    date = next(e for e in fifth.entities if e.label == "DATE")
    assert PAGES[1].text[date.start : date.end] == date.text  # offsets into the page
