"""Which embedder a case gets: loaded once per process, by runtime and precision.

``[models] runtime`` (config.RUNTIMES) picks the path: "torch" the plain-torch BERT
encoder (index/bert.py) where the model is a mean-pooled BERT, else sentence-transformers;
"sentence-transformers" that library always; "onnx" the int8 ONNX export
(index/quantized.py), or torch with a one-line warning when it cannot be built. Loaders are
cached, so every worker process loads its model once.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from monell.resources import (
    EMBEDDING_PACKAGE,
    cpu_has_bf16,
    embedding_model_path,
    load_sentence_transformer,
    onnx_cache_dir,
)

if TYPE_CHECKING:
    from monell.index.embed import Embedder


def load_embedder(path: str, threads: int, precision: str, runtime: str) -> Embedder:
    """The embedder for a model folder; ``threads`` 0 lets torch use every core."""
    bfloat16 = precision == "bfloat16" or (precision == "auto" and cpu_has_bf16())
    local = _local_model_path(path)
    if runtime == "onnx":
        return _quantized_embedder(local, threads, bfloat16)
    if runtime == "sentence-transformers":
        return _sentence_transformer_embedder(local, threads, bfloat16)
    return _bert_embedder(local, threads, bfloat16)


@cache
def _local_model_path(path: str) -> str:
    """The model folder as this process sees it: a cluster worker that lacks the client's
    path to the packaged model uses its own copy of the package (resolved once)."""
    if not Path(path).exists() and Path(path).parent.name == EMBEDDING_PACKAGE:
        return str(embedding_model_path())
    return path


@cache
def _sentence_transformer_embedder(path: str, threads: int, bfloat16: bool) -> Embedder:
    from monell.index.embed import SentenceTransformerEmbedder

    model = load_sentence_transformer(path, threads)
    return SentenceTransformerEmbedder(model, Path(path).name, bfloat16)


@cache
def _bert_embedder(path: str, threads: int, bfloat16: bool) -> Embedder:
    """The plain-torch BERT encoder, or sentence-transformers for any other kind of model."""
    from monell.index.bert import BertEmbedder, supports
    from monell.index.embed import MAX_TOKENS

    if not supports(Path(path)):
        return _sentence_transformer_embedder(path, threads, bfloat16)
    import torch

    if threads:
        torch.set_num_threads(threads)  # one per worker: processes give the parallelism
    return BertEmbedder(Path(path), Path(path).name, MAX_TOKENS, bfloat16)


@cache
def _quantized_embedder(path: str, threads: int, bfloat16: bool) -> Embedder:
    """The int8 ONNX embedder; the torch one, with a one-line warning, when the export
    cannot be built or loaded (once per process: the loader is cached)."""
    from monell.index.quantized import QuantizedModelError, load_quantized_embedder

    try:
        return load_quantized_embedder(Path(path), onnx_cache_dir(), threads)
    except (QuantizedModelError, ImportError) as error:
        sys.stderr.write(
            f"Warning: the int8 ONNX embedding model is unavailable ({error}); using torch\n"
        )
        return _bert_embedder(path, threads, bfloat16)
