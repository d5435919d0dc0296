"""The FAISS vector index: derived from vectors stored in the case, saved crash-safely.

The case store holds every vector, so this file can always be rebuilt. It is
written to a temporary file and renamed into place; its fingerprint (count and id
checksum) is compared with the stored vector ids so a stale or missing file is
detected and rebuilt.

Two kinds: an exact flat index up to ``approximate_above`` passages, and above it an
inverted-file index (IVF) trained on a bounded, seeded sample of the stored vectors,
which scans only the ``nprobe`` lists nearest the query. A small JSON sidecar records
the kind, the count it was trained on and the settings, so the index is retrained once
it has doubled since training.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from monell.config import IndexKind, IndexSettings
from monell.index.saved import INDEX_FILE as INDEX_FILE
from monell.index.saved import META_FILE as META_FILE
from monell.index.saved import Fingerprint as Fingerprint
from monell.index.saved import (
    SavedIndex,
    file_identity,
    fingerprint_of,
    identity_of,
    read_meta,
    settings_of,
    write_sidecar,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LISTS_PER_SQRT = 4  # nlist ≈ 4·√N, the usual starting point for IVF
MAX_LISTS = 4096
TRAIN_POINTS_PER_LIST = 40  # k-means needs ≥ 39 points a centroid (FAISS warns below)
MAX_TRAIN_VECTORS = MAX_LISTS * TRAIN_POINTS_PER_LIST  # 163,840 × 384 float32 ≈ 250 MB
RETRAIN_GROWTH = 2  # retrain when the index has doubled since training
TRAIN_SEED = 1234  # sample and k-means seed: the same vectors train the same index

# Each call yields the stored vectors afresh, in batches: training reads them twice.
VectorBatches: TypeAlias = Callable[[], Iterable[tuple[Sequence[int], "NDArray[np.float32]"]]]


def list_count(count: int, sample: int) -> int:
    """IVF lists for ``count`` vectors: ≈ 4·√N, capped, and trainable from the sample."""
    wanted = round(LISTS_PER_SQRT * math.sqrt(count))
    return max(1, min(wanted, MAX_LISTS, sample // TRAIN_POINTS_PER_LIST))


def build_index(
    batches: VectorBatches,
    ids: Sequence[int] | NDArray[Any],
    dimension: int,
    settings: IndexSettings | None = None,
) -> VectorIndex:
    """An index of every vector in ``batches`` (whose ids are ``ids``), of the kind its
    size calls for: flat, or IVF trained on a seeded sample of at most MAX_TRAIN_VECTORS."""
    settings = settings or IndexSettings()
    if settings.kind_for(len(ids)) is IndexKind.FLAT:
        index = VectorIndex.empty(dimension, settings)
    else:
        index = VectorIndex.trained(training_sample(batches, ids, dimension), len(ids), settings)
    for batch_ids, matrix in batches():
        index.add(batch_ids, matrix)
    return index


def training_sample(
    batches: VectorBatches, ids: Sequence[int] | NDArray[Any], dimension: int
) -> NDArray[np.float32]:
    """At most MAX_TRAIN_VECTORS of the vectors, chosen by a seeded draw over the sorted ids
    (so neither the store's row order nor the run changes the sample), read batch by batch."""
    import numpy as np

    every = np.unique(np.asarray(ids, dtype=np.int64))
    chosen = every
    if len(every) > MAX_TRAIN_VECTORS:
        draw = np.random.default_rng(TRAIN_SEED).choice(len(every), MAX_TRAIN_VECTORS, False)
        chosen = every[np.sort(draw)]
    sample = np.empty((len(chosen), dimension), dtype=np.float32)
    filled = 0
    for batch_ids, matrix in batches():
        keep = np.isin(np.asarray(batch_ids, dtype=np.int64), chosen)
        rows = matrix[keep][: len(chosen) - filled]
        sample[filled : filled + len(rows)] = rows
        filled += len(rows)
    return sample[:filled]


class VectorIndex:
    """Inner-product search over passage vectors, keyed by passage id: exact or IVF."""

    def __init__(
        self,
        index: Any,
        dimension: int,
        settings: IndexSettings | None = None,
        trained_on: int = 0,
    ) -> None:
        self.index = index
        self.dimension = dimension
        self.settings = settings or IndexSettings()
        self.trained_on = trained_on  # vectors in the index when it was trained (IVF)

    @property
    def kind(self) -> IndexKind:
        return IndexKind.FLAT if hasattr(self.index, "id_map") else IndexKind.IVF

    @classmethod
    def empty(cls, dimension: int, settings: IndexSettings | None = None) -> VectorIndex:
        import faiss

        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)), dimension, settings)

    @classmethod
    def trained(
        cls, sample: NDArray[np.float32], count: int, settings: IndexSettings | None = None
    ) -> VectorIndex:
        """An empty IVF index whose lists are k-means centroids of ``sample`` (seeded)."""
        import faiss

        dimension = int(sample.shape[1])
        quantizer = faiss.IndexFlatIP(dimension)  # the IVF object keeps it alive
        index = faiss.IndexIVFFlat(
            quantizer, dimension, list_count(count, len(sample)), faiss.METRIC_INNER_PRODUCT
        )
        # Inner product turns on spherical k-means (unit centroids): cosine clustering.
        index.cp.seed = TRAIN_SEED
        index.train(sample)
        return cls(index, dimension, settings, trained_on=count)

    @classmethod
    def load(
        cls, folder: Path, settings: IndexSettings | None = None, *, mapped: bool = False
    ) -> VectorIndex | None:
        """The saved index, or None when the file is missing, unreadable or foreign.

        Without ``settings``, the ones saved with the index apply, so a caller that
        does not read ``case.toml`` never flips the kind chosen by one that does.
        ``mapped`` maps the file instead of reading it (for searching only: a query
        touches only the lists it scans); such an index must not be changed.
        """
        import faiss

        path = folder / INDEX_FILE
        if not path.is_file():
            return None
        try:
            # MMAP_IFC maps a flat index's vectors and an IVF index's lists in place (FAISS
            # 1.15: 10 ms for a 620 MB IVF file, against 380 ms to read it).
            index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC if mapped else 0)
        except RuntimeError:
            return None  # a torn or foreign file: the caller rebuilds from the store
        if not isinstance(index, faiss.IndexIDMap2 | faiss.IndexIVFFlat):
            return None
        loaded = cls(index, int(index.d), settings, trained_on=int(index.ntotal))
        meta = read_meta(folder)
        # The sidecar is renamed after the index: trust it only if it describes this file.
        if meta.get("kind") == loaded.kind and meta.get("lists") == loaded.lists:
            loaded.trained_on = int(meta.get("trained_on", loaded.trained_on))
            loaded.settings = settings or settings_of(meta) or loaded.settings
        return loaded

    @property
    def lists(self) -> int:
        return int(self.index.nlist) if self.kind is IndexKind.IVF else 0

    def ids(self) -> NDArray[Any]:
        import faiss
        import numpy as np

        if self.kind is IndexKind.FLAT:
            return faiss.vector_to_array(self.index.id_map)
        # An IVF index keeps each list's ids next to its vectors.
        invlists = self.index.invlists
        sizes = [invlists.list_size(i) for i in range(self.index.nlist)]
        parts = [
            faiss.rev_swig_ptr(invlists.get_ids(i), size).copy()
            for i, size in enumerate(sizes)
            if size
        ]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def fingerprint(self) -> Fingerprint:
        return fingerprint_of(self.ids(), self.dimension)

    def summary(self) -> SavedIndex:
        """What the sidecar keeps about this index (its ids are read once, here)."""
        ids = self.ids()
        return SavedIndex(
            self.kind,
            self.lists,
            self.trained_on,
            self.settings,
            fingerprint_of(ids, self.dimension),
            int(ids.max()) if len(ids) else 0,
        )

    def outgrown(self) -> bool:
        return is_outgrown(self.settings, self.kind, self.count, self.trained_on)

    def add(self, ids: Sequence[int] | NDArray[np.int64], vectors: NDArray[np.float32]) -> None:
        import numpy as np

        if len(ids):
            self.index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: Sequence[int] | NDArray[np.int64]) -> None:
        import numpy as np

        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))

    def probes(self, allowed: int | None = None) -> int:
        return probes_for(self.settings, self.lists, self.count, allowed)

    def centroids(self) -> NDArray[np.float32]:
        """An IVF index's list centroids, one row a list."""
        centroids: NDArray[np.float32] = self.index.quantizer.reconstruct_n(0, self.lists)
        return centroids

    def scanned_lists(self, query: NDArray[np.float32], probes: int) -> NDArray[np.int64]:
        """The IVF lists a search scanning ``probes`` lists reads for this query."""
        import numpy as np

        with _one_thread():
            _, lists = self.index.quantizer.search(query.reshape(1, -1), probes)
        return np.asarray(lists[0], dtype=np.int64)

    def search(
        self,
        query: NDArray[np.float32],
        k: int,
        allowed: Sequence[int] | NDArray[np.int64] | None = None,
        *,
        excluded: NDArray[np.int64] | None = None,
        probes: int | None = None,
    ) -> list[tuple[int, float]]:
        """Top-k (passage id, cosine similarity); ``allowed`` restricts the candidates.

        ``excluded`` ids are never returned (removed since the file was written);
        ``probes`` overrides the IVF lists scanned (the layered index counts its own).
        """
        import faiss
        import numpy as np

        if allowed is not None and excluded is not None and len(excluded):
            allowed = np.setdiff1d(np.asarray(allowed, dtype=np.int64), excluded)
            excluded = None
        if self.index.ntotal == 0 or k <= 0 or (allowed is not None and not len(allowed)):
            return []
        params: Any
        if self.kind is IndexKind.IVF:
            params = faiss.SearchParametersIVF()
            params.nprobe = probes or self.probes(None if allowed is None else len(allowed))
        else:
            params = faiss.SearchParameters()
        # Keep the selectors referenced until the search returns: SWIG does not.
        selectors: list[Any] = []
        if allowed is not None:
            selectors.append(faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
        elif excluded is not None and len(excluded):
            selectors.append(faiss.IDSelectorBatch(excluded))
            selectors.append(faiss.IDSelectorNot(selectors[0]))
        if selectors:
            params.sel = selectors[-1]
        with _one_thread():
            scores, ids = self.index.search(
                query.reshape(1, -1), min(k, self.index.ntotal), params=params
            )
        del selectors
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, folder: Path) -> SavedIndex:
        """Write to a temporary file, then rename: a crash never leaves a torn index.

        The sidecar follows; a crash between the two renames leaves a sidecar that
        does not match the index (its kind and lists for ``load``, the file's size,
        time and inode for ``read_saved``), which is then ignored.
        """
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{INDEX_FILE}.tmp"
        faiss.write_index(self.index, str(temp))
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
            identity = identity_of(os.fstat(handle.fileno()))  # a rename keeps all three
        os.replace(temp, folder / INDEX_FILE)
        summary = self.summary()
        write_sidecar(folder, summary, identity)
        return summary

    def seal(self, folder: Path, identity: list[int]) -> SavedIndex:
        """Rewrite the sidecar of the file this index was just read from (``identity``,
        taken before reading it), so later opens can trust it without reading the file."""
        summary = self.summary()
        if file_identity(folder) == identity:  # not replaced while it was read
            write_sidecar(folder, summary, identity)
        return summary


def is_outgrown(settings: IndexSettings, kind: IndexKind, count: int, trained_on: int) -> bool:
    """Whether an index of ``count`` vectors should be rebuilt: the wrong kind for its size,
    or an IVF index that has doubled since training (new vectors only join old centroids)."""
    if settings.kind_for(count) is not kind:
        return True
    return kind is IndexKind.IVF and count >= RETRAIN_GROWTH * trained_on


def probes_for(settings: IndexSettings, lists: int, count: int, allowed: int | None) -> int:
    """IVF lists a query scans. A filter keeping a fraction f of the vectors scans
    nprobe / f lists, so about as many allowed vectors are compared as without one;
    a filter narrower than nprobe / nlist scans every list: exact."""
    if allowed is None or not count:
        return min(settings.nprobe, lists)
    return min(math.ceil(settings.nprobe * count / max(allowed, 1)), lists)


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run FAISS on one OpenMP thread: one query gains nothing from a second, and waking
    it made a flat search at 100k vectors 48 ms instead of 7 (BENCHMARKS.md). The
    setting is per calling thread (an OpenMP ICV), so concurrent searches are unaffected."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)
