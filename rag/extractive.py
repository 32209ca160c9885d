"""Extractive answers: the sentences of the retrieved passages that best cover the question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.analysis import analyze, as_language
from rag.embeddings import Embedder
from rag.messages import not_found_message
from rag.sentences import Sentence, split_sentences
from rag.types import Answer, Citation, Passage

# How much the surrounding passage (title included) counts next to the sentence itself.
_CONTEXT_SHARE = 0.3
# Sentences embedded per question (the best by term coverage): bounds the cost of a question.
_MAX_EMBEDDED_SENTENCES = 16
_FOCUS_BOOST = 3.0


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence: term coverage of the question, similarity, and their blend."""

    sentence: Sentence
    coverage: float
    sentence_coverage: float
    rank: int
    similarity: float = 0.0
    relevance: float = 0.0


class TermWeights:
    """Weights question terms by inverse document frequency, smoothed so no term weighs zero.

    For a follow-up made standalone, the terms the user actually typed (`focus`) are what is
    asked; the carried-over terms are context, so the typed ones weigh `_FOCUS_BOOST` times more.
    """

    def __init__(
        self, question: str, lang: str, idf: Callable[[str], float], focus: str = ""
    ) -> None:
        focused = set(analyze(focus, lang)) if focus else set()
        self.terms = {
            t: (0.5 + idf(t)) * (_FOCUS_BOOST if t in focused else 1.0)
            for t in dict.fromkeys(analyze(question, lang))
        }
        self.total = sum(self.terms.values())

    def coverage(self, tokens: set[str]) -> float:
        """Share of the question's weight whose terms appear in `tokens`."""
        if not self.total:
            return 0.0
        return sum(w for t, w in self.terms.items() if t in tokens) / self.total


def score_sentences(
    passages: Sequence[Passage], weights: TermWeights, lang: str
) -> list[ScoredSentence]:
    """Every sentence of the passages with its term coverage, in passage order, deduplicated."""
    scored: list[ScoredSentence] = []
    seen: set[tuple[str, int]] = set()
    for rank, passage in enumerate(passages):
        context = set(analyze(f"{passage.title}\n{passage.text}", passage.lang or lang))
        context_coverage = weights.coverage(context)
        for sentence in split_sentences(passage):
            key = (passage.article_id, sentence.start)
            if key in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(key)
            own = weights.coverage(set(analyze(sentence.text, passage.lang or lang)))
            combined = (1 - _CONTEXT_SHARE) * own + _CONTEXT_SHARE * context_coverage
            scored.append(ScoredSentence(sentence, combined, own, rank))
    return scored


def add_similarity(
    question: str,
    scored: list[ScoredSentence],
    embedder: Embedder,
    dense_share: float,
    lang: str = "fr",
    focus: str = "",
) -> list[ScoredSentence]:
    """Blend each sentence's embedding similarity to the question with its term coverage.

    Across languages key terms cannot match, so there the similarity alone decides. With a
    `focus` (the follow-up as typed), similarity is averaged over it and the standalone question,
    so the carried-over context does not drown what was asked.
    """
    candidates = sorted(scored, key=lambda s: (-s.coverage, s.rank))[:_MAX_EMBEDDED_SENTENCES]
    if not candidates:
        return []
    queries = [question, focus] if focus else [question]
    query = np.mean([np.asarray(embedder.embed_query(q)) for q in queries], axis=0)
    vectors = np.asarray(embedder.embed_documents([s.sentence.text for s in candidates]))
    floor = embedder.unrelated_similarity
    similarities = np.clip((vectors @ query - floor) / (1 - floor), 0.0, 1.0)
    blended = [
        replace(
            s,
            similarity=float(sim),
            relevance=_relevance(s, float(sim), dense_share, lang),
        )
        for s, sim in zip(candidates, similarities, strict=True)
    ]
    blended.sort(key=lambda s: (-s.relevance, s.rank, s.sentence.start))
    return blended


def _relevance(scored: ScoredSentence, similarity: float, dense_share: float, lang: str) -> float:
    passage_lang = scored.sentence.passage.lang
    if passage_lang and as_language(passage_lang) != as_language(lang):
        return similarity
    return dense_share * similarity + (1 - dense_share) * scored.coverage


def extractive_answer(
    question: str,
    passages: Sequence[Passage],
    *,
    lang: str,
    idf: Callable[[str], float],
    embedder: Embedder,
    min_relevance: float,
    dense_share: float,
    max_sentences: int,
    indexed_articles: int,
    standalone_question: str = "",
) -> Answer:
    """Pick 1 to `max_sentences` sentences that answer, cite them, or refuse in `lang`."""
    query = standalone_question or question
    focus = question if query != question else ""
    weights = TermWeights(query, lang, idf, focus=focus)
    scored = score_sentences(passages, weights, lang)
    ranked = add_similarity(query, scored, embedder, dense_share, lang, focus=focus)
    best = ranked[0] if ranked else None
    if best is None or best.relevance < min_relevance:
        closest = passages[0].title if passages else None
        return Answer(
            question=question,
            text=not_found_message(lang, indexed_articles, closest),
            found=False,
            standalone_question=query,
            relevance=round(best.relevance, 4) if best else 0.0,
        )
    floor = max(min_relevance, best.relevance - 0.08)
    chosen = [
        best,
        *[s for s in ranked[1:] if s.relevance >= floor][: max_sentences - 1],
    ]
    return _compose(question, query, chosen)


def _compose(question: str, query: str, chosen: list[ScoredSentence]) -> Answer:
    # chosen[0] is the best sentence: its relevance is the answer's
    """Group sentences by article (best article first), in article order, numbered."""
    article_order: dict[str, int] = {}
    for s in chosen:
        article_order.setdefault(s.sentence.passage.article_id, len(article_order))
    ordered = sorted(
        chosen, key=lambda s: (article_order[s.sentence.passage.article_id], s.sentence.start)
    )
    parts: list[str] = []
    citations: list[Citation] = []
    for n, s in enumerate(ordered, start=1):
        passage = s.sentence.passage
        parts.append(f"{s.sentence.text} [{n}]")
        citations.append(
            Citation(
                n=n,
                article_id=passage.article_id,
                title=passage.title,
                date=passage.date,
                source=passage.source,
                quote=s.sentence.text,
                start=s.sentence.start,
                end=s.sentence.end,
                score=round(s.relevance, 4),
                url=passage.url,
                passage=passage.text,
            )
        )
    return Answer(
        question=question,
        text=" ".join(parts),
        found=True,
        citations=citations,
        standalone_question=query,
        relevance=round(chosen[0].relevance, 4),
    )
