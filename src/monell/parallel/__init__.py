"""Run pure per-item work in parallel: local processes now, a Dask cluster for larger productions.

local.py holds the executor interface, the inline and local process-pool executors; cluster.py
the Dask executor; progress.py the interface orchestrators report progress to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monell.parallel.local import Executor, InlineExecutor, LocalProcessExecutor

if TYPE_CHECKING:
    from monell.config import IngestOptions


def make_executor(workers: int, kind: str = "local", scheduler: str | None = None) -> Executor:
    """One local worker runs inline (no process start-up cost); more use a process pool;
    ``kind="dask"`` connects to the cluster at ``scheduler``."""
    if kind == "dask":
        from monell.parallel.cluster import DaskExecutor

        return DaskExecutor(scheduler)
    return InlineExecutor() if workers <= 1 else LocalProcessExecutor(workers)


def executor_for(options: IngestOptions) -> Executor:
    """The executor an ingest or reindex run's resolved options ask for."""
    return make_executor(options.worker_count, options.executor, options.scheduler)
