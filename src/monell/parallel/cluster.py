"""Run per-document work on a Dask cluster, streaming results back to the single writer.

Same contract as the local executors (``map_unordered``): items go out a bounded number
at a time (so memory stays flat), results come back in completion order, and the writer
stores each document as it arrives. Dask reschedules a task whose worker died on
another worker (up to the scheduler's ``allowed-failures``); a task that keeps killing
workers comes back as ``WorkerCrashed`` and is reported as that item's failure. If the
scheduler itself goes away the run stops with ``SchedulerLost``: whatever was stored
stays, and running the same command again resumes without duplicates.

Workers read inputs from paths: they must see the production (and the case's
attachments folder) at the same paths as this machine, and have monell and its model
packages installed (docs/SCALING.md). ``check_paths`` says so before any work is sent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from distributed.diagnostics.plugin import WorkerPlugin

from monell.errors import InputError, MonellError
from monell.parallel.guard import ItemLimits, run_guarded
from monell.parallel.local import IN_FLIGHT_PER_WORKER, WorkerCrashed

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT_S = 20
WAIT_FOR_WORKERS_S = 60
TASK_RETRIES = 1  # besides Dask's own rescheduling when a worker dies
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters


class AllocatorPlugin(WorkerPlugin):
    """Runs ``tune_allocator`` in every worker, including workers started later."""

    name = "monell-allocator"

    def setup(self, worker: Any) -> None:
        tune_allocator()


class SchedulerLost(MonellError):
    """The Dask scheduler stopped answering mid-run."""


class DaskExecutor:
    """``map_unordered`` over a ``distributed.Client``."""

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        client: Any = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
    ) -> None:
        from distributed import Client

        self.address = scheduler or (client.scheduler.address if client else "")
        if client is None:
            try:
                client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as error:
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler} ({error}); start it with "
                    "`dask scheduler` and workers with `dask worker` (docs/SCALING.md)"
                ) from None
            self._own = True
        else:
            self._own = False
        self.client = client
        self._tune_workers()

    def _tune_workers(self) -> None:
        """Undo Dask's allocator setting on every worker, now and after any restart.

        Dask starts workers with ``MALLOC_TRIM_THRESHOLD_`` set, which also fixes glibc's
        mmap threshold at 128 KB: every large tensor is then a fresh mmap and page faults,
        and embedding ran ~60% slower than in a local process (measured, BENCHMARKS.md).
        """
        try:
            self.client.register_plugin(AllocatorPlugin(), name=AllocatorPlugin.name)
        except (OSError, TimeoutError) as error:
            raise self._lost(error) from None

    @property
    def workers(self) -> int:
        """Worker threads in the cluster now (each a slot for one item)."""
        try:
            info = self.client.scheduler_info(n_workers=-1).get("workers")
            if info is None or self.client.status != "running":
                raise OSError("the client is no longer connected")
            if not info:
                self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
                info = self.client.scheduler_info(n_workers=-1).get("workers") or {}
        except TimeoutError:
            raise InputError(
                f"no Dask worker is connected to the scheduler at {self.address}: start some "
                "with `dask worker` (docs/SCALING.md)"
            ) from None
        except OSError as error:
            raise self._lost(error) from None
        return max(1, sum(int(w.get("nthreads", 1)) for w in info.values()))

    def check_paths(self, paths: Iterable[str]) -> None:
        """Refuse to start when a worker cannot see an input the way this machine does."""
        sample = list(islice(iter(paths), 3))
        if not sample:
            return
        seen = self.client.run(_all_exist, sample)
        blind = sorted(worker for worker, ok in seen.items() if not ok)
        if blind:
            raise InputError(
                f"Dask worker(s) {', '.join(blind)} cannot read {sample[0]}: workers must see "
                "the production at the same path as this machine (a shared mount; "
                "docs/SCALING.md)"
            )

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], limits: ItemLimits | None = None
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        """As the local executors; on a cluster a task runs in a worker's thread, so only a
        ``MemoryError`` is turned into the budget's message: the time and memory of the
        cluster's workers are its own settings (``dask worker --memory-limit``)."""
        from distributed import as_completed

        if limits is not None:
            fn = partial(run_guarded, fn, limits=limits)  # type: ignore[assignment]

        queue = iter(items)
        limit = self.workers * IN_FLIGHT_PER_WORKER
        pending: dict[Any, T] = {}
        try:
            for item in islice(queue, limit):
                pending[self._submit(fn, item)] = item
            running = as_completed(list(pending), loop=self.client.loop)
            for future in running:
                item = pending.pop(future)
                yield item, self._result(future)
                for more in islice(queue, limit - len(pending)):
                    submitted = self._submit(fn, more)
                    pending[submitted] = more
                    running.add(submitted)
        finally:
            for future in pending:
                future.cancel()

    def _submit(self, fn: Callable[[T], R], item: T) -> Any:
        try:
            return self.client.submit(fn, item, pure=False, retries=TASK_RETRIES)
        except (OSError, TimeoutError, RuntimeError) as error:
            raise self._lost(error) from None

    def _result(self, future: Any) -> Any:
        from distributed import KilledWorker
        from distributed.comm.core import CommClosedError

        try:
            return future.result()
        except KilledWorker:
            return WorkerCrashed("a Dask worker died on this item every time it was tried")
        except (CommClosedError, OSError, TimeoutError) as error:
            raise self._lost(error) from None
        except Exception as error:
            if type(error).__name__ in {"CancelledError", "FutureCancelledError"}:
                raise self._lost(error) from None
            raise

    def _lost(self, error: BaseException) -> SchedulerLost:
        return SchedulerLost(
            f"lost the Dask scheduler at {self.address} ({type(error).__name__}): what was "
            "stored is kept; run the same command again to resume"
        )

    def close(self) -> None:
        if self._own:
            self.client.close()


def tune_allocator() -> bool:
    """Keep large blocks on the heap (glibc M_MMAP_THRESHOLD 64 MB, M_TRIM_THRESHOLD 128 MB).

    Embedding allocates and frees tensors of a few MB per batch; under Dask's fixed 128 KB
    mmap threshold each becomes a fresh mmap and page faults. Measured in a worker: 256
    passages in 5.0-5.4 s under Dask's setting, 2.95 s with this one (3.1-3.3 s in a local
    process, which keeps glibc's dynamic threshold). False where the C library is not glibc.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_TRIM_THRESHOLD, 128 << 20)) and bool(mallopt(M_MMAP_THRESHOLD, 64 << 20))


def _all_exist(paths: list[str]) -> bool:
    """Runs on each worker."""
    return all(os.path.exists(path) for path in paths)
