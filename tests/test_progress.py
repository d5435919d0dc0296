"""Issue 22: a paralegal can tell a hung ingest from a slow one. While files are read and
analysed, the display names the file that has been in work the longest and the time it
has taken so far, redrawn on every tick even when no count moves."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import FakeModels
from rich.console import Console
from rich.progress import Progress

from monell.cli.ingest import ReadingColumn, RichIngestProgress
from monell.index.update import update_index
from monell.ingest.run import ingest_paths
from monell.parallel.progress import InFlight
from monell.store import CaseStore

PROSE = "The academy taught handcuffing and de-escalation to every recruit class.\n" * 30


class Recorder:
    """A progress display that writes down what it is told, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def planned(self, documents: int, pages: int) -> None:
        self.events.append(("planned", documents))

    def advanced(self, documents: int = 0, pages: int = 0) -> None:
        if documents:
            self.events.append(("advanced", documents))

    def reading(self, name: str | None, since: float) -> None:
        assert since <= time.monotonic()
        self.events.append(("reading", Path(name).name if name else None))


def test_each_file_is_named_while_it_is_read_and_nothing_once_all_are_back(
    store: CaseStore, tmp_path: Path
) -> None:
    folder = tmp_path / "VOL001"
    folder.mkdir()
    for name in ("a-roster.txt", "b-lesson.txt"):
        (folder / name).write_text(f"{name}\n{PROSE}")
    recorder = Recorder()
    ingest_paths(store, [folder], "VOL001", {"workers": 1}, progress=recorder)
    # Inline, one at a time: each file is named while it is read, then counted.
    assert recorder.events == [
        ("planned", 2),
        ("reading", "a-roster.txt"),
        ("reading", None),
        ("advanced", 1),
        ("reading", "b-lesson.txt"),
        ("reading", None),
        ("advanced", 1),
    ]


def test_the_oldest_piece_still_out_is_the_one_named() -> None:
    recorder = Recorder()
    flight = InFlight(recorder, label=str)
    fed = flight.feed(["one.pdf", "two.pdf", "three.pdf"])
    first, second = next(fed), next(fed)  # two in flight: the first is named
    flight.done(second)  # the second comes back first: the first is still the one out
    third = next(fed)
    flight.done(first)
    flight.done(third)
    assert [e for e in recorder.events if e[0] == "reading"] == [
        ("reading", "one.pdf"),
        ("reading", "three.pdf"),
        ("reading", None),
    ]


def test_analysis_names_the_document_it_is_on(store: CaseStore, tmp_path: Path) -> None:
    folder = tmp_path / "VOL001"
    folder.mkdir()
    (folder / "lesson-plan.txt").write_text(PROSE)
    ingest_paths(store, [folder], "VOL001", {"workers": 1})
    recorder = Recorder()
    update_index(store, tmp_path / "index", FakeModels(), progress=recorder)
    assert recorder.events == [
        ("planned", 1),
        ("reading", "lesson-plan.txt"),
        ("advanced", 1),
        ("reading", None),
    ]


def test_the_display_shows_the_file_and_the_time_it_has_taken_so_far() -> None:
    console = Console(width=120, record=True, force_terminal=True)
    with Progress(ReadingColumn(), console=console, auto_refresh=False) as bar:
        progress = RichIngestProgress(bar)
        progress.planned(3, 0)
        progress.reading("/incoming/VOL001/line\x1b[2J.txt", time.monotonic() - 192)
        bar.refresh()
        shown = bar.columns[0].render(bar.tasks[0])
    assert str(shown) == "line\\x1b[2J.txt  3:12 so far"
