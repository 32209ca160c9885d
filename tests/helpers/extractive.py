"""Extractive answers over hand-made passages, for the tests of sentence choice."""

from __future__ import annotations

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.embeddings import Embedder
from rag.types import Answer, Passage


def passage(article: str, title: str, text: str, score: float) -> Passage:
    """A retrieved passage that starts 40 characters into its article."""
    return Passage(f"{article}-c0", article, title, text, 40, 40 + len(text), score, lang="fr")


def answer_for(
    question: str, passages: list[Passage], embedder: Embedder, max_sentences: int = 3
) -> Answer:
    """The extractive answer with neutral term weights and no refusal threshold."""
    config = ExtractiveConfig(min_relevance=0.0, dense_share=0.6, max_sentences=max_sentences)
    return extractive_answer(
        question,
        passages,
        config,
        lang="fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=len(passages),
    )
