"""Executors run pure per-item functions and stream results back to the writer.

Only the writer process touches the case store; executors just map: an in-process
executor (one worker, tests), a local process pool, and a Dask cluster
(``dask_executor.py``), all behind the same ``map_unordered``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import islice
from typing import Protocol, TypeVar

from monell.parallel.guard import (
    ItemLimits,
    WorkerCrashed,
    crash_reason,
    limits_for,
    run_guarded,
    start_worker_watch,
)

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2  # bounded queue: memory stays flat however large the production
__all__ = ["Executor", "InlineExecutor", "LocalProcessExecutor", "WorkerCrashed"]


class Executor(Protocol):
    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], limits: ItemLimits | None = None
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        """``fn`` over ``items``, results as they finish; with ``limits``, each item runs
        within its time and memory budget (``parallel/guard.py``)."""
        ...

    def check_paths(self, paths: Iterable[str]) -> None:
        """Raise InputError when the workers cannot read these inputs (local ones can)."""

    def close(self) -> None: ...


class InlineExecutor:
    """Runs everything in this process, in order: deterministic, and easy to debug."""

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], limits: ItemLimits | None = None
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        for item in items:
            yield item, fn(item) if limits is None else run_guarded(fn, item, limits)

    def check_paths(self, paths: Iterable[str]) -> None:
        return None  # this process opened them already

    def close(self) -> None:
        return None


class LocalProcessExecutor:
    """A process pool with a bounded number of items in flight; its workers end with their
    parent (``parallel/guard.py``), so a killed ingest leaves none behind."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = _pool(workers)

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], limits: ItemLimits | None = None
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        work: Callable[[T], R | WorkerCrashed] = (
            fn if limits is None else partial(run_guarded, fn, limits=limits)
        )
        crashed: list[T] = []
        yield from self._run(work, iter(items), self.workers * IN_FLIGHT_PER_WORKER, crashed)
        # A crash takes every in-flight item down with it, guilty or not. Retry each one
        # alone in a one-worker pool: a crash now belongs to that item, and the worker's
        # exit code says why (its time limit, the machine's memory, a damaged file).
        for item in crashed:
            yield item, self._run_alone(work, item, limits)

    def _run(
        self,
        fn: Callable[[T], R | WorkerCrashed],
        queue: Iterator[T],
        limit: int,
        crashed: list[T],
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        pending: dict[Future[R | WorkerCrashed], T] = {}
        broken = False
        while True:
            if not broken:
                for item in islice(queue, limit - len(pending)):
                    pending[self._pool.submit(fn, item)] = item
            if not pending:
                if not broken:
                    return
                self._restart()
                broken = False
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    crashed.append(item)
                    continue
                yield item, result

    def _run_alone(
        self, fn: Callable[[T], R | WorkerCrashed], item: T, limits: ItemLimits | None
    ) -> R | WorkerCrashed:
        pool = _pool(1)
        try:
            return pool.submit(fn, item).result()
        except BrokenProcessPool:
            chosen = limits_for(limits, item) if limits is not None else None
            return crash_reason(_exit_code(pool), chosen)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def check_paths(self, paths: Iterable[str]) -> None:
        return None  # worker processes share this machine's files

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = _pool(self.workers)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _exit_code(pool: ProcessPoolExecutor) -> int | None:
    """How the broken one-worker pool's worker ended (its exit code, or -signal).

    The pool's own manager thread reaps the dead worker at the same moment; reading the
    exit code before it has finished races it (``waitpid`` then fails with ECHILD and the
    code reads as unknown). So the pool is shut down first, which waits for that thread,
    and the code is read from the worker objects kept aside."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=True, cancel_futures=True)
    for process in workers:
        process.join(timeout=5)  # it has ended; this only waits for it to be reaped
        if process.exitcode:
            return int(process.exitcode)
    return None


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, initializer=start_worker_watch, initargs=(os.getpid(),)
    )
