"""Guards for the house rules: the layering, SQL only in store/, stages free of CLI and store
imports, small modules, the environment read in one place.

The layering is checked on full module paths. Every ``monell`` import of every module (at the top
or inside a function) is an edge from the importing module's layer to the imported one's:

    cli, web  ->  app  ->  stages  ->  store  ->  base (records, errors, config, resources)

A layer may import any layer below it. Between stage packages only the edges in STAGE_EDGES are
allowed, so the stages form no cycle; web never imports cli; nothing but cli and web imports app.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "monell"
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)"
    r"|PRAGMA\s+\w+)\b",
    re.DOTALL,
)
BASE = {"records", "errors", "config", "resources"}
STAGES = {
    "parallel",
    "ingest",
    "nlp",
    "index",
    "coverage",
    "complaints",
    "attendance",
    "flags",
    "report",
}
LAYER_RANK = {"base": 0, "store": 1, "stage": 2, "app": 3, "cli": 4, "web": 4}
# Which stage package may import which other one (a DAG: each lists only earlier packages).
STAGE_EDGES = {
    "parallel": set(),
    "ingest": {"parallel"},
    "nlp": {"ingest"},
    "index": {"nlp", "parallel", "ingest"},
    "coverage": {"index", "nlp"},
    "complaints": {"coverage", "nlp", "index"},
    "attendance": {"coverage", "complaints", "nlp"},
    "flags": {"coverage", "complaints", "nlp"},
    "report": {"coverage", "complaints", "flags"},
}
# The package face (monell/__init__.py) gives a few public verbs and __version__.
FACE_IMPORTERS = {"app", "cli"}
# Only these modules may be at the top of the package.
TOP_LEVEL = {"__init__.py", "__main__.py", "errors.py", "config.py", "resources.py"}
# Pure stages: they take records or paths and return records (no store, CLI or case folder).
PURE_STAGES = [
    "records",
    "config.py",
    "errors.py",
    "parallel",
    "ingest/bates.py",
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
    "ingest/outcome.py",
    "ingest/natives",
    "ingest/volume.py",
    "attendance/columns.py",
    "coverage/hit_cache.py",
    "complaints/record_cache.py",
    "attendance/context.py",
    "attendance/matching.py",
    "attendance/people.py",
    "attendance/reader.py",
    "attendance/statuses.py",
    "attendance/training.py",
    "flags/defendants.py",
    "flags/care.py",
]


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in _modules()}


def _imports(path: Path) -> set[str]:
    """Every module this one imports, anywhere in it; ``from pkg import module`` names the
    module itself."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in MODULES else node.module)
    return names


def _package(module: str) -> str:
    """The part of monell a module belongs to: 'face', 'main', a base module, or a package."""
    parts = module.split(".")
    if parts == ["monell"]:
        return "face"
    if parts[1] == "__main__":
        return "main"
    return parts[1]


def _layer(package: str) -> str:
    if package in BASE:
        return "base"
    if package in STAGES:
        return "stage"
    return package


def _edges() -> Iterator[tuple[str, str]]:
    for module, path in MODULES.items():
        for imported in _imports(path):
            if imported.split(".")[0] == "monell" and imported != module:
                yield module, imported


def _edge_allowed(importer: str, imported: str) -> bool:
    source, target = _package(importer), _package(imported)
    if source == target or source == "main":
        return True
    if target == "face":
        return source in FACE_IMPORTERS
    if source == "face":
        return target not in {"cli", "web"}
    if source == "web" and target == "cli":
        return False
    if source == "cli" and target == "web":
        return True  # `monell serve` starts the review page
    if _layer(source) == "stage" and _layer(target) == "stage":
        return target in STAGE_EDGES[source]
    if _layer(source) == "base" and _layer(target) == "base":
        return True
    return LAYER_RANK[_layer(source)] > LAYER_RANK[_layer(target)]


def test_every_import_follows_the_layering() -> None:
    broken = sorted(f"{a} -> {b}" for a, b in _edges() if not _edge_allowed(a, b))
    assert broken == []


def test_the_layering_rules_refuse_what_they_should() -> None:
    assert not _edge_allowed("monell.store.documents", "monell.coverage.run")  # store -> stage
    assert not _edge_allowed("monell.web.views", "monell.cli.flags")  # web -> cli
    assert not _edge_allowed("monell.app.session", "monell.cli.options")  # app -> cli
    assert not _edge_allowed("monell.records.flags", "monell.store.reviews")  # base -> store
    assert not _edge_allowed("monell.nlp.passages", "monell.index.embed")  # stage cycle
    assert not _edge_allowed("monell.coverage.run", "monell.app.workspace")  # stage -> app
    assert _edge_allowed("monell.web.review", "monell.app.decisions")
    assert _edge_allowed("monell.cli.serve", "monell.web.app")


def test_modules_form_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for a, b in _edges():
        graph.setdefault(a, set()).add(b if b in MODULES else b.rsplit(".", 1)[0])
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> list[str]:
        if node in trail:
            return trail[trail.index(node) :] + [node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            # a package's __init__ is loaded before its modules: not an edge back
            if not node.startswith(nxt + ".") and (cycle := visit(nxt, trail + [node])):
                return cycle
        done.add(node)
        return []

    cycles = [c for m in sorted(graph) if (c := visit(m, []))]
    assert cycles == []


def test_only_base_modules_sit_at_the_top_of_the_package() -> None:
    assert {p.name for p in SRC.glob("*.py")} <= TOP_LEVEL


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


def _pure_stage_files() -> list[Path]:
    files: list[Path] = []
    for entry in PURE_STAGES:
        target = SRC / entry
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return files


@pytest.mark.parametrize("path", _pure_stage_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_stages_do_not_import_click_rich_the_store_or_the_case(path: Path) -> None:
    forbidden = {"click", "rich", "monell.store", "monell.cli", "monell.web", "monell.app"}
    imported = _imports(path)
    assert not {n for n in imported if any(n == f or n.startswith(f + ".") for f in forbidden)}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_nothing_below_the_command_layer_imports_click_or_rich(path: Path) -> None:
    if _package(_name(path)) in {"cli", "web"}:
        return
    assert not {n.split(".")[0] for n in _imports(path)} & {"click", "rich"}


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
