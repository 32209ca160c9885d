"""The answer reader's trained weights as rag/models/ ships them (`bench/train_reader.py`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def save(model: Any, meta: dict[str, Any], weights: Path, meta_path: Path) -> None:
    """The trained tensors and what they were trained on: matrices as int8 with a float32
    scale per row (what the int8 ONNX build keeps of them anyway), vectors as float16; `depth`
    is how many of e5's layers the reader keeps."""
    state = {name: t.detach().numpy() for name, t in model.trained_state().items()}
    weights.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        weights,
        trained_layers=np.array(model.trained_layers),
        depth=np.array(len(model.encoder.layers)),
        **quantised(state),
    )
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def quantised(state: dict[str, Any]) -> dict[str, Any]:
    """Matrices as int8 rows plus `<name>.scale`; vectors as float16."""
    out: dict[str, Any] = {}
    for name, tensor in state.items():
        if tensor.ndim == 2:
            scale = np.maximum(np.abs(tensor).max(axis=1, keepdims=True), 1e-12) / 127.0
            out[name] = np.round(tensor / scale).astype(np.int8)
            out[f"{name}.scale"] = scale.astype(np.float32)
        else:
            out[name] = tensor.astype(np.float16)
    return out
