"""Extractive answers: the sentences of the retrieved passages that best cover the question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answering.reader import ReadAnswers, reader_text
from rag.embeddings import Embedder
from rag.text.analysis import as_language
from rag.text.answertype import MISSING_COUNTED_FACTOR
from rag.text.messages import counted_missing_note, not_found_message
from rag.text.sentences import Sentence, cite_sentence, leans_on_previous, split_sentences
from rag.text.terms import TermWeights, locate_answer, sentence_tokens
from rag.types import Answer, Citation, Passage

__all__ = ["TermWeights", "extractive_answer", "score_sentences"]

# How much the surrounding passage (title included) counts next to the sentence itself.
_CONTEXT_SHARE = 0.3
# Relevance below the best sentence's within which other sentences join the answer.
_REACH = 0.08
# Sentences embedded per question when the caller does not say (the best by term coverage).
DEFAULT_CANDIDATE_SENTENCES = 10
# A sentence whose context (itself, the sentence before, the title) misses the question's rare
# terms (`rag.text.terms.TermWeights.rare`: its subject) keeps only part of its relevance,
# RARE_FLOOR when it misses them all (half credit when only its passage has them).
RARE_FLOOR = 0.6


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence: term coverage of the question, similarity, and their blend."""

    sentence: Sentence
    coverage: float
    sentence_coverage: float
    rank: int
    similarity: float = 0.0
    relevance: float = 0.0
    plain_relevance: float = 0.0  # the relevance before the reader's verdict was blended in
    # the passage's sentences around this one, and whether this one leans on the previous
    previous: Sentence | None = None
    following: Sentence | None = None
    leans: bool = False
    # share of the question's rare terms in the sentence's context, and how well it (with the
    # sentence it leans on) fits the kind of answer asked for (`TermWeights.kind_fit`)
    anchored: float = 1.0
    kind_fit: float = 1.0


def score_sentences(
    passages: Sequence[Passage], weights: TermWeights, lang: str
) -> list[ScoredSentence]:
    """Every sentence of the passages with its term coverage, in passage order, deduplicated.

    A sentence that leans on the previous one ("Il l'a fondée en 1842.") is scored with that
    sentence's terms too: they name what its pronoun stands for.
    """
    scored: list[ScoredSentence] = []
    seen: set[tuple[str, int]] = set()
    split = [split_sentences(p) for p in passages]
    all_tokens = [
        [sentence_tokens(s.text, p.lang or lang) for s in sentences]
        for p, sentences in zip(passages, split, strict=True)
    ]
    titles = [sentence_tokens(p.title, p.lang or lang) for p in passages]
    contexts = [t.union(*tokens) for t, tokens in zip(titles, all_tokens, strict=True)]
    weights.find_rare(set().union(*contexts))
    for rank, passage in enumerate(passages):
        passage_lang = passage.lang or lang
        title, context = titles[rank], contexts[rank]
        context_coverage = weights.coverage(context)
        sentences, tokens = split[rank], all_tokens[rank]
        for i, sentence in enumerate(sentences):
            key = (passage.article_id, sentence.start)
            if key in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(key)
            previous = sentences[i - 1] if i else None
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            leans = previous is not None and leans_on_previous(sentence.text, passage_lang)
            own = weights.coverage(tokens[i])
            before = tokens[i - 1] if i else set()
            own_in_context = weights.coverage(tokens[i] | before) if leans else own
            combined = (1 - _CONTEXT_SHARE) * own_in_context + _CONTEXT_SHARE * context_coverage
            near = weights.rare_coverage(tokens[i] | before | title)
            anchored = near + 0.5 * (weights.rare_coverage(context) - near)
            quoted = f"{previous.text} {sentence.text}" if leans and previous else sentence.text
            kind_fit = weights.kind_fit(quoted, tokens[i] | before if leans else tokens[i])
            scored.append(
                ScoredSentence(
                    sentence,
                    combined,
                    own,
                    rank,
                    previous=previous,
                    following=following,
                    leans=leans,
                    anchored=anchored,
                    kind_fit=kind_fit,
                )
            )
    return scored


