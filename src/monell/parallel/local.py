"""Executors run pure per-item functions and stream results back to the writer.

Only the writer process touches the case store; executors just map: an in-process
executor (one worker, tests), a local process pool, and a Dask cluster
(``dask_executor.py``), all behind the same ``map_unordered``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    pass

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2  # bounded queue: memory stays flat however large the production


class WorkerCrashed(Exception):
    """A worker process died (e.g. a native library crashed on a malformed file)."""


class Executor(Protocol):
    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | WorkerCrashed]]: ...

    def check_paths(self, paths: Iterable[str]) -> None:
        """Raise InputError when the workers cannot read these inputs (local ones can)."""

    def close(self) -> None: ...


class InlineExecutor:
    """Runs everything in this process, in order: deterministic, and easy to debug."""

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        for item in items:
            yield item, fn(item)

    def check_paths(self, paths: Iterable[str]) -> None:
        return None  # this process opened them already

    def close(self) -> None:
        return None


class LocalProcessExecutor:
    """A process pool with a bounded number of items in flight."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers)

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[tuple[T, R | WorkerCrashed]]:
        crashed: list[T] = []
        yield from self._run(fn, iter(items), self.workers * IN_FLIGHT_PER_WORKER, crashed)
        # A crash takes every in-flight item down with it, guilty or not. Retry each one
        # alone: a crash now belongs to that item, which is reported instead of retried.
        for item in crashed:
            again: list[T] = []
            yield from self._run(fn, iter([item]), 1, again)
            for failed in again:
                yield failed, WorkerCrashed("a worker process crashed while reading this item")

    def _run(
        self, fn: Callable[[T], R], queue: Iterator[T], limit: int, crashed: list[T]
    ) -> Iterator[tuple[T, R]]:
        pending: dict[Future[R], T] = {}
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

    def check_paths(self, paths: Iterable[str]) -> None:
        return None  # worker processes share this machine's files

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
