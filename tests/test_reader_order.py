"""The reader's log-odds in the order of the sentences it read in the question's language: a
sentence read as far likelier to answer goes first though a little less relevant, with the
best blended relevance (what the threshold measures) kept; unread sentences stay as they were."""

from __future__ import annotations

import pytest

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import build_answer_reading
from rag.answering.reading import add_reading, order_by_log_odds
from rag.answering.scoring import ScoredSentence
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.text.sentences import Sentence
from rag.types import Answer, Passage
from tests.helpers.reading import answer_over_chartres, keyed_reader

TEXTS = [
    "Jacline Mouraud est une figure des gilets jaunes.",
    "Sur franceinfo, Jacline Mouraud avait appelé à manifester samedi.",
    "Le mouvement est né sur les réseaux sociaux.",
]


def scored(relevances: list[float]) -> list[ScoredSentence]:
    """The sentences of TEXTS with these relevances (before the reader)."""
    passage = Passage("m-c0", "m", "Mouraud", " ".join(TEXTS), 0, 200, 1.0, lang="fr")
    return [
        ScoredSentence(Sentence(t, 0, len(t), passage), 0.5, 0.5, i, relevance=r, plain_relevance=r)
        for i, (t, r) in enumerate(zip(TEXTS, relevances, strict=True))
    ]


def test_a_sentence_read_ten_times_likelier_goes_first_with_the_best_relevance_kept() -> None:
    probabilities = {TEXTS[0]: 0.027, TEXTS[1]: 0.261}

    def read(texts: object) -> list[float]:
        assert isinstance(texts, list)
        return [next(p for s, p in probabilities.items() if s in t) for t in texts]

    ranked = scored([0.62, 0.50, 0.40])
    blended = add_reading("Qu'a dit Jacline Mouraud ?", ranked, read, 0.3, 2)
    # blended in at the reader's share, the likelier sentence stays behind: 0.44 against 0.43
    by_blend = sorted(blended, key=lambda s: -s.relevance)
    assert [s.sentence.text for s in by_blend[:2]] == [TEXTS[0], TEXTS[1]]
    ordered = order_by_log_odds(blended, 0.12)
    assert [s.sentence.text for s in ordered] == [TEXTS[1], TEXTS[0], TEXTS[2]]
    assert [s.relevance for s in ordered[:2]] == [by_blend[0].relevance, by_blend[1].relevance]
    assert ordered[2].reading is None
    assert ordered[2].relevance == pytest.approx(0.7 * 0.40)  # unread: counted as not answering
    # with a smaller weight, or a sentence read as unlikely as the other, the order stands
    assert order_by_log_odds(blended, 0.01)[0].sentence.text == TEXTS[0]
    probabilities[TEXTS[1]] = 0.03
    again = order_by_log_odds(add_reading("Qu'a dit Jacline Mouraud ?", ranked, read, 0.3, 2), 0.12)
    assert again[0].sentence.text == TEXTS[0]


def test_the_log_odds_of_a_reading_of_zero_or_one_stay_finite() -> None:
    blended = [
        ScoredSentence(s.sentence, 0.5, 0.5, s.rank, relevance=s.relevance, reading=p)
        for s, p in zip(scored([0.5, 0.49, 0.48]), [0.0, 1.0, 0.5], strict=True)
    ]
    ordered = order_by_log_odds(blended, 0.12)
    assert [s.reading for s in ordered] == [1.0, 0.5, 0.0]


def test_the_shipped_calibration_orders_french_sentences_by_the_readers_log_odds(
    embedder: Embedder,
) -> None:
    built = build_answer_reading(Settings.model_construct(), embedder.name)
    assert built is not None
    assert 0.0 < built.order_weight < 1.0
    off = build_answer_reading(Settings.model_construct(reader_across=False), embedder.name)
    assert off is not None
    assert off.order_weight == built.order_weight
    config = ExtractiveConfig.from_settings(Settings.model_construct(), embedder.profile, built)
    assert config.reader_order_weight == built.order_weight


def answer_in_french(embedder: Embedder, weight: float) -> Answer:
    """The extractive answer to a French question over CHARTRES, the reader keyed by sentence."""
    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=keyed_reader([0.02, 0.4, 0.005]),
        reader_share=0.3,
        reader_order_weight=weight,
    )
    return answer_over_chartres("Que dit-on de la cathédrale de Chartres ?", config, "fr", embedder)


def test_through_the_extractive_answer_the_weight_changes_the_sentence_quoted_not_its_relevance(
    embedder: Embedder,
) -> None:
    blended = answer_in_french(embedder, 0.0)
    ordered = answer_in_french(embedder, 0.12)
    assert blended.text.startswith("La cathédrale de Chartres domine")
    assert ordered.text.startswith("Les vitraux du chœur")
    assert ordered.relevance == blended.relevance
