"""A passage about Chartres cathedral, a fake answer reader keyed by its sentences, and the
extractive answer over that passage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import ReadAnswers
from rag.embeddings import Embedder
from rag.types import Answer, Passage

CHARTRES = (
    "La cathédrale de Chartres domine la plaine de la Beauce depuis le Moyen Âge. "
    "Les vitraux du chœur de la cathédrale attirent chaque année des milliers de visiteurs. "
    "La cathédrale fut consacrée en 1260 en présence du roi Louis IX."
)


def constant_reader(probability: float) -> ReadAnswers:
    """A fake reader giving every sentence `probability`."""

    def read(texts: Sequence[str]) -> list[float]:
        return [probability for _ in texts]

    return read


def keyed_reader(probabilities: Sequence[float], seen: list[str] | None = None) -> ReadAnswers:
    """A reader giving each of CHARTRES's sentences, in order, its probability, whichever
    text holds it (the texts it reads are added to `seen`)."""
    by_sentence = dict(zip(CHARTRES.split(". "), probabilities, strict=False))

    def read(texts: Sequence[str]) -> list[float]:
        if seen is not None:
            seen.extend(texts)
        return [next(p for s, p in by_sentence.items() if s in t) for t in texts]

    return read


def answer_over_chartres(
    question: str, config: ExtractiveConfig, lang: str, embedder: Embedder
) -> Answer:
    """The extractive answer to `question` (in `lang`) over CHARTRES alone, a French passage."""
    passage = Passage("c-c0", "c", "Chartres", CHARTRES, 0, len(CHARTRES), 2.0, lang="fr")
    return answer_from([passage], question, config, lang, embedder)


def read_config(read: ReadAnswers, max_sentences: int = 1) -> ExtractiveConfig:
    """Extractive answers with the reader `read` at its shipped share, every threshold off."""
    return ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=max_sentences,
        read=read,
        reader_share=0.3,
        reader_sentences=12,
    )


def answer_from(
    passages: list[Passage],
    question: str,
    config: ExtractiveConfig,
    lang: str,
    embedder: Embedder,
    *,
    indexed_articles: int = 1,
    known: Callable[[str], bool] | None = None,
) -> Answer:
    """The extractive answer to `question` (in `lang`) from `passages`, every term weighing
    the same; `known`: whether the archive holds a term."""
    return extractive_answer(
        question,
        passages,
        config,
        lang=lang,
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=indexed_articles,
        known=known,
    )
