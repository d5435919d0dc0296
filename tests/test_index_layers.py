"""The vector index in two layers (issue 21): a small addition never rewrites the big file.

The big file stays as written; additions and removals go to a small added layer bound to
it; search over both equals search over one index holding every vector; damage to either
file, or a crash in a fold, is found and repaired or rebuilt from the store.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder, FakeModels, FakeOcr, MakePdf, StoredVectors
from numpy.typing import NDArray

from fixturekit.pages import PageSpec
from monell.config import IndexKind, IndexSettings
from monell.errors import StoreError
from monell.index import layers
from monell.index.added_layer import ADDED_FILE, CENTROIDS_FILE
from monell.index.layers import LayeredIndex
from monell.index.search import search_passages
from monell.index.update import grow_vector_index, open_vector_index, update_index
from monell.index.vectors import INDEX_FILE, META_FILE, VectorIndex, build_index
from monell.ingest.run import ingest_paths
from monell.store import CaseStore

DIM = 64
SETTINGS = {
    IndexKind.FLAT: IndexSettings(approximate_above=5000),
    IndexKind.IVF: IndexSettings(approximate_above=500, nprobe=2),  # 800 vectors: 20 lists
}
POLICY = ("GENERAL ORDER 300 USE OF FORCE", "Officers shall not use a carotid hold.")
LESSON = ("LESSON PLAN: HANDCUFFING", "Students double-lock the handcuffs on a subject.")


def _random(n: int, seed: int) -> NDArray[np.float32]:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _ingest(store: CaseStore, path: Path, production: str) -> None:
    ingest_paths(store, [path], production, {"workers": 1}, ocr=FakeOcr())


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_ino


def _grow(store: StoredVectors, folder: Path, index: LayeredIndex, n: int, seed: int) -> None:
    matrix = _random(n, seed)
    grow_vector_index(store, folder, index, store.save(matrix), matrix).save(folder)


def _assert_same(got: list[tuple[int, float]], want: list[tuple[int, float]]) -> None:
    """Same ids in the same order, same scores within float rounding."""
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-5)


@pytest.fixture(params=[IndexKind.FLAT, IndexKind.IVF])
def layered(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[StoredVectors, Path]:
    """800 stored vectors in the big file; then 60 added and 20 of the big file's removed,
    the 6 added vectors of the first batch removed again: all in the added layer."""
    store, folder = StoredVectors(_random(800, 0)), tmp_path / "indexes"
    index, _ = open_vector_index(store, folder, DIM, SETTINGS[request.param])
    assert index.kind == request.param
    for seed in (1, 2, 3):
        _grow(store, folder, index, 20, seed)
    gone = store.delete([*range(3, 800, 40), *range(801, 807)])
    index.remove(gone)
    index.save(folder)
    return store, folder


def _one_index(store: StoredVectors, folder: Path, kind: IndexKind) -> VectorIndex:
    """What the same vectors give in a single index: for IVF the big file's centroids with
    every vector added (what a fold writes, and what the index held before layers)."""
    if kind is IndexKind.FLAT:
        ids = store.vector_ids()
        return build_index(store.matrix_batches, ids, DIM, SETTINGS[kind])
    single = VectorIndex.load(folder, SETTINGS[kind])
    assert single is not None
    single.remove(np.setdiff1d(single.ids(), store.vector_ids()))
    for ids, matrix in store.matrix_batches():
        new = [i for i in ids if i > 800]
        single.add(new, matrix[[ids.index(i) for i in new]])
    return single


def test_issue_21_adding_a_document_leaves_the_big_file_untouched_and_is_found(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "indexes"
    _ingest(store, make_pdf("V1/p.pdf", [PageSpec(lines=POLICY, bates="A1")]), "V1")
    update_index(store, folder, FakeModels())
    before = _identity(folder / INDEX_FILE)
    _ingest(store, make_pdf("V2/l.pdf", [PageSpec(lines=LESSON, bates="A2")]), "V2")
    report = update_index(store, folder, FakeModels())

    assert report.documents == 1 and not report.rebuilt
    assert _identity(folder / INDEX_FILE) == before
    assert (folder / ADDED_FILE).is_file()
    index, rebuilt = open_vector_index(store, folder)
    hits = search_passages(store, index, FakeEmbedder(), "double-lock the handcuffs")  # type: ignore[arg-type]
    assert not rebuilt and Path(hits[0].passage.file).name == "l.pdf"


@pytest.mark.parametrize(
    ("kind", "centroids", "loads"),
    [
        (IndexKind.FLAT, False, []),
        (IndexKind.IVF, True, []),  # new vectors placed by the centroids kept beside it
        (IndexKind.IVF, False, [True]),  # a big file from before: mapped once, not read
    ],
)
def test_issue_21_growing_an_index_never_reads_or_rewrites_the_big_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: IndexKind,
    centroids: bool,
    loads: list[bool],
) -> None:
    store, folder = StoredVectors(_random(800, 0)), tmp_path / "indexes"
    open_vector_index(store, folder, DIM, SETTINGS[kind])
    assert (folder / CENTROIDS_FILE).is_file() == (kind is IndexKind.IVF)
    if not centroids:
        (folder / CENTROIDS_FILE).unlink(missing_ok=True)
    before = _identity(folder / INDEX_FILE)
    reads: list[bool] = []
    load = VectorIndex.load.__func__  # type: ignore[attr-defined]

    def record(cls: type[VectorIndex], *args: object, mapped: bool = False) -> object:
        reads.append(mapped)
        return load(cls, *args, mapped=mapped)

    monkeypatch.setattr(VectorIndex, "load", classmethod(record))
    monkeypatch.setattr(store, "vector_ids", lambda: pytest.fail("every stored id listed"))
    for seed in (1, 2):
        index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
        _grow(store, folder, index, 90, seed)
        assert not rebuilt
    assert _identity(folder / INDEX_FILE) == before
    assert reads == loads
    monkeypatch.undo()
    single = _one_index(store, folder, kind)
    for query in _random(90, 1)[::9]:  # the added vectors themselves
        _assert_same(index.search(query, 10), single.search(query, 10))


def test_search_over_both_layers_equals_search_over_one_index(
    layered: tuple[StoredVectors, Path], request: pytest.FixtureRequest
) -> None:
    store, folder = layered
    kind = request.node.callspec.params["layered"]
    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
    single = _one_index(store, folder, kind)
    assert not rebuilt and (folder / ADDED_FILE).is_file()
    assert sorted(index.ids().tolist()) == sorted(store.vector_ids())
    rng = np.random.default_rng(7)
    stored = np.array(store.vector_ids())
    filters = [None, rng.choice(stored, 400, replace=False), rng.choice(stored, 15, replace=False)]
    queries = np.vstack([_random(15, 8), _random(60, 3)[::4]])  # fresh, and added vectors
    for allowed in filters:
        wanted = None if allowed is None else allowed.tolist()
        for query in queries:
            _assert_same(index.search(query, 10, wanted), single.search(query, 10, wanted))


def test_removed_vectors_of_the_big_file_never_come_back(
    layered: tuple[StoredVectors, Path], request: pytest.FixtureRequest
) -> None:
    store, folder = layered
    kind = request.node.callspec.params["layered"]
    removed = list(range(3, 800, 40))
    queries = _random(800, 0)[[i - 1 for i in removed]]  # each removed vector itself
    index, _ = open_vector_index(store, folder, settings=SETTINGS[kind])
    _grow(store, folder, index, 30, 9)
    for state in ("layered", "folded"):
        index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
        assert not rebuilt
        for query in queries:
            assert not {i for i, _ in index.search(query, 20)} & set(removed), state
            assert index.search(query, 20, removed) == [], state
        index.fold(folder)
    assert not (folder / ADDED_FILE).exists()
    big = VectorIndex.load(folder)
    assert big is not None and not set(big.ids().tolist()) & set(removed)


@pytest.mark.parametrize("damage", ["torn", "missing", "stale"])
def test_a_damaged_added_layer_is_repaired_from_the_store(
    layered: tuple[StoredVectors, Path], damage: str, request: pytest.FixtureRequest
) -> None:
    store, folder = layered
    kind = request.node.callspec.params["layered"]
    added = folder / ADDED_FILE
    older = added.read_bytes()
    index, _ = open_vector_index(store, folder, settings=SETTINGS[kind])
    _grow(store, folder, index, 25, 10)
    index.remove(store.delete([5, 825]))  # one of the big file's, one added
    index.save(folder)
    if damage == "torn":
        added.write_bytes(added.read_bytes()[:300])
    elif damage == "missing":
        added.unlink()
    else:
        added.write_bytes(older)  # the layer as it was two saves ago
    big = _identity(folder / INDEX_FILE)

    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
    ids = index.ids().tolist()
    assert rebuilt and sorted(ids) == sorted(store.vector_ids())  # nothing twice, none lost
    assert _identity(folder / INDEX_FILE) == big  # repaired, not rebuilt
    assert not open_vector_index(store, folder, settings=SETTINGS[kind])[1]


def test_a_big_file_replaced_behind_its_sidecar_is_detected(
    layered: tuple[StoredVectors, Path], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """An older copy of the big file put back (a backup restored) after a fold wrote a new
    one and deleted the added layer: the sidecar describes another file."""
    store, folder = layered
    kind = request.node.callspec.params["layered"]
    shutil.copyfile(folder / INDEX_FILE, tmp_path / "old.faiss")
    index, _ = open_vector_index(store, folder, settings=SETTINGS[kind])
    index.fold(folder)
    shutil.copyfile(tmp_path / "old.faiss", folder / INDEX_FILE)

    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
    assert rebuilt and sorted(index.ids().tolist()) == sorted(store.vector_ids())
    for passage_id in (100, 3, 830):  # kept, removed from the big file, added since
        stored = passage_id in store.rows
        query = store.rows[passage_id] if stored else _random(800, 0)[passage_id - 1]
        hits = [i for i, _ in index.search(query, 5)]
        assert (passage_id in hits) == stored
        assert len(hits) == len(set(hits))


@pytest.mark.parametrize("crash", ["before the added layer is deleted", "before the sidecar"])
def test_a_crash_inside_a_fold_finds_nothing_twice(
    layered: tuple[StoredVectors, Path], crash: str, request: pytest.FixtureRequest
) -> None:
    store, folder = layered
    kind = request.node.callspec.params["layered"]
    leftovers = {ADDED_FILE: (folder / ADDED_FILE).read_bytes()}
    if crash == "before the sidecar":
        leftovers[META_FILE] = (folder / META_FILE).read_bytes()
    index, _ = open_vector_index(store, folder, settings=SETTINGS[kind])
    index.fold(folder)
    for name, data in leftovers.items():  # as the crash would have left them
        (folder / name).write_bytes(data)

    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[kind])
    ids = index.ids().tolist()
    assert not rebuilt and len(ids) == len(set(ids)) == len(store.vector_ids())
    for query in _random(60, 3)[::7]:  # added vectors, now in the big file only
        hits = [i for i, _ in index.search(query, 10)]
        assert len(hits) == len(set(hits))


@pytest.mark.parametrize("kind", [IndexKind.FLAT, IndexKind.IVF])
def test_the_added_layer_is_folded_into_the_big_file_past_its_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: IndexKind
) -> None:
    monkeypatch.setattr(layers, "FOLD_FLOOR", 100)
    store, folder = StoredVectors(_random(800, 0)), tmp_path / "indexes"
    open_vector_index(store, folder, DIM, SETTINGS[kind])
    before = _identity(folder / INDEX_FILE)
    rewritten = []
    for seed in range(1, 4):  # 3 × 40 vectors: past 100 at the third save
        index, _ = open_vector_index(store, folder, settings=SETTINGS[kind])
        _grow(store, folder, index, 40, seed)
        rewritten.append(_identity(folder / INDEX_FILE) != before)
    assert rewritten == [False, False, True]
    assert not (folder / ADDED_FILE).exists()
    big = VectorIndex.load(folder)
    assert big is not None and sorted(big.ids().tolist()) == sorted(store.vector_ids())
    assert big.kind == kind
    if kind is IndexKind.IVF:
        assert big.trained_on == 800  # a fold adds to the lists it has: no retraining


def test_a_full_reindex_leaves_one_big_file(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "indexes"
    for number, lines in enumerate((POLICY, LESSON), start=1):
        path = make_pdf(f"V{number}/d.pdf", [PageSpec(lines=lines, bates=f"A{number}")])
        _ingest(store, path, f"V{number}")
        update_index(store, folder, FakeModels())
    assert (folder / ADDED_FILE).is_file()  # the second document went to the added layer

    update_index(store, folder, FakeModels(), full=True)
    assert not (folder / ADDED_FILE).exists()
    big = VectorIndex.load(folder)
    assert big is not None and sorted(big.ids().tolist()) == sorted(store.vector_ids())


def test_the_store_tally_counts_vectors_and_lists_only_newer_ids(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path
) -> None:
    assert store.vector_tally(0) == (0, [])
    pages = [PageSpec(lines=POLICY, bates="A1"), PageSpec(lines=LESSON, bates="A2")]
    _ingest(store, make_pdf("V1/p.pdf", pages), "V1")
    update_index(store, tmp_path / "indexes", FakeModels())
    ids = sorted(store.vector_ids())
    assert len(ids) >= 2 and store.vector_tally(ids[0]) == (len(ids), ids[1:])


def test_a_big_file_corrupted_in_place_is_refused_then_rebuilt(tmp_path: Path) -> None:
    """Bytes changed with the size, time and inode kept: the sidecar still matches, so the
    damage shows only when the file is read; that search fails and the next open rebuilds."""
    store, folder = StoredVectors(_random(800, 0)), tmp_path / "indexes"
    open_vector_index(store, folder, DIM, SETTINGS[IndexKind.IVF])
    path = folder / INDEX_FILE
    stat = path.stat()
    with path.open("r+b") as handle:
        handle.write(b"\0" * 64)  # the header: FAISS cannot read the file
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[IndexKind.IVF])
    assert not rebuilt
    with pytest.raises(StoreError, match="unreadable; run the command again"):
        index.search(store.rows[1], 5)
    index, rebuilt = open_vector_index(store, folder, settings=SETTINGS[IndexKind.IVF])
    assert rebuilt and index.search(store.rows[1], 1)[0][0] == 1
