"""The vector index in two layers, so adding a small document never rewrites a big file.

An LSM-style design (issue 21). The big file, ``passages.faiss`` with its sidecar, stays as
``VectorIndex.save`` wrote it. What changed since lives in a small added layer
(``added_layer.py``: the vectors added since, with each one's IVF list, and the ids removed
since from the big file), one file bound to the big file it belongs to.

Opening reads the big file's sidecar (trusted only while the file's size, time and inode
are those it was written after) and the added layer, never the big file. The big file is
mapped, not read, the first time a search needs it; a new vector's IVF list comes from
the centroids kept beside it. A search merges the top k of both layers: removed ids are
filtered out of the big file's candidates, and an added vector is a candidate only when
the query scans its IVF list, so results are those of one index holding every vector
(what folding produces; a vector within float rounding of two centroids may be placed in
the other list than a fold places it).

Removal writes tombstones rather than folding: ``monell docs remove`` in a 400,000-passage
case would otherwise read and rewrite 620 MB for a few dozen ids, and a tombstone costs one
id filter at search time until the next fold. Folding (``fold``) rewrites the big file
with both layers and then deletes the added layer. It happens once the layer holds more
than FOLD_SHARE of the big file (at least FOLD_FLOOR entries), at the end of a full
reindex, and whenever the big file is rebuilt. A crash between the new big file and the
deletion leaves a layer bound to the old big file: ignored, so nothing is found twice.
Files are only ever replaced by rename, never rewritten in place, so a mapped big file
stays valid while another command folds.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from monell.config import IndexKind, IndexSettings
from monell.errors import StoreError
from monell.index.added_layer import (
    ADDED_FILE,
    AddedLayer,
    read_added,
    read_centroids,
    write_added,
    write_centroids,
)
from monell.index.saved import (
    META_FILE,
    Fingerprint,
    SavedIndex,
    file_identity,
    fingerprint_of,
    read_saved,
)
from monell.index.vectors import VectorIndex, is_outgrown, probes_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    from numpy.typing import NDArray

Ids: TypeAlias = "NDArray[np.int64]"

FOLD_SHARE = 0.05  # fold once the added layer holds 5% of the big file's entries...
FOLD_FLOOR = 5_000  # ...or this many, whichever is more (≈ 7.5 MB of 384-d vectors)


class LayeredIndex:
    """What callers search and grow: the big saved index and the added layer over it."""

    def __init__(
        self,
        folder: Path,
        saved: SavedIndex,
        settings: IndexSettings,
        added: AddedLayer,
        base: VectorIndex | None = None,
        identity: list[int] | None = None,
    ) -> None:
        self.folder = folder
        self.saved = saved  # the big file as its sidecar describes it
        self.settings = settings
        self.added = added
        self._base = base  # None until a search or an add needs the big file
        self._owned = False  # _base is in memory, not mapped: fold may change it in place
        self._identity = identity  # the big file's size, time and inode; None: not yet written
        self._centroids: NDArray[np.float32] | None = None
        self._changed = False  # the added layer differs from its file
        self._lock = threading.Lock()  # the review page searches from several threads

    @classmethod
    def built(cls, base: VectorIndex, folder: Path) -> LayeredIndex:
        """A freshly built big index, not yet written (``save`` writes it)."""
        built = cls(folder, base.summary(), base.settings, AddedLayer.empty(base.dimension), base)
        built._owned = True
        return built

    @property
    def dimension(self) -> int:
        return self.saved.fingerprint.dimension

    @property
    def kind(self) -> IndexKind:
        return self.saved.kind

    @property
    def lists(self) -> int:
        return self.saved.lists

    @property
    def trained_on(self) -> int:
        return self.saved.trained_on

    @property
    def max_id(self) -> int:
        """The largest id in the big file: every id stored after it was written is larger."""
        return self.saved.max_id

    @property
    def count(self) -> int:
        return self.saved.fingerprint.count - len(self.added.removed) + len(self.added.ids)

    def fingerprint(self) -> Fingerprint:
        """Of every id searched, from the sidecar's and the added layer's: no big file read."""
        removed = fingerprint_of(self.added.removed, self.dimension)
        added = fingerprint_of(self.added.ids, self.dimension)
        return self.saved.fingerprint.minus(removed).plus(added)

    def ids(self) -> NDArray[np.int64]:
        import numpy as np

        kept = np.setdiff1d(self.base().ids(), self.added.removed, assume_unique=True)
        return np.concatenate([kept, self.added.ids])

    def outgrown(self) -> bool:
        return is_outgrown(self.settings, self.kind, self.count, self.trained_on)

    def probes(self, allowed: int | None = None) -> int:
        return probes_for(self.settings, self.lists, self.count, allowed)

    def fold_due(self) -> bool:
        return self.added.size > max(FOLD_FLOOR, FOLD_SHARE * self.saved.fingerprint.count)

    def base(self) -> VectorIndex:
        """The big index: mapped from its file the first time it is needed."""
        with self._lock:
            if self._base is None:
                self._base = self._map_base()
            return self._base

    def _map_base(self) -> VectorIndex:
        before = file_identity(self.folder)
        base = VectorIndex.load(self.folder, self.settings, mapped=True)
        if base is None:  # unreadable though its sidecar matched: make the next open rebuild
            (self.folder / META_FILE).unlink(missing_ok=True)
            raise StoreError("the vector index is unreadable; run the command again to rebuild it")
        # Another command may have rewritten the file since this one opened it.
        if before != self._identity and not _same(base.summary(), self.saved):
            raise StoreError("the vector index changed while in use; run the command again")
        return base

    def add(self, ids: Sequence[int] | Ids, vectors: NDArray[np.float32]) -> None:
        import numpy as np

        if not len(ids):
            return
        layer = self.added
        self.added = replace(
            layer,
            ids=np.concatenate([layer.ids, np.asarray(ids, dtype=np.int64)]),
            vectors=np.concatenate([layer.vectors, np.asarray(vectors, dtype=np.float32)]),
            lists=np.concatenate([layer.lists, self._lists_of(vectors)]),
        )
        self._changed = True

    def _lists_of(self, vectors: NDArray[np.float32]) -> NDArray[np.int64]:
        """Each vector's IVF list: its nearest centroid (inner product), as adding it to
        the big file would choose."""
        import numpy as np

        if self.kind is IndexKind.FLAT:
            return np.full(len(vectors), -1, dtype=np.int64)
        if self._centroids is None:
            self._centroids = read_centroids(self.folder, self.saved)
        if self._centroids is None:  # a big file from before issue 21: read them once
            self._centroids = self.base().centroids()
            if self._identity is not None:
                write_centroids(self.folder, self._centroids, self.saved)
        scores = np.asarray(vectors, dtype=np.float32) @ self._centroids.T
        return np.asarray(np.argmax(scores, axis=1), dtype=np.int64)

    def remove(self, ids: Sequence[int] | Ids) -> None:
        """Drop added vectors; ids of the big file become tombstones (no rewrite)."""
        import numpy as np

        if not len(ids):
            return
        wanted = np.asarray(ids, dtype=np.int64)
        layer = self.added
        keep = ~np.isin(layer.ids, wanted)
        in_base = np.setdiff1d(wanted, layer.ids)
        self.added = AddedLayer(
            layer.ids[keep],
            layer.vectors[keep],
            layer.lists[keep],
            np.union1d(layer.removed, in_base[in_base <= self.max_id]),
        )
        self._changed = True

    def search(
        self,
        query: NDArray[np.float32],
        k: int,
        allowed: Sequence[int] | NDArray[np.int64] | None = None,
    ) -> list[tuple[int, float]]:
        """Top-k (passage id, cosine similarity) over both layers; ``allowed`` restricts
        the candidates."""
        import numpy as np

        if k <= 0 or not self.count or (allowed is not None and not len(allowed)):
            return []
        query = np.ascontiguousarray(query, dtype=np.float32)
        wanted = None if allowed is None else np.asarray(allowed, dtype=np.int64)
        probes = self.probes(None if wanted is None else len(wanted))
        hits: list[tuple[int, float]] = []
        if self.saved.fingerprint.count > len(self.added.removed):
            excluded = self.added.removed
            hits = self.base().search(query, k, wanted, excluded=excluded, probes=probes)
        hits += self._search_added(query, k, wanted, probes)
        hits.sort(key=lambda hit: -hit[1])  # stable: the big file first on a tie
        return hits[:k]

    def _search_added(
        self,
        query: NDArray[np.float32],
        k: int,
        wanted: NDArray[np.int64] | None,
        probes: int,
    ) -> list[tuple[int, float]]:
        """Exact scores over the added vectors the same search of one index would see."""
        import numpy as np

        layer = self.added
        if not len(layer.ids):
            return []
        keep = np.ones(len(layer.ids), dtype=bool)
        if wanted is not None:
            keep &= np.isin(layer.ids, wanted)
        if self.kind is IndexKind.IVF:
            keep &= np.isin(layer.lists, self.base().scanned_lists(query, probes))
        rows = np.flatnonzero(keep)
        scores = layer.vectors[rows] @ query
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(layer.ids[rows[i]]), float(scores[i])) for i in best]

    def save(self, folder: Path) -> None:
        """Write what changed: the added layer, or, once it has grown past its bound
        (or the big file is new), one big file holding everything."""
        if self._identity is None or self.fold_due():
            self.fold(folder)
        elif self._changed:
            if self.added.size:
                write_added(folder, self.added, self.saved)
            else:
                (folder / ADDED_FILE).unlink(missing_ok=True)
            self._changed = False

    def fold(self, folder: Path) -> None:
        """Rewrite the big file with both layers, then delete the added layer."""
        if self._identity is not None and not self.added.size:
            (folder / ADDED_FILE).unlink(missing_ok=True)
            return
        base = self._base if self._owned else self._read_base(folder)
        if base is None:
            # The big file changed under this command: keep the layer bound to the one it
            # was opened with; the next open finds it out of step and repairs from the store.
            write_added(folder, self.added, self.saved)
            return
        base.remove(self.added.removed)
        base.add(self.added.ids, self.added.vectors)
        base.settings = self.settings
        self.saved = base.save(folder)
        self._centroids = base.centroids() if base.kind is IndexKind.IVF else None
        if self._centroids is not None:
            write_centroids(folder, self._centroids, self.saved)
        # Last: a crash before this leaves a layer bound to the old big file, ignored.
        (folder / ADDED_FILE).unlink(missing_ok=True)
        self._base, self._owned, self._identity = base, True, file_identity(folder)
        self.added, self._changed = AddedLayer.empty(self.dimension), False

    def _read_base(self, folder: Path) -> VectorIndex | None:
        """The big file read whole (to be changed), if it is still the one opened."""
        base = VectorIndex.load(folder, self.settings)
        return base if base is not None and _same(base.summary(), self.saved) else None

    def difference(self, count: int, newer: Sequence[int]) -> tuple[Ids, Ids] | None:
        """What to drop and add to hold what a store holds, told from its vector count and
        its ids newer than the big file; None when only every stored id can tell.

        Exact because ids are never reused: every stored id up to ``max_id`` was in the
        big file, so their count tells whether any was removed without this index knowing.
        """
        import numpy as np

        layer = self.added
        if len(layer.ids) and int(layer.ids.min()) <= self.max_id:
            return None  # a repair put an old id here: compare every id
        if count - len(newer) != self.saved.fingerprint.count - len(layer.removed):
            return None
        stored = np.asarray(newer, dtype=np.int64)
        if np.array_equal(np.sort(layer.ids), stored):  # in step: the usual case, kept cheap
            return stored[:0], stored[:0]
        return np.setdiff1d(layer.ids, stored), np.setdiff1d(stored, layer.ids)

    def difference_from(self, stored: Sequence[int] | Ids) -> tuple[Ids, Ids]:
        """What to drop and add to hold exactly ``stored`` (reads the big file's ids)."""
        import numpy as np

        live, wanted = self.ids(), np.asarray(stored, dtype=np.int64)
        return np.setdiff1d(live, wanted), np.setdiff1d(wanted, live)

    def repairable(self, drop: Ids, add: Ids) -> bool:
        """Whether a repair is cheaper than a rebuild: within a fold's worth of changes,
        and adding only ids newer than the big file (the store reads them by range)."""
        small = len(drop) + len(add) <= max(FOLD_FLOOR, FOLD_SHARE * self.count)
        return small and not (len(add) and int(add.min()) <= self.max_id)


def open_layers(folder: Path, settings: IndexSettings | None = None) -> LayeredIndex | None:
    """The saved index, without reading its big file when the sidecar can be trusted; None
    when there is no readable big file. ``settings`` None keeps the saved ones."""
    identity = file_identity(folder)
    saved = read_saved(folder)
    base = None
    if saved is None:  # no sidecar for this file: map it once and rewrite the sidecar
        base = VectorIndex.load(folder, settings, mapped=True) if identity else None
        if base is None:
            return None
        saved = base.seal(folder, identity or [])
    added = read_added(folder, saved) or AddedLayer.empty(saved.fingerprint.dimension)
    chosen = settings or saved.settings or IndexSettings()
    return LayeredIndex(folder, saved, chosen, added, base, identity)


def _same(one: SavedIndex, other: SavedIndex) -> bool:
    """Whether two summaries describe the same big file (settings aside)."""
    return replace(one, settings=None) == replace(other, settings=None)
