"""Run a built model's float graph through OpenVINO, in bf16 where the CPU has bf16 units.

OpenVINO reads the float ONNX graph that `rag.models.onnx_build` keeps beside the int8 one and, with
the `bf16` inference-precision hint, runs its matrix products on the CPU's bf16 units (AMX on
recent Xeons, AVX-512 BF16 on Zen 4 and Cooper Lake) with float32 accumulation: vectors within
a cosine of 0.9999 of float32. On a CPU without them the hint is `f32`; the answer reader
asks for `f32` whatever the CPU (`openvino-f32`), or runs its int8-weight graph with the
activations quantised per group of 32 values (`openvino-int8`: int8 products where the CPU has
int8 dot products, read as bf16 reads). Compiling takes ~2 s for e5 at load; where the build
folder is writable the compiled model is kept beside the graph for the next start.

Shapes: OpenVINO keeps what it prepared for each input shape it has run, so a serving process
that meets every width from 3 to 512 tokens keeps growing. Widths are padded up to a multiple
of `WIDTH_STEP` tokens: the padding is masked, so outputs are unchanged, and the growth levels
off in the same time (docs/runtime.md has the measurements).

Threads: a fixed count, not pinned to cores (other processes share them); OpenVINO's TBB
workers sleep when idle, so a serving process does not spin between questions
(tests/test_runtime.py measures it).
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]
BF16_FLAGS = ("amx_bf16", "avx512_bf16")
WIDTH_STEP = 16


@cache
def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags as Linux reports them (empty where /proc/cpuinfo is missing)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def precision() -> str:
    """The inference precision OpenVINO gets here: `bf16` with bf16 units, else `f32`."""
    return "bf16" if any(flag in cpu_flags() for flag in BF16_FLAGS) else "f32"


def available() -> bool:
    """Whether the `openvino` package is installed."""
    try:
        import openvino  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def version() -> str:
    """OpenVINO's version, or "" when it is not installed."""
    try:
        import openvino
    except ImportError:
        return ""
    return str(openvino.__version__)


def padded_width(width: int, max_width: int) -> int:
    """`width` tokens rounded up to whole `WIDTH_STEP`s, but not past `max_width`."""
    return max(width, min(width + -width % WIDTH_STEP, max_width))


class OpenVinoRunner:
    """Runs (token ids, attention mask) batches through a compiled OpenVINO model.

    The compiled model is shared; each calling thread gets its own infer request (a request
    is not re-entrant), so several threads may embed at once.
    """

    def __init__(
        self,
        graph: Path,
        *,
        threads: int,
        hint: str | None = None,
        pad: int = 0,
        max_width: int = 512,
        quantise_group: int = 0,
    ) -> None:
        try:
            import openvino as ov
        except ImportError as exc:
            from rag.errors import SettingsError

            raise SettingsError(
                "NEWSRAG_EMBEDDING_RUNTIME=openvino needs the `openvino` package (pip install "
                "newsrag installs it); or set NEWSRAG_EMBEDDING_RUNTIME=auto or onnx"
            ) from exc

        self.precision = hint or precision()
        core = ov.Core()
        config: dict[str, Any] = {
            "INFERENCE_PRECISION_HINT": self.precision,
            "INFERENCE_NUM_THREADS": threads,
            "PERFORMANCE_HINT": "LATENCY",
            "NUM_STREAMS": 1,
            "ENABLE_CPU_PINNING": False,
        }
        if quantise_group:
            # int8 weights (`rag.models.onnx_build.write_weight_int8`): activations are
            # quantised per group of this many values as they are computed
            config["DYNAMIC_QUANTIZATION_GROUP_SIZE"] = quantise_group
        if os.access(graph.parent, os.W_OK):
            # OpenVINO keeps the compiled model beside the graph: a later start loads it in
            # ~0.15 s instead of compiling again (~1.2 s for e5 on 2 cores).
            config["CACHE_DIR"] = str(graph.parent / "openvino-cache")
        self._compiled = core.compile_model(str(graph), "CPU", config)
        shape = self._compiled.output(0).get_partial_shape()
        last = shape[shape.rank.get_length() - 1]
        self.dimension = last.get_length() if last.is_static else 384
        self._local = threading.local()
        self._pad, self._max_width = pad, max_width

    def __call__(self, tokens: Array, mask: Array) -> Array:
        """The graph's first output for one padded batch (padded further to a width of
        whole `WIDTH_STEP`s with the `pad` token, masked, within the model's `max_width`)."""
        extra = padded_width(tokens.shape[1], self._max_width) - tokens.shape[1]
        if extra:
            tokens = np.pad(tokens, ((0, 0), (0, extra)), constant_values=self._pad)
            mask = np.pad(mask, ((0, 0), (0, extra)))
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        result = request.infer({"input_ids": tokens, "attention_mask": mask})
        out: Array = np.array(result[self._compiled.output(0)], dtype=np.float32, copy=True)
        return out
