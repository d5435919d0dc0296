"""Turn the user's PATH arguments into loose files and load-file volumes to ingest."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from monell.errors import InputError
from monell.ingest.loadfile import IGNORED_NAMES, LOAD_FOLDERS, find_load_file
from monell.records import FailedFile


@dataclass(frozen=True)
class Inputs:
    """What a production holds: loose files, and folders that are load-file volumes; and
    what the walk left out, each named: links that lead outside (refused) and hidden files,
    system litter and linked folders (skipped)."""

    files: tuple[str, ...]
    volumes: tuple[str, ...]  # a volume's own files are read through its load file
    refused: tuple[FailedFile, ...] = ()
    skipped: tuple[str, ...] = ()  # relative to the folder walked


def discover_inputs(paths: Sequence[Path | str]) -> Inputs:
    """Walk the given paths; a folder with a ``.dat`` (in it or one level down) is a volume.

    A symbolic link met in a folder is followed only when it leads to a file inside the
    paths given (a production is the other side's data: a link must not pull one of our
    files into the case); a link the user names on the command line is theirs to follow.

    Raises:
        InputError: when a path does not exist, before anything is read or stored.
    """
    if not paths:
        raise InputError("no files or folders given to ingest")
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError("no such file or folder", missing[0])
    roots = [Path(p).resolve() for p in paths]
    walk = _Walk(roots)
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            walk.files.setdefault(path.resolve(), str(path.resolve()))
        elif path.is_dir():
            walk.folder(path)
        else:
            raise InputError("not a file or a folder (a device, pipe or socket)", path)
    if not walk.files and not walk.volumes and not walk.refused:
        raise InputError(
            "nothing to ingest: no files in it (hidden files and system litter are skipped)",
            paths[0],
        )
    return Inputs(
        tuple(sorted(walk.files.values())),
        tuple(sorted(walk.volumes.values())),
        tuple(walk.refused),
        tuple(walk.skipped),
    )


class _Walk:
    """What walking the folders found, kept apart by what becomes of it."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots
        self.files: dict[Path, str] = {}
        self.volumes: dict[Path, str] = {}
        self.refused: list[FailedFile] = []
        self.skipped: list[str] = []

    def folder(self, path: Path) -> None:
        for folder, subfolders, names in os.walk(path):
            here = Path(folder)
            if here != path and _is_litter(here, path):
                self.skipped.append(f"{here.relative_to(path)}{os.sep}")
                subfolders[:] = []
                continue
            if _is_volume(here):
                self.volumes.setdefault(here.resolve(), str(here.resolve()))
                subfolders[:] = []  # the volume's files are read through its load file
                continue
            subfolders.sort()
            for name in subfolders:
                if (here / name).is_symlink():  # os.walk does not follow it: say so
                    self.skipped.append(
                        f"{(here / name).relative_to(path)}{os.sep} (a linked folder)"
                    )
            for name in sorted(names):
                self.file(here / name, path)

    def file(self, file: Path, root: Path) -> None:
        if _is_litter(file, root):
            self.skipped.append(str(file.relative_to(root)))
            return
        target = file.resolve()
        if file.is_symlink() and not self._inside(target):
            where = "does not exist" if not target.exists() else f"is outside: {target}"
            self.refused.append(
                FailedFile(
                    str(file.absolute()),  # the link itself, named like every other file
                    f"a link to a file that {where}; links are followed only inside the "
                    "folders being ingested (copy the file in if it belongs to the production)",
                )
            )
            return
        self.files.setdefault(target, str(target))

    def _inside(self, target: Path) -> bool:
        return target.exists() and any(target.is_relative_to(root) for root in self.roots)


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
