"""Index at scale (issue 9): exact up to a threshold, IVF trained from stored vectors above."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeModels, FakeOcr, MakePdf, StoredVectors
from numpy.typing import NDArray

from fixturekit.pages import PageSpec
from monell import config
from monell.config import IndexKind, IndexSettings
from monell.errors import InputError
from monell.index import vectors
from monell.index.update import grow_vector_index, open_vector_index, update_index
from monell.index.vectors import (
    INDEX_FILE,
    META_FILE,
    VectorIndex,
    build_index,
    fingerprint_of,
    training_sample,
)
from monell.ingest.run import ingest_paths
from monell.store import CaseStore

DIM = 64  # the index does not care about the dimension; small keeps the tests fast
THRESHOLD = 500
SMALL = IndexSettings(approximate_above=THRESHOLD)
POLICY = (
    "GENERAL ORDER 300 USE OF FORCE",
    "300.4 NECK RESTRAINTS",
    "Officers shall not use a lateral vascular neck restraint or carotid hold.",
    "The restraint may be used only when deadly force would be authorized.",
    "300.5 REPORTING",
    "Every use of force is reported to a supervisor before the end of the shift.",
)


def _unit(x: NDArray[np.float32]) -> NDArray[np.float32]:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def _random(n: int, seed: int = 0) -> NDArray[np.float32]:
    return _unit(np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32))


def _clustered(n: int, clusters: int, seed: int = 0) -> NDArray[np.float32]:
    """Unit vectors around fixed random centres (text embeddings cluster by topic);
    ``seed`` draws the points."""
    centres = _unit(np.random.default_rng(99).standard_normal((clusters, DIM)).astype(np.float32))
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((n, DIM)).astype(np.float32) * 0.8 / np.sqrt(DIM)
    return _unit(centres[rng.integers(0, clusters, n)] + noise)


def _build(matrix: NDArray[np.float32], settings: IndexSettings = SMALL) -> VectorIndex:
    ids = np.arange(1, len(matrix) + 1)

    def batches() -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
        for start in range(0, len(ids), 200):
            yield ids[start : start + 200], matrix[start : start + 200]

    return build_index(batches, ids, DIM, settings)


def _exact_top(matrix: NDArray[np.float32], query: NDArray[np.float32], k: int) -> list[int]:
    return [int(i) + 1 for i in np.argsort(-(matrix @ query), kind="stable")[:k]]


@pytest.fixture(scope="module")
def ivf() -> tuple[VectorIndex, NDArray[np.float32]]:
    """800 vectors in 20 lists; a query scans one list (its nearest), unless filtered."""
    matrix = _random(800)
    return _build(matrix, IndexSettings(THRESHOLD, nprobe=1)), matrix


@pytest.mark.parametrize(
    ("count", "kind"),
    [
        (THRESHOLD, IndexKind.FLAT),  # at the threshold: still exact
        (THRESHOLD + 1, IndexKind.IVF),
    ],
)
def test_the_index_is_exact_up_to_the_threshold_and_ivf_above(count: int, kind: str) -> None:
    index = _build(_random(count))
    assert index.kind == kind
    assert sorted(index.ids().tolist()) == list(range(1, count + 1))


def test_adding_past_the_threshold_rebuilds_as_ivf_trained_from_the_store(
    tmp_path: Path,
) -> None:
    store, folder = StoredVectors(), tmp_path / "indexes"
    index, _ = open_vector_index(store, folder, DIM, SMALL)
    kinds = []
    for seed in range(7):  # 7 documents of 100 passages, stored one at a time
        matrix = _random(100, seed)
        index = grow_vector_index(store, folder, index, store.save(matrix), matrix)
        kinds.append(index.kind)
    assert kinds == [IndexKind.FLAT] * 5 + [IndexKind.IVF] * 2
    assert index.trained_on == 600  # trained when the sixth document crossed 500
    assert index.fingerprint() == fingerprint_of(store.vector_ids(), DIM)
    assert VectorIndex.load(folder).kind == IndexKind.IVF


def test_an_ivf_index_is_retrained_once_it_has_doubled(tmp_path: Path) -> None:
    store, folder = StoredVectors(_random(600)), tmp_path / "indexes"
    index, _ = open_vector_index(store, folder, settings=SMALL)
    assert (index.kind, index.trained_on) == (IndexKind.IVF, 600)
    for seed in range(1, 7):  # new vectors join the old centroids until 1,200
        matrix = _random(100, seed)
        index = grow_vector_index(store, folder, index, store.save(matrix), matrix)
        assert index.trained_on == (1200 if seed == 6 else 600)


def test_a_flat_index_of_a_case_past_the_threshold_turns_ivf_when_opened(tmp_path: Path) -> None:
    store, folder = StoredVectors(_random(600)), tmp_path / "indexes"
    open_vector_index(store, folder, settings={"approximate_above": 1000})
    index, rebuilt = open_vector_index(store, folder, settings={"approximate_above": 500})
    assert rebuilt and index.kind == IndexKind.IVF


def test_a_caller_without_settings_keeps_the_kind_the_index_was_built_with(
    tmp_path: Path,
) -> None:
    store, folder = StoredVectors(_random(600)), tmp_path / "indexes"
    open_vector_index(store, folder, settings={"approximate_above": 500, "nprobe": 4})
    index, rebuilt = open_vector_index(store, folder)
    assert not rebuilt and index.kind == IndexKind.IVF
    assert index.settings == IndexSettings(500, 4)


def test_querying_a_stored_vector_returns_itself_first_as_exact_search_does(
    ivf: tuple[VectorIndex, NDArray[np.float32]],
) -> None:
    index, matrix = ivf
    for passage_id in range(1, 801, 16):
        query = matrix[passage_id - 1]
        ((top, score), *_) = index.search(query, 10)
        assert top == passage_id == _exact_top(matrix, query, 1)[0]
        assert score == pytest.approx(1.0, abs=1e-5)


def test_an_allowed_filter_on_ivf_returns_the_best_allowed_passages(
    ivf: tuple[VectorIndex, NDArray[np.float32]],
) -> None:
    index, matrix = ivf
    allowed = sorted(np.random.default_rng(3).choice(np.arange(1, 801), 40, replace=False))
    query = _random(1, seed=9)[0]
    hits = [pid for pid, _ in index.search(query, 10, [int(a) for a in allowed])]
    within = [pid for pid in _exact_top(matrix, query, 800) if pid in set(allowed)]
    assert hits == within[:10]  # a narrow filter scans every list: exact
    assert index.search(query, 10, []) == []


@pytest.mark.parametrize(
    ("allowed", "probes"),
    [
        (None, 4),  # no filter: nprobe
        (800, 4),  # a filter keeping everything
        (400, 8),  # half the passages: twice the lists, as many allowed vectors compared
        (10, 20),  # a handful: every list (exact)
    ],
)
def test_a_filter_scans_more_lists_the_narrower_it_is(allowed: int | None, probes: int) -> None:
    index = _build(_random(800), IndexSettings(THRESHOLD, nprobe=4))
    assert index.lists == 20  # 800 // 40 training points a list
    assert index.probes(allowed) == probes


def test_removed_passages_leave_the_ivf_index(tmp_path: Path) -> None:
    matrix = _random(800)
    index = _build(matrix)
    index.remove(list(range(1, 11)))
    assert index.index.ntotal == 790
    assert index.fingerprint() == fingerprint_of(list(range(11, 801)), DIM)
    assert 1 not in [pid for pid, _ in index.search(matrix[0], 10)]


def test_save_and_load_keep_the_kind_training_count_and_settings(tmp_path: Path) -> None:
    matrix = _random(800)
    index = _build(matrix, IndexSettings(THRESHOLD, nprobe=5))
    index.save(tmp_path)
    loaded = VectorIndex.load(tmp_path)
    assert loaded is not None
    assert (loaded.kind, loaded.lists, loaded.trained_on) == (IndexKind.IVF, 20, 800)
    assert loaded.settings == IndexSettings(THRESHOLD, nprobe=5)
    assert loaded.fingerprint() == index.fingerprint()
    assert loaded.search(matrix[7], 5) == index.search(matrix[7], 5)


def test_a_sidecar_that_does_not_describe_the_index_is_ignored(tmp_path: Path) -> None:
    """A crash between the two renames: the index is new, the sidecar is the old one's."""
    _build(_random(800)).save(tmp_path)
    meta = (tmp_path / META_FILE).read_text()
    _build(_random(1200)).save(tmp_path)  # 30 lists, trained on 1,200
    (tmp_path / META_FILE).write_text(meta)  # says 20 lists, trained on 800
    loaded = VectorIndex.load(tmp_path)
    assert loaded is not None and loaded.trained_on == 1200  # counted from the file


