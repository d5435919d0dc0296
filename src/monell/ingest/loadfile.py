"""Load-file volumes: a Concordance DAT (one row per document) and its Opticon OPT (page images).

A production volume is a folder such as ``VOL001/`` with ``DATA/VOL001.dat``,
``DATA/VOL001.opt``, ``IMAGES/``, ``TEXT/`` and ``NATIVES/``. ``read_volume`` reads the
load files and resolves every path they name; it never opens the documents themselves.
The DAT and OPT formats live in ``loadfile_dat`` and ``loadfile_opt``; this module joins
them and finds the files.

Paths are resolved only inside the volume folder: a produced volume is the other side's
data, and a row naming ``..\\..\\Users\\me\\notes.docx`` must never pull a file of ours
into the case.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from monell.errors import InputError
from monell.ingest.bates import parse_bates
from monell.ingest.encoding import decode_bytes
from monell.ingest.loadfile_dat import (
    DatColumn,
    DatRow,
    DatTable,
    decode_dat,
    family_parent,
    first_value,
    normalize_field_name,
    parse_dat,
)
from monell.ingest.loadfile_opt import assign_images, parse_opt
from monell.records import FailedFile

# Operating-system litter that is never part of a production (``ingest/discover.py`` too).
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
LOAD_FILE_SUFFIXES = frozenset({".dat", ".opt", ".lfp", ".dii", ".xref"})
# Where vendors put the load files inside a volume folder.
LOAD_FOLDERS = frozenset(
    {"data", "dat", "load", "loadfile", "loadfiles", "load_file", "load_files", "load files"}
)
# A custodian's original location (FILEPATH) often names their own C:\ drive: not finding
# it in the volume is expected, so only a relative FILEPATH counts as a missing native.
ORIGINAL_LOCATION_FIELDS = frozenset({"filepath"})
MAX_PATH_CHARS = 400  # longer "paths" are values of another kind (see _looks_like_path)
_DRIVE = re.compile(r"^[A-Za-z]:/")
_EXTENSION = re.compile(r"\.\w{1,5}$")


@dataclass(frozen=True)
class LoadImage:
    """One OPT row: a page image of a document."""

    key: str  # the page's Bates number as produced
    raw_path: str  # as written in the OPT
    path: str | None  # the existing file it resolved to, else None
    page_in_file: int  # 0-based page inside a multi-page TIFF or PDF
    doc_break: bool


@dataclass(frozen=True)
class LoadEntry:
    """One DAT data row: one produced document and the files that hold it."""

    row: int  # 1-based data row; the header is row 0
    begin: str
    end: str | None
    fields: tuple[tuple[str, str], ...]  # every non-empty value, canonical name -> value
    text_path: str | None
    native_path: str | None
    images: tuple[LoadImage, ...] = ()
    missing: tuple[str, ...] = ()  # e.g. "text file TEXT\\001\\ABC0001.txt"
    warnings: tuple[str, ...] = ()
    parent: str | None = None  # the family parent's BEGBATES, for an attachment


@dataclass(frozen=True)
class LoadVolume:
    """A volume's load files, read and resolved."""

    root: str
    dat_path: str
    opt_path: str | None
    encoding: str  # of the DAT
    delimiter: str  # e.g. "Concordance (0x14 / 0xFE)"
    entries: tuple[LoadEntry, ...]
    problems: tuple[FailedFile, ...]  # rows that cannot be used, each with one-line cause
    referenced: frozenset[str]  # every file the DAT and OPT point at
    unreferenced: tuple[str, ...]  # files under root that nothing points at


@dataclass(frozen=True)
class _FileIndex:
    """The volume's files, relative to its root, for exact and case-insensitive lookup."""

    root: Path
    dat_dir: tuple[str, ...]
    files: frozenset[str]
    folded: dict[str, str] = field(hash=False)


def find_load_file(folder: Path) -> Path | None:
    """The ``.dat`` of a volume folder, in the folder itself or one level down.

    Raises:
        InputError: when several DAT files sit at the same level and none is named
            after the folder.
    """
    if not folder.is_dir():
        return None
    found = _dat_files(folder)
    if not found:
        subfolders = [p for p in sorted(folder.iterdir()) if p.is_dir() and _visible(p)]
        usual = [p for p in subfolders if p.name.casefold() in LOAD_FOLDERS]
        found = [dat for sub in usual for dat in _dat_files(sub)]
        if not usual:
            # DATs in several ordinary subfolders: this is a folder of volumes, not one.
            holders = [dats for dats in map(_dat_files, subfolders) if dats]
            found = holders[0] if len(holders) == 1 else []
    if len(found) <= 1:
        return found[0] if found else None
    named = [p for p in found if p.stem.casefold() == folder.name.casefold()]
    if len(named) == 1:
        return named[0]
    names = ", ".join(str(p.relative_to(folder)) for p in found)
    raise InputError(
        f"several load files ({names}) and none named {folder.name}.dat: keep one per volume",
        folder,
    )


