"""The answer reader: a cross-encoder that reads a question and a candidate sentence together
and says how likely the sentence answers it.

Embedding similarity and key-term coverage tell whether a sentence is about the question's
subject; they cannot tell "about the club" from "says in which city the club plays". The
reader can: it is multilingual-e5-small with its top layers trained on PIAF question /
sentence pairs (`bench/train_reader.py`, on articles kept apart from the benchmark's test
articles). This module is the answering side: the text the reader scores and the calibration
it answers with; its weights, graph build and runtime are the model runtime's
(`rag.models.reader_build`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.models.reader_build import load_reader, reader_meta
from rag.settings import Settings

log = logging.getLogger(__name__)

# Scores reader texts (`reader_text`): P(the sentence answers the question) for each.
ReadAnswers = Callable[[Sequence[str]], Sequence[float]]

# Characters of sentence context given to the reader: past ~100 tokens it reads nothing new.
_MAX_CONTEXT_CHARS = 600
# Characters of the title: the news and Wikipedia titles it was trained on are shorter (152)
_MAX_TITLE_CHARS = 160


def reader_text(question: str, title: str, sentence: str, previous: str = "") -> str:
    """The one sequence the reader scores; training and answering both build it here. A
    title longer than those it was trained on (a lede given as the title) is cut at its last
    sentence end within the limit, else at a word: at full length it drowned the sentence."""
    context = f"{previous} {sentence}" if previous else sentence
    if len(title) > _MAX_TITLE_CHARS:
        cut = title[:_MAX_TITLE_CHARS]
        title = cut[: cut.rfind(". ")] if ". " in cut else cut.rsplit(" ", 1)[0]
    return f"query: {question} passage: {title}. {context[-_MAX_CONTEXT_CHARS:]}"


@dataclass(frozen=True)
class AnswerReading:
    """A reader ready to answer with: how to read, its share of a sentence's relevance, and
    the refusal threshold calibrated for relevance with that share."""

    read: ReadAnswers
    share: float
    min_relevance: float
    # below it for every sentence read, nothing answers: a refusal
    min_probability: float = 0.0
    # sentences in another language than the question (English or German questions over
    # French news) are read too, to order them and to refuse: below it for each, nothing
    # answers (the reader reads them worse: its own, lower floor); None: they are not read
    across_min_probability: float | None = None
    # the weight of the reader's log-odds when it orders the sentences read in the question's
    # language (`order_by_log_odds`); 0: they keep the order of the blended relevance
    order_weight: float = 0.0


def build_answer_reading(settings: Settings, embedder_name: str) -> AnswerReading | None:
    """The shipped reader for an embedder it was calibrated with, built once into the model
    cache; None when the settings turn it off (or its share to 0) or the embedder has no
    calibration."""
    if not settings.answer_reader:
        return None
    calibration = reader_meta().get("calibration", {}).get(embedder_name)
    if calibration is None:
        log.info("answer reader: not calibrated for %s, relevance alone decides", embedder_name)
        return None
    share = calibration["share"] if settings.reader_share is None else settings.reader_share
    if share <= 0:
        return None
    floor = calibration.get("min_probability", 0.0)
    if settings.reader_min_probability is not None:
        floor = settings.reader_min_probability
    reader = load_reader(settings)
    across = calibration.get("across_min_probability") if settings.reader_across else None
    return AnswerReading(
        reader.score,
        share,
        calibration["min_relevance"],
        floor,
        across_min_probability=across,
        order_weight=calibration.get("order_weight", 0.0),
    )


def nothing_answers(readings: Sequence[tuple[float | None, float]]) -> bool:
    """Whether the reader read sentences (None: not read) and gave each less than its floor
    (each reading with the floor of its language pair) of answering: sentences on the
    question's subject keep a high relevance whether or not they give the detail asked (its
    price, its author, its date); the reader tells them apart."""
    read = [(p, floor) for p, floor in readings if p is not None]
    return bool(read) and all(p < floor for p, floor in read)
