"""Issue 22, items 2 and 4: the time and memory budget of one item, and workers that never
outlive their parent. Each item's work is simulated here: a loop that never ends, an
allocation past the ceiling, a native call that ignores the alarm."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from monell.config import Limits
from monell.parallel import guard
from monell.parallel.local import InlineExecutor, LocalProcessExecutor, WorkerCrashed

ONE_SECOND = Limits(file_seconds=1)


def spin(seconds: float) -> str:
    """Python code that runs past its time limit (the alarm stops it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def stuck_in_native_code(seconds: float) -> str:
    """Stands for a native library that never returns to Python: the alarm is blocked."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(seconds)
    return "finished"


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def test_python_work_past_its_time_limit_is_stopped_and_named() -> None:
    result = guard.run_guarded(spin, 30, ONE_SECOND)
    assert isinstance(result, WorkerCrashed)
    assert str(result) == (
        "took too long: still reading it after 1 s (limit 1 s); "
        "raise [limits] file_seconds in case.toml to read it"
    )
    assert guard.run_guarded(spin, 0.01, ONE_SECOND) == "finished"  # the alarm is disarmed


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the ceiling needs Linux")
def test_an_allocation_past_the_memory_ceiling_fails_the_item_not_the_machine() -> None:
    result = guard.run_guarded(allocate, 400, Limits(worker_memory_mb=100))
    assert isinstance(result, WorkerCrashed)
    assert str(result).startswith("too large: reading it needed more than 100 MB of memory")
    # The ceiling is lifted afterwards: the same allocation works outside the guard.
    assert allocate(400) == 400 * 1024 * 1024


def test_the_inline_executor_guards_each_item_when_given_limits() -> None:
    results = dict(InlineExecutor().map_unordered(spin, [0.01, 30], ONE_SECOND))
    assert results[0.01] == "finished" and isinstance(results[30], WorkerCrashed)


def test_a_worker_stuck_in_native_code_is_ended_and_its_item_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guard, "GRACE_SECONDS", 0.5)  # forked workers inherit it
    executor = LocalProcessExecutor(2)
    try:
        results = dict(executor.map_unordered(stuck_in_native_code, [0.01, 60], ONE_SECOND))
    finally:
        executor.close()
    assert results[0.01] == "finished"
    assert str(results[60]).startswith("took too long: still reading it after 1 s")


ORPHAN_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from monell.parallel.local import LocalProcessExecutor

    executor = LocalProcessExecutor(2)
    list(executor.map_unordered(abs, [1, 2]))  # the workers are up
    print(" ".join(str(pid) for pid in executor._pool._processes), flush=True)
    for _ in executor.map_unordered(time.sleep, [600, 600]):
        pass
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited
        return stat.read().split(") ")[1][0] != "Z"


# spaCy's nlp.pipe(n_process=2), as the coverage stage runs it over 1,000 segments or more:
# its forked workers read their texts from a queue they themselves hold open, so after a
# kill -9 of their parent they would wait on it forever.
SPACY_SCRIPT = textwrap.dedent(
    """
    import itertools, multiprocessing, os, time
    import monell, spacy

    nlp = spacy.blank("en")
    texts = ("the academy taught handcuffing" for _ in itertools.count())
    for i, _ in enumerate(nlp.pipe(texts, batch_size=4, n_process=2)):
        if i == 20:
            kids = [p.pid for p in multiprocessing.active_children()]
            print(" ".join(map(str, kids)), flush=True)
            time.sleep(600)
    """
)


def _killed_parent_leaves_no_child(script: str) -> list[int]:
    """Run ``script`` (it prints its children's pids), kill -9 it, and return the children
    still alive 10 s later."""
    src = Path(__file__).resolve().parents[1] / "src"
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        start_new_session=True,
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    parent.kill()  # kill -9: no clean-up code runs in the parent
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed() -> None:
    assert _killed_parent_leaves_no_child(ORPHAN_SCRIPT) == []


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_processes_a_library_forks_exit_when_their_parent_is_killed() -> None:
    assert _killed_parent_leaves_no_child(SPACY_SCRIPT) == []