@pytest.mark.parametrize("damage", ["delete", "truncate", "truncate sidecar"])
def test_a_missing_or_torn_ivf_file_is_rebuilt_from_the_store(tmp_path: Path, damage: str) -> None:
    store, folder = StoredVectors(_random(600)), tmp_path / "indexes"
    open_vector_index(store, folder, settings=SMALL)
    path = folder / (META_FILE if damage == "truncate sidecar" else INDEX_FILE)
    if damage == "delete":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[:100])
    index, rebuilt = open_vector_index(store, folder, settings=SMALL)
    assert rebuilt == (damage != "truncate sidecar")  # without the sidecar the index still works
    assert index.kind == IndexKind.IVF
    assert index.fingerprint() == fingerprint_of(store.vector_ids(), DIM)


def test_ivf_recall_at_10_against_exact_search_is_at_least_0_9_on_clustered_vectors() -> None:
    matrix = _clustered(6000, clusters=60)
    index = _build(matrix, IndexSettings(THRESHOLD, nprobe=8))  # 8 of 150 lists: 5%
    rng = np.random.default_rng(5)
    near = _unit(matrix[rng.integers(0, 6000, 50)] + 0.1 * _random(50, seed=6))
    fresh = _clustered(50, clusters=60, seed=1)  # the same topics, passages not stored
    recalls = [
        len({pid for pid, _ in index.search(q, 10)} & set(_exact_top(matrix, q, 10))) / 10
        for q in np.vstack([near, fresh])
    ]
    assert index.lists == 150
    assert np.mean(recalls) >= 0.9


