"""Vectors of fixed texts kept in the case, so a command does not embed them again.

The taxonomy's exemplar sentences are embedded for every topic detection; with each
document's hits kept (coverage/hit_cache.py), embedding them was most of what the change
snapshot of a small volume still cost. ``KeptVectors`` stands in for the embedder there:
a list of texts whose every vector is kept for the model is read back; a list with any
text not kept is embedded whole and kept, so a kept vector is exactly what one call over
the same list gives, and the embedding model is loaded only then.

Vectors are kept per list (each under a hash of the whole list and its place in it), never
per text alone: a text's vector depends on the batch it was embedded in (padding to the
longest text; bfloat16 and int8 arithmetic), so a list made of texts kept from other lists
(the coverage exemplars and the allegation exemplars share the topics' names) is embedded
whole, as a fresh call would embed it. Besides the taxonomy's exemplars, the injury
reading's role exemplars and its narrative's clauses are kept this way (issue 21).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import cached_property
from typing import TYPE_CHECKING

from monell.errors import StoreError
from monell.store import CaseStore

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from monell.index.embed import Embedder


class KeptVectors:
    """An embedder over ``load()``'s, keeping its vectors in ``store`` by model and text."""

    def __init__(self, store: CaseStore, load: Callable[[], Embedder]) -> None:
        self.store, self._load = store, load

    @cached_property
    def embedder(self) -> Embedder:
        return self._load()

    @property
    def name(self) -> str:
        return self.embedder.name

    @property
    def dimension(self) -> int:
        return self.embedder.dimension

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np

        listed = hashlib.sha256(json.dumps(list(texts)).encode()).hexdigest()
        hashes = [hashlib.sha256(f"{listed}:{n}".encode()).hexdigest() for n in range(len(texts))]
        kept = self.store.text_vectors(self.name, hashes)
        size = 4 * self.dimension
        if texts and all(len(kept.get(h, b"")) == size for h in hashes):
            return np.stack([np.frombuffer(kept[h], dtype=np.float32) for h in hashes])
        vectors = np.asarray(self.embedder.embed(texts), dtype=np.float32)
        rows = [(h, v.tobytes()) for h, v in zip(hashes, vectors, strict=True)]
        with suppress(StoreError):  # another command is writing the case: keep nothing now
            self.store.save_text_vectors(self.name, rows)
        return vectors
