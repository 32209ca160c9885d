"""Answer quality floor on a fixed slice of PIAF (French Wikipedia QA), default settings.

The paragraphs of 20 Wikipedia articles drawn with seed 13 among those the answer reader was
not trained on are indexed, less a fixed-seed 20% held out, and 20 questions on indexed
paragraphs plus 10 on held-out ones are asked. So few because the suite must stay short;
bench/eval_answers.py measures 600 questions. Floors sit one question from the values
measured on this slice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.answer_metrics import (
    Asked,
    GoldQuestion,
    Scores,
    at_threshold,
    contains_answer,
    holds_span,
    normalise,
    perfect_reader,
    score,
)
from bench.datasets import PIAF_FILE
from bench.eval_answers import ask_all, index_articles, load_piaf_answers
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.models.reader_build import reader_meta
from rag.settings import Settings
from rag.types import Answer, Citation
from tests.helpers.environment import default_environment

PIAF_TITLES = 20
ANSWERABLE_QUESTIONS = 20
HELD_OUT_QUESTIONS = 10
REPLAYED_QUESTIONS = 3
SEED = 13

# Measured on this slice (e5 int8 ONNX, 2026-12-06): as shipped, with the answer reader
# (relevance 0.24, reader probability 0.015, its log-odds ordering the sentences read): answer
# recall 0.75 (15/20), refusal accuracy 0.60 (6/10), false refusals 0.15 (3/20); relevance
# alone (threshold 0.36): 0.85, 0.30, 0.05. The log-odds order cost this slice two answers
# (0.85 and 0.10 before it) but none of the 600 questions' recall (docs/answers.md). On 600
# questions the reader is ahead on all three (bench/results/). Citation precision 1.0 in
# both. Each floor allows one more miss than measured (the index is not built the same twice).
ANSWER_RECALL_FLOOR = 0.70
REFUSAL_ACCURACY_FLOOR = 0.50
FALSE_REFUSALS_CEILING = 0.20
PLAIN_ANSWER_RECALL_FLOOR = 0.80
PLAIN_REFUSAL_ACCURACY_FLOOR = 0.20
PLAIN_FALSE_REFUSALS_CEILING = 0.10

pytestmark = pytest.mark.skipif(not PIAF_FILE.exists(), reason=f"{PIAF_FILE} is not present")


@dataclass(frozen=True)
class AskedSlice:
    """The indexed slice's settings, the answers to its questions and every paragraph's text."""

    settings: Settings
    asked: list[Asked]
    texts: dict[str, str]
    asked_without_reader: list[Asked]


@pytest.fixture(scope="module")
def piaf_answers(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> AskedSlice:
    """The slice's kept paragraphs ingested once, its sampled questions answered once."""
    trained_on = reader_meta().get("train_articles", [])  # their questions are not asked
    dataset = load_piaf_answers(titles=PIAF_TITLES, seed=SEED, skip_articles=set(trained_on))
    rng = random.Random(SEED)
    answerable = [q for q in dataset.questions if q.answerable]
    held_out = [q for q in dataset.questions if not q.answerable]
    questions = [
        *rng.sample(answerable, ANSWERABLE_QUESTIONS),
        *rng.sample(held_out, HELD_OUT_QUESTIONS),
    ]
    folder: Path = tmp_path_factory.mktemp("piaf-answers")
    with default_environment(folder):
        settings = index_articles(dataset.indexed, folder, embedder)
    default = Newsrag(settings, embedder=embedder)
    assert default.reading is not None  # the answer reader is on by default
    asked = ask_all(default.answer, questions)
    plain = Newsrag(settings.model_copy(update={"answer_reader": False}), embedder=embedder)
    return AskedSlice(settings, asked, dataset.texts(), ask_all(plain.answer, questions))


@pytest.fixture(scope="module")
def scores(piaf_answers: AskedSlice) -> Scores:
    """Answer quality of newsrag's default extractive answers on the slice."""
    return score(piaf_answers.asked, piaf_answers.texts)


@pytest.fixture(scope="module")
def plain_scores(piaf_answers: AskedSlice) -> Scores:
    """Answer quality with the answer reader switched off: relevance alone."""
    return score(piaf_answers.asked_without_reader, piaf_answers.texts)


