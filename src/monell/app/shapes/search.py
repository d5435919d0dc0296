"""JSON shape of a search hit, and the document types a search can filter on."""

from __future__ import annotations

from monell.index.search import SearchHit
from monell.records import DocType

DOC_TYPES = [t.value for t in DocType]


def search_hit_json(hit: SearchHit) -> dict[str, object]:
    """One result of ``monell search --json``: the passage with its full citation."""
    p = hit.passage
    return {
        "rank": hit.rank,
        "passage_id": p.passage_id,
        "file": p.file,
        "page": p.page,
        "bates": p.bates,
        "cite": p.cite,
        "doc_type": p.doc_type,
        "heading": p.heading,
        "text": p.text,
        "score": hit.score,
        "dense_rank": hit.dense_rank,
        "keyword_rank": hit.keyword_rank,
        "production": p.production,
        "kind": p.kind,
        "table_rows": ([p.row_start, p.row_end] if p.row_start is not None else None),
    }
