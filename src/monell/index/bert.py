"""A lean BERT sentence encoder in plain torch: the packaged MiniLM without importing
transformers or sentence-transformers.

Measured on this project's machine: a worker that embeds with sentence-transformers first
spends ~4.4 s importing it (transformers, huggingface_hub, scikit-learn, scipy), and every
ingest pays that once per worker before the first passage is embedded: most of the gap
between a cold and a warm run (BENCHMARKS.md, issue 21). This module computes the same
thing from the same files: WordPiece tokens from the model's ``tokenizer.json`` (the
``tokenizers`` library sentence-transformers itself uses), the BERT encoder from
``model.safetensors`` (the layers of ``transformers.BertModel``: embeddings, self-attention
through torch's ``scaled_dot_product_attention``, GELU feed-forward, post-layer norms),
mean pooling over real tokens and L2 normalisation. Tests hold it to the
sentence-transformers vectors (cosine ≥ 0.9999 on the packaged model).

Only what MiniLM is: ``model_type`` bert, absolute positions, exact GELU, mean pooling.
``supports`` says whether a model folder is that; any other model keeps the
sentence-transformers path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import torch
    from numpy.typing import NDArray

BATCH_SIZE = 32  # sentence-transformers' default, so batches (and padding) match it
# A call this small (a search query) runs on one thread: a second one only adds wake-ups,
# and waits for a core when other jobs run (measured under load 3.6: 131 ms p50 on two
# threads, 16 ms on one; BENCHMARKS.md, issue 21), as FAISS searches do (issue 9).
ONE_THREAD_UP_TO = 2
WEIGHTS = "model.safetensors"


def supports(model_dir: Path) -> bool:
    """True when the folder is a mean-pooled BERT this module reproduces exactly."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    return (
        config.get("model_type") == "bert"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and config.get("hidden_act") == "gelu"
        and kinds in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"])
        and modes == ["pooling_mode_mean_tokens"]
        and (model_dir / WEIGHTS).is_file()
        and (model_dir / "tokenizer.json").is_file()
    )


def _encoder(config: dict[str, Any], weights: dict[str, torch.Tensor]) -> Any:
    """The BERT encoder as a function of (ids, mask, types), closed over its weights."""
    import torch
    from torch.nn import functional

    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    layers = int(config["num_hidden_layers"])
    w = {k.removeprefix("bert."): v for k, v in weights.items()}

    def norm(x: torch.Tensor, name: str) -> torch.Tensor:
        shape = (x.shape[-1],)
        return functional.layer_norm(x, shape, w[f"{name}.weight"], w[f"{name}.bias"], eps)

    def dense(x: torch.Tensor, name: str) -> torch.Tensor:
        return functional.linear(x, w[f"{name}.weight"], w[f"{name}.bias"])

    def split(x: torch.Tensor) -> torch.Tensor:  # (batch, tokens, hidden) -> per head
        batch, tokens, hidden = x.shape
        return x.view(batch, tokens, heads, hidden // heads).transpose(1, 2)

    def encode(
        ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor, step: Callable[[], None]
    ) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = (
            functional.embedding(ids, w["embeddings.word_embeddings.weight"])
            + functional.embedding(positions, w["embeddings.position_embeddings.weight"])
            + functional.embedding(types, w["embeddings.token_type_embeddings.weight"])
        )
        x = norm(x, "embeddings.LayerNorm")
        keep = mask.bool()[:, None, None, :]  # padding is never attended to
        for i in range(layers):
            step()
            p = f"encoder.layer.{i}"
            q, k, v = (
                split(dense(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value")
            )
            attended = functional.scaled_dot_product_attention(q, k, v, attn_mask=keep)
            attended = attended.transpose(1, 2).reshape(x.shape)
            x = norm(
                dense(attended, f"{p}.attention.output.dense") + x,
                f"{p}.attention.output.LayerNorm",
            )
            inner = functional.gelu(dense(x, f"{p}.intermediate.dense"))
            x = norm(dense(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        return x

    return encode


class BertEmbedder:
    """Embeds texts with the lean encoder; the contract of ``SentenceTransformerEmbedder``."""

    def __init__(self, model_dir: Path, name: str, max_tokens: int, bfloat16: bool = False) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.encode = _encoder(config, load_file(str(model_dir / WEIGHTS)))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()
        self.name = name
        self.dimension = int(config["hidden_size"])
        self.bfloat16 = bfloat16
        self._torch = torch

    # ``embed`` takes ``between_steps`` (index/embed_process.py widens a child's threads).
    can_widen = True

    def embed(
        self, texts: Sequence[str], between_steps: Callable[[], int | None] | None = None
    ) -> NDArray[np.float32]:
        """The texts' vectors, in batches; ``between_steps``, asked before each layer of each
        batch, may name a number of torch threads to go on with (restored when the call
        ends): the thread count changes nothing but the speed."""
        import numpy as np

        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self.tokenizer.encode_batch(list(texts))
        # Longest first, as sentence-transformers orders them: similar lengths share a batch.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))

        def step() -> None:
            if between_steps is not None and (wider := between_steps()):
                self._torch.set_num_threads(wider)

        threads = self._torch.get_num_threads()
        if len(texts) <= ONE_THREAD_UP_TO and threads > 1:
            self._torch.set_num_threads(1)
        try:
            for start in range(0, len(order), BATCH_SIZE):
                chosen = order[start : start + BATCH_SIZE]
                vectors[chosen] = self._run([encodings[i] for i in chosen], step)
        finally:
            self._torch.set_num_threads(threads)
        return vectors

    def _run(self, encodings: Sequence[Any], step: Callable[[], None]) -> NDArray[np.float32]:
        import numpy as np

        torch = self._torch
        width = max(len(e.ids) for e in encodings)
        ids = torch.zeros((len(encodings), width), dtype=torch.int64)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = torch.tensor(encoding.ids)
            types[row, :n] = torch.tensor(encoding.type_ids)
            mask[row, :n] = 1
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16),
        ):
            hidden = self.encode(ids, mask, types, step)
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled.float(), p=2.0, dim=1)
        return np.asarray(pooled.numpy(), dtype=np.float32)
