"""Which runtime runs a model build on this machine, decided once by measuring.

`NEWSRAG_EMBEDDING_RUNTIME=auto` (the default) times each runtime of a build on a fixed set
of texts (chunk-sized passages, queries and the short sentences an answer embeds) in CPU
seconds, which other processes on a shared machine barely change (its wall clock they do),
and compares its vectors with the float32 graph's. It keeps the fastest runtime that is
faithful: a cosine of at least `MIN_COSINE` to float32 on every text, or ONNX Runtime's int8
graph, the previous default, whose retrieval was measured on PIAF (cosine ~0.997; it stays
for CPUs without bf16 units). A faithful runtime wins unless int8 is over `MARGIN` faster.

The verdict is written into the build folder as `runtime-<key>.json`, the key naming the CPU
(model name and flags), the runtime versions, the thread count and the build, so each machine
calibrates once per build (a few seconds), under a file lock, and any change measures again.
Setting `onnx` or `openvino` skips the measurement.

The answer reader runs what reads as float32 does (its floors were chosen on float readings,
which ONNX Runtime's int8 graph moves and bf16 barely does): `fastest_float` measures the two
runtimes of a build's float graph the same way, in a verdict file of its own, and keeps the
faster; where the build has its int8-weight graph (`openvino-int8`, activations quantised per
small group: as close to float32 as bf16), that one when it is over `MARGIN` faster.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from rag.models import openvino_runtime
from rag.models.onnx_build import W8_FILE

log = logging.getLogger(__name__)

CALIBRATION_VERSION = 3  # bump when the texts or the rule change: machines measure again
MIN_COSINE = 0.999
MARGIN = 1.1
BASELINE = "onnx"  # eligible whatever its cosine: the int8 graph newsrag has always run
FLOAT_RUNTIMES = ("onnx-fp32", "openvino-f32")
INT8_WEIGHTS = "openvino-int8"  # a build's int8-weight graph (`W8_FILE`), not float32
# How far (in probability) a reader's runtime may read from float32: what bf16 reads
# (0.010 on a CPU with AMX), under the 0.015 floor it refuses at
READER_TOLERANCE = 0.02
_SENTENCE = (
    "Le Conseil constitutionnel a validé jeudi l'essentiel de la réforme des retraites, "
    "malgré l'opposition des syndicats qui appellent à une nouvelle journée de mobilisation.",
    "À Marseille, les pompiers ont évacué 120 habitants après des pluies torrentielles.",
    "Wie viele Menschen wurden nach den Überschwemmungen im Süden Frankreichs evakuiert ?",
    "The minister said the budget would be presented to parliament before the summer.",
    "Le club lyonnais s'est qualifié pour la finale de la coupe d'Europe (2-1).",
)


@dataclass(frozen=True)
class Trial:
    """One runtime measured on the calibration texts: CPU seconds (what decides: unlike the
    wall clock, other processes on the machine barely change them), wall seconds, and the
    worst cosine to float32 (for a graph that outputs a probability, one less the largest
    gap to float32's)."""

    runtime: str
    seconds: float
    cosine: float
    wall: float = 0.0


@dataclass(frozen=True)
class Choice:
    """The runtime kept for a build on this machine, and the trials it was chosen from."""

    runtime: str
    trials: tuple[Trial, ...]
    key: str


Measure = Callable[[Path, int], list[Trial]]


def candidates() -> list[str]:
    """The runtimes installed here, the int8 baseline first."""
    return [BASELINE, "openvino"] if openvino_runtime.available() else [BASELINE]


def calibration_texts() -> tuple[list[str], list[str]]:
    """Chunk-sized passages of different lengths, and ten short sentences."""
    passages = [" ".join((_SENTENCE * 2)[i % 5 : i % 5 + 3 + i % 3]) for i in range(8)]
    return passages, [_SENTENCE[i % 5] for i in range(10)]


def calibration_key(folder: Path, threads: int, purpose: str = "") -> str:
    """Names what a verdict depends on: CPU, runtime versions, threads, build, and what was
    chosen among (empty: every runtime, for embeddings)."""
    import onnxruntime

    parts = {
        "version": CALIBRATION_VERSION,
        "cpu": platform.processor() or platform.machine(),
        "flags": sorted(openvino_runtime.cpu_flags()),
        "onnxruntime": onnxruntime.__version__,
        "openvino": openvino_runtime.version(),
        "threads": threads,
        "build": folder.name,
    }
    if purpose:
        parts["purpose"] = purpose
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12]


def measure(folder: Path, threads: int) -> list[Trial]:
    """Time each installed runtime on the calibration texts and compare it with float32."""
    from rag.models.onnx_runtime import OnnxModel

    passages, sentences = calibration_texts()
    reference = OnnxModel(folder, runtime="onnx-fp32", threads=threads)
    prefix = reference.passage_prefix
    texts = [prefix + t for t in passages + sentences]
    expected = reference.embed(texts)
    trials = []
    for runtime in candidates():
        model = OnnxModel(folder, runtime=runtime, threads=threads)
        model.embed(texts[-2:])  # first-call set-up is not the runtime's speed

        def work(model: OnnxModel = model) -> None:
            model.embed(texts[: len(passages)])
            for sentence in sentences[:3]:  # a search query each
                model.embed([prefix + sentence])
            model.embed(texts[len(passages) :])  # an answer's candidate sentences

        cpu, wall = _timed(work)
        vectors = model.embed(texts)
        cosine = float((vectors * expected).sum(axis=1).min())
        trials.append(Trial(runtime, cpu, cosine, wall))
    return trials


