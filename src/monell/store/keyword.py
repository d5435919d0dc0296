"""SQL for keyword search: FTS5 BM25's exact top k without scoring every match (issue 21).

A question's words are OR'd, so FTS5 scores every passage holding any of them: at a
million passages, "officer" alone is in 444,000. The top ``k`` rarely needs them. The
query's words are split by document frequency (read from an ``fts5vocab`` table, each
word tokenized by the index's own tokenizer) into **rare** and **common** ones, and:

1. the rare words alone rank their passages (``bm25`` over those phrases only: each
   phrase's part of the score is what it is in the full query, since FTS5's IDF counts
   the whole table); the k-th best score is a lower bound of the final k-th score;
2. a passage holding only common words scores at most the sum of their BM25 ceilings,
   ``(k1 + 1) · idf`` each (the term-frequency factor stays below k1 + 1). While that sum
   is not below the bound, the rarest common word joins the rare ones (MaxScore);
3. once it is, passages holding a rare and a common word are ranked by the full query's
   phrases (``rare AND common``: exact scores), and merged with the rare-only ranking (or,
   when the rare set grew in step 2, with ``rare NOT common``, exact too: a common word
   absent adds nothing).

Every passage that can reach the top ``k`` is then scored exactly, so the result is the
full query's ranking (ties by rowid, as SQLite's bounded sort keeps them). A word the
tokenizer does not make one token (``foo_bar``: two) is never bounded, always rare.
The ceiling is loose (a passage with the word once, of average length, gets idf · 1.0),
so a question of many mid-frequency words still reads most of their passages: at a
million passages this cuts keyword CPU about 2x at the median, not 10x (BENCHMARKS.md).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence

K1 = 1.2  # FTS5's bm25() constant
# A word's share of a passage's score is idf * tf (k1 + 1) / (tf + k1 (1 - b + b D / avgdl)),
# below idf (k1 + 1) whatever tf and D: the bound that keeps the search exact. Measured and
# not used: (k1 + 1) / (1 + k1 (1 - b)) = 1.69, which bounds a word held once (24% less CPU
# at 1M, the same top 50 on the 102 questions, but not a proof for a word held twice).
TF_CEILING = K1 + 1.0
RARE_POSTINGS = 20_000  # the rare words' passages read first: about 2% of a million
_VOCABULARY = "temp.monell_passage_terms"
_QUERY_WORDS = "temp.monell_query_words"
_QUERY_TERMS = "temp.monell_query_terms"
_RANKED = (
    "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
    "ORDER BY bm25(passages_fts), rowid LIMIT ?"
)


def match_expression(words: Sequence[str]) -> str:
    """Every word quoted (so none is read as FTS5 syntax), OR'd."""
    return " OR ".join(f'"{w}"' for w in words)


def ranked(conn: sqlite3.Connection, match: str, limit: int) -> list[tuple[int, float]]:
    """(rowid, bm25) best first: SQLite keeps the best ``limit`` as it scores."""
    return [(r[0], r[1]) for r in conn.execute(_RANKED, (match, limit))]


def top_passages(conn: sqlite3.Connection, words: Sequence[str], limit: int) -> list[int]:
    """The ids of the full OR query's BM25 top ``limit``, best first (see the module doc).

    Its statements read one snapshot (a deferred transaction, rolled back: it writes only
    to temporary tables), so a concurrent ingest cannot move the counts under the bound.
    """
    if conn.in_transaction:
        return _top_passages(conn, words, limit)
    _ensure_temporary_tables(conn)  # outside the snapshot, or the rollback would drop them
    conn.execute("BEGIN")
    try:
        return _top_passages(conn, words, limit)
    finally:
        conn.execute("ROLLBACK")