def read_volume(folder: Path) -> LoadVolume:
    """Read a volume's DAT and OPT and resolve the files they name.

    Rows that cannot be used are ``problems``; the rest of the volume still loads.

    Raises:
        InputError: when the volume as a whole is unusable (no or unreadable DAT, no
            header, a header no known delimiter splits, no BEGBATES-like column).
    """
    root = folder.resolve()
    dat = find_load_file(root)
    if dat is None:
        raise InputError("no .dat load file in this folder or one level down", folder)
    text, encoding = decode_dat(_read(dat))
    table = parse_dat(text, str(dat))
    if not table.rows and not table.errors:
        raise InputError(
            "the load file has a header but no document rows: nothing in this volume was "
            "ingested (ask the producing party for the complete load file)",
            dat,
        )
    index = _index_files(root, dat.parent)
    drafts, problems = _build_entries(table, index, dat.name)
    opt, opt_problems = _find_opt(dat, root)
    entries, image_paths, opt_problems = _attach_images(drafts, opt, index, opt_problems)
    referenced = {p for e in entries for p in (e.text_path, e.native_path) if p} | image_paths
    return LoadVolume(
        root=str(root),
        dat_path=str(dat),
        opt_path=str(opt) if opt else None,
        encoding=encoding,
        delimiter=table.dialect.description,
        entries=tuple(entries),
        problems=tuple(problems + opt_problems),
        referenced=frozenset(referenced),
        unreferenced=_unreferenced(index, referenced),
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the load file: {error.strerror or error}", path) from error


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.casefold() not in IGNORED_NAMES


def _dat_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix.casefold() == ".dat" and p.is_file() and _visible(p)
    )


def _find_opt(dat: Path, root: Path) -> tuple[Path | None, list[FailedFile]]:
    """The OPT beside the DAT (same name first), else one elsewhere in the volume's top levels."""
    for places in ([dat.parent], [root, *(p for p in sorted(root.iterdir()) if p.is_dir())]):
        found = [
            p
            for place in places
            for p in sorted(place.iterdir())
            if p.suffix.casefold() == ".opt" and p.is_file() and _visible(p)
        ]
        named = [p for p in found if p.stem.casefold() == dat.stem.casefold()]
        if len(named) == 1 or len(found) == 1:
            return (named or found)[0], []
        if found:
            names = ", ".join(p.name for p in found)
            reason = f"several OPT files ({names}), none named {dat.stem}.opt: page images not read"
            return None, [FailedFile(dat.name, reason)]
    return None, []


def _index_files(root: Path, dat_dir: Path) -> _FileIndex:
    """Every regular file under root; symbolic links are skipped (they may lead outside)."""
    files: list[str] = []
    for here, folders, names in os.walk(root):
        folders.sort()
        base = Path(here).relative_to(root).as_posix()
        for name in sorted(names):
            if not os.path.islink(os.path.join(here, name)):
                files.append(name if base == "." else f"{base}/{name}")
    folded: dict[str, str] = {}
    for rel in files:
        folded.setdefault(_fold(rel), rel)
        if any("\udc80" <= char <= "\udcff" for char in rel):
            # A name written on another system (Windows-1252 bytes, not UTF-8) is found by
            # the name the DAT gives it, which the DAT's own decoding turned into text.
            legacy = os.fsencode(rel).decode("cp1252", errors="replace")
            folded.setdefault(_fold(legacy), rel)
    return _FileIndex(root, dat_dir.relative_to(root).parts, frozenset(files), folded)


def _fold(path: str) -> str:
    """Case- and normalisation-blind form: vendors work on Windows, where TEXT is text."""
    return unicodedata.normalize("NFC", path).casefold()


def _resolve_path(raw: str, index: _FileIndex) -> str | None:
    """The existing file under the volume root that a load file's path names, else None.

    Relative paths are tried against the root, the DAT's folder and the root's parent
    (``VOL001\\TEXT\\…``); an absolute path (``D:\\Prod\\VOL001\\TEXT\\…``) by its tails,
    longest first.
    """
    text = raw.strip().strip('"').replace("\\", "/")
    absolute = bool(_DRIVE.match(text)) or text.startswith("/")
    parts = [p for p in text[2 if _DRIVE.match(text) else 0 :].split("/") if p not in ("", ".")]
    candidates = [parts[i:] for i in range(len(parts))] if absolute else [parts]
    name = index.root.name
    for candidate in candidates:
        for base in ((name,), (name, *index.dat_dir), ()):
            joined = posixpath.normpath("/".join((*base, *candidate)))
            head, _, rel = joined.partition("/")
            if not rel or head.casefold() != name.casefold():
                continue  # outside the volume
            found = rel if rel in index.files else index.folded.get(_fold(rel))
            if found is not None:
                return str(index.root / found)
    return None


