"""The int8 ONNX embedding path: the packaged sentence-transformers model exported to ONNX,
its weights quantized to int8, run by ONNX Runtime.

The export is made from the installed weights, offline, the first time a case asks for
``[models] runtime = "onnx"`` (or ahead of time with ``python -m scripts.export_onnx``), and
cached per user (``resources.onnx_cache_dir``), keyed by a hash of the source weights, the
recipe and the library versions: every case on the machine shares one export, a new model
or library version gets its own, and nothing is written inside the installed package
(which may be read-only and is replaced on upgrade). The cached files are checked by their
SHA-256 before use; a missing, torn or corrupt export is rebuilt under a file lock (two
workers starting at once build it once).

Why it is faster: dynamic int8 quantization of the weight matrices (per output channel,
activations quantized per batch) lets ONNX Runtime use integer matrix products, and
batches are formed from texts of similar length, so little is spent on padding. Vectors
are L2-normalised float32, like the torch path's; BENCHMARKS.md and EVALUATION.md give
the speed and the retrieval quality against the torch path.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.errors import ModelMissing

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

RECIPE = 1  # bump when the export or quantization changes: older exports are rebuilt
OPSET = 17
ONNX_FILE = "model-int8.onnx"
MANIFEST_FILE = "manifest.json"
SOURCE_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "tokenizer.json")
BATCH_SIZE = 32
SMALL_FILE = 4 << 20  # hashed in full below this size
FFN_OUTPUT = re.compile(r"layer\.\d+/output/dense/")  # the feed-forward down-projection
NAME_SUFFIX = "+onnx-int8"  # vectors from this path are stored under their own model name


class QuantizedModelError(ModelMissing):
    """The int8 ONNX model cannot be built or run from this model folder."""


def export_key(model_dir: Path) -> str:
    """What the export depends on: the source files, the recipe, ONNX Runtime's version.

    Small files are hashed; the weights by size and modification time, so opening the
    cache costs no read of a 90 MB file (a reinstalled package is simply exported again).
    """
    import onnxruntime

    digest = hashlib.sha256(f"{RECIPE}|{OPSET}|{onnxruntime.__version__}".encode())
    for name in SOURCE_FILES:
        path = model_dir / name
        if not path.is_file():
            continue
        digest.update(name.encode())
        if path.stat().st_size > SMALL_FILE:
            stat = path.stat()
            digest.update(f"{stat.st_size}|{stat.st_mtime_ns}".encode())
        else:
            digest.update(_file_sha256(path).encode())
    return digest.hexdigest()[:16]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pooling(model_dir: Path) -> None:
    """The export reproduces Transformer -> mean pooling -> Normalize, and nothing else."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise QuantizedModelError(f"cannot read the model's modules: {error}", model_dir) from None
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    means = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if kinds[:2] != ["Transformer", "Pooling"] or means != ["pooling_mode_mean_tokens"]:
        raise QuantizedModelError(
            "the int8 ONNX path supports mean-pooled sentence-transformers models only", model_dir
        )


def ensure_export(model_dir: Path, cache_dir: Path) -> Path:
    """The folder holding a verified export for ``model_dir``: reused, or built now."""
    folder = cache_dir / export_key(model_dir)
    if _verified(folder):
        return folder
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _locked(cache_dir / f".{folder.name}.lock"):
        if _verified(folder):  # another process built it while this one waited
            return folder
        build_export(model_dir, folder)
    return folder


def _verified(folder: Path) -> bool:
    """True when the export and its manifest are present and the file's hash matches."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        return bool(manifest.get("sha256") == _file_sha256(folder / ONNX_FILE))
    except (OSError, ValueError, AttributeError):
        return False


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_export(model_dir: Path, folder: Path) -> None:
    """Export the model to ONNX, quantize its weights to int8, and move it into ``folder``.

    Built in a temporary folder beside the target and renamed into place, so a crash leaves
    either the old state or a complete export, never a torn one.
    """
    check_pooling(model_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        _export_float(model_dir, work / "model-float.onnx")
        _quantize(work / "model-float.onnx", work / ONNX_FILE)
        (work / "model-float.onnx").unlink()
        manifest = {
            "recipe": RECIPE,
            "source": str(model_dir),
            "sha256": _file_sha256(work / ONNX_FILE),
        }
        (work / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)  # a corrupt export: replaced whole
        os.replace(work, folder)
    except QuantizedModelError:
        raise
    except Exception as error:  # export needs torch, transformers and onnx: any failure is one line
        raise QuantizedModelError(f"cannot export the model to ONNX: {error}", model_dir) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _quiet() -> Iterator[None]:
    """The exporter's tracer warnings and the quantizer's advice are not the user's concern."""
    import logging
    import warnings

    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(logging.NOTSET)


