"""Guards for the house rules: SQL only in store/, stages free of CLI and store imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "monell"
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)"
    r"|PRAGMA\s+\w+)\b",
    re.DOTALL,
)
# Pure stages: they take records or paths and return records.
STAGES = [
    "bates.py",
    "records.py",
    "config.py",
    "errors.py",
    "executors.py",
    "ingest/discover.py",
    "ingest/extract.py",
    "ingest/pdf.py",
    "ingest/pdf_tables.py",
    "ingest/ocr.py",
    "ingest/encoding.py",
    "ingest/images.py",
    "ingest/loadfile.py",
    "ingest/loadfile_dat.py",
    "ingest/loadfile_opt.py",
    "ingest/native_doc.py",
    "ingest/natives/__init__.py",
    "ingest/natives/sheets.py",
    "ingest/natives/wordproc.py",
    "ingest/natives/plaintext.py",
    "ingest/natives/mail.py",
    "ingest/volume.py",
    "audit_records.py",
    "cite.py",
]


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_store_imports_sqlite_or_holds_sql(path: Path) -> None:
    if path.relative_to(SRC).parts[0] == "store":
        return
    assert "sqlite3" not in _imports(path)
    strings = [
        n.value
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert not [s for s in strings if SQL.search(s)], "SQL belongs in monell/store/"


@pytest.mark.parametrize("stage", STAGES)
def test_stages_do_not_import_click_rich_or_the_store(stage: str) -> None:
    forbidden = {"click", "rich", "monell.store", "monell.cli", "monell.workspace"}
    imported = _imports(SRC / stage)
    assert not {name for name in imported if name.split(".")[0] in forbidden or name in forbidden}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 400


def test_environment_is_touched_only_by_resources() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in _modules()
        if ("os.environ" in p.read_text() or "getenv" in p.read_text()) and p.name != "resources.py"
    ]
    assert offenders == []
