"""The topic memory: labelled passages the detector compares new segments with.

Part of the trained topic model (``models/topic_memory.npz``, written by
``scripts/train_topic_model.py``): the embeddings of the labelled passages in
``corpora/topics/labelled_passages.yaml`` that teach or mention a topic, with their topic
labels. A segment that reads like a labelled lesson on a topic is likely about it, in
words the taxonomy's exemplars never used. The vectors belong to the embedding model
named in the file; a case using another model re-embeds the stored texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.errors import ModelMissing

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True)
class TopicMemory:
    """Labelled passage vectors and, per passage, the topics it addresses."""

    vectors: NDArray[np.float32]  # passages × dimension, normalised
    labels: NDArray[np.bool_]  # passages × topics
    topic_ids: tuple[str, ...]
    texts: tuple[str, ...]
    model: str

    def save(self, path: Path) -> None:
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                vectors=self.vectors.astype(np.float16),
                labels=self.labels.astype(np.uint8),
                topic_ids=np.array(self.topic_ids),
                texts=np.array(self.texts),
                model=np.array(self.model),
            )

    @classmethod
    def load(cls, path: Path) -> TopicMemory:
        import numpy as np

        try:
            data = np.load(path, allow_pickle=False)
            return cls(
                vectors=data["vectors"].astype(np.float32),
                labels=data["labels"].astype(bool),
                topic_ids=tuple(str(t) for t in data["topic_ids"]),
                texts=tuple(str(t) for t in data["texts"]),
                model=str(data["model"]),
            )
        except FileNotFoundError:
            raise ModelMissing(
                "the topic memory is missing (run python -m scripts.train_topic_model)", path
            ) from None
        except (OSError, ValueError, KeyError) as error:
            raise ModelMissing(f"the topic memory cannot be read: {error}", path) from None

    def for_embedder(self, embedder: Any) -> TopicMemory:
        """This memory in ``embedder``'s vector space (re-embedded if it is another model)."""
        if embedder.name == self.model and embedder.dimension == self.vectors.shape[1]:
            return self
        vectors = embedder.embed(list(self.texts))
        return TopicMemory(vectors, self.labels, self.topic_ids, self.texts, embedder.name)

    def similarities(
        self, vectors: NDArray[np.float32], topic_ids: Sequence[str], exclude: Sequence[int] = ()
    ) -> NDArray[np.float32]:
        """segments × topics: the best cosine to a labelled passage of each topic (0 if none).

        ``exclude`` gives, per segment, a memory row to leave out (-1 for none): training
        scores each labelled passage against the others only.
        """
        import numpy as np

        sims = vectors @ self.vectors.T  # segments × passages
        if len(exclude):
            rows = np.arange(len(exclude))
            keep = np.asarray(exclude) >= 0
            sims[rows[keep], np.asarray(exclude)[keep]] = -1.0
        out = np.zeros((len(vectors), len(topic_ids)), dtype=np.float32)
        index = {t: i for i, t in enumerate(self.topic_ids)}
        for j, topic in enumerate(topic_ids):
            if topic in index and self.labels[:, index[topic]].any():
                out[:, j] = sims[:, self.labels[:, index[topic]]].max(axis=1).clip(min=0.0)
        return out
