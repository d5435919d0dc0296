"""Exceptions that reach the user as one line: what went wrong, with which file, and why.

Batch problems (one bad PDF among hundreds) are not exceptions: they are
``FailedFile`` records. These classes are for configuration and usage errors that
stop a command before it changes anything.
"""

from __future__ import annotations

from pathlib import Path

from monell.records.names import shown


class MonellError(Exception):
    """Base class: ``str(error)`` is the complete one-line message shown to the user."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else None
        text = f"{self.path}: {message}" if self.path else message
        # One line, always, with any name's hidden characters spelled out: a paralegal
        # reads this in a terminal or a log.
        super().__init__(shown(" ".join(text.split())))


class InputError(MonellError):
    """A path, date, option value or file given by the user cannot be used."""


class CaseNotFound(MonellError):
    """The folder named as the case is not a monell case."""


class ModelMissing(MonellError):
    """A packaged model or data file is not where it should be."""


class StoreError(MonellError):
    """The case database is unreadable, locked, or from a newer monell."""
