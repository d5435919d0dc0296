"""The embedder in a process of its own, for a small volume analysed in the ingesting
process (issue 21).

A cold `monell ingest` of one 20-page document spent ~1.2 s importing torch before the
first passage could be embedded, on one core while the other waited. Forked before this
process loads spaCy, a child imports torch and loads the embedding model while the
parent loads spaCy and reads the pages; the parent then sends it texts and gets vectors
back. The child runs the same ``ModelSource.embedder()`` the parent would have, so its
vectors are the ones an in-process embedder gives, and the parent never imports torch
(``resources.keep_torch_out_of_spacy``).

A child that fails to load or dies makes ``embed`` raise ``EmbeddingProcessError``: the
caller's per-document boundary reports it and the document stays pending, as any
embedding failure does. The child exits when told, when its pipe closes, or (through
``parallel/guard.py``'s fork hook) when the parent dies.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from monell.errors import MonellError
from monell.parallel.guard import start_worker_watch

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language

    from monell.index.embed import Embedder
    from monell.records import AnnotationDraft


class ModelSource(Protocol):
    """``index/update.py``'s recipe for the models (not imported: update imports this)."""

    def nlp(self) -> Language: ...

    def embedder(self) -> Embedder: ...


STOP_SECONDS = 5.0  # how long a told child gets to exit before it is ended


class EmbeddingProcessError(MonellError):
    """The embedding process could not load its model, or died."""


class EmbeddingProcess:
    """An ``Embedder`` whose work runs in a forked child (see the module's doc)."""

    def __init__(self, models: ModelSource) -> None:
        # Forked when this process has not loaded torch (the ingest: the child starts at
        # once, with what is imported); spawned when it has (torch's thread pools do not
        # survive a fork), which needs a picklable ``models``.
        method = "spawn" if "torch" in sys.modules else "fork"
        context = multiprocessing.get_context(method)
        self._conn, child = context.Pipe()
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, models, os.getpid()), daemon=True
        )
        self._process.start()
        child.close()
        self._identity: tuple[str, int] | None = None

    @property
    def name(self) -> str:
        return self._ready()[0]

    @property
    def dimension(self) -> int:
        return self._ready()[1]

    def embed(
        self, texts: Sequence[str], meanwhile: Callable[[], None] | None = None
    ) -> NDArray[np.float32]:
        """The texts' vectors; ``meanwhile`` runs here while the child embeds them."""
        import numpy as np

        dimension = self.dimension
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        self._send(list(texts))
        if meanwhile is not None:
            meanwhile()
        kind, payload = self._receive()
        if kind != "vectors":
            raise EmbeddingProcessError(f"the embedding process failed: {payload}")
        return np.frombuffer(payload, dtype=np.float32).reshape(len(texts), dimension).copy()

    def close(self) -> None:
        """Tell the child to exit; end it if it does not."""
        if self._process.is_alive():
            with suppress(BrokenPipeError, OSError):
                self._conn.send(None)
            self._process.join(STOP_SECONDS)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(STOP_SECONDS)
        self._conn.close()

    def _ready(self) -> tuple[str, int]:
        if self._identity is None:
            kind, payload = self._receive()
            if kind != "ready":
                raise EmbeddingProcessError(f"the embedding model did not load: {payload}")
            self._identity = (str(payload[0]), int(payload[1]))
        return self._identity

    def _send(self, message: Any) -> None:
        try:
            self._conn.send(message)
        except (BrokenPipeError, OSError) as error:
            raise EmbeddingProcessError(f"the embedding process is gone ({error})") from None

    def _receive(self) -> tuple[str, Any]:
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as error:
            code = self._process.exitcode
            raise EmbeddingProcessError(
                f"the embedding process is gone (exit code {code}): {error or 'no reply'}"
            ) from None
        return str(kind), payload


def _serve(conn: Any, models: ModelSource, parent: int) -> None:
    """The child: load the embedder, say so, then embed each list of texts it is sent;
    it ends with its parent (a forked child is watched already: parallel/guard.py)."""
    start_worker_watch(parent)
    try:
        embedder = models.embedder()
        conn.send(("ready", (embedder.name, embedder.dimension)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which decides
        conn.send(("error", f"{type(error).__name__}: {error}"))
        return
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):
            return
        if texts is None:
            return
        try:
            conn.send(("vectors", embedder.embed(texts).tobytes()))
        except Exception as error:  # noqa: BLE001 - per-call boundary, as update._embed
            conn.send(("error", f"{type(error).__name__}: {error}"))


@dataclass(frozen=True)
class WithEmbeddingProcess:
    """A ``ModelSource``: spaCy loaded here, embeddings from the ``EmbeddingProcess``;
    ``while_embedding`` runs here, once a wave, with its drafts, while the child embeds
    (the ingest prepares its change snapshot then)."""

    models: ModelSource
    process: EmbeddingProcess
    while_embedding: Callable[[list[AnnotationDraft]], None] | None = None

    def nlp(self) -> Language:
        return self.models.nlp()

    def embedder(self) -> Embedder:
        return self.process


class OnceAWave:
    """A hook run once, with the wave's drafts, while the first batch is being embedded."""

    def __init__(
        self, hook: Callable[[list[AnnotationDraft]], None], drafts: list[AnnotationDraft]
    ) -> None:
        self.hook: Callable[[list[AnnotationDraft]], None] | None = hook
        self.drafts = drafts

    def __call__(self) -> None:
        hook, self.hook = self.hook, None
        if hook is not None:
            # Only preparation (app/snapshots.py): whatever it fails on is met again, and
            # reported, where the work is done; it never fails the documents' embedding.
            with suppress(Exception):
                hook(self.drafts)
