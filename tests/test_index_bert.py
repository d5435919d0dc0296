"""The plain-torch BERT encoder (issue 21): the same vectors as sentence-transformers from
the same model folder, chosen by ``[models] runtime = "torch"`` for mean-pooled BERTs only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from fixturekit.tiny_model import write_tiny_model
from monell.index.bert import BertEmbedder, supports
from monell.index.embed import MAX_TOKENS, SentenceTransformerEmbedder
from monell.index.update import PackagedModels
from monell.resources import embedding_model_path, load_sentence_transformer

PASSAGES = [
    "Officers shall not use a chokehold except when deadly force is authorized.",
    "The academy taught handcuffing and prone restraint in block two.",
    "Roster: taser course, two hours.",
    "De-escalation lesson plan",
    "x",
    "canine pursuit medical aid " * 60,  # longer than the 128-token cut
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def sentence_transformer_vectors(model_dir: Path, texts: list[str]) -> np.ndarray:
    model = load_sentence_transformer(str(model_dir))
    return SentenceTransformerEmbedder(model, model_dir.name).embed(texts)


def test_the_lean_encoder_reproduces_sentence_transformers(tiny_model: Path) -> None:
    lean = BertEmbedder(tiny_model, "model", MAX_TOKENS).embed(PASSAGES)
    reference = sentence_transformer_vectors(tiny_model, PASSAGES)

    assert lean.dtype == np.float32 and lean.shape == reference.shape
    assert (lean * reference).sum(axis=1).min() >= 0.9999


def test_padding_and_batch_mates_do_not_change_a_vector(tiny_model: Path) -> None:
    embedder = BertEmbedder(tiny_model, "model", MAX_TOKENS)
    alone = embedder.embed(["Roster: taser course, two hours."])
    among_long_ones = embedder.embed(PASSAGES)[2:3]

    assert np.allclose(alone, among_long_ones, atol=1e-5)
    assert embedder.embed([]).shape == (0, 32)


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run the block with ``count`` torch threads; the process's own count afterwards."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def test_issue_21_a_query_runs_on_one_thread_and_the_threads_are_restored(
    tiny_model: Path,
) -> None:
    import torch

    embedder = BertEmbedder(tiny_model, "model", MAX_TOKENS)
    with torch_threads(2):
        query = embedder.embed(["taser course"])
        assert torch.get_num_threads() == 2
        among_many = embedder.embed(["taser course", *PASSAGES])[:1]

    assert np.allclose(query, among_many, atol=1e-5)


def test_issue_21_threads_named_between_layers_change_nothing_but_the_speed(
    tiny_model: Path,
) -> None:
    import torch

    embedder = BertEmbedder(tiny_model, "model", MAX_TOKENS)
    asked: list[int] = []
    seen: list[int] = []

    def between() -> int | None:  # after the second layer: "two threads are free now"
        asked.append(1)
        seen.append(torch.get_num_threads())
        return 2 if len(asked) == 2 else None

    texts = PASSAGES * 6  # two batches of the tiny model's two layers: four steps
    with torch_threads(1):
        alone = embedder.embed(texts)
        widened = embedder.embed(texts, between_steps=between)
        assert torch.get_num_threads() == 1  # restored when the call ends

    assert seen == [1, 1, 2, 2]
    assert np.allclose(alone, widened, atol=1e-5)


def test_bfloat16_vectors_stay_within_rounding_of_float32(tiny_model: Path) -> None:
    full = BertEmbedder(tiny_model, "model", MAX_TOKENS).embed(PASSAGES)
    half = BertEmbedder(tiny_model, "model", MAX_TOKENS, bfloat16=True).embed(PASSAGES)

    assert half.dtype == np.float32
    assert (full * half).sum(axis=1).min() >= 0.99


@pytest.mark.parametrize(
    ("change", "supported"),
    [
        pytest.param(lambda folder: None, True, id="a mean-pooled BERT"),
        pytest.param(
            lambda folder: _edit(
                folder / "1_Pooling" / "config.json",
                pooling_mode_mean_tokens=False,
                pooling_mode_cls_token=True,
            ),
            False,
            id="CLS pooling",
        ),
        pytest.param(
            lambda folder: _edit(folder / "config.json", model_type="roberta"), False, id="not BERT"
        ),
        pytest.param(
            lambda folder: _edit(folder / "config.json", position_embedding_type="relative_key"),
            False,
            id="relative positions",
        ),
        pytest.param(
            lambda folder: (folder / "model.safetensors").unlink(), False, id="no safetensors"
        ),
        pytest.param(lambda folder: (folder / "modules.json").unlink(), False, id="no modules"),
    ],
)
def test_only_what_the_encoder_reproduces_is_supported(
    tmp_path: Path, change: object, supported: bool
) -> None:
    folder = write_tiny_model(tmp_path / "model")
    change(folder)  # type: ignore[operator]

    assert supports(folder) is supported


def _edit(path: Path, **values: object) -> None:
    data = json.loads(path.read_text())
    data.update(values)
    path.write_text(json.dumps(data))


def test_the_case_runtime_picks_the_embedder(tmp_path: Path) -> None:
    mean = write_tiny_model(tmp_path / "mean")
    cls = write_tiny_model(tmp_path / "cls", pooling="pooling_mode_cls_token")

    assert isinstance(PackagedModels(str(mean)).embedder(), BertEmbedder)
    assert isinstance(
        PackagedModels(str(mean), runtime="sentence-transformers").embedder(),
        SentenceTransformerEmbedder,
    )
    # A model the lean encoder does not reproduce keeps sentence-transformers.
    assert isinstance(PackagedModels(str(cls)).embedder(), SentenceTransformerEmbedder)
    # Both paths store vectors under the same model name: their vectors are the same.
    assert PackagedModels(str(mean)).embedder().name == "mean"


@pytest.mark.model
def test_the_packaged_model_gives_the_sentence_transformers_vectors() -> None:
    model_dir = embedding_model_path()
    texts = [
        "The use of a lateral vascular neck restraint is prohibited except where deadly force "
        "is authorized; officers who apply pressure to the neck shall request EMS.",
        "LESSON BLOCK 2: HANDCUFFING. Double-lock, check the fit with one finger.",
        "Roster, In-Service 2019: Ofc. Dana Pruitt, 8.0 hours, ICAT de-escalation, attended.",
        "taser",
        "pursuit " * 300,
    ]
    lean = BertEmbedder(model_dir, "model", MAX_TOKENS).embed(texts)
    reference = sentence_transformer_vectors(model_dir, texts)

    assert (lean * reference).sum(axis=1).min() >= 0.9999