def _top_passages(conn: sqlite3.Connection, words: Sequence[str], limit: int) -> list[int]:
    words = list(dict.fromkeys(words))
    if len(words) < 2:
        return [pid for pid, _ in ranked(conn, match_expression(words), limit)] if words else []
    frequency = document_frequencies(conn, words)
    ceiling = _ceilings(conn, frequency)
    rarest_first = [w for w in words if w not in frequency]
    rarest_first += sorted(frequency, key=frequency.__getitem__)
    rare = _first_read(rarest_first, frequency)
    best = ranked(conn, match_expression(_in_order(words, rare)), limit)
    while len(best) < limit and len(rare) < len(words):  # too few passages for a bound
        rare.add(rarest_first[len(rare)])
        best = ranked(conn, match_expression(_in_order(words, rare)), limit)
    floor = -best[-1][1] if len(best) == limit else 0.0  # the k-th score is at least this
    read = len(rare)
    while len(rare) < len(words) and sum(ceiling[w] for w in words if w not in rare) >= floor:
        rare.add(rarest_first[len(rare)])
    if len(rare) == len(words):
        return [pid for pid, _ in ranked(conn, match_expression(words), limit)]
    common = [w for w in words if w not in rare]
    either, any_common = match_expression(_in_order(words, rare)), match_expression(common)
    if len(rare) > read:  # rank the passages without a common word, with their exact scores
        best = ranked(conn, f"({either}) NOT ({any_common})", limit)
    both = ranked(conn, f"({either}) AND ({any_common})", limit)
    seen = {pid for pid, _ in both}
    merged = both + [hit for hit in best if hit[0] not in seen]
    return [pid for pid, _ in sorted(merged, key=lambda hit: (hit[1], hit[0]))[:limit]]


def _in_order(words: Sequence[str], chosen: set[str]) -> list[str]:
    """The chosen words in the query's order, so FTS5 sums their scores as the full query."""
    return [w for w in words if w in chosen]


def _first_read(rarest_first: Sequence[str], frequency: dict[str, int]) -> set[str]:
    """Words never bounded, then the rarest while their passages stay under RARE_POSTINGS."""
    rare = {w for w in rarest_first if w not in frequency}
    total = 0
    for word in rarest_first[len(rare) :]:
        if rare and total + frequency[word] > RARE_POSTINGS:
            break
        rare.add(word)
        total += frequency[word]
    return rare


def _ceilings(conn: sqlite3.Connection, frequency: dict[str, int]) -> dict[str, float]:
    """Each word's largest possible share of a passage's score: TF_CEILING · idf.

    FTS5's idf is log((N - n + 0.5) / (n + 0.5)), at least 1e-6, with N its row count;
    the largest rowid is at least N, so the ceiling is never too low.
    """
    rows = conn.execute("SELECT max(rowid) FROM passages_fts_docsize").fetchone()[0] or 0
    return {
        word: TF_CEILING * max(math.log((rows - n + 0.5) / (n + 0.5)), 1e-6)
        for word, n in frequency.items()
    }


def document_frequencies(conn: sqlite3.Connection, words: Sequence[str]) -> dict[str, int]:
    """Passages holding each word that the index's tokenizer makes exactly one term."""
    terms = _terms(conn, words)
    single = {w: t[0] for w, t in zip(words, terms, strict=True) if len(t) == 1}
    wanted = sorted(set(single.values()))
    marks = ",".join("?" * len(wanted))
    found = dict(
        conn.execute(f"SELECT term, doc FROM {_VOCABULARY} WHERE term IN ({marks})", wanted)
    )
    return {w: int(found.get(t, 0)) for w, t in single.items()}


def _terms(conn: sqlite3.Connection, words: Sequence[str]) -> list[list[str]]:
    """Each word as the passages' index tokenizes it (porter stems, folded diacritics).

    A temporary FTS5 table with the same tokenizer does it, so the terms are the index's
    own; temporary tables belong to this connection and never touch the case file.
    """
    _ensure_temporary_tables(conn)
    conn.executemany(
        f"INSERT INTO {_QUERY_WORDS} (rowid, word) VALUES (?, ?)", list(enumerate(words))
    )
    terms: list[list[str]] = [[] for _ in words]
    try:
        for row, term in conn.execute(f"SELECT doc, term FROM {_QUERY_TERMS} ORDER BY doc, offset"):
            terms[row].append(term)
    finally:
        conn.execute(f"DELETE FROM {_QUERY_WORDS}")
    return terms


def _ensure_temporary_tables(conn: sqlite3.Connection) -> None:
    """Create this connection's tokenizer table and vocabularies once, with the index's own
    tokenize option read from its schema."""
    if conn.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE name = 'monell_query_words'"
    ).fetchone():
        return
    schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'passages_fts'").fetchone()
    option = schema[0][schema[0].index("tokenize=") :].split(")")[0].strip().rstrip(",")
    conn.execute(f"CREATE VIRTUAL TABLE {_QUERY_WORDS} USING fts5(word, {option})")
    conn.execute(
        f"CREATE VIRTUAL TABLE {_QUERY_TERMS} USING fts5vocab(temp, monell_query_words, instance)"
    )
    conn.execute(f"CREATE VIRTUAL TABLE {_VOCABULARY} USING fts5vocab(main, passages_fts, row)")
