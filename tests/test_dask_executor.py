"""The Dask executor: the same case as a local run, and nothing lost when workers die."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import FakeModels, FakeOcr, MakePdf
from dask_helpers import AlwaysCrashOcr, CrashOnceOcr

from fixturekit.loadfile import VolumeDoc, write_volume
from fixturekit.pages import PageSpec, stamped_pages
from monell.config import IngestOptions
from monell.errors import InputError
from monell.index.update import update_index
from monell.ingest.run import ingest_paths
from monell.parallel.cluster import DaskExecutor, SchedulerLost
from monell.parallel.local import InlineExecutor, WorkerCrashed
from monell.store import CaseStore

TESTS = Path(__file__).resolve().parent
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A LocalCluster of two single-threaded worker processes, as CI runs it."""
    from distributed import LocalCluster

    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), previous]))
    try:
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
            silence_logs=50,
        ) as local:  # fmt: skip
            yield local
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


@pytest.fixture
def dask(cluster: object) -> Iterator[DaskExecutor]:
    from distributed import Client

    with Client(cluster, set_as_default=False) as client:
        yield DaskExecutor(client=client)


def _production(tmp_path: Path, make_pdf: MakePdf) -> Path:
    folder = tmp_path / "PROD"
    make_pdf("PROD/RIV0000001.pdf", stamped_pages("RIV", 1, 3))
    make_pdf(
        "PROD/RIV0000004.pdf",
        [PageSpec(lines=("Lesson plan: prone restraint and asphyxia.",), bates="RIV0000004"),
         PageSpec(image_only=True, bates="RIV0000005")],
    )  # fmt: skip
    write_volume(
        folder / "VOL002",
        [VolumeDoc("RIV0000010", text_pages=["Complaint IA #2019-0142: chokehold alleged."])],
    )
    return folder


def _snapshot(store: CaseStore) -> tuple[object, ...]:
    documents = sorted((d.sha256, d.bates_begin, d.bates_end, d.page_count, d.doc_type)
                       for d in store.list_documents())  # fmt: skip
    pages = sorted(store.conn.execute(
        "SELECT d.sha256, p.page_number, p.text, p.bates, p.method FROM pages p "
        "JOIN documents d ON d.id = p.document_id"
    ).fetchall())  # fmt: skip
    passages = sorted(store.conn.execute(
        "SELECT d.sha256, p.ordinal, p.text, p.cite FROM passages p "
        "JOIN documents d ON d.id = p.document_id"
    ).fetchall())  # fmt: skip
    return documents, pages, passages


def _vectors(store: CaseStore) -> dict[tuple[str, int], np.ndarray]:
    rows = store.conn.execute(
        "SELECT d.sha256, p.ordinal, v.vector FROM passage_vectors v "
        "JOIN passages p ON p.id = v.passage_id JOIN documents d ON d.id = p.document_id"
    )
    return {(sha, ordinal): np.frombuffer(blob, dtype=np.float32) for sha, ordinal, blob in rows}


def test_a_dask_run_stores_the_same_case_as_a_local_run(
    tmp_path: Path, make_pdf: MakePdf, dask: DaskExecutor
) -> None:
    production = _production(tmp_path, make_pdf)
    stores = {}
    for name, executor in (("local", InlineExecutor()), ("dask", dask)):
        store = CaseStore(tmp_path / f"{name}.db")
        result = ingest_paths(store, [production], "VOL001", {"workers": 2},
                              executor=executor, ocr=FakeOcr())  # fmt: skip
        assert result.ok and len(result.added) == 3
        update_index(store, tmp_path / f"{name}-index", FakeModels(), executor=executor)
        stores[name] = store
    assert _snapshot(stores["dask"]) == _snapshot(stores["local"])
    local, remote = _vectors(stores["local"]), _vectors(stores["dask"])
    assert local.keys() == remote.keys() and local
    for key, vector in local.items():
        np.testing.assert_allclose(remote[key], vector, atol=1e-6)


def test_a_worker_that_dies_mid_document_loses_nothing(
    tmp_path: Path, make_pdf: MakePdf, dask: DaskExecutor
) -> None:
    make_pdf("SCANS/RIV0000020.pdf", [PageSpec(image_only=True, bates="RIV0000020")])
    make_pdf("SCANS/RIV0000021.pdf", stamped_pages("RIV", 21, 2))
    ocr = CrashOnceOcr(str(tmp_path / "crashed.marker"))
    with CaseStore(tmp_path / "case.db") as store:
        result = ingest_paths(store, [tmp_path / "SCANS"], "VOL001", {"workers": 2},
                              executor=dask, ocr=ocr)  # fmt: skip
        assert (tmp_path / "crashed.marker").exists()  # a worker really died
        assert result.ok and len(result.added) == 2
        scan = next(d for d in result.added if d.path.endswith("RIV0000020.pdf"))
        assert scan.ocr_pages == 1


def test_an_item_that_kills_every_worker_is_reported_not_retried_forever(
    make_pdf: MakePdf, dask: DaskExecutor
) -> None:
    scan = make_pdf("BAD/RIV0000030.pdf", [PageSpec(image_only=True, bates="RIV0000030")])
    results = list(dask.map_unordered(_ocr_page, [(str(scan), AlwaysCrashOcr())]))
    assert len(results) == 1 and isinstance(results[0][1], WorkerCrashed)


def _ocr_page(item: tuple[str, AlwaysCrashOcr]) -> str:
    from monell.ingest.extract import extract_document

    path, ocr = item
    document = extract_document(path, IngestOptions(), ocr)
    return type(document).__name__


def test_workers_that_cannot_see_the_production_are_refused_before_any_work(
    tmp_path: Path, dask: DaskExecutor
) -> None:
    with pytest.raises(InputError, match="same path"):
        dask.check_paths([str(tmp_path / "only-on-this-machine.pdf")])


def test_a_scheduler_that_goes_away_stops_the_run_with_a_clear_message(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                           dashboard_address=":0", silence_logs=50)  # fmt: skip
    client = Client(cluster, set_as_default=False)
    executor = DaskExecutor(client=client)
    cluster.close()
    with pytest.raises(SchedulerLost, match="run the same command again"):
        list(executor.map_unordered(str, range(3)))
    client.close()


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=2)


def test_the_dask_executor_needs_a_scheduler_address() -> None:
    with pytest.raises(InputError, match="scheduler address"):
        IngestOptions(executor="dask")
    with pytest.raises(InputError, match="unknown executor"):
        IngestOptions(executor="spark")


def test_the_commands_refuse_dask_without_a_scheduler_before_storing_anything(
    case_dir: Path, make_pdf: MakePdf
) -> None:
    from click.testing import CliRunner

    from monell.cli import main

    pdf = make_pdf("VOL001/RIV0000001.pdf", stamped_pages("RIV", 1, 1))
    runner = CliRunner()
    for args in (["ingest", str(pdf)], ["reindex"]):
        result = runner.invoke(main, [*args, "--case", str(case_dir), "--executor", "dask"])
        assert result.exit_code == 1
        assert "needs a scheduler address" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    with CaseStore(case_dir / "monell.db") as store:
        assert store.list_documents() == []


def _has_allocator_plugin(dask_worker: object) -> bool:
    return "monell-allocator" in getattr(dask_worker, "plugins", {})


def test_every_worker_gets_the_allocator_setting_that_keeps_embedding_fast(
    dask: DaskExecutor,
) -> None:
    assert set(dask.client.run(_has_allocator_plugin).values()) == {True}