def test_training_is_deterministic_and_reads_a_bounded_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matrix = _random(900)
    first, second = _build(matrix), _build(matrix)
    queries = _random(20, seed=4)
    assert [first.search(q, 10) for q in queries] == [second.search(q, 10) for q in queries]

    monkeypatch.setattr(vectors, "MAX_TRAIN_VECTORS", 300)
    store = StoredVectors(matrix)
    sample = training_sample(store.matrix_batches, store.vector_ids(), DIM)
    again = training_sample(lambda: [(np.arange(1, 901), matrix)], list(range(900, 0, -1)), DIM)
    assert sample.shape == (300, DIM)
    assert np.array_equal(sample, again)  # same ids, same draw, whatever the order or batching
    assert {row.tobytes() for row in sample} <= {row.tobytes() for row in matrix}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"approximate_above": 50}, "approximate_above must be a whole number ≥ 100"),
        ({"nprobe": 0}, "nprobe must be a whole number ≥ 1"),
        ({"nprobe": "32"}, "nprobe must be a whole number"),
        ({"nlist": 100}, "unknown index setting"),
    ],
)
def test_index_settings_from_case_toml_are_checked(value: dict[str, object], problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        IndexSettings.resolve(value)


def test_index_settings_default_to_exact_search_up_to_200000_passages() -> None:
    settings = IndexSettings.resolve({"nprobe": 16})
    assert (settings.approximate_above, settings.nprobe) == (200_000, 16)
    assert settings.kind_for(200_000) == IndexKind.FLAT
    assert settings.kind_for(200_001) == IndexKind.IVF


def test_update_index_reports_ivf_once_the_case_passes_the_threshold(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MIN_APPROXIMATE_ABOVE", 1)  # a handful of passages
    folder = tmp_path / "indexes"
    path = make_pdf("VOL001/policy.pdf", [PageSpec(lines=POLICY, bates="RIV0000001")])
    ingest_paths(store, [path], "VOL001", {"workers": 1}, ocr=FakeOcr())
    first = update_index(store, folder, FakeModels(), settings={"approximate_above": 1000})
    stored = len(store.vector_ids())
    second = update_index(store, folder, FakeModels(), settings={"approximate_above": stored - 1})
    assert (first.index_kind, second.index_kind, second.rebuilt) == ("flat", "ivf", True)
    index, rebuilt = open_vector_index(store, folder)  # a command that reads no settings
    assert (index.kind, rebuilt) == (IndexKind.IVF, False)
    assert index.fingerprint() == fingerprint_of(store.vector_ids(), index.dimension)
