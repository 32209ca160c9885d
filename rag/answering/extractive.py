"""Extractive answers: the sentences of the retrieved passages that best cover the question,
quoted and cited, or a refusal. How each sentence is scored is `rag.answering.scoring`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answering.contiguity import with_gaps, with_next
from rag.answering.dated import StoryPeriod, naming_the_day_first, weigh_by_period
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.quoted_names import name_outside_article
from rag.answering.reading import ReadAhead, nothing_read_answers, read_ranked
from rag.answering.scoring import (
    ScoredSentence,
    across_languages,
    add_similarity,
    score_sentences,
)
from rag.answering.subject import (
    answering_beside,
    in_named_section,
    kind_in_article,
    missing_note,
    named_elsewhere,
    naming_first,
    read_as_answering,
)
from rag.embeddings import Embedder
from rag.text.acronyms import question_acronyms
from rag.text.answerpick import bold_span
from rag.text.answertype import Kind
from rag.text.messages import kind_missing_message, not_found_message
from rag.text.repeats import repeats
from rag.text.sentences import Sentence, cite_sentence, leans_on_previous
from rag.text.terms import TermWeights
from rag.types import Answer, Citation, Passage

# Relevance below the best sentence's within which other sentences join the answer: the one
# that answers is often the runner-up (0.08 -> 0.15: answer recall +0.02 on PIAF, +0.05 on
# the OrangeSum questions, for ~40 more characters an answer; docs/answers.md).
_REACH = 0.15


def extractive_answer(
    question: str,
    passages: Sequence[Passage],
    config: ExtractiveConfig,
    *,
    lang: str,
    idf: Callable[[str], float],
    embedder: Embedder,
    indexed_articles: int,
    standalone_question: str = "",
    known: Callable[[str], bool] | None = None,
    article_terms: Callable[[str], frozenset[str]] | None = None,
    period: StoryPeriod | None = None,
) -> Answer:
    """Pick 1 to `config.max_sentences` sentences that answer, cite them, or refuse in `lang`.

    The best sentence must reach `config.min_relevance`, or `config.cross_lingual_min_relevance`
    when it is in another language than the question (only its embedding similarity counts
    then). With a reader (`config.read`), `config.reader_share` of the relevance of the
    `config.reader_sentences` most relevant same-language sentences is the reader's
    probability that they answer. `known`: whether the archive holds a term; `article_terms`:
    the analysed terms of an article, all its chunks (`KeywordIndex.article_terms`). `period`: the
    question's dates, when they date its story (`weigh_by_period`).
    """
    query = standalone_question or question
    focus = question if query != question else ""
    weights = TermWeights(query, lang, idf, focus=focus)
    acronyms = question_acronyms(query)
    scored = score_sentences(passages, weights, lang, known, acronyms)
    named = bool(weights.rare)  # the question's names that the passages hold
    across_read = config.across_min_probability is not None
    ahead = None
    read_question = weights.asked_question  # not what tells which subject it is
    if config.read is not None and config.reader_share > 0:
        ahead = ReadAhead(config.read, read_question, lang, config.reader_sentences, across_read)
    ranked = add_similarity(
        query,
        scored,
        embedder,
        config.dense_share,
        lang,
        focus=focus,
        candidates=config.candidate_sentences,
        max_chars=config.sentence_chars,
        named=named,
        on_candidates=ahead.start if ahead else None,
    )
    if ahead is not None:
        reading = (ahead, config.reader_share, config.reader_sentences)
        ranked = read_ranked(
            read_question,
            ranked,
            lang,
            *reading,
            across=across_read,
            order_weight=config.reader_order_weight,
        )
    ranked = naming_first(naming_the_day_first(weigh_by_period(ranked, period), period), named)
    best = ranked[0] if ranked and (not named or ranked[0].named_near > 0) else None
    min_relevance = config.min_relevance
    across = best is not None and across_languages(best, lang)
    stands = across and stands_out(passages, config)
    if across and not named and not stands and config.cross_lingual_min_relevance is not None:
        min_relevance = config.cross_lingual_min_relevance
    closest = passages[0].title if passages else None
    not_found = Answer(
        question=question,
        text=not_found_message(lang, indexed_articles, closest),
        found=False,
        standalone_question=query,
        relevance=round(best.relevance, 4) if best else 0.0,
    )
    if best is None or best.relevance < min_relevance:
        return not_found
    if config.read is not None and named_elsewhere(best, weights, lang, known):
        return not_found
    if not kind_in_article(ranked, weights, named):
        return Answer(
            question=question,
            text=kind_missing_message(lang, weights.asked, best.sentence.passage.title),
            found=False,
            standalone_question=query,
        )
    # a question of no particular kind: only relevance picks among the sentences, one more
    # (unless the answer is to be a single sentence)
    untyped = weights.kind is Kind.OTHER and config.max_sentences > 1
    most = config.max_sentences + (1 if untyped else 0)
    chosen = choose_sentences(ranked, min_relevance, most, named=named)
    quoted = [sentence.passage.article_id for sentence, _ in chosen]
    if config.read is not None and name_outside_article(
        best, quoted, weights, lang, article_terms, acronyms
    ):
        return not_found
    note = missing_note(ranked, chosen, weights, lang)
    floors = (config.reader_min_probability, config.across_min_probability)
    if not note and nothing_read_answers(ranked, lang, *floors):
        return not_found
    chosen = with_gaps(with_next(chosen, best, most), most)
    answer = _compose(question, query, chosen, best, weights)
    if note:  # refused, quoting what the articles say instead
        answer = replace(answer, text=f"{note} {answer.text}", note=note, found=False)
    return answer


def stands_out(passages: Sequence[Passage], config: ExtractiveConfig) -> bool:
    """Whether the passages' nearest chunk stands out of the question's neighbourhood by
    `config.cross_lingual_standout` (`Passage.standout`). False when that is not known (no
    standout measured for the embedder, an archive too small to tell), or when the reader does
    not read across languages: an answer across languages is then taken on the similarity
    threshold alone.

    Across languages no key term matches, so only the embeddings find the article, and a
    sentence's similarity to the question does not tell whether it is in the article that
    answers: 4 | 3 of the English and German test questions refused wrongly fell under the
    threshold (2,000 | 20,000 articles). Where the nearest chunk stands out of the rest, the
    archive holds an article on that very story, and the reader decides (docs/answers.md)."""
    known = [p.standout for p in passages if p.standout is not None]
    if config.cross_lingual_standout is None or config.across_min_probability is None or not known:
        return False
    return max(known) >= config.cross_lingual_standout


def choose_sentences(
    ranked: Sequence[ScoredSentence],
    min_relevance: float,
    max_sentences: int,
    *,
    named: bool = False,
) -> list[tuple[Sentence, float]]:
    """The best sentence, then those within reach of it, at most `max_sentences`, each with
    the score it is cited with. Within reach: relevance >= `min_relevance`, and relevance
    before the reader's verdict within `_REACH` of the best's (the reader vouches for the
    answer; how much else to quote stays a matter of relevance).

    A chosen sentence that leans on the previous one comes with it (no dangling "Il ..."),
    and the best sentence brings the next one when that one continues it: the answer to
    "Quand l'a-t-il fondée ?" often sits in the sentence after the one naming the subject.
    Sentences brought in as context carry the score of the sentence they serve. A sentence
    that holds fewer of the question's rare terms than the best one does not join it. With
    `named` (the question names its subject), a sentence of another article naming it may
    answer beside the best one (`on_subject`). A sentence that `repeats` one already chosen
    is not chosen again. One the reader reads as more likely than not to answer is quoted
    alone when there is no room for the sentence it leans on (« Son prédécesseur Stéphane
    Martin, ... » for « Qui a précédé Emmanuel Kasarhérou ... ? »).
    """
    chosen: dict[tuple[str, int], tuple[Sentence, float]] = {}

    def add(sentence: Sentence, score: float) -> None:
        key = (sentence.passage.article_id, sentence.start)
        if key not in chosen and len(chosen) < max_sentences and not repeated(sentence):
            chosen[key] = (sentence, score)

    def repeated(sentence: Sentence) -> bool:
        return any(repeats(sentence.text, kept.text) for kept, _ in chosen.values())

    def add_with_antecedent(s: ScoredSentence, *, alone_if_no_room: bool) -> None:
        if repeated(s.sentence):
            return
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
    answering = answering_beside(ranked, named)
    if answering is not None:
        add_with_antecedent(answering, alone_if_no_room=True)
    after = best.following
    if after is not None and leans_on_previous(after.text, after.passage.lang):
        add(after, best.relevance)
    for s in ranked[1:]:
        near = s.plain_relevance >= best.plain_relevance - _REACH
        # no sentence about another subject joins
        on_subject = s.anchored >= best.anchored and in_named_section(s, named)
        if s.relevance >= min_relevance and near and on_subject:
            add_with_antecedent(s, alone_if_no_room=read_as_answering(s))
    return list(chosen.values())


def _compose(
    question: str,
    query: str,
    chosen: list[tuple[Sentence, float]],
    best: ScoredSentence,
    weights: TermWeights,
) -> Answer:
    """Group sentences by article (best article first), in article order, numbered; the words
    that answer in bold in one of them (`bold_span`)."""
    bold = bold_span(best.sentence, chosen, best.relevance, weights)
    article_order: dict[str, int] = {}
    for sentence, _ in chosen:
        article_order.setdefault(sentence.passage.article_id, len(article_order))
    ordered = sorted(chosen, key=lambda c: (article_order[c[0].passage.article_id], c[0].start))
    parts: list[str] = []
    citations: list[Citation] = []
    for n, (sentence, score) in enumerate(ordered, start=1):
        parts.append(f"{sentence.text} [{n}]")
        span = bold[1] if bold and bold[0] is sentence else None  # the chosen sentence itself
        citations.append(cite_sentence(n, sentence, score, answer=span))
    return Answer(
        question=question,
        text=" ".join(parts),
        found=True,
        citations=citations,
        standalone_question=query,
        relevance=round(best.relevance, 4),
    )