def test_without_the_reader_answers_and_refusals_stay_above_their_floors(
    plain_scores: Scores,
) -> None:
    assert plain_scores.answer_recall >= PLAIN_ANSWER_RECALL_FLOOR, plain_scores
    assert plain_scores.refusal_accuracy >= PLAIN_REFUSAL_ACCURACY_FLOOR, plain_scores
    assert plain_scores.false_refusals <= PLAIN_FALSE_REFUSALS_CEILING, plain_scores
    assert plain_scores.citation_precision == 1.0, plain_scores


def test_most_answerable_questions_get_an_answer_holding_the_gold_span(scores: Scores) -> None:
    assert scores.answer_recall >= ANSWER_RECALL_FLOOR, scores


def test_questions_on_paragraphs_left_out_of_the_index_are_refused(scores: Scores) -> None:
    assert scores.refusal_accuracy >= REFUSAL_ACCURACY_FLOOR, scores


def test_few_answerable_questions_are_refused(scores: Scores) -> None:
    assert scores.false_refusals <= FALSE_REFUSALS_CEILING, scores


def test_every_citation_quotes_its_article_exactly_and_supports_its_sentence(
    scores: Scores,
) -> None:
    assert scores.markers > 0
    assert scores.citation_precision == 1.0, scores
    # and no quote starts or ends inside a sentence (`bench.whole_quotes` judges)
    assert scores.quotes > 0
    assert scores.whole_quotes == 1.0, scores


def test_replaying_a_threshold_gives_the_answers_newsrag_gives_with_it(
    piaf_answers: AskedSlice, embedder: Embedder
) -> None:
    """The benchmark's threshold sweep rests on this: asked once with 0, then replayed."""
    unbounded = Newsrag(
        piaf_answers.settings.model_copy(update={"min_relevance": 0.0}), embedder=embedder
    )
    reading = unbounded.reading
    threshold = reading.min_relevance if reading else embedder.profile.min_relevance
    ranked = sorted(piaf_answers.asked, key=lambda a: abs(a.answer.relevance - threshold))
    for given in ranked[:REPLAYED_QUESTIONS]:  # those nearest the threshold
        replayed = at_threshold(unbounded.answer(given.question.text), threshold)
        assert replayed.found == given.answer.found, given
        if given.answer.found:
            assert replayed.text == given.answer.text
            assert replayed.citations == given.answer.citations


def test_answer_matching_ignores_case_accents_quotes_hyphens_and_markers() -> None:
    text = "Selon l’INSEE, la « Côte-d’Or » compte 530 000 habitants. [1]"
    answer = Answer("q", text, True)
    assert normalise("la Côte-d'Or") == "la cote d or"
    assert contains_answer(answer, "côte d'or")
    assert contains_answer(answer, "530 000 habitants.")
    assert not contains_answer(answer, "53")  # whole words only
    assert not contains_answer(Answer("q", text, False), "côte d'or")  # refusals never match


def test_a_replayed_threshold_drops_the_sentences_below_it_and_numbers_the_rest_again() -> None:
    def cite(n: int, relevance: float) -> Citation:
        return Citation(n, "a", "t", None, None, f"Phrase {n}.", 0, 9, relevance)

    answer = Answer(
        "q", "Phrase 1. [1] Phrase 2. [2]", True, [cite(1, 0.4), cite(2, 0.5)], relevance=0.5
    )
    assert at_threshold(answer, 0.3) == answer
    kept = at_threshold(answer, 0.45)
    assert kept.text == "Phrase 2. [1]"
    assert [(c.n, c.quote) for c in kept.citations] == [(1, "Phrase 2.")]
    assert not at_threshold(answer, 0.55).found


def test_the_perfect_reader_bound_answers_exactly_when_a_retrieved_passage_holds_the_span() -> None:
    passages = ["La tour mesure 330 mètres.", "Elle fut achevée en 1889."]
    assert holds_span(passages, "330 mètres")
    assert not holds_span(passages, "33")  # whole words only
    questions = [
        GoldQuestion("Hauteur ?", "a", "330 mètres", True),
        GoldQuestion("Architecte ?", "a", "Eiffel", True),
        GoldQuestion("Date ?", "b", "1889", False),
        GoldQuestion("Couleur ?", "b", "brun", False),
    ]
    retrieved = [holds_span(passages, q.gold_answer) for q in questions]
    bound = perfect_reader(questions, retrieved)
    # held-out "Date ?" is answerable from a sibling: the perfect reader answers it
    assert (bound.refusal_accuracy, bound.false_refusals, bound.answer_recall) == (0.5, 0.5, 0.5)
