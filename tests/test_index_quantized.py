"""The int8 ONNX embedding path (issue 21): built once from the installed weights, cached,
rebuilt when missing or corrupt, falling back to torch with one warning line, never
downloading; and its vectors agree with the torch path's.

Most tests use a tiny BERT (two layers, 32 dimensions, a 60-word vocabulary) written into
tmp_path, so the export takes about a second; one test uses the packaged model.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fixturekit.tiny_model import write_tiny_model
from monell.index import quantized
from monell.index.embed import SentenceTransformerEmbedder
from monell.index.quantized import (
    MANIFEST_FILE,
    ONNX_FILE,
    QuantizedModelError,
    ensure_export,
    load_quantized_embedder,
)
from monell.index.update import PackagedModels
from monell.resources import embedding_model_path, load_sentence_transformer, onnx_cache_dir

PASSAGES = [
    "Officers shall not use a chokehold except when deadly force is authorized.",
    "The academy taught handcuffing and prone restraint in block two.",
    "Roster: taser course, two hours.",
    "De-escalation lesson plan",
    "canine pursuit medical aid " * 6,
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def torch_vectors(model_dir: Path, texts: Sequence[str]) -> np.ndarray[Any, Any]:
    model = load_sentence_transformer(str(model_dir))
    return SentenceTransformerEmbedder(model, model_dir.name).embed(texts)


def test_the_export_is_built_on_first_use_and_then_reused(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    embedder = load_quantized_embedder(tiny_model, cache)
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    assert (folder / ONNX_FILE).is_file() and (folder / MANIFEST_FILE).is_file()
    assert embedder.name == "model+onnx-int8" and embedder.dimension == 32

    def no_second_build(*args: object) -> None:
        raise AssertionError("the cached export was built again")

    monkeypatch.setattr(quantized, "build_export", no_second_build)
    again = load_quantized_embedder(tiny_model, cache)
    assert np.array_equal(again.embed(PASSAGES), embedder.embed(PASSAGES))


def test_onnx_vectors_agree_with_the_torch_path_on_the_same_passages(
    tiny_model: Path, tmp_path: Path
) -> None:
    onnx = load_quantized_embedder(tiny_model, tmp_path / "cache").embed(PASSAGES)
    reference = torch_vectors(tiny_model, PASSAGES)

    assert onnx.dtype == np.float32 and onnx.shape == reference.shape
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-4)
    assert (onnx * reference).sum(axis=1).min() >= 0.99
    assert load_quantized_embedder(tiny_model, tmp_path / "cache").embed([]).shape == (0, 32)


def test_a_passage_is_embedded_the_same_whatever_batch_it_is_in(
    tiny_model: Path, tmp_path: Path
) -> None:
    embedder = load_quantized_embedder(tiny_model, tmp_path / "cache")
    alone = embedder.embed(PASSAGES[:1])[0]
    among_others = embedder.embed(list(reversed(PASSAGES)))[-1]

    # Activations are quantized per batch, so batch-mates move a vector a little, no more.
    assert float(alone @ among_others) >= 0.995


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: (f / ONNX_FILE).unlink(), id="export file deleted"),
        pytest.param(lambda f: (f / MANIFEST_FILE).unlink(), id="manifest deleted"),
        pytest.param(lambda f: (f / ONNX_FILE).write_bytes(b"\x08\x07 torn"), id="file torn"),
        pytest.param(lambda f: (f / MANIFEST_FILE).write_text("{not json"), id="manifest corrupt"),
    ],
)
def test_a_missing_or_corrupt_export_is_rebuilt(
    tiny_model: Path, tmp_path: Path, damage: Any
) -> None:
    cache = tmp_path / "cache"
    expected = load_quantized_embedder(tiny_model, cache).embed(PASSAGES)
    folder = ensure_export(tiny_model, cache)
    damage(folder)

    rebuilt = load_quantized_embedder(tiny_model, cache)

    assert np.allclose(rebuilt.embed(PASSAGES), expected, atol=1e-5)
    assert ensure_export(tiny_model, cache) == folder


def test_an_export_that_matches_its_hash_but_will_not_load_is_rebuilt_once(
    tiny_model: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    folder = ensure_export(tiny_model, cache)
    # Garbage that its manifest vouches for (as an incompatible library might leave).
    (folder / ONNX_FILE).write_bytes(b"not an onnx model")
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["sha256"] = quantized._file_sha256(folder / ONNX_FILE)
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))

    embedder = load_quantized_embedder(tiny_model, cache)

    assert embedder.embed(PASSAGES).shape == (len(PASSAGES), 32)


def test_a_model_the_export_cannot_reproduce_is_refused_in_one_line(tmp_path: Path) -> None:
    cls_pooled = write_tiny_model(tmp_path / "cls", pooling="pooling_mode_cls_token")

    with pytest.raises(QuantizedModelError) as raised:
        load_quantized_embedder(cls_pooled, tmp_path / "cache")

    assert "mean-pooled sentence-transformers models only" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_onnx_runtime_falls_back_to_torch_with_a_one_line_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cls_pooled = write_tiny_model(tmp_path / "cls", pooling="pooling_mode_cls_token")
    models = PackagedModels(embedding_path=str(cls_pooled), runtime="onnx")
    capsys.readouterr()

    embedder = models.embedder()

    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.name == "cls"
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Warning: the int8 ONNX embedding model is unavailable")
    assert lines[0].endswith("; using torch")


def test_building_and_running_the_export_never_touches_the_network(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    vectors = load_quantized_embedder(tiny_model, tmp_path / "cache").embed(PASSAGES)

    assert vectors.shape == (len(PASSAGES), 32)
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_the_cache_is_per_user_and_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert onnx_cache_dir() == Path.home() / ".cache" / "monell" / "onnx"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert onnx_cache_dir() == tmp_path / "xdg" / "monell" / "onnx"


@pytest.mark.model
def test_the_packaged_model_gives_cosine_of_at_least_099_on_both_paths(tmp_path: Path) -> None:
    model_dir = embedding_model_path()
    texts = [
        "The use of a lateral vascular neck restraint is prohibited except where deadly force "
        "is authorized; officers who apply pressure to the neck shall request EMS.",
        "LESSON BLOCK 2: HANDCUFFING. Double-lock, check the fit with one finger, and move the "
        "person out of the prone position as soon as resistance stops.",
        "Roster, In-Service 2019: Ofc. Dana Pruitt, 8.0 hours, ICAT de-escalation, attended.",
        "Table of contents ........ 300.3 Deadly force ........ 14",
        "OPS file 19-088: the dog did not release on the out command; bite lasted 55 seconds.",
        "taser",
    ]
    onnx = load_quantized_embedder(model_dir, tmp_path / "cache").embed(texts)
    reference = torch_vectors(model_dir, texts)

    assert (onnx * reference).sum(axis=1).min() >= 0.99
