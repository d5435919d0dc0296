"""Keyword search ranks passages by FTS5's BM25, best first, ties by passage id (issue 21).

The expected rankings are computed here from the formula FTS5 documents (k1 = 1.2,
b = 0.75, IDF floored at 1e-6, text and heading weighted alike), over a generated case
whose words porter stemming leaves alone (consonants only), so the test tokenizes by
splitting on spaces. The rare-words-first search (``store/keyword.py``) must give that
ranking whatever share of the words it reads first.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence

import pytest

from monell.records import (
    AnnotationDraft,
    DocType,
    DocTypeGuess,
    Document,
    DocumentAnnotation,
    ExtractionMethod,
    Page,
    Passage,
    PassageKind,
    SourceFile,
)
from monell.store import CaseStore, keyword

VOCABULARY = [a + b + c for a in "bcdfg" for b in "hjklm" for c in "nprtv"]  # 125 words
K1, B = 1.2, 0.75


def _texts(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """Passages of Zipf-distributed words; every fifth one repeats an earlier passage."""
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    texts: list[tuple[str, str | None]] = []
    for i in range(count):
        if i % 5 == 4:
            texts.append(texts[rng.randrange(len(texts))])
            continue
        words = rng.choices(VOCABULARY, weights, k=rng.randint(3, 30))
        heading = " ".join(rng.choices(VOCABULARY, k=2)) if i % 3 == 0 else None
        texts.append((" ".join(words), heading))
    return texts


def _store_case(store: CaseStore, texts: Sequence[tuple[str, str | None]]) -> list[int]:
    production = store.ensure_production("VOL001")
    ids: list[int] = []
    per_document = 100
    for start in range(0, len(texts), per_document):
        chunk = texts[start : start + per_document]
        source = SourceFile(f"/gen/doc{start}.pdf", f"{start:064d}", 1, 1)
        page = Page(1, "generated", ExtractionMethod.TEXT)
        doc_id = store.add_document(Document(source, (page,)), production)
        passages = tuple(
            Passage(i, 1, None, PassageKind.TEXT, heading, text)
            for i, (text, heading) in enumerate(chunk)
        )
        guess = DocTypeGuess(DocType.OTHER, 0.5, ())
        draft = AnnotationDraft(doc_id, guess, None, (), (), passages)
        vectors = bytes(4 * 2 * len(passages))
        ids.extend(store.save_annotation(DocumentAnnotation(draft, vectors, 2, "fake")))
    return ids


def _bm25_ranking(
    texts: Sequence[tuple[str, str | None]], ids: Sequence[int], words: Sequence[str], k: int
) -> list[int]:
    """FTS5's bm25() by its published formula; best first, ties by id."""
    bags = [Counter(text.split() + (heading or "").split()) for text, heading in texts]
    lengths = [sum(bag.values()) for bag in bags]
    rows, average = len(bags), sum(lengths) / len(bags)
    idf = {}
    for word in words:
        hits = sum(1 for bag in bags if word in bag)
        idf[word] = max(math.log((rows - hits + 0.5) / (hits + 0.5)), 1e-6) if hits else 0.0
    scored = []
    for pid, bag, length in zip(ids, bags, lengths, strict=True):
        if not any(word in bag for word in words):
            continue
        score = 0.0
        for word in words:
            tf = bag[word]
            score += idf[word] * (tf * (K1 + 1.0)) / (tf + K1 * (1 - B + B * length / average))
        scored.append((-score, pid))
    return [pid for _, pid in sorted(scored)[:k]]


@pytest.fixture(scope="module")
def generated() -> tuple[CaseStore, list[tuple[str, str | None]], list[int]]:
    store = CaseStore(":memory:")
    texts = _texts(random.Random(21), 3000)
    return store, texts, _store_case(store, texts)


def _queries(count: int) -> list[list[str]]:
    rng = random.Random(7)
    return [rng.sample(VOCABULARY, rng.randint(1, 8)) for _ in range(count)]


@pytest.mark.parametrize("rare_postings", [1, 150, 600, keyword.RARE_POSTINGS])
@pytest.mark.parametrize("words", _queries(30), ids=lambda w: "+".join(w))
def test_keyword_search_returns_the_bm25_ranking_ties_by_id(
    generated: tuple[CaseStore, list[tuple[str, str | None]], list[int]],
    words: list[str],
    rare_postings: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, texts, ids = generated
    monkeypatch.setattr(keyword, "RARE_POSTINGS", rare_postings)
    assert store.keyword_search(words, 50, (), None) == _bm25_ranking(texts, ids, words, 50)


ENGLISH = [
    ("The officer used a Taser on the subject", None),
    ("Officers must report every use of force", "USE OF FORCE"),
    ("A supervisor reviews the officers' reports of force", None),
    ("Canine handlers announce before a search", "CANINE"),
    ("The canine team searched the warehouse", None),
    ("Taser cycles: no more than three on one person", "CONDUCTED ENERGY WEAPONS"),
    ("Each officer shall qualify with the duty handgun twice a year", None),
    ("report_number 2019-0142 filed by the officer", None),
]


@pytest.fixture(scope="module")
def english() -> CaseStore:
    """Real words (porter stems them), many copies each, as a production repeats pages."""
    store = CaseStore(":memory:")
    _store_case(store, [ENGLISH[(i * 7) % len(ENGLISH)] for i in range(1200)])
    return store


@pytest.mark.parametrize(
    "question",
    [
        "how many Taser cycles can an officer use on one person",
        "officers officer report reports",  # words sharing a stem: each still counts
        "report_number 2019-0142",  # one word the tokenizer makes two terms
        "canine announce warehouse search",
        "handgun",
    ],
)
@pytest.mark.parametrize("rare_postings", [1, 200, keyword.RARE_POSTINGS])
def test_rare_words_first_gives_the_full_querys_ranking(
    english: CaseStore, question: str, rare_postings: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = re.findall(r"\w+", question.lower())
    full = [pid for pid, _ in keyword.ranked(english.conn, keyword.match_expression(words), 50)]
    monkeypatch.setattr(keyword, "RARE_POSTINGS", rare_postings)
    assert full and english.keyword_search(words, 50, (), None) == full


def test_words_are_counted_as_the_index_stems_them(english: CaseStore) -> None:
    counts = keyword.document_frequencies(english.conn, ["officers", "officer", "report_number"])
    assert counts["officers"] == counts["officer"] > 0
    assert "report_number" not in counts  # two terms: never bounded, always read first


def test_searching_leaves_the_case_schema_as_it_was(english: CaseStore) -> None:
    schema = english.conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    english.keyword_search(["taser", "officer", "cycles"], 10, (), None)
    assert english.conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == schema
    assert not english.conn.in_transaction  # its read snapshot is closed again


def test_a_search_inside_a_transaction_leaves_the_transaction_open(english: CaseStore) -> None:
    words = ["taser", "officer", "cycles", "person"]
    alone = english.keyword_search(words, 10, (), None)
    with english.transaction():
        assert english.keyword_search(words, 10, (), None) == alone
        assert english.conn.in_transaction


def test_after_a_document_is_removed_the_ranking_is_still_the_full_querys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = CaseStore(":memory:")
    ids = _store_case(store, _texts(random.Random(5), 600))
    removed = store.delete_document(store.list_documents()[1].id)
    assert removed and set(removed) <= set(ids)
    monkeypatch.setattr(keyword, "RARE_POSTINGS", 1)
    for words in _queries(10):
        full = [p for p, _ in keyword.ranked(store.conn, keyword.match_expression(words), 50)]
        found = store.keyword_search(words, 50, (), None)
        assert found == full and not set(found) & set(removed)
