"""A budget of time and memory around one file's work, and a watch over each worker process.

One bad file in a 50,000-page volume must not cost the night, nor take the machine's
memory. So the work on one item runs under two limits from ``[limits]``:

- **wall time** (``file_seconds``): an alarm stops Python code at the limit; a native
  library that never returns to Python is stopped by the worker's watch thread, which
  ends the worker ``GRACE_SECONDS`` later with ``EXIT_TIMEOUT`` (the executor reports it);
- **memory** (``worker_memory_mb``): the process's address space may grow by at most this
  much while the item runs (``RLIMIT_AS``, Linux); an allocation past it fails
  (``MemoryError`` in Python) instead of pushing the machine into swap.

Either way the item becomes a ``WorkerCrashed`` whose message names the limit to raise,
and the run goes on. The watch thread also ends a worker whose parent died (a ``kill -9``
of ``monell ingest``), so no worker is left behind.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from monell.config import Limits

T = TypeVar("T")
R = TypeVar("R")

EXIT_TIMEOUT = 75  # a worker ended by its watch: the item ran past its time limit
GRACE_SECONDS = 10  # after the alarm, how long a native library gets to return to Python
WATCH_INTERVAL = 0.5  # seconds between the watch thread's looks
MIB = 1024 * 1024
_hard_deadline: float | None = None  # this process's item must end by then (monotonic)
# The limits of every item, or a (picklable) function giving each item its own: a scanned
# document of 600 pages may take longer than a page chunk.
ItemLimits = Limits | Callable[[Any], Limits]


class WorkerCrashed(Exception):
    """A worker process died or gave up on an item; the message says why, in one line."""


class FileTimeout(BaseException):
    """Raised by the alarm in the middle of an item's work. A BaseException, so that the
    per-file ``except Exception`` boundaries let it through to the guard."""


def too_slow(limits: Limits) -> WorkerCrashed:
    return WorkerCrashed(
        f"took too long: still reading it after {limits.file_seconds:,} s (limit "
        f"{limits.file_seconds:,} s); raise [limits] file_seconds in case.toml to read it"
    )


def too_big(limits: Limits) -> WorkerCrashed:
    return WorkerCrashed(
        f"too large: reading it needed more than {limits.worker_memory_mb:,} MB of memory "
        f"(limit {limits.worker_memory_mb:,} MB); raise [limits] worker_memory_mb in "
        "case.toml to read it"
    )


def crash_reason(exit_code: int | None, limits: Limits | None) -> WorkerCrashed:
    """What a worker's exit code says about the one item it was reading."""
    if limits is not None and exit_code == EXIT_TIMEOUT:
        return too_slow(limits)
    if exit_code == -signal.SIGKILL:
        return WorkerCrashed(
            "the worker reading it was killed (the machine ran out of memory?): "
            "lower [limits] worker_memory_mb or --workers, or check the file"
        )
    if limits is not None and exit_code == -signal.SIGABRT:
        return WorkerCrashed(
            "the reader stopped on it: the file is damaged, or needs more than "
            f"{limits.worker_memory_mb:,} MB of memory (raise [limits] worker_memory_mb)"
        )
    return WorkerCrashed("the reader crashed on it: the file is damaged in a way it cannot handle")


def limits_for(limits: ItemLimits, item: object) -> Limits:
    return limits if isinstance(limits, Limits) else limits(item)


def run_guarded(fn: Callable[[T], R], item: T, limits: ItemLimits) -> R | WorkerCrashed:
    """``fn(item)`` within the item's time and memory budget (module level: picklable)."""
    limits = limits_for(limits, item)
    try:
        with _time_limit(limits.file_seconds), _memory_limit(limits.worker_memory_mb):
            return fn(item)
    except FileTimeout:
        return too_slow(limits)
    except MemoryError:
        return too_big(limits)


def start_worker_watch(parent: int) -> None:
    """Process-pool initializer: a daemon thread that ends this worker when its parent
    dies or its item outlives the hard deadline (one thread per process)."""
    global _watched
    if _watched == os.getpid():
        return
    _watched = os.getpid()
    threading.Thread(target=_watch, args=(parent,), name="monell-watch", daemon=True).start()


_watched: int | None = None  # the process whose watch thread is running
_forking_parent: int | None = None


def _remember_parent() -> None:
    global _forking_parent
    _forking_parent = os.getpid()


def _watch_forked_child() -> None:
    """Every process forked by a monell process ends with it: not only our pools' workers,
    but those a library forks (spaCy's ``nlp.pipe(n_process=…)`` in the coverage stage,
    whose workers otherwise wait forever on their queue after a ``kill -9``). Tesseract
    and other programs run by ``subprocess`` are not forked through Python, so are not
    watched."""
    global _hard_deadline
    _hard_deadline = None  # the parent's item is not this process's
    if _forking_parent is not None:
        start_worker_watch(_forking_parent)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_remember_parent, after_in_child=_watch_forked_child)


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        if os.getppid() != parent:
            os._exit(0)  # the ingest was killed: nobody will read this worker's results
        deadline = _hard_deadline
        if deadline is not None and time.monotonic() > deadline:
            os._exit(EXIT_TIMEOUT)


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    global _hard_deadline
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or not hasattr(signal, "setitimer"):
        yield  # a Dask worker's thread: the cluster's own limits apply
        return

    def _alarm(signum: int, frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _hard_deadline = time.monotonic() + seconds + GRACE_SECONDS
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _hard_deadline = None


@contextmanager
def _memory_limit(megabytes: int) -> Iterator[None]:
    """Let the address space grow by ``megabytes`` at most, then put the old limit back."""
    used = _address_space() if threading.current_thread() is threading.main_thread() else None
    try:
        import resource
    except ImportError:  # not a Unix
        used = None
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + megabytes * MIB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)  # a stricter limit set from outside stays
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's virtual memory in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
