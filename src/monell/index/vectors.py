"""The FAISS vector index: derived from vectors stored in the case, saved crash-safely.

The case store holds every vector, so this file can always be rebuilt. It is
written to a temporary file and renamed into place; its fingerprint (count and id
checksum) is recorded in the store so a stale or missing file is detected and rebuilt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

INDEX_FILE = "passages.faiss"


@dataclass(frozen=True)
class Fingerprint:
    """Enough to tell whether a FAISS file matches the stored vectors."""

    count: int
    checksum: int
    dimension: int


def fingerprint_of(ids: Sequence[int] | NDArray[Any], dimension: int) -> Fingerprint:
    """Order-independent fingerprint of a set of passage ids.

    Vectorised because it runs on every search and reindex (100k ids: microseconds, not
    the ~50 ms of a Python loop); uint64 arithmetic wraps, which a checksum may.
    """
    import numpy as np

    values = np.asarray(ids, dtype=np.uint64)
    with np.errstate(over="ignore"):
        checksum = int(np.sum(values * values + np.uint64(7) * values, dtype=np.uint64))
    return Fingerprint(len(values), checksum, dimension)


class VectorIndex:
    """Exact inner-product search over passage vectors, keyed by passage id."""

    def __init__(self, index: Any, dimension: int) -> None:
        self.index = index
        self.dimension = dimension

    @classmethod
    def empty(cls, dimension: int) -> VectorIndex:
        import faiss

        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)), dimension)

    @classmethod
    def load(cls, folder: Path) -> VectorIndex | None:
        """The saved index, or None when the file is missing or unreadable."""
        import faiss

        path = folder / INDEX_FILE
        if not path.is_file():
            return None
        try:
            index = faiss.read_index(str(path))
        except RuntimeError:
            return None  # a torn or foreign file: the caller rebuilds from the store
        return cls(index, int(index.d))

    def ids(self) -> NDArray[Any]:
        import faiss

        return faiss.vector_to_array(self.index.id_map)

    def fingerprint(self) -> Fingerprint:
        return fingerprint_of(self.ids(), self.dimension)

    def add(self, ids: Sequence[int], vectors: NDArray[np.float32]) -> None:
        import numpy as np

        if len(ids):
            self.index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: Sequence[int]) -> None:
        import numpy as np

        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(
        self, query: NDArray[np.float32], k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """Top-k (passage id, cosine similarity); ``allowed`` restricts the candidates."""
        import faiss
        import numpy as np

        if self.index.ntotal == 0 or k <= 0:
            return []
        params, selector = None, None
        if allowed is not None:
            if not allowed:
                return []
            # Keep the selector referenced until the search returns: SWIG does not.
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = faiss.SearchParameters()
            params.sel = selector
        scores, ids = self.index.search(
            query.reshape(1, -1), min(k, self.index.ntotal), params=params
        )
        del selector
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, folder: Path) -> None:
        """Write to a temporary file, then rename: a crash never leaves a torn index."""
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{INDEX_FILE}.tmp"
        faiss.write_index(self.index, str(temp))
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, folder / INDEX_FILE)
