"""Turn the user's PATH arguments into loose files and load-file volumes to ingest."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from monell.errors import InputError
from monell.ingest.loadfile import IGNORED_NAMES, LOAD_FOLDERS, find_load_file


@dataclass(frozen=True)
class Inputs:
    """What a production holds: loose files, and folders that are load-file volumes."""

    files: tuple[str, ...]
    volumes: tuple[str, ...]  # a volume's own files are read through its load file


def discover_inputs(paths: Sequence[Path | str]) -> Inputs:
    """Walk the given paths; a folder with a ``.dat`` (in it or one level down) is a volume.

    Raises:
        InputError: when a path does not exist, before anything is read or stored.
    """
    if not paths:
        raise InputError("no files or folders given to ingest")
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError("no such file or folder", missing[0])
    files: dict[Path, str] = {}
    volumes: dict[Path, str] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            files.setdefault(path.resolve(), str(path.resolve()))
            continue
        if not path.is_dir():
            raise InputError("not a file or a folder (a device, pipe or socket)", path)
        for folder, subfolders, names in os.walk(path):
            here = Path(folder)
            if here != path and _is_litter(here, path):
                subfolders[:] = []
                continue
            if _is_volume(here):
                volumes.setdefault(here.resolve(), str(here.resolve()))
                subfolders[:] = []  # the volume's files are read through its load file
                continue
            subfolders.sort()
            for name in names:
                file = here / name
                if not _is_litter(file, path):
                    files.setdefault(file.resolve(), str(file.resolve()))
    if not files and not volumes:
        raise InputError(
            "nothing to ingest: no files in it (hidden files and system litter are skipped)",
            paths[0],
        )
    return Inputs(tuple(sorted(files.values())), tuple(sorted(volumes.values())))


def _is_volume(folder: Path) -> bool:
    """The folder holding the load file, or the one above its DATA folder, is the volume."""
    try:
        dat = find_load_file(folder)
    except InputError:
        return True  # several unnamed .dat files: reading the volume reports it, in one line
    return dat is not None and (dat.parent == folder or dat.parent.name.casefold() in LOAD_FOLDERS)


def _is_litter(file: Path, root: Path) -> bool:
    """Hidden files and OS metadata inside a walked folder (a named file is always taken)."""
    if file == root:
        return False
    relative = file.relative_to(root).parts
    return file.name.lower() in IGNORED_NAMES or any(part.startswith(".") for part in relative)