def _build_entries(
    table: DatTable, index: _FileIndex, dat_name: str
) -> tuple[list[LoadEntry], list[FailedFile]]:
    """One entry per usable DAT row; the others become problems naming their row."""
    entries: list[LoadEntry] = []
    problems = [FailedFile(f"{dat_name} row {row}", reason) for row, reason in table.errors]
    begin_header = table.columns[table.begin_column].header
    seen: dict[str, int] = {}
    for row in table.rows:
        begin = row.values[table.begin_column].strip()
        reason = None
        if not begin:
            reason = f"no {begin_header} value (line {row.line})"
        elif begin in seen:
            reason = f"{begin_header} {begin} repeats row {seen[begin]} (line {row.line})"
        if reason:
            problems.append(FailedFile(f"{dat_name} row {row.row}", reason))
            continue
        seen[begin] = row.row
        entries.append(_entry(table.columns, row, begin, index))
    problems.sort(key=lambda p: int(p.path.rsplit(" ", 1)[1]))
    return _link_parents(entries), problems


def _entry(columns: Sequence[DatColumn], row: DatRow, begin: str, index: _FileIndex) -> LoadEntry:
    values = [v.strip() for v in row.values]
    fields = tuple((c.name, v) for c, v in zip(columns, values, strict=True) if v)
    text_path, text_missing = _resolve_role(columns, values, "text_path", "text file", index)
    native, native_missing = _resolve_role(columns, values, "native_path", "native file", index)
    end = first_value(columns, values, "end")
    warnings = []
    first, last = (
        parse_bates(begin, any_prefix=True),
        parse_bates(end, any_prefix=True) if end else None,
    )
    if first and last and first.prefix == last.prefix and last.number < first.number:
        warnings.append(f"ENDBATES {end} comes before BEGBATES {begin}")
    return LoadEntry(
        row=row.row,
        begin=begin,
        end=end,
        fields=fields,
        text_path=text_path,
        native_path=native,
        missing=tuple(text_missing + native_missing),
        warnings=tuple(warnings),
        parent=family_parent(columns, values, begin),
    )


def _resolve_role(
    columns: Sequence[DatColumn], values: Sequence[str], role: str, label: str, index: _FileIndex
) -> tuple[str | None, list[str]]:
    """The first path of a role that resolves, or the paths that did not (described)."""
    missing: list[str] = []
    for column, value in zip(columns, values, strict=True):
        if column.role != role or not _looks_like_path(value):
            continue
        found = _resolve_path(value, index)
        if found is not None:
            return found, []
        original = normalize_field_name(column.header) in ORIGINAL_LOCATION_FIELDS
        if not (original and (_DRIVE.match(value.replace("\\", "/")) or value[:1] in "\\/")):
            missing.append(f"{label} {value}")
    return None, missing


def _looks_like_path(value: str) -> bool:
    """Some exports put the extracted text itself in EXTRACTEDTEXT: that is no file name."""
    return (
        0 < len(value) <= MAX_PATH_CHARS
        and "\n" not in value
        and ("/" in value or "\\" in value or _EXTENSION.search(value) is not None)
    )


def _link_parents(entries: list[LoadEntry]) -> list[LoadEntry]:
    """A PARENTID that names a DOCID is rewritten to that document's BEGBATES."""
    begins = {e.begin for e in entries}
    by_doc_id = {v: e.begin for e in entries for k, v in e.fields if k == "doc_id"}
    return [
        replace(e, parent=by_doc_id[e.parent])
        if e.parent and e.parent not in begins and e.parent in by_doc_id
        else e
        for e in entries
    ]


def _attach_images(
    entries: list[LoadEntry], opt: Path | None, index: _FileIndex, problems: list[FailedFile]
) -> tuple[list[LoadEntry], set[str], list[FailedFile]]:
    """Give each entry its OPT page images and the page-count warnings that go with them."""
    if opt is None:
        return entries, set(), problems
    try:
        text, _ = decode_bytes(opt.read_bytes())
    except OSError as error:
        reason = f"cannot read the OPT: {error.strerror or error}: page images not read"
        return entries, set(), [*problems, FailedFile(opt.name, reason)]
    rows, bad_lines = parse_opt(text)
    spans = [(e.begin, e.end, dict(e.fields).get("page_count")) for e in entries]
    assigned, unmatched = assign_images(rows, spans)
    lines = sorted([*bad_lines, *unmatched])
    problems = problems + [FailedFile(f"{opt.name} line {n}", r) for n, r in lines]
    resolved = {r.raw_path: _resolve_path(r.raw_path, index) for r in rows}
    result = []
    for i, entry in enumerate(entries):
        if i not in assigned:
            result.append(entry)
            continue
        images = tuple(
            LoadImage(r.key, r.raw_path, resolved[r.raw_path], r.page_in_file, r.doc_break)
            for r in assigned[i].rows
        )
        absent = dict.fromkeys(f"page image {m.raw_path}" for m in images if m.path is None)
        missing, warnings = entry.missing + tuple(absent), entry.warnings + assigned[i].warnings
        result.append(replace(entry, images=images, missing=missing, warnings=warnings))
    return result, {p for p in resolved.values() if p}, problems


def _unreferenced(index: _FileIndex, referenced: set[str]) -> tuple[str, ...]:
    """Files nothing points at, load files and operating-system litter aside."""
    return tuple(
        str(index.root / rel)
        for rel in sorted(index.files)
        if str(index.root / rel) not in referenced
        and Path(rel).suffix.casefold() not in LOAD_FILE_SUFFIXES
        and all(_visible(Path(part)) for part in Path(rel).parts)
    )
