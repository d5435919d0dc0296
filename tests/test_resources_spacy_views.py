"""The three spaCy pipelines (ingest, lemmas, parser) are views of one loaded package:
one read from disk per process, and the same analyses as pipelines loaded apart."""

from __future__ import annotations

import pytest

from monell.resources import SPACY_PACKAGE, load_spacy, load_spacy_lemmas, load_spacy_parser

pytestmark = pytest.mark.model

TEXTS = [
    "Officers shall not apply a chokehold or carotid restraint unless deadly force is authorized.",
    "On March 3, 2019, Sergeant Dana Ruiz taught the Crisis Intervention course to 24 recruits.",
    "The handcuffed subject was placed on his side. Medical aid was requested at 10:42 p.m.",
    "Recruits who fail the firearms qualification shall repeat it within thirty days.",
]


def _signature(doc: object) -> tuple[object, ...]:
    tokens = [(t.text, t.tag_, t.lemma_, t.dep_, t.head.i, t.is_sent_start) for t in doc]  # type: ignore[attr-defined]
    return tuple(tokens), tuple((e.text, e.label_) for e in doc.ents)  # type: ignore[attr-defined]


def test_the_pipelines_share_one_load_of_the_package() -> None:
    lemmas, parser = load_spacy_lemmas(), load_spacy_parser()
    assert lemmas.get_pipe("tagger") is parser.get_pipe("tagger")
    assert lemmas.get_pipe("tok2vec") is parser.get_pipe("tok2vec")
    assert load_spacy().get_pipe("ner") is not None
    assert lemmas.vocab is parser.vocab is load_spacy().vocab


def test_each_view_runs_what_its_stage_needs() -> None:
    assert load_spacy().pipe_names == ["senter", "ner"]
    assert load_spacy_lemmas().pipe_names == [
        "tok2vec", "tagger", "senter", "attribute_ruler", "lemmatizer"
    ]  # fmt: skip
    assert "parser" in load_spacy_parser().pipe_names
    assert "ner" not in load_spacy_parser().component_names


@pytest.mark.parametrize(
    ("view", "load_apart"),
    [
        (load_spacy, {"disable": ["parser", "tagger", "attribute_ruler", "lemmatizer"]}),
        (load_spacy_lemmas, {"exclude": ["parser", "ner"]}),
        (load_spacy_parser, {"exclude": ["ner"]}),
    ],
)
def test_a_view_reads_as_a_pipeline_loaded_apart(view: object, load_apart: dict) -> None:
    import spacy

    apart = spacy.load(SPACY_PACKAGE, **load_apart)
    if view is not load_spacy_parser:
        apart.enable_pipe("senter")
    shared = view()  # type: ignore[operator]
    for _ in range(2):  # and again after the other views ran on the shared components
        for other in (load_spacy, load_spacy_lemmas, load_spacy_parser):
            other()(TEXTS[0])
        assert [_signature(d) for d in shared.pipe(TEXTS)] == [
            _signature(d) for d in apart.pipe(TEXTS)
        ]
