"""A tiny sentence-transformers model (a two-layer BERT with random weights, 32
dimensions, a 60-word WordPiece vocabulary) written into a folder: the embedding paths'
tests run on it in about a second, without the packaged model."""

from __future__ import annotations

import json
from pathlib import Path

WORDS = (
    "officers shall not use a chokehold or carotid restraint except when deadly force is "
    "authorized the academy taught handcuffing prone restraint and de-escalation in block "
    "two of the lesson plan roster hours course taser pursuit canine medical aid"
).split()


def write_tiny_model(folder: Path, pooling: str = "pooling_mode_mean_tokens") -> Path:
    """A sentence-transformers folder around a randomly initialised two-layer BERT."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel
    from transformers.utils import logging

    logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # progress bars on stderr would drown what tests read there

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *dict.fromkeys(WORDS), "."]
    ids = {word: i for i, word in enumerate(vocab)}
    folder.mkdir(parents=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=160,
    )
    BertModel(config).save_pretrained(str(folder))
    tokenizer = Tokenizer(models.WordPiece(ids, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {"do_lower_case": True, "model_max_length": 128, "tokenizer_class": "BertTokenizer"}
        )
    )
    (folder / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": 128, "do_lower_case": False})
    )
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
        {
            "idx": 2,
            "name": "2",
            "path": "2_Normalize",
            "type": "sentence_transformers.models.Normalize",
        },
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling").mkdir()
    modes = ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens")
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps(
            {"word_embedding_dimension": 32}
            | {f"pooling_mode_{m}": f"pooling_mode_{m}" == pooling for m in modes}
        )
    )
    (folder / "2_Normalize").mkdir()
    return folder
