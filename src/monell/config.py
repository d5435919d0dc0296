"""Options dataclasses and the case's settings (``case.toml``) as typed records.

Defaults are named constants; every instance validates itself. ``read_case_config`` reads
``case.toml`` once, when a case is opened, into a ``CaseConfig``: one frozen record per
table (ingest, index, taxonomy, complaints, models).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Self, TypeVar

from monell.errors import InputError
from monell.records import OcrMode
from monell.resources import SPACY_PACKAGE

# A page whose text layer (outside the stamp margins) has fewer letters/digits than
# this is treated as scanned: a Bates stamp alone must not count as "text".
MIN_TEXT_CHARS = 25
OCR_DPI = 300  # Tesseract's accuracy drops sharply below ~300 DPI
OCR_LANGUAGE = "eng"
# PDFs are split into page chunks (at most this many pages; see ingest/run.py) so every
# core works on one long or scanned file (OCR costs ~2 s a page).
CHUNK_PAGES = 32
# Larger files are refused with a clear reason rather than exhausting memory.
MAX_FILE_BYTES = 2 * 1024**3
# A budget per file (``[limits]`` in case.toml): a file over one is a failed file with one
# line naming the limit to raise, and the run goes on. Measured in BENCHMARKS.md.
IMAGE_PIXELS = 100_000_000  # a decoded image or an OCR render (11x17 in at 300 dpi: 17 MP)
PDF_STREAM_BYTES = 256 * 1024**2  # one decompressed PDF stream (a flate bomb expands 1000-fold)
NATIVE_CHARS = 10_000_000  # text of one native document (about 3,000 printed pages)
SHEET_CELLS = 3_000_000  # cells read from one sheet, empty ones inside its used range included
FILE_SECONDS = 1_200  # wall time for one file, and for each CHUNK_PAGES pages of a longer one
WORKER_MEMORY_MB = 2_048  # memory one worker may add while it reads one file
EXECUTORS = ("local", "dask")
# What `dask scheduler` prints: [protocol://]host:port (IPv6 hosts in brackets).
SCHEDULER_ADDRESS = re.compile(r"(?:[a-z]+://)?(?:\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):\d{1,5}")
# Exact search up to here: a flat scan of 200,000 × 384 floats takes ~13 ms a query
# (60–70 ms at 1M; BENCHMARKS.md), and exact search never misses what a paralegal should find.
APPROXIMATE_ABOVE = 200_000
MIN_APPROXIMATE_ABOVE = 100  # fewer vectors cannot train more than a couple of lists
NPROBE = 32  # lists scanned per query: recall@10 0.998 at 1M clustered vectors, ~1 ms
# Prior complaints older than this (before the incident) are listed as stale, not counted.
LOOKBACK_YEARS = 5
PRECISION = "auto"  # bfloat16 where the CPU computes it natively, else float32
PRECISIONS = ("auto", "float32", "bfloat16")
# How passages and queries are embedded (EVALUATION.md and BENCHMARKS.md compare them):
# "torch": the model's BERT encoder in plain torch (index/bert.py), same vectors as
#   sentence-transformers without its ~4 s import per worker; models that are not a
#   mean-pooled BERT use sentence-transformers;
# "sentence-transformers": the sentence-transformers library, as before issue 21;
# "onnx": an int8 ONNX export run by ONNX Runtime (index/quantized.py), falling back to
#   torch with a warning when the export cannot be built.
RUNTIME = "torch"
RUNTIMES = ("torch", "sentence-transformers", "onnx")
# case.toml's tables, in the order they are checked; other top-level keys are ignored.
CASE_TABLES = ("ingest", "index", "taxonomy", "models", "complaints", "limits")
S = TypeVar("S")
# The tables only a case file sets (no flag or saved index shares their messages).
T = TypeVar("T", "TaxonomySettings", "ComplaintSettings", "ModelSettings")


def default_workers() -> int:
    """All cores, as the issue asks; at least one."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Limits:
    """``[limits]``: how much one file may cost; each is enforced where the work happens
    (image decoders, the PDF reader, the native readers, the worker process)."""

    image_pixels: int = IMAGE_PIXELS
    pdf_stream_bytes: int = PDF_STREAM_BYTES
    native_chars: int = NATIVE_CHARS
    sheet_cells: int = SHEET_CELLS
    file_seconds: int = FILE_SECONDS
    worker_memory_mb: int = WORKER_MEMORY_MB

    def __post_init__(self) -> None:
        for option in fields(self):
            value = getattr(self, option.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(
                    f"[limits] {option.name} must be a whole number, 1 or more, not {value!r}"
                )

    @classmethod
    def resolve(cls, value: Limits | dict[str, Any] | None) -> Self:
        """Accept None (defaults), a dict (``case.toml`` ``[limits]``) or an instance."""
        return resolve_settings(cls, value, "[limits] setting")


@dataclass(frozen=True)
class IngestOptions:
    """How files are read. Frozen so it can be sent to worker processes unchanged."""

    ocr: OcrMode = OcrMode.AUTO
    workers: int = 0  # 0 = all cores
    ocr_language: str = OCR_LANGUAGE
    ocr_dpi: int = OCR_DPI
    min_text_chars: int = MIN_TEXT_CHARS
    chunk_pages: int = CHUNK_PAGES
    max_file_bytes: int = MAX_FILE_BYTES
    executor: str = "local"  # "local" (process pool) or "dask" (a cluster at `scheduler`)
    scheduler: str | None = None  # e.g. "tcp://10.0.0.5:8786"
    limits: Limits = field(default_factory=Limits)  # from case.toml [limits], never a flag

    def __post_init__(self) -> None:
        object.__setattr__(self, "limits", Limits.resolve(self.limits))
        try:
            object.__setattr__(self, "ocr", OcrMode(self.ocr))
        except ValueError:
            allowed = ", ".join(m.value for m in OcrMode)
            raise InputError(f"unknown OCR mode {self.ocr!r} (allowed: {allowed})") from None
        for name in ("workers", "min_text_chars"):
            if getattr(self, name) < 0:
                raise InputError(f"{name} must be 0 or more, got {getattr(self, name)}")
        for name in ("ocr_dpi", "chunk_pages", "max_file_bytes"):
            if getattr(self, name) < 1:
                raise InputError(f"{name} must be positive, got {getattr(self, name)}")
        if self.executor not in EXECUTORS:
            raise InputError(
                f"unknown executor {self.executor!r} (allowed: {', '.join(EXECUTORS)})"
            )
        if self.executor == "dask" and not self.scheduler:
            raise InputError(
                "the dask executor needs a scheduler address (--scheduler tcp://HOST:8786, "
                "or [ingest] scheduler in case.toml)"
            )
        if self.scheduler is not None and not SCHEDULER_ADDRESS.fullmatch(str(self.scheduler)):
            raise InputError(
                f"scheduler {self.scheduler!r} is not an address with a port, "
                "e.g. tcp://10.0.0.5:8786"
            )
        if not 72 <= self.ocr_dpi <= 600:
            raise InputError(f"ocr_dpi must be between 72 and 600, got {self.ocr_dpi}")

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    @classmethod
    def resolve(cls, value: IngestOptions | dict[str, Any] | None) -> Self:
        """Accept None (defaults), a dict (from the case file or CLI) or an instance."""
        return resolve_settings(cls, value, "ingest option")


class IndexKind(StrEnum):
    FLAT = "flat"  # exact inner product over every vector
    IVF = "ivf"  # approximate: inverted lists around k-means centroids


@dataclass(frozen=True)
class IndexSettings:
    """When the index turns approximate, and how much of it a query scans (``[index]``)."""

    approximate_above: int = APPROXIMATE_ABOVE
    nprobe: int = NPROBE

    def __post_init__(self) -> None:
        for name, low in (("approximate_above", MIN_APPROXIMATE_ABOVE), ("nprobe", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"index {name} must be a whole number ≥ {low}, got {value!r}")

    @classmethod
    def resolve(cls, value: IndexSettings | dict[str, Any] | None) -> Self:
        """Accept None (defaults), a dict (``case.toml`` ``[index]``) or an instance."""
        return resolve_settings(cls, value, "index setting")

    def kind_for(self, count: int) -> IndexKind:
        return IndexKind.IVF if count > self.approximate_above else IndexKind.FLAT


def resolve_settings(cls: type[S], value: object, what: str) -> S:
    """A settings dataclass from None (defaults), a dict (``case.toml``, flags) or itself;
    unknown keys are one error naming the allowed ones."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = set(cls.__dataclass_fields__)  # type: ignore[attr-defined]
        unknown = sorted(set(value) - known)
        if unknown:
            raise InputError(
                f"unknown {what}(s) {', '.join(unknown)} (allowed: {', '.join(sorted(known))})"
            )
        for field in fields(cls):  # type: ignore[arg-type]
            if field.name in value:
                _check_type(what, field.name, field.default, value[field.name])
        return cls(**value)
    raise InputError(f"cannot build {what}s from {type(value).__name__}")


def _check_type(what: str, name: str, default: object, value: object) -> None:
    """A setting has its default's kind: a whole number where the default is one (``workers
    = "2"`` in case.toml is refused, not crashed on), text where it is text."""
    if isinstance(default, bool) or default is None:
        return
    if isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int)):
        raise InputError(f"{what} {name} must be a whole number, not {value!r} (see case.toml)")
    if isinstance(default, float) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise InputError(f"{what} {name} must be a number, not {value!r} (see case.toml)")
    if isinstance(default, str) and not isinstance(value, str):
        raise InputError(f"{what} {name} must be text in quotes, not {value!r} (see case.toml)")


@dataclass(frozen=True)
class IngestSettings:
    """``[ingest]``: only what case.toml sets (None: not set), each of its option's kind.

    The values are checked when flags are laid over them (``options``), not here: a dask
    executor named in case.toml may take its scheduler from ``--scheduler``.
    """

    ocr: str | None = None
    workers: int | None = None
    ocr_language: str | None = None
    ocr_dpi: int | None = None
    min_text_chars: int | None = None
    chunk_pages: int | None = None
    max_file_bytes: int | None = None
    executor: str | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        for option in fields(IngestOptions):
            value = getattr(self, option.name, None)
            if value is not None:
                _check_type("ingest option", option.name, option.default, value)

    @classmethod
    def resolve(cls, value: IngestSettings | dict[str, Any] | None) -> Self:
        return resolve_settings(cls, value, "ingest option")

    def options(self, **flags: Any) -> IngestOptions:
        """Flag > case.toml ``[ingest]`` > default; a flag left out (None) keeps the file's."""
        chosen = {name: value for name, value in asdict(self).items() if value is not None}
        chosen.update({name: value for name, value in flags.items() if value is not None})
        return IngestOptions.resolve(chosen)


@dataclass(frozen=True)
class TaxonomySettings:
    """``[taxonomy]``: the case's own topics file, relative to the case folder (same schema
    as corpora/taxonomy/default.yaml); None or empty: the default topics only."""

    file: str | None = None

    def __post_init__(self) -> None:
        _check_text("taxonomy", "file", self.file)


@dataclass(frozen=True)
class ComplaintSettings:
    """``[complaints]``: how many years before the incident a prior complaint counts as
    notice; every command of the case uses it (flags, review, report, the review page)."""

    lookback_years: int = LOOKBACK_YEARS

    def __post_init__(self) -> None:
        value = self.lookback_years
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(
                "[complaints] lookback_years must be a whole number of years, 1 or more, "
                f"not {value!r}"
            )


@dataclass(frozen=True)
class ModelSettings:
    """``[models]``: the spaCy pipeline (package or folder), the sentence-transformers
    folder (None: the packaged model), the embedding runtime and the torch precision."""

    spacy: str = SPACY_PACKAGE
    embedding: str | None = None
    precision: str = PRECISION
    runtime: str = RUNTIME

    def __post_init__(self) -> None:
        for name in ("spacy", "embedding", "precision", "runtime"):
            _check_text("models", name, getattr(self, name))
        if self.precision not in PRECISIONS:
            raise InputError(
                f"unknown model precision {self.precision!r} (allowed: {', '.join(PRECISIONS)})"
            )
        if self.runtime not in RUNTIMES:
            raise InputError(
                f"unknown embedding runtime {self.runtime!r} (allowed: {', '.join(RUNTIMES)})"
            )


@dataclass(frozen=True)
class CaseConfig:
    """Everything ``case.toml`` sets, one record per table; a missing table is its defaults."""

    ingest: IngestSettings = field(default_factory=IngestSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    taxonomy: TaxonomySettings = field(default_factory=TaxonomySettings)
    complaints: ComplaintSettings = field(default_factory=ComplaintSettings)
    models: ModelSettings = field(default_factory=ModelSettings)
    limits: Limits = field(default_factory=Limits)


def read_case_config(file: Path) -> CaseConfig:
    """Read and check ``case.toml``; every problem is one ``InputError`` line.

    ``[ingest]`` and ``[index]`` refuse keys they do not know (their messages, shared with
    the command-line flags and the saved index, name no file); the other tables ignore
    unknown keys and their messages name the file.
    """
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read case settings: {error}", file) from None
    tables = {name: _read_table(data, name, file) for name in CASE_TABLES}
    return CaseConfig(
        ingest=IngestSettings.resolve(tables["ingest"]),
        index=IndexSettings.resolve(tables["index"]),
        taxonomy=_build_table(TaxonomySettings, tables["taxonomy"], file),
        models=_build_table(ModelSettings, tables["models"], file),
        complaints=_build_table(ComplaintSettings, tables["complaints"], file),
        limits=_build_limits(tables["limits"], file),
    )


def _build_limits(table: dict[str, Any], file: Path) -> Limits:
    """``[limits]`` refuses a key it does not know: a misspelt budget must not be ignored."""
    try:
        return Limits.resolve(table)
    except InputError as error:
        raise InputError(str(error), file) from None


def _read_table(data: dict[str, Any], name: str, file: Path) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"[{name}] must be a table of settings, not a single value", file)
    return table


def _build_table(cls: type[T], table: dict[str, Any], file: Path) -> T:
    """A case-only table from its known keys; its problem names the file."""
    names = {option.name for option in fields(cls)}
    known = {key: value for key, value in table.items() if key in names}
    try:
        return cls(**known)
    except InputError as error:
        raise InputError(str(error), file) from None


def _check_text(table: str, name: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InputError(f"[{table}] {name} must be text in quotes, not {value!r}")
