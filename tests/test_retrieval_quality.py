"""Retrieval quality floor on a fixed slice of PIAF (French Wikipedia QA).

All paragraphs of 30 Wikipedia articles drawn with seed 13 (110 paragraphs; siblings are hard
negatives) are indexed and 200 of their questions are asked; the gold is the question's own
paragraph. Floors sit ~0.03 under the measured values (bench/eval_retrieval.py runs the full
benchmark), so a real regression fails while small ranking changes do not. The French seed
article is indexed too: English and German questions about it must find its passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.datasets import (
    CROSS_LINGUAL_CHECKS,
    PIAF_FILE,
    SEED_ARTICLE_ID,
    PassageCheck,
    Query,
    load_piaf,
    seed_article,
    write_jsonl,
)
from bench.eval_retrieval import Metrics, evaluate
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.environment import default_environment

PIAF_TITLES = 30
PIAF_QUESTIONS = 200
SEED = 13
CROSS_LINGUAL_TOP = 3

# Measured (e5, default z-score fusion): default R@5 0.960, MRR@10 0.872; keyword-only R@5
# 0.905, MRR@10 0.820. Floors are these rounded down by ~0.03; the default must also beat
# keyword-only, which is what fusing the embeddings is for.
DEFAULT_RECALL_AT_5_FLOOR = 0.93
DEFAULT_MRR_AT_10_FLOOR = 0.84
KEYWORD_RECALL_AT_5_FLOOR = 0.87
KEYWORD_MRR_AT_10_FLOOR = 0.79

pytestmark = pytest.mark.skipif(not PIAF_FILE.exists(), reason=f"{PIAF_FILE} is not present")


@dataclass(frozen=True)
class PiafIndex:
    """Settings of an indexed PIAF slice and its questions."""

    settings: Settings
    queries: list[Query]


@pytest.fixture(scope="module")
def piaf_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> PiafIndex:
    """The PIAF slice and the French seed article, ingested once with default settings."""
    dataset = load_piaf(titles=PIAF_TITLES, max_queries=PIAF_QUESTIONS, seed=SEED)
    folder: Path = tmp_path_factory.mktemp("piaf")
    with default_environment(folder):
        settings = Settings(data_dir=folder / "data", collection="piaf")
        app = Newsrag(settings, embedder=embedder)
        articles = [*dataset.articles, seed_article()]
        report = ingest_paths(app, [write_jsonl(articles, folder / "piaf.jsonl")])
    assert not report.errors
    assert report.added == len(articles)
    return PiafIndex(settings, dataset.queries)


def _metrics(index: PiafIndex, embedder: Embedder, **weights: float) -> Metrics:
    app = Newsrag(index.settings.model_copy(update=weights), embedder=embedder)
    return evaluate(
        lambda query, k: [p.article_id for p in app.search(query, k=k)], index.queries, k=10
    )


@pytest.fixture(scope="module")
def default_metrics(piaf_index: PiafIndex, embedder: Embedder) -> Metrics:
    """Quality of newsrag's default hybrid search on the slice."""
    return _metrics(piaf_index, embedder)


def test_the_piaf_slice_is_large_enough_to_mean_something(piaf_index: PiafIndex) -> None:
    assert len(piaf_index.queries) >= 150


def test_default_search_ranks_the_gold_paragraph_in_the_top_five_for_most_questions(
    default_metrics: Metrics,
) -> None:
    assert default_metrics.recall_at_5 >= DEFAULT_RECALL_AT_5_FLOOR, default_metrics


def test_default_search_ranks_the_gold_paragraph_near_the_top_on_average(
    default_metrics: Metrics,
) -> None:
    assert default_metrics.mrr_at_10 >= DEFAULT_MRR_AT_10_FLOOR, default_metrics


def test_keyword_only_search_stays_above_its_own_floor(
    piaf_index: PiafIndex, embedder: Embedder
) -> None:
    keyword = _metrics(piaf_index, embedder, dense_weight=0.0)
    assert keyword.recall_at_5 >= KEYWORD_RECALL_AT_5_FLOOR, keyword
    assert keyword.mrr_at_10 >= KEYWORD_MRR_AT_10_FLOOR, keyword


def test_fusing_the_embeddings_beats_keywords_alone(
    piaf_index: PiafIndex, embedder: Embedder, default_metrics: Metrics
) -> None:
    keyword = _metrics(piaf_index, embedder, dense_weight=0.0)
    assert default_metrics.recall_at_5 > keyword.recall_at_5
    assert default_metrics.mrr_at_10 > keyword.mrr_at_10


@pytest.mark.parametrize("check", CROSS_LINGUAL_CHECKS, ids=lambda c: f"{c.lang}:{c.expected}")
def test_english_and_german_questions_find_the_french_passage(
    piaf_index: PiafIndex, embedder: Embedder, check: PassageCheck
) -> None:
    # the keyword side ranks only passages in the question's language (none here): the
    # embeddings find the seed article, not always first (« Wer reist für Deutschland nach
    # Paris? » puts a PIAF paragraph on Paris first)
    app = Newsrag(piaf_index.settings, embedder=embedder)
    top = app.search(check.question, k=CROSS_LINGUAL_TOP)
    assert top, check.question
    seed = [p for p in top if p.article_id == SEED_ARTICLE_ID]
    assert any(check.expected in p.text for p in seed), [p.article_id for p in top]


# The answer reader reads this sentence of the (machine-translated) seed article below its
# floor across languages (0.0066 for 0.008): it is refused, a cost measured in
# docs/answers.md ("English and German questions read, to refuse").
READ_BELOW_THE_FLOOR = frozenset({"deux milliards"})


@pytest.mark.parametrize(
    "check",
    [
        pytest.param(
            c,
            marks=pytest.mark.xfail(
                c.expected in READ_BELOW_THE_FLOOR, reason="read below the floor", strict=True
            ),
        )
        for c in CROSS_LINGUAL_CHECKS
    ],
    ids=lambda c: f"{c.lang}:{c.expected}",
)
def test_english_and_german_questions_are_answered_from_the_french_passage(
    piaf_index: PiafIndex, embedder: Embedder, check: PassageCheck
) -> None:
    answer = Newsrag(piaf_index.settings, embedder=embedder).answer(check.question)
    assert answer.found, answer.text
    assert check.expected in answer.text, answer.text
    assert answer.citations[0].article_id == SEED_ARTICLE_ID
