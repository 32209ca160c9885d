"""Candidate sentences' vectors are remembered across questions, by vector space and text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.answering.sentence_vectors import SentenceVectors
from tests.helpers.fakes import HashEmbedder


class CountingEmbedder(HashEmbedder):
    """The fake embedder, keeping the batches it was asked to embed."""

    def __init__(self, name: str = "fake:hashed-words") -> None:
        self.name = name
        self.batches: list[list[str]] = []

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Record the batch, then embed."""
        self.batches.append(list(texts))
        return super().embed_documents(texts)


def test_only_sentences_not_remembered_are_embedded_and_rows_keep_their_order() -> None:
    memory, embedder = SentenceVectors(), CountingEmbedder()
    first = memory.embed(embedder, ["Le maire a parlé.", "La pluie tombe.", "Le maire a parlé."])
    assert embedder.batches == [["Le maire a parlé.", "La pluie tombe."]]
    assert np.allclose(first[0], first[2])
    again = memory.embed(embedder, ["La pluie tombe.", "Le train part.", "Le maire a parlé."])
    assert embedder.batches[1] == ["Le train part."]
    assert np.allclose(again[0], first[1])
    assert np.allclose(again[2], first[0])
    expected = np.asarray(HashEmbedder().embed_documents(["Le train part."]), dtype=np.float32)
    assert np.allclose(again[1], expected[0])


def test_each_vector_space_has_its_own_vectors_and_the_oldest_go_first() -> None:
    memory = SentenceVectors(capacity=2)
    one, other = CountingEmbedder(), CountingEmbedder("fake:other-space")
    memory.embed(one, ["a b", "c d"])
    memory.embed(other, ["a b"])
    assert other.batches == [["a b"]]
    assert len(memory) == 2
    memory.embed(one, ["c d", "a b"])  # "a b", the oldest, made room for the other space's
    assert one.batches[-1] == ["a b"]
    assert memory.embed(one, []).shape[0] == 0
