"""Hybrid search: dense (FAISS) and keyword (FTS5 BM25) rankings fused by reciprocal rank.

Dense retrieval finds paraphrases ("carotid hold" for "lateral vascular neck
restraint"); BM25 finds exact terms (a statute number, a course code). Reciprocal
rank fusion needs no score calibration between the two and is easy to explain:
each hit shows its rank in each list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from monell.errors import InputError
from monell.index.embed import Embedder
from monell.index.layers import LayeredIndex
from monell.records import DocType
from monell.store import CaseStore
from monell.store.passages import PassageRow

RRF_K = 60  # the usual constant: dampens the weight of the very top ranks
MIN_CANDIDATES = 50  # each ranking contributes at least this many candidates
MAX_K = 200
_STOPWORDS = frozenset(
    "a an and are as at be by do does for from how in is it of on or that the their they "
    "this to was were what when where which who why will with".split()
)


@dataclass(frozen=True)
class SearchHit:
    rank: int
    score: float
    dense_rank: int | None
    keyword_rank: int | None
    passage: PassageRow


def keyword_words(text: str) -> list[str]:
    """The words keyword search looks for: lower-case, once each, without stopwords."""
    return list(dict.fromkeys(w for w in re.findall(r"\w+", text.lower()) if w not in _STOPWORDS))


def check_search_args(query: str, k: int, doc_types: Sequence[str]) -> None:
    if not query.strip():
        raise InputError("the search query is empty")
    if not 1 <= k <= MAX_K:
        raise InputError(f"--k must be between 1 and {MAX_K}, got {k}")
    allowed = {t.value for t in DocType}
    unknown = [t for t in doc_types if t not in allowed]
    if unknown:
        raise InputError(
            f"unknown document type {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _check_model(
    store: CaseStore, index: LayeredIndex, embedder: Embedder, candidates: Sequence[int] = ()
) -> None:
    """Query and passages must come from the same model, or similarity means nothing.

    Checked on the case's oldest and newest vectors and on this search's candidates
    (``CaseStore.vector_models``), not on every stored vector.
    """
    built_with = [m for m in store.vector_models(candidates) if m != embedder.name]
    if index.count and (built_with or index.dimension != embedder.dimension):
        raise InputError(
            f"the index was built with the embedding model {', '.join(built_with) or '?'} "
            f"({index.dimension} dimensions), not {embedder.name}: run `monell reindex --full`"
        )


def search_passages(
    store: CaseStore,
    index: LayeredIndex,
    embedder: Embedder,
    query: str,
    k: int = 10,
    doc_types: Sequence[str] = (),
    production: str | None = None,
) -> list[SearchHit]:
    """The top ``k`` passages for a query, best first, with both component ranks."""
    check_search_args(query, k, doc_types)
    _check_model(store, index, embedder)
    depth = max(MIN_CANDIDATES, 5 * k)
    allowed = store.filtered_passage_ids(doc_types, production) if doc_types or production else None
    dense = [pid for pid, _ in index.search(embedder.embed([query])[0], depth, allowed)]
    _check_model(store, index, embedder, dense)
    keyword = store.keyword_search(keyword_words(query), depth, doc_types, production)
    fused: dict[int, float] = {}
    for ranking in (dense, keyword):
        for rank, pid in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank)
    best = sorted(fused, key=lambda pid: -fused[pid])[:k]
    rows = store.passages_by_id(best)
    dense_rank = {pid: i for i, pid in enumerate(dense, start=1)}
    keyword_rank = {pid: i for i, pid in enumerate(keyword, start=1)}
    return [
        SearchHit(i, round(fused[pid], 5), dense_rank.get(pid), keyword_rank.get(pid), rows[pid])
        for i, pid in enumerate(best, start=1)
        if pid in rows
    ]
