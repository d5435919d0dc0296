"""A small volume's embeddings run in a child forked before spaCy loads (issue 21): the
same vectors as in this process, a clear error when the child cannot work, and an
ingesting process that never imports torch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from monell.index import embed_process
from monell.index.embed_process import EmbeddingProcess, EmbeddingProcessError


class HashEmbedder:
    """Deterministic vectors from the text's characters; remembers who embedded."""

    name = "hash-model"
    dimension = 4

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = [[len(t), sum(map(ord, t)) % 97, t.count("e"), os.getpid()] for t in texts]
        return np.asarray(rows, dtype=np.float32)


@dataclass(frozen=True)
class Source:
    broken: bool = False

    def nlp(self) -> object:
        raise AssertionError("the child needs no spaCy")

    def embedder(self) -> HashEmbedder:
        if self.broken:
            raise OSError("model.safetensors is unreadable")
        return HashEmbedder()


def test_the_child_gives_the_vectors_this_process_would() -> None:
    texts = ["Officers shall render aid.", "", "Handcuff, then double-lock."]
    process = EmbeddingProcess(Source())
    try:
        vectors = process.embed(texts)
        assert (process.name, process.dimension) == ("hash-model", 4)
        assert np.array_equal(vectors[:, :3], HashEmbedder().embed(texts)[:, :3])
        assert set(vectors[:, 3]) == {process._process.pid} != {os.getpid()}
        assert process.embed([]).shape == (0, 4)
    finally:
        process.close()
    assert not process._process.is_alive()


@dataclass(frozen=True)
class WideningSource(Source):
    """A stand-in that can widen: each row records the threads it was embedded on; from its
    second text on it waits (up to 30 s) for the parent's word that cores are free; it
    marks ``started`` once its first text is done."""

    started: Path | None = None

    def embedder(self) -> WideningEmbedder:
        return WideningEmbedder(self.started)


class WideningEmbedder(HashEmbedder):
    can_widen = True

    def __init__(self, started: Path | None) -> None:
        self.started = started

    def embed(self, texts: list[str], between_steps: object = None) -> np.ndarray:
        assert callable(between_steps)
        threads, told, rows = 1, False, []
        for i, text in enumerate(texts):
            deadline = time.monotonic() + 30
            while (wider := between_steps()) is None and i > 0 and not told:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            told = told or wider is not None
            threads = wider or threads
            rows.append([len(text), threads, 0, os.getpid()])
            if self.started is not None and i == 0:
                self.started.touch()
        return np.asarray(rows, dtype=np.float32)


def _embed_three_then_two(started: Path) -> tuple[np.ndarray, np.ndarray]:
    def prepare() -> None:  # the parent's own work, done while the child embeds alone
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.005)

    process = EmbeddingProcess(WideningSource(started=started))
    try:
        while_preparing = process.embed(["first", "second", "third"], meanwhile=prepare)
        nothing_to_do = process.embed(["fourth", "fifth"])
    finally:
        process.close()
    return while_preparing[:, 1], nothing_to_do[:, 1]


def test_issue_21_the_child_widens_to_every_core_once_the_parent_only_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed_process, "_running_tasks", lambda: 2)  # only the two of us
    cores = len(os.sched_getaffinity(0))
    while_preparing, nothing_to_do = _embed_three_then_two(tmp_path / "started")
    assert list(while_preparing) == [1, cores, cores]  # alone, then every core
    assert nothing_to_do[-1] == cores  # the parent only waits: told with the texts


def test_issue_21_the_child_keeps_one_thread_while_other_work_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed_process, "_running_tasks", lambda: 5)
    while_preparing, nothing_to_do = _embed_three_then_two(tmp_path / "started")
    assert list(while_preparing) == [1, 1, 1] and list(nothing_to_do) == [1, 1]


def test_issue_21_threads_are_spared_only_when_the_machine_is_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cores = len(os.sched_getaffinity(0))
    samples = iter([5, 2, 6])  # others ran, then for a moment only the two of us
    monkeypatch.setattr(embed_process, "_running_tasks", lambda: next(samples))
    assert embed_process.threads_to_spare() == cores
    monkeypatch.setattr(embed_process, "_running_tasks", lambda: 3)
    assert embed_process.threads_to_spare() == 1

    def unreadable() -> int:
        raise OSError("no /proc here")

    monkeypatch.setattr(embed_process, "_running_tasks", unreadable)
    assert embed_process.threads_to_spare() == 1


