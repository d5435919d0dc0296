"""The embedder in a process of its own, for a small volume analysed in the ingesting
process (issue 21).

A cold `monell ingest` of one 20-page document spent ~1.2 s importing torch before the
first passage could be embedded, on one core while the other waited. Forked before this
process loads spaCy, a child imports torch and loads the embedding model while the
parent loads spaCy and reads the pages; the parent then sends it texts and gets vectors
back. The child runs the same ``ModelSource.embedder()`` the parent would have, so its
vectors are the ones an in-process embedder gives, and the parent never imports torch
(``resources.keep_torch_out_of_spacy``).

The child embeds on the threads it was loaded with (one: the parent prepares its snapshot
on the other core meanwhile). Once the parent has nothing left to do but wait, it says so
on a second pipe, and an embedder that can (``can_widen``: index/bert.py) goes on with
every core from its next layer, unless other work is running on the machine
(``threads_to_spare``): measured on a 20-page volume, the parent waited ~0.7 s of the
child's ~1.9 s on one thread.

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
from functools import partial
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
        control, self._control = context.Pipe(duplex=False)
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, control, models, os.getpid()), daemon=True
        )
        self._process.start()
        child.close()
        control.close()
        self._identity: tuple[str, int] | None = None
        self._calls = 0

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
        self._calls += 1
        self._send((self._calls, list(texts)))
        if meanwhile is not None:
            meanwhile()
        # Nothing left to do here but wait: the child may use every core for this call.
        with suppress(BrokenPipeError, OSError):
            self._control.send((self._calls, threads_to_spare()))
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
        self._control.close()

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


def threads_to_spare() -> int:
    """The threads the child may go on with once this process only waits: every core when
    nothing else runs on the machine, else one. Two torch threads competing with other
    work were slower than one (93 passages: 3.5-4.9 s against 2.7 s beside two busy
    processes); so ``/proc/loadavg``'s count of running tasks, sampled three times, must
    be at most two (this process and the child) at least once. One thread where it cannot
    be read (not Linux)."""
    try:
        cores = len(os.sched_getaffinity(0))
        quiet = min(_running_tasks() for _ in range(3)) <= 2
    except (AttributeError, OSError, ValueError, IndexError):
        return 1
    return cores if quiet else 1


def _running_tasks() -> int:
    """Tasks running or ready to run right now (the 4th field's numerator, e.g. 3/412)."""
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        return int(loadavg.read().split()[3].split("/")[0])


def _serve(conn: Any, control: Any, models: ModelSource, parent: int) -> None:
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
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        call, texts = message
        try:
            if getattr(embedder, "can_widen", False):
                wider = partial(_wider, control, call)
                vectors = embedder.embed(texts, between_steps=wider)  # type: ignore[call-arg]
            else:
                vectors = embedder.embed(texts)
            conn.send(("vectors", vectors.tobytes()))
        except Exception as error:  # noqa: BLE001 - per-call boundary, as update._embed
            conn.send(("error", f"{type(error).__name__}: {error}"))
        _wider(control, call)  # read what was said, used or not: the pipe never fills up


def _wider(control: Any, call: int) -> int | None:
    """The threads the parent has freed for this call, if it has said so (words meant for
    an earlier call, which ended before they came, are dropped)."""
    threads = None
    with suppress(EOFError, OSError):
        while control.poll():
            said, cores = control.recv()
            if said == call:
                threads = int(cores)
    return threads


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