class _MeanPooled:
    """Builds the module exported: the transformer, mean pooling over real tokens, L2 norm."""

    @staticmethod
    def build(model_dir: Path) -> Any:
        import torch
        from transformers import AutoModel

        class Pooled(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = AutoModel.from_pretrained(
                    str(model_dir), local_files_only=True, attn_implementation="eager"
                )

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                hidden = self.bert(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                summed = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                return torch.nn.functional.normalize(summed, p=2.0, dim=1)

        return Pooled().eval()


def _export_float(model_dir: Path, target: Path) -> None:
    import torch

    from monell.resources import forbid_downloads

    forbid_downloads()
    module = _MeanPooled.build(model_dir)
    ids = torch.ones((2, 16), dtype=torch.int64)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    axes["sentence_embedding"] = {0: "batch"}
    with torch.no_grad(), _quiet():
        torch.onnx.export(
            module,
            (ids, ids, torch.zeros_like(ids)),
            str(target),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, dynamic axes work
        )


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Weights only (MatMul with a constant B), per output channel: attention's
    # activation-by-activation products and the embedding tables stay float. The
    # feed-forward output projections stay float too: their inputs (GELU outputs) have the
    # widest range, and quantizing them per batch cost the most: measured on 256 Anchorage
    # passages, the lowest cosine to float32 rose from 0.984 to 0.991 without them.
    graph = onnx.load(str(source)).graph
    keep_float = [n.name for n in graph.node if n.op_type == "MatMul" and FFN_OUTPUT.search(n.name)]
    with _quiet():
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=keep_float,
            extra_options={"MatMulConstBOnly": True},
        )


class QuantizedEmbedder:
    """Embeds texts with the int8 ONNX export; the same contract as the torch embedder."""

    def __init__(self, folder: Path, model_dir: Path, name: str, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from monell.index.embed import MAX_TOKENS

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: ONNX Runtime's default (all cores)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = onnxruntime.InferenceSession(
                str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # ONNX Runtime raises its own types for a bad file
            raise QuantizedModelError(f"cannot load the ONNX export: {error}", folder) from None
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        self.name = name
        self.dimension = int(self.session.get_outputs()[0].shape[1] or 384)

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import numpy as np

        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self.tokenizer.encode_batch(list(texts))
        # Similar lengths share a batch, so little is spent on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            chosen = order[start : start + BATCH_SIZE]
            vectors[chosen] = self._run([encodings[i] for i in chosen])
        return vectors

    def _run(self, encodings: Sequence[Any]) -> NDArray[np.float32]:
        import numpy as np

        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = 1
            types[row, :n] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        (out,) = self.session.run(["sentence_embedding"], feeds)
        return np.asarray(out, dtype=np.float32)


def load_quantized_embedder(
    model_dir: Path, cache_dir: Path, threads: int = 0
) -> QuantizedEmbedder:
    """The int8 ONNX embedder, building (or rebuilding a broken) export as needed.

    Raises:
        QuantizedModelError: the export cannot be built or loaded even after a rebuild.
    """
    name = model_dir.name + NAME_SUFFIX
    folder = ensure_export(model_dir, cache_dir)
    try:
        return QuantizedEmbedder(folder, model_dir, name, threads)
    except QuantizedModelError:
        # Verified by hash yet unloadable (e.g. written by an incompatible library): rebuild once.
        shutil.rmtree(folder, ignore_errors=True)
        return QuantizedEmbedder(ensure_export(model_dir, cache_dir), model_dir, name, threads)
