"""Shared fixtures: case folders, stores, PDF builders, a fake OCR engine."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import spacy
from numpy.typing import NDArray
from spacy.language import Language

from fixturekit.pages import PageSpec, build_pdf
from monell.app.workspace import Case, init_case, open_case
from monell.ingest.ocr import OcrResult
from monell.records import Word
from monell.store import CaseStore

INCIDENT_DATE = "2021-06-14"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's MONELL_CASE, home folder or current folder."""
    monkeypatch.delenv("MONELL_CASE", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def store() -> Iterator[CaseStore]:
    """An in-memory case store with case facts written."""
    with CaseStore(":memory:") as memory:
        memory.write_case_info("Doe v. Riverton", "Riverton PD", INCIDENT_DATE)
        yield memory


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """A freshly initialised case folder."""
    folder = tmp_path / "case"
    init_case(folder, INCIDENT_DATE, agency="Riverton PD", name="Doe v. Riverton")
    return folder


@pytest.fixture
def case(case_dir: Path) -> Iterator[Case]:
    with open_case(case_dir) as opened:
        yield opened


MakePdf = Callable[..., Path]


@pytest.fixture
def make_pdf(tmp_path: Path) -> MakePdf:
    """``make_pdf("VOL001/a.pdf", [PageSpec(...), ...])`` writes a PDF under tmp_path."""

    def _make(relative: str, pages: list[PageSpec]) -> Path:
        return build_pdf(tmp_path / relative, pages)

    return _make


class FakeOcr:
    """Deterministic OCR stand-in: reads nothing from pixels, returns a fixed page."""

    def __init__(
        self, text: str = "SCANNED ROSTER Officer Pruitt", stamp: str | None = None
    ) -> None:
        self.text, self.stamp, self.calls = text, stamp, 0

    def __call__(self, image: object, *, language: str, points_per_pixel: float) -> OcrResult:
        self.calls += 1
        words = [
            Word(w, 72 + 60 * i, 100, 120 + 60 * i, 112) for i, w in enumerate(self.text.split())
        ]
        if self.stamp:
            words.append(Word(self.stamp, 470, 760, 540, 770))
        text = self.text + (f"\n{self.stamp}" if self.stamp else "")
        return OcrResult(text=text, confidence=0.9, words=tuple(words))


@pytest.fixture
def fake_ocr() -> FakeOcr:
    return FakeOcr()


def tesseract_or_skip() -> None:
    """OCR tests run wherever tesseract is installed and must never be skipped in CI."""
    if shutil.which("tesseract") is None:
        if os.environ.get("CI"):
            pytest.fail("tesseract is required in CI (.ci/run installs it)")
        pytest.skip("tesseract is not installed (apt-get install -y tesseract-ocr)")


class FakeEmbedder:
    """Deterministic, hash-based bag-of-words vectors: shared words make texts similar."""

    name = "fake-embedder"
    dimension = 64

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                digest = hashlib.sha256(word.encode()).digest()
                vectors[row, digest[0] % self.dimension] += 1.0 if digest[1] % 2 else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class StoredVectors:
    """The store's vector interface (ids, tally, batches of float32 blobs), in memory."""

    def __init__(self, matrix: NDArray[np.float32] | None = None) -> None:
        self.rows: dict[int, NDArray[np.float32]] = {}
        self.last = 0  # AUTOINCREMENT: ids are never reused, even after a delete
        if matrix is not None:
            self.save(matrix)

    def save(self, matrix: NDArray[np.float32]) -> list[int]:
        ids = list(range(self.last + 1, self.last + 1 + len(matrix)))
        self.rows.update(zip(ids, matrix, strict=True))
        self.last += len(matrix)
        return ids

    def delete(self, ids: Sequence[int]) -> list[int]:
        for passage_id in ids:
            del self.rows[passage_id]
        return list(ids)

    def vector_ids(self) -> list[int]:
        return list(self.rows)

    def vector_tally(self, after: int) -> tuple[int, list[int]]:
        return len(self.rows), sorted(i for i in self.rows if i > after)

    def vector_batches(self, after: int = 0) -> Iterator[tuple[list[int], list[bytes]]]:
        ids = sorted(i for i in self.rows if i > after)
        for start in range(0, len(ids), 200):
            batch = ids[start : start + 200]
            yield batch, [self.rows[i].tobytes() for i in batch]

    def matrix_batches(self) -> Iterator[tuple[list[int], NDArray[np.float32]]]:
        for ids, blobs in self.vector_batches():
            yield ids, np.frombuffer(b"".join(blobs), np.float32).reshape(len(ids), -1)


@dataclass(frozen=True)
class FakeModels:
    """Blank spaCy with a rule-based sentencizer, and the fake embedder (no real weights)."""

    def nlp(self) -> Language:
        return _blank_nlp()

    def embedder(self) -> FakeEmbedder:
        return FakeEmbedder()


@functools.cache
def _blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture
def fake_models() -> FakeModels:
    return FakeModels()


@pytest.fixture
def blank_nlp() -> Language:
    return _blank_nlp()


@pytest.fixture(scope="session")
def shipped_detector() -> object:
    """The shipped taxonomy and topic model with the real lemmas and a fake embedder: what
    the words and rules decide, whatever the similarities."""
    from monell.coverage.detect import TopicDetector, TopicModel
    from monell.coverage.taxonomy import load_taxonomy
    from monell.resources import default_taxonomy_path, load_spacy_lemmas, topic_model_path

    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    return TopicDetector(
        taxonomy, load_spacy_lemmas(), FakeEmbedder(), TopicModel.load(topic_model_path())
    )