def add_similarity(
    question: str,
    scored: list[ScoredSentence],
    embedder: Embedder,
    dense_share: float,
    lang: str = "fr",
    focus: str = "",
    candidates: int = DEFAULT_CANDIDATE_SENTENCES,
) -> list[ScoredSentence]:
    """Blend each sentence's embedding similarity to the question with its term coverage.

    Across languages key terms cannot match, so there the similarity alone decides. With a
    `focus` (the follow-up as typed), similarity is averaged over it and the standalone question,
    so the carried-over context does not drown what was asked. Only the `candidates` best
    sentences by coverage are embedded: that bounds a question's cost.
    """
    best_covered = sorted(scored, key=lambda s: (-_relevance(s, 0.0, 0.0, lang), s.rank))[
        :candidates
    ]
    if not best_covered:
        return []
    queries = [question, focus] if focus else [question]
    query = np.mean([np.asarray(embedder.embed_query(q)) for q in queries], axis=0)
    vectors = np.asarray(embedder.embed_documents([s.sentence.text for s in best_covered]))
    floor = embedder.unrelated_similarity
    similarities = np.clip((vectors @ query - floor) / (1 - floor), 0.0, 1.0)
    blended = [
        replace(
            s,
            similarity=float(sim),
            relevance=(relevance := _relevance(s, float(sim), dense_share, lang)),
            plain_relevance=relevance,
        )
        for s, sim in zip(best_covered, similarities, strict=True)
    ]
    blended.sort(key=lambda s: (-s.relevance, s.rank, s.sentence.start))
    return blended


def add_reading(
    question: str, ranked: list[ScoredSentence], read: ReadAnswers, share: float, sentences: int
) -> list[ScoredSentence]:
    """Blend the reader's probability that a sentence answers the question into its
    relevance (`share` of it) for the `sentences` most relevant; the others, unread, count as
    not answering. The caller ranks them again.

    Relevance says a sentence is about the question's subject; the reader, which reads both
    together, says whether it answers it: siblings of a missing paragraph are about the
    subject without answering. Reading more than the top 3 changed nothing measurable on
    PIAF, and each read costs about as much as embedding the sentence.
    """
    to_read, unread = ranked[:sentences], ranked[sentences:]
    texts = [
        reader_text(
            question,
            s.sentence.passage.title,
            s.sentence.text,
            s.previous.text if s.leans and s.previous else "",
        )
        for s in to_read
    ]
    probabilities = [*(read(texts) if texts else []), *[0.0] * len(unread)]
    return [
        replace(s, relevance=(1 - share) * s.relevance + share * p)
        for s, p in zip([*to_read, *unread], probabilities, strict=True)
    ]


def _across_languages(scored: ScoredSentence, lang: str) -> bool:
    passage_lang = scored.sentence.passage.lang
    return bool(passage_lang) and as_language(passage_lang) != as_language(lang)


def _relevance(scored: ScoredSentence, similarity: float, dense_share: float, lang: str) -> float:
    """Similarity and coverage blended, less for a sentence off the question's subject (its
    rare terms missing) or without a span of the asked kind of answer."""
    kind_factor = scored.kind_fit
    if _across_languages(scored, lang):
        return similarity * kind_factor
    base = dense_share * similarity + (1 - dense_share) * scored.coverage
    return base * (RARE_FLOOR + (1 - RARE_FLOOR) * scored.anchored) * kind_factor


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
    candidate_sentences: int = DEFAULT_CANDIDATE_SENTENCES,
    cross_lingual_min_relevance: float | None = None,
    read: ReadAnswers | None = None,
    reader_share: float = 0.0,
    reader_sentences: int = 3,
) -> Answer:
    """Pick 1 to `max_sentences` sentences that answer, cite them, or refuse in `lang`.

    The best sentence must reach `min_relevance`, or `cross_lingual_min_relevance` when it is
    in another language than the question (only its embedding similarity counts then). With
    a reader (`read`), `reader_share` of the relevance of the `reader_sentences` most
    relevant same-language sentences is the reader's probability that they answer.
    """
    query = standalone_question or question
    focus = question if query != question else ""
    weights = TermWeights(query, lang, idf, focus=focus)
    scored = score_sentences(passages, weights, lang)
    ranked = add_similarity(
        query,
        scored,
        embedder,
        dense_share,
        lang,
        focus=focus,
        candidates=candidate_sentences,
    )
    if read is not None and reader_share > 0:
        same_language = [s for s in ranked if not _across_languages(s, lang)]
        others = [s for s in ranked if _across_languages(s, lang)]
        ranked = add_reading(query, same_language, read, reader_share, reader_sentences) + others
        ranked.sort(key=lambda s: (-s.relevance, s.rank, s.sentence.start))
    best = ranked[0] if ranked else None
    across = best is not None and _across_languages(best, lang)
    if across and cross_lingual_min_relevance is not None:
        min_relevance = cross_lingual_min_relevance
    if best is None or best.relevance < min_relevance:
        closest = passages[0].title if passages else None
        return Answer(
            question=question,
            text=not_found_message(lang, indexed_articles, closest),
            found=False,
            standalone_question=query,
            relevance=round(best.relevance, 4) if best else 0.0,
        )
    chosen = choose_sentences(ranked, min_relevance, max_sentences)
    answer = _compose(question, query, chosen, best.relevance, weights)
    if weights.counted and best.kind_fit == MISSING_COUNTED_FACTOR:
        # "Combien de morts ?" answered by "17 blessés": say what was not found
        note = counted_missing_note(lang, weights.counted[0][1])
        answer = replace(answer, text=f"{note} {answer.text}", note=note)
    return answer


