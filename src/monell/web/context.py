"""What a request works with: its own connection to the case, and the shared analysis.

SQLite connections stay in the thread that opened them, so each request opens the case
(and closes it when it ends). The analysis — coverage, complaints and flags, through
``CaseSession`` exactly as ``monell report`` runs them — is computed once and shared by
every request until an input of the analysis changes (a volume, a document type, the
injury, the defendants, ``case.toml``). Review decisions are not inputs: reviewing never
triggers a re-run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar, cast

from flask import current_app, g

from monell.app.session import CaseSession, case_models
from monell.app.workspace import CASE_FILE, Case, open_case
from monell.index.layers import LayeredIndex
from monell.index.update import ModelSource, open_vector_index
from monell.records.complaints import ComplaintReport
from monell.records.coverage import CoverageReport
from monell.records.flags import FlagReport
from monell.store import utc_now
from monell.store.web import WebQueries
from monell.web.security import Guard

STATE_KEY = "monell"
T = TypeVar("T")


@dataclass(frozen=True)
class CaseReports:
    """Everything the pages show from the analysis, as ``monell report`` computes it."""

    coverage: CoverageReport
    complaints: ComplaintReport
    flags: FlagReport | None  # None until an injury narrative is set
    computed_at: str


Analyse = Callable[[Case], CaseReports]
Models = Callable[[Case], ModelSource]


def compute_case_reports(case: Case) -> CaseReports:
    """Coverage and complaints for every topic; the flags reuse both (one run each)."""
    return CaseReports(*CaseSession(case).all_reports(), utc_now())


class CaseCache(Generic[T]):
    """A value derived from the case (the analysis, the vector index), recomputed only
    when the case's inputs moved."""

    def __init__(self, compute: Callable[[Case], T]) -> None:
        self._compute = compute
        self._lock = threading.Lock()  # one computation at a time; others wait for it
        self._version: tuple[object, ...] | None = None
        self._value: T | None = None

    def get(self, case: Case) -> T:
        with self._lock:
            if self._value is None or _version(case) != self._version:
                self._value = self._compute(case)
                # Read after the run: the analysis indexes pending documents itself.
                self._version = _version(case)
            return self._value


def open_index(case: Case) -> LayeredIndex:
    """The FAISS index, read (or rebuilt) once per case version, not on every search."""
    return open_vector_index(case.store, case.index_dir, settings=case.config.index)[0]


def _version(case: Case) -> tuple[object, ...]:
    settings = case.path / CASE_FILE
    mtime = settings.stat().st_mtime_ns if settings.is_file() else 0
    return (*WebQueries(case.store).case_version(), mtime)


@dataclass
class AppState:
    """One server run: its case folder, secrets, analysis cache and search models."""

    case_dir: Path
    guard: Guard
    cache: CaseCache[CaseReports]
    models: Models = field(default=case_models)
    index: CaseCache[LayeredIndex] = field(default_factory=lambda: CaseCache(open_index))


def state() -> AppState:
    return cast(AppState, current_app.extensions[STATE_KEY])


def current_case() -> Case:
    """The case, opened for this request on first use (closed when the request ends)."""
    if "case" not in g:
        g.case = open_case(state().case_dir)
    return cast(Case, g.case)


def current_reports() -> CaseReports:
    return state().cache.get(current_case())


def close_case(_: BaseException | None = None) -> None:
    case = g.pop("case", None)
    if case is not None:
        case.close()
