"""Candidate sentences' vectors, remembered across questions: a follow-up, the same question
from another reader or an answer asked again quotes from the same passages, and embedding
the candidates is most of an extractive answer's time."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from rag.embeddings import Embedder

Array = np.ndarray[Any, Any]


class SentenceVectors:
    """A bounded, thread-safe memory of sentence vectors, by vector space (`Embedder.name`)
    and text; the least recently used go first."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._vectors: OrderedDict[tuple[str, str], Array] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, embedder: Embedder, texts: Sequence[str]) -> Array:
        """Vectors of `texts` in order (one row each), embedding only those not remembered."""
        keys = [(embedder.name, text) for text in texts]
        with self._lock:
            known = {key: self._vectors[key] for key in keys if key in self._vectors}
            for key in known:
                self._vectors.move_to_end(key)
        missing = list(
            dict.fromkeys(text for key, text in zip(keys, texts, strict=True) if key not in known)
        )
        if missing:
            fresh = np.asarray(embedder.embed_documents(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    known[(embedder.name, text)] = vector
                    self._vectors[(embedder.name, text)] = vector
                while len(self._vectors) > self.capacity:
                    self._vectors.popitem(last=False)
        return np.asarray([known[key] for key in keys], dtype=np.float32)

    def __len__(self) -> int:
        return len(self._vectors)