def measure_float(folder: Path, threads: int, texts: Sequence[str]) -> list[Trial]:
    """Time the runtimes of the float graph (ONNX Runtime's, OpenVINO's in f32), and the
    int8-weight graph's where the build has one, on `texts`, read as a question's candidates
    are, for a graph that outputs a probability per text."""
    from rag.models.onnx_runtime import OnnxModel

    reference = OnnxModel(folder, runtime=FLOAT_RUNTIMES[0], threads=threads)
    expected = reference.embed(texts)  # also its first-call set-up, not its speed
    runtimes: tuple[str, ...] = FLOAT_RUNTIMES[:1]
    if openvino_runtime.available():
        runtimes = FLOAT_RUNTIMES + ((INT8_WEIGHTS,) if (folder / W8_FILE).exists() else ())
    trials = []
    for runtime in runtimes:
        if runtime == reference.runtime:
            model = reference
        else:
            model = OnnxModel(folder, runtime=runtime, threads=threads)
            model.embed(texts[:2])  # first-call set-up is not the runtime's speed
        cpu, wall = _timed(partial(model.embed, texts))
        gap = float(np.abs(model.embed(texts) - expected).max())
        trials.append(Trial(runtime, cpu, 1.0 - gap, wall))
    return trials


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """The better of two runs of `work`: CPU seconds and wall seconds."""
    cpu, wall = [], []
    for _ in range(2):
        start, started = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - started)
    return min(cpu), min(wall)


def pick(trials: Sequence[Trial]) -> str:
    """The fastest faithful runtime, unless the int8 baseline is more than MARGIN faster."""
    faithful = [t for t in trials if t.cosine >= MIN_COSINE]
    baseline = [t for t in trials if t.runtime == BASELINE]
    best = min(faithful, key=lambda t: t.seconds, default=None)
    if best is None or (baseline and baseline[0].seconds * MARGIN < best.seconds):
        return BASELINE
    return best.runtime


def fastest(trials: Sequence[Trial], tolerance: float = READER_TOLERANCE) -> str:
    """The fastest runtime that computes as float32 does (the first tried when none), unless
    one that reads within `tolerance` of float32 (`Trial.cosine` >= 1 - tolerance) is over
    `MARGIN` faster."""
    exact = [t for t in trials if t.cosine >= MIN_COSINE] or list(trials[:1])
    best = min(exact, key=lambda t: t.seconds)
    close = [t for t in trials if t not in exact and t.cosine >= 1 - tolerance]
    quick = min(close, key=lambda t: t.seconds, default=None)
    if quick is not None and quick.seconds * MARGIN < best.seconds:
        return quick.runtime
    return best.runtime


def calibrated(
    folder: Path,
    threads: int,
    *,
    measure: Measure = measure,
    rule: Callable[[Sequence[Trial]], str] = pick,
    purpose: str = "",
) -> Choice:
    """The verdict for `folder` on this machine: read from its file, else measured once with
    `measure` and decided by `rule` (a `purpose` names another choice than the embeddings')."""
    key = calibration_key(folder, threads, purpose)
    verdict = folder / f"runtime-{key}.json"
    choice = _read(verdict, key)
    if choice is not None:
        return choice
    with FileLock(str(folder / "runtime.lock")):
        choice = _read(verdict, key)
        if choice is not None:  # another process measured while we waited
            return choice
        log.info("measuring the embedding runtimes for %s on this CPU (once)", folder.name)
        trials = measure(folder, threads)
        choice = Choice(rule(trials), tuple(trials), key)
        scratch = verdict.with_suffix(".tmp")
        scratch.write_text(json.dumps(asdict(choice), indent=1), encoding="utf-8")
        scratch.replace(verdict)
    log.info("embedding runtime for %s: %s (%s)", folder.name, choice.runtime, trials)
    return choice


def choose_runtime(folder: Path, requested: str, threads: int | None) -> str:
    """The runtime to run `folder` with: the one requested, or for `auto` the calibrated one."""
    from rag.models.onnx_runtime import default_threads

    if requested != "auto":
        return requested
    return calibrated(folder, threads or default_threads()).runtime


def fastest_float(folder: Path, threads: int | None, texts: Sequence[str]) -> str:
    """The faster runtime of `folder`'s float graph here, or of its int8-weight graph when
    that is much faster (`fastest`), measured once on `texts`."""
    from rag.models.onnx_runtime import default_threads

    return calibrated(
        folder,
        threads or default_threads(),
        measure=lambda build, n: measure_float(build, n, texts),
        rule=fastest,
        purpose="float",
    ).runtime


def _read(path: Path, key: str) -> Choice | None:
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    trials = tuple(Trial(**t) for t in data["trials"])
    if data.get("key") != key or data.get("runtime") not in {t.runtime for t in trials}:
        return None
    return Choice(data["runtime"], trials, key)
