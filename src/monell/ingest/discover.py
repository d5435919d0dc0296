"""Turn the user's PATH arguments into the list of files to ingest."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from monell.errors import InputError

# Operating-system litter that is never part of a production.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def discover_files(paths: Sequence[Path | str]) -> list[str]:
    """Files under the given paths (folders are walked recursively), sorted, without repeats.

    Raises:
        InputError: when a path does not exist, before anything is read or stored.
    """
    if not paths:
        raise InputError("no files or folders given to ingest")
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError("no such file or folder", missing[0])
    found: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw)
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in candidates:
            if _is_litter(file, path):
                continue
            found.setdefault(file.resolve(), str(file.resolve()))
    return sorted(found.values())


def _is_litter(file: Path, root: Path) -> bool:
    """Hidden files and OS metadata inside a walked folder (a named file is always taken)."""
    if file == root:
        return False
    relative = file.relative_to(root).parts
    return file.name.lower() in IGNORED_NAMES or any(part.startswith(".") for part in relative)
