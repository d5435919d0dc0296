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


@pytest.mark.model
def test_the_shared_embedding_layer_nothing_listens_to_is_not_run() -> None:
    """The packaged model's recogniser and sentence splitter carry their own embedding
    layer; the shared one feeds only the tagger and parser, which ingest switches off."""
    from monell.resources import load_spacy

    nlp = load_spacy()
    shared = nlp.get_pipe("tok2vec")
    expected = annotate_pages(nlp, PAGES, full_pages=frozenset({1}))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the shared tok2vec ran")

    original = shared.predict
    shared.predict = refuse  # type: ignore[method-assign]
    try:
        assert annotate_pages(nlp, PAGES, full_pages=frozenset({1})) == expected
    finally:
        shared.predict = original  # type: ignore[method-assign]


def test_a_shared_layer_a_selected_component_listens_to_is_kept() -> None:
    from monell.nlp.pipeline import _present

    class Layer:
        listening_components = ("ner",)

    class Pipeline:
        component_names = ("tok2vec", "senter", "ner")

        def get_pipe(self, name: str) -> object:
            return Layer()

    assert _present(Pipeline(), ["senter", "ner"]) == ["tok2vec", "senter", "ner"]  # type: ignore[arg-type]
    assert _present(Pipeline(), ["senter"]) == ["senter"]  # type: ignore[arg-type]