def choose_sentences(
    ranked: Sequence[ScoredSentence], min_relevance: float, max_sentences: int
) -> list[tuple[Sentence, float]]:
    """The best sentence, then those within reach of it, at most `max_sentences`, each with
    the score it is cited with. Within reach: relevance >= `min_relevance`, and relevance
    before the reader's verdict within `_REACH` of the best's (the reader vouches for the
    answer; how much else to quote stays a matter of relevance).

    A chosen sentence that leans on the previous one comes with it (no dangling "Il ..."),
    and the best sentence brings the next one when that one continues it: the answer to
    "Quand l'a-t-il fondée ?" often sits in the sentence after the one naming the subject.
    Sentences brought in as context carry the score of the sentence they serve. A sentence
    that holds fewer of the question's rare terms than the best one does not join it.
    """
    chosen: dict[tuple[str, int], tuple[Sentence, float]] = {}

    def add(sentence: Sentence, score: float) -> None:
        key = (sentence.passage.article_id, sentence.start)
        if key not in chosen and len(chosen) < max_sentences:
            chosen[key] = (sentence, score)

    def add_with_antecedent(s: ScoredSentence, *, alone_if_no_room: bool) -> None:
        before = s.previous if s.leans else None
        if before is not None:
            key = (before.passage.article_id, before.start)
            if key not in chosen and len(chosen) + 2 > max_sentences:
                if alone_if_no_room:
                    add(s.sentence, s.relevance)
                return
            add(before, s.relevance)
        add(s.sentence, s.relevance)

    best = ranked[0]
    add_with_antecedent(best, alone_if_no_room=True)
    after = best.following
    if after is not None and leans_on_previous(after.text, after.passage.lang):
        add(after, best.relevance)
    for s in ranked[1:]:
        near = s.plain_relevance >= best.plain_relevance - _REACH
        on_subject = s.anchored >= best.anchored  # no sentence about another subject joins
        if s.relevance >= min_relevance and near and on_subject:
            add_with_antecedent(s, alone_if_no_room=False)
    return list(chosen.values())


def _compose(
    question: str,
    query: str,
    chosen: list[tuple[Sentence, float]],
    relevance: float,
    weights: TermWeights,
) -> Answer:
    """Group sentences by article (best article first), in article order, numbered."""
    article_order: dict[str, int] = {}
    for sentence, _ in chosen:
        article_order.setdefault(sentence.passage.article_id, len(article_order))
    ordered = sorted(chosen, key=lambda c: (article_order[c[0].passage.article_id], c[0].start))
    parts: list[str] = []
    citations: list[Citation] = []
    for n, (sentence, score) in enumerate(ordered, start=1):
        parts.append(f"{sentence.text} [{n}]")
        citations.append(cite_sentence(n, sentence, score, answer=locate_answer(sentence, weights)))
    return Answer(
        question=question,
        text=" ".join(parts),
        found=True,
        citations=citations,
        standalone_question=query,
        relevance=round(relevance, 4),
    )