def test_issue_21_a_word_meant_for_an_earlier_call_widens_nothing() -> None:
    import multiprocessing

    from monell.index.embed_process import _wider

    receive, send = multiprocessing.Pipe(duplex=False)
    send.send((1, 2))  # came after call 1 ended
    assert _wider(receive, 2) is None
    send.send((1, 2))
    send.send((2, 4))
    assert _wider(receive, 2) == 4
    assert _wider(receive, 2) is None  # said once
    send.close()
    assert _wider(receive, 3) is None  # the parent is gone: no word, no error


def test_a_model_that_does_not_load_is_named_in_the_error() -> None:
    process = EmbeddingProcess(Source(broken=True))
    try:
        with pytest.raises(EmbeddingProcessError, match="did not load: OSError: model.safe"):
            process.embed(["text"])
    finally:
        process.close()


def test_a_child_that_dies_gives_an_error_not_a_hang() -> None:
    process = EmbeddingProcess(Source())
    try:
        process.embed(["warm"])
        os.kill(process._process.pid, signal.SIGKILL)
        process._process.join(5)
        with pytest.raises(EmbeddingProcessError, match="gone"):
            process.embed(["after the kill"])
    finally:
        process.close()


@pytest.mark.model
def test_a_small_volume_is_ingested_without_torch_in_the_ingesting_process(
    tmp_path: Path,
) -> None:
    case = tmp_path / "case"
    (tmp_path / "VOL001").mkdir()
    (tmp_path / "VOL001" / "order.txt").write_text(
        "GENERAL ORDER 4.1 HANDCUFFING\nOfficers shall handcuff prisoners with hands behind "
        "the back and double-lock the cuffs. Effective January 2, 2019.\n"
    )
    monell = [sys.executable, "-m", "monell"]
    subprocess.run([*monell, "init", str(case), "--incident-date", "2020-03-01"], check=True)
    script = (
        "import sys\nfrom monell.cli import main\n"
        f"main(['ingest', '--case', {str(case)!r}, {str(tmp_path / 'VOL001')!r}], "
        "standalone_mode=False)\nprint('TORCH', 'torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "1 document(s) added" in out and "Indexed 1 document(s)" in out
    assert "TORCH False" in out
    searched = subprocess.run(
        [*monell, "search", "--case", str(case), "double-lock the cuffs"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "order.txt" in searched  # the child's vectors are in the index


def test_the_wave_hook_runs_once_while_the_child_embeds_and_never_fails_a_document() -> None:
    from monell.index.embed_process import OnceAWave, WithEmbeddingProcess
    from monell.index.update import TextBatch, _embed

    seen: list[int] = []

    def prepare(drafts: list[object]) -> None:
        seen.append(len(drafts))
        raise RuntimeError("a broken taxonomy file")  # met again, and reported, later

    process = EmbeddingProcess(Source())
    try:
        models = WithEmbeddingProcess(Source(), process, prepare)
        hook = OnceAWave(prepare, ["draft 1", "draft 2"])  # type: ignore[list-item]
        first = _embed(TextBatch(1, 0, ("a", "bb")), models, hook)
        second = _embed(TextBatch(1, 2, ("ccc",)), models, hook)
    finally:
        process.close()
    assert seen == [2]
    assert not isinstance(first, str) and not isinstance(second, str)
    assert first[1:] == second[1:] == (4, "hash-model")


def test_issue_21_an_embedder_that_cannot_widen_still_reads_every_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parent says how many threads are free after every call; a child whose embedder
    cannot use them must still read them, or the pipe fills and the parent blocks."""
    import threading

    monkeypatch.setattr(embed_process, "_running_tasks", lambda: 2)
    process = EmbeddingProcess(Source())
    done = threading.Event()

    def calls() -> None:
        for i in range(3000):  # ~30 bytes a word: a 64 KiB pipe is full after ~2,000
            process.embed([f"text {i}"])
        done.set()

    threading.Thread(target=calls, daemon=True).start()
    try:
        assert done.wait(60), "the parent blocked on a full pipe"
    finally:
        process.close()
