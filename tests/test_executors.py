"""Executors: a crashing worker costs one item, never the run."""

from __future__ import annotations

import os

from monell.parallel.local import InlineExecutor, LocalProcessExecutor, WorkerCrashed


def square_or_crash(n: int) -> int:
    if n == 3:
        os._exit(1)  # simulates a native library crash in the worker process
    return n * n


def test_process_pool_returns_every_result() -> None:
    executor = LocalProcessExecutor(2)
    try:
        results = dict(executor.map_unordered(abs, [-1, -2, -3, -4]))
    finally:
        executor.close()
    assert results == {-1: 1, -2: 2, -3: 3, -4: 4}


def test_a_worker_crash_is_reported_for_the_guilty_item_only() -> None:
    executor = LocalProcessExecutor(2)
    try:
        results = dict(executor.map_unordered(square_or_crash, range(6)))
    finally:
        executor.close()
    assert isinstance(results.pop(3), WorkerCrashed)
    assert results == {0: 0, 1: 1, 2: 4, 4: 16, 5: 25}


def test_inline_executor_keeps_input_order() -> None:
    assert [item for item, _ in InlineExecutor().map_unordered(abs, [3, 1, 2])] == [3, 1, 2]
