"""The small files beside the big vector index: its added layer and its centroids.

Both are NumPy archives written to a temporary name, synced and renamed into place, so
each is whole or absent, and both carry the binding of the big file they belong to (its
id fingerprint, dimension and list count): one left over from an older big file, after
a crash in a fold or a rebuild, is ignored rather than searched twice or trusted.

- ``passages.added.npz``: the vectors added since the big file was written (ids,
  vectors, each vector's IVF list) and the ids removed from the big file since.
- ``passages.centroids.npz``: an IVF big file's centroids (2,530 × 384 float32, 3.9 MB
  at 400,000 passages), so a new vector's list is found without mapping the big file or
  importing FAISS (0.13 s) in the process that adds it.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.index.saved import SavedIndex

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

ADDED_FILE = "passages.added.npz"
CENTROIDS_FILE = "passages.centroids.npz"


@dataclass(frozen=True)
class AddedLayer:
    """Vectors added since the big file was written, and ids removed from it since."""

    ids: NDArray[np.int64]
    vectors: NDArray[np.float32]
    lists: NDArray[np.int64]  # each vector's IVF list in the big file; -1 when it is flat
    removed: NDArray[np.int64]  # sorted ids of the big file's vectors no longer stored

    @classmethod
    def empty(cls, dimension: int) -> AddedLayer:
        import numpy as np

        none = np.empty(0, dtype=np.int64)
        return cls(none, np.empty((0, dimension), dtype=np.float32), none, none)

    @property
    def size(self) -> int:
        return len(self.ids) + len(self.removed)


def write_added(folder: Path, layer: AddedLayer, saved: SavedIndex) -> None:
    """The added layer of the big file ``saved`` describes."""
    _write(
        folder / ADDED_FILE,
        saved,
        ids=layer.ids,
        vectors=layer.vectors,
        lists=layer.lists,
        removed=layer.removed,
    )


def read_added(folder: Path, saved: SavedIndex) -> AddedLayer | None:
    """The added layer of this big file; None when missing, torn, or another file's."""
    import numpy as np

    arrays = _read(folder / ADDED_FILE, saved, ("ids", "vectors", "lists", "removed"))
    if arrays is None:
        return None
    layer = AddedLayer(arrays["ids"], arrays["vectors"], arrays["lists"], arrays["removed"])
    shape = (len(layer.ids), saved.fingerprint.dimension)
    if layer.vectors.shape != shape or len(layer.lists) != len(layer.ids):
        return None
    return layer if layer.ids.dtype == np.int64 == layer.removed.dtype else None


def write_centroids(folder: Path, centroids: NDArray[np.float32], saved: SavedIndex) -> None:
    _write(folder / CENTROIDS_FILE, saved, centroids=centroids)


def read_centroids(folder: Path, saved: SavedIndex) -> NDArray[np.float32] | None:
    """The IVF centroids of this big file, or None when missing, torn or another file's."""
    arrays = _read(folder / CENTROIDS_FILE, saved, ("centroids",))
    if arrays is None:
        return None
    centroids: NDArray[np.float32] = arrays["centroids"]
    return centroids if centroids.shape == (saved.lists, saved.fingerprint.dimension) else None


def _write(path: Path, saved: SavedIndex, **arrays: Any) -> None:
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    with temp.open("wb") as handle:
        np.savez(handle, base=np.asarray(_binding(saved), dtype=np.uint64), **arrays)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def _read(path: Path, saved: SavedIndex, names: tuple[str, ...]) -> dict[str, Any] | None:
    import numpy as np

    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if [int(v) for v in data["base"]] != _binding(saved):
                return None  # another big file's
            return {name: data[name] for name in names}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # torn or foreign: the store check finds what is missing


def _binding(saved: SavedIndex) -> list[int]:
    """What ties a file to its big file: the big file's ids, dimension and lists."""
    fingerprint = saved.fingerprint
    return [fingerprint.count, fingerprint.checksum, fingerprint.dimension, saved.lists]
