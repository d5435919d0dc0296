"""The saved vector index's sidecar and fingerprint: what is known of the file unread.

The fingerprint of a set of passage ids (count and an order-independent checksum) is
how the index is checked against the stored vectors. The sidecar, ``passages.faiss.json``,
is written after the index file and keeps its kind, lists, training count and settings,
its fingerprint and largest id, and the file's size, modification time and inode; it is
trusted only while the file on disk still has those three, so opening a case to add a
few vectors need not read a 600 MB file to learn what it holds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.config import IndexKind, IndexSettings
from monell.errors import InputError

if TYPE_CHECKING:
    from numpy.typing import NDArray

INDEX_FILE = "passages.faiss"
META_FILE = "passages.faiss.json"  # the sidecar, renamed into place after the index
CHECKSUM_MODULUS = 2**64  # fingerprint checksums are uint64 sums, which wrap


@dataclass(frozen=True)
class Fingerprint:
    """Enough to tell whether a FAISS file matches the stored vectors."""

    count: int
    checksum: int
    dimension: int

    def plus(self, other: Fingerprint) -> Fingerprint:
        """The fingerprint of both id sets together (they must be disjoint)."""
        checksum = (self.checksum + other.checksum) % CHECKSUM_MODULUS
        return Fingerprint(self.count + other.count, checksum, self.dimension)

    def minus(self, other: Fingerprint) -> Fingerprint:
        """The fingerprint without ``other``'s ids (which must all be in this set)."""
        checksum = (self.checksum - other.checksum) % CHECKSUM_MODULUS
        return Fingerprint(self.count - other.count, checksum, self.dimension)


@dataclass(frozen=True)
class SavedIndex:
    """What the sidecar says about the saved index, so it need not be read to be checked.

    Trusted only while the file is the one the sidecar was written after: same size,
    modification time and inode (``read_saved``).
    """

    kind: IndexKind
    lists: int
    trained_on: int
    settings: IndexSettings | None
    fingerprint: Fingerprint
    max_id: int  # the largest id in the file: every id stored since is larger


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


def write_sidecar(folder: Path, summary: SavedIndex, identity: list[int]) -> None:
    """The sidecar of the index file whose size, time and inode are ``identity``."""
    meta = {
        "kind": summary.kind.value,
        "lists": summary.lists,
        "trained_on": summary.trained_on,
        "settings": asdict(summary.settings) if summary.settings else None,
        "count": summary.fingerprint.count,
        "checksum": summary.fingerprint.checksum,
        "dimension": summary.fingerprint.dimension,
        "max_id": summary.max_id,
        "file": identity,
    }
    temp = folder / f".{META_FILE}.tmp"
    temp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, folder / META_FILE)


def read_saved(folder: Path) -> SavedIndex | None:
    """The saved index as its sidecar describes it, without reading the index file; None
    when the sidecar is missing, torn, of an older format, or written for another file
    (the index replaced behind its back, or the crash between the two renames)."""
    meta = read_meta(folder)
    identity = file_identity(folder)
    if identity is None or meta.get("file") != identity:
        return None
    try:
        fingerprint = Fingerprint(int(meta["count"]), int(meta["checksum"]), int(meta["dimension"]))
        return SavedIndex(
            IndexKind(meta["kind"]),
            int(meta["lists"]),
            int(meta["trained_on"]),
            settings_of(meta),
            fingerprint,
            int(meta["max_id"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def file_identity(folder: Path) -> list[int] | None:
    """Size, modification time and inode of the index file: a replaced file differs."""
    try:
        return identity_of((folder / INDEX_FILE).stat())
    except OSError:
        return None


def identity_of(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def saved_settings(folder: Path) -> IndexSettings | None:
    """The settings the saved index was built with, if its sidecar is readable."""
    return settings_of(read_meta(folder))


def settings_of(meta: dict[str, Any]) -> IndexSettings | None:
    if not meta.get("settings"):
        return None
    try:
        return IndexSettings.resolve(meta["settings"])
    except (InputError, TypeError):
        return None  # a hand-edited or foreign sidecar: as if missing


def read_meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or torn: the index alone still works
    return meta if isinstance(meta, dict) else {}
