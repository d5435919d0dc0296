"""Sentence embeddings behind a small protocol, so tests can use a fake embedder.

Vectors are float32 and L2-normalised: inner product is cosine similarity, which is
what the FAISS index ranks by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

BATCH_SIZE = 32
# all-MiniLM-L6-v2 was trained on 128-token inputs; longer inputs cost time and add
# little. Passages target ~90 words (~120 tokens), so little is cut; keyword search
# still sees every word.
MAX_TOKENS = 128


class Embedder(Protocol):
    """Anything that turns texts into normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder."""

    def __init__(self, model: Any, name: str, bfloat16: bool = False) -> None:
        self.model = model
        self.name = name
        self.bfloat16 = bfloat16
        self.model.max_seq_length = min(int(self.model.max_seq_length or MAX_TOKENS), MAX_TOKENS)
        # sentence-transformers 6 renamed the method; accept both spellings.
        measure = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        self.dimension = int(measure())

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np
        import torch

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # bfloat16 matrix products where the CPU has them; vectors still come out float32.
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16):
            vectors = self.model.encode(
                list(texts),
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def passage_input(heading: str | None, text: str) -> str:
    """What gets embedded: the section heading gives a passage its subject."""
    return f"{heading}: {text}" if heading else text
