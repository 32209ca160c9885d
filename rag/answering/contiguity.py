"""What is quoted beside the sentences chosen to answer, so that the quote reads as the article
does: the sentence after a lone one (`with_next`), the one sentence between two quoted ones of
a passage (`with_gaps`)."""

from __future__ import annotations

from itertools import pairwise

from rag.answering.scoring import ScoredSentence
from rag.text.sentences import Sentence, split_sentences


def with_next(
    chosen: list[tuple[Sentence, float]], best: ScoredSentence, max_sentences: int
) -> list[tuple[Sentence, float]]:
    """A lone sentence quoted with the one that follows it in its passage: what the question
    asks often comes next (« En mars 1829, les Ottomans entreprennent de contre-attaquer... »
    then « Ahmet Pacha ... marche avec 20 000 hommes »; measured in docs/answers.md). It comes
    as context: a refusal for a missing kind of answer (`missing_note`) is decided before it,
    so a number in it does not answer "combien"."""
    after = best.following
    if len(chosen) != 1 or after is None or max_sentences < 2 or chosen[0][0] is not best.sentence:
        return chosen
    return [*chosen, (after, chosen[0][1])]


def with_gaps(
    chosen: list[tuple[Sentence, float]], max_sentences: int
) -> list[tuple[Sentence, float]]:
    """`chosen` with the one sentence a passage holds between two of its quoted sentences
    (cited with the lower of their scores): « Rares sont les constructeurs à avoir osé le SUV
    cabriolet. » and « Vu le flop qu'ont fait ces deux modèles, ... » quoted without « Seuls
    Nissan ... et Land Rover ... s'y sont risqués » between them lost the answer and the
    antecedent of « ces deux modèles ». Sentences further apart stay apart. At most
    `max_sentences` in all: with no room left, the gap takes the place of the lowest-scored
    sentence quoted alone from another article, if that one scores lower."""
    result = list(chosen)
    for gap, score in _gaps(chosen):
        if len(result) >= max_sentences:
            alone = [i for i, (s, at) in enumerate(result) if _alone(s, result) and at < score]
            if not alone:
                continue
            del result[min(alone, key=lambda i: result[i][1])]
        result.append((gap, score))
    return result


def _alone(sentence: Sentence, chosen: list[tuple[Sentence, float]]) -> bool:
    """Whether `sentence` is the only one quoted from its article: another article's stray
    sentence, which can give way to a gap without leaving a pronoun or a gap unquoted."""
    article = sentence.passage.article_id
    return sum(s.passage.article_id == article for s, _ in chosen) == 1


def _gaps(chosen: list[tuple[Sentence, float]]) -> list[tuple[Sentence, float]]:
    """The single sentences between two quoted sentences of a passage, each with the lower of
    its neighbours' scores, the best-scored first."""
    quoted = {_key(s) for s, _ in chosen}
    by_article: dict[str, list[tuple[Sentence, float]]] = {}
    for sentence, score in chosen:
        by_article.setdefault(sentence.passage.article_id, []).append((sentence, score))
    gaps: list[tuple[Sentence, float]] = []
    split: dict[int, list[Sentence]] = {}  # each passage split once
    for group in by_article.values():
        group.sort(key=lambda c: c[0].start)
        for (first, one), (second, other) in pairwise(group):
            if first.passage.end < second.start:
                continue  # the gap runs past the passage: what it holds is unknown
            if id(first.passage) not in split:
                split[id(first.passage)] = split_sentences(first.passage)
            between = [
                s
                for s in split[id(first.passage)]
                if first.end <= s.start and s.end <= second.start
            ]
            if len(between) == 1 and _key(between[0]) not in quoted:
                gaps.append((between[0], min(one, other)))
    return sorted(gaps, key=lambda g: -g[1])


def _key(sentence: Sentence) -> tuple[str, int]:
    """A sentence's place: its article and start."""
    return sentence.passage.article_id, sentence.start
