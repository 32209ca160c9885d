"""How extractive answers are picked (`rag.answering.extractive`): the thresholds and sizes,
resolved once from the settings, the embedder's calibration and the reader's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answering.reader import AnswerReading, ReadAnswers
from rag.answering.scoring import DEFAULT_CANDIDATE_SENTENCES, DEFAULT_SENTENCE_CHARS
from rag.embeddings import EmbedderProfile

if TYPE_CHECKING:
    from rag.settings import Settings


@dataclass(frozen=True)
class ExtractiveConfig:
    """How extractive answers are picked: thresholds and sizes, resolved once when the app is
    built (`from_settings`), not per question."""

    # the best sentence must reach it, else the answer is a refusal
    min_relevance: float
    # share of embedding similarity (against key-term coverage) in a sentence's relevance
    dense_share: float
    max_sentences: int
    # sentences embedded per question (the best by key-term coverage)
    candidate_sentences: int = DEFAULT_CANDIDATE_SENTENCES
    # characters of each candidate embedded (its start)
    sentence_chars: int = DEFAULT_SENTENCE_CHARS
    # the threshold when the best sentence is in another language (None: `min_relevance`)
    cross_lingual_min_relevance: float | None = None
    # the answer reader, its share of the relevance and how many sentences it reads
    read: ReadAnswers | None = None
    reader_share: float = 0.0
    reader_sentences: int = 3
    # no sentence the reader read reaches it: a refusal (0: the reader only ranks)
    reader_min_probability: float = 0.0
    # the reader's floor for sentences in another language than the question (None: it
    # does not read them)
    across_min_probability: float | None = None
    # the weight of the reader's log-odds in the order of the sentences it read (0: none)
    reader_order_weight: float = 0.0
    # how far the nearest chunk must stand out of the question's neighbourhood for an answer
    # across languages to need no `cross_lingual_min_relevance` (None: it always does)
    cross_lingual_standout: float | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, profile: EmbedderProfile, reading: AnswerReading | None
    ) -> ExtractiveConfig:
        """The settings, with the embedder's (or the reader's) calibration where they are unset."""
        calibrated = reading.min_relevance if reading else profile.min_relevance
        cross_lingual = settings.cross_lingual_min_relevance
        return cls(
            min_relevance=calibrated if settings.min_relevance is None else settings.min_relevance,
            dense_share=settings.answer_dense_share,
            max_sentences=settings.max_answer_sentences,
            candidate_sentences=settings.answer_candidate_sentences,
            sentence_chars=settings.answer_sentence_chars,
            cross_lingual_min_relevance=(
                profile.cross_lingual_min_relevance if cross_lingual is None else cross_lingual
            ),
            read=reading.read if reading else None,
            reader_share=reading.share if reading else 0.0,
            reader_sentences=settings.reader_sentences,
            reader_min_probability=reading.min_probability if reading else 0.0,
            across_min_probability=reading.across_min_probability if reading else None,
            reader_order_weight=reading.order_weight if reading else 0.0,
            cross_lingual_standout=profile.cross_lingual_standout,
        )
