"""The answer reader's training pairs (`bench/train_reader.py`, `bench/distill_reader.py`).

A fixed-seed 40% of PIAF's Wikipedia articles are the test articles, whose questions
`bench.eval_answers` and the test suite ask; the reader is trained on the other 60%. The
index is the benchmark's: every paragraph but a fixed-seed 20%. For each training question,
newsrag retrieves passages and lists candidate sentences as it does when answering; a
candidate of the question's paragraph holding the gold answer is a positive, the others
(siblings of the same article above all) are negatives. Questions whose paragraph was not
retrieved still get their gold sentence as a positive. With `--news`, handwritten news
questions join PIAF's (`bench/reader_news.py`).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.answer_metrics import GoldQuestion
from bench.eval_answers import index_articles, load_piaf_answers
from bench.reader_news import weighted_news_pairs
from rag.answering.reader import reader_text
from rag.answering.scoring import score_sentences
from rag.app import Newsrag
from rag.text.lexicon import fold
from rag.text.sentences import split_sentences
from rag.text.terms import TermWeights
from rag.types import Passage

log = logging.getLogger(__name__)

TRAIN_SHARE = 0.6


def article_number(question: GoldQuestion) -> int:
    """The PIAF article a question is on (paragraph ids are `piaf-<article>-<paragraph>`)."""
    return int(question.gold_article_id.split("-")[1])


def training_articles(seed: int = 13, share: float = TRAIN_SHARE, total: int = 191) -> set[int]:
    """Indices of the PIAF articles the reader is trained on (the rest are the test
    articles)."""
    return set(random.Random(seed).sample(range(total), round(share * total)))


def holds_answer(sentence: str, answer: str) -> bool:
    """Whether the sentence contains the gold answer, compared folded."""
    return fold(answer).strip() in fold(sentence)


def candidate_pairs(
    app: Newsrag, question: GoldQuestion, gold: Passage, candidates: int, negatives: int
) -> list[tuple[str, int]]:
    """(reader text, label) pairs: the retrieved candidates as answering ranks them, with the
    gold sentence added as a positive when retrieval missed it."""
    passages = app.search(question.text)
    idf = app.keywords.current().idf
    scored = score_sentences(passages, TermWeights(question.text, "fr", idf), "fr")
    ranked = sorted(scored, key=lambda s: (-s.coverage, s.rank))[:candidates]
    pairs: list[tuple[str, int]] = []
    kept_negatives = 0
    for s in ranked:
        positive = s.sentence.passage.article_id == question.gold_article_id and holds_answer(
            s.sentence.text, question.gold_answer
        )
        if not positive and kept_negatives >= negatives:
            continue
        kept_negatives += not positive
        previous = s.previous.text if s.leans and s.previous else ""
        text = reader_text(question.text, s.sentence.passage.title, s.sentence.text, previous)
        pairs.append((text, int(positive)))
    if not any(label for _, label in pairs):
        for sentence in split_sentences(gold):
            if holds_answer(sentence.text, question.gold_answer):
                pairs.append((reader_text(question.text, gold.title, sentence.text), 1))
                break
    return pairs


def retrieve_pairs(
    args: argparse.Namespace, dataset: Any, questions: Sequence[GoldQuestion], embedder: Any
) -> list[tuple[str, int]]:
    """Index the benchmark's paragraphs and list every training question's pairs."""
    paragraphs = {a.id: a for a in [*dataset.indexed, *dataset.held_out]}
    with tempfile.TemporaryDirectory(prefix="newsrag-reader-") as tmp:
        folder = Path(args.index_dir or tmp) / f"answers-seed{args.seed}-titlesall"
        folder.mkdir(parents=True, exist_ok=True)
        settings = index_articles(dataset.indexed, folder, embedder, reuse=bool(args.index_dir))
        app = Newsrag(settings, embedder=embedder)
        pairs: list[tuple[str, int]] = []
        for q in questions:
            p = paragraphs[q.gold_article_id]
            gold = Passage(p.id, p.id, p.title, p.text, 0, len(p.text), 1.0, lang="fr")
            pairs += candidate_pairs(app, q, gold, args.candidates, args.negatives)
    return pairs


def _news_pairs(
    args: argparse.Namespace, embedder: Any, cached: Path | None
) -> tuple[list[tuple[str, int]], list[float]]:
    """The news pairs and their weights (`weighted_news_pairs`), kept beside the PIAF pairs'
    cache (`<cache>.news.json`) for the same news options: asked again, the questions could
    give other pairs after a change of code, and a checkpointed training must go on with the
    pairs it started with (`bench/reader_checkpoint.py`)."""
    translated = args.translated_weight if args.translated else None
    options = [args.news_weight, translated, args.absent_negatives]
    kept = cached.with_name(cached.name + ".news.json") if cached else None
    if kept and kept.exists():
        stored = json.loads(kept.read_text(encoding="utf-8"))
        if stored["options"] == options:
            return [(t, int(y)) for t, y in stored["pairs"]], [float(w) for w in stored["weights"]]
    folder = Path(args.index_dir or tempfile.mkdtemp(prefix="newsrag-news-"))
    news, more = weighted_news_pairs(
        folder, embedder, args.news_weight, translated, args.absent_negatives
    )
    if kept:
        stored = {"options": options, "pairs": news, "weights": more}
        kept.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return news, more


def training_pairs(
    args: argparse.Namespace, embedder: Any
) -> tuple[list[tuple[str, int]], list[float], list[GoldQuestion]]:
    """Every training pair with its loss weight, and PIAF's training questions."""
    dataset = load_piaf_answers(seed=args.seed)
    questions = [q for q in dataset.questions if article_number(q) in training_articles(args.seed)]
    cached = Path(args.pairs_cache) if args.pairs_cache else None
    if cached and cached.exists():
        pairs = [(text, int(label)) for text, label in json.loads(cached.read_text())]
    else:
        pairs = retrieve_pairs(args, dataset, questions, embedder)
        if cached:
            cached.write_text(json.dumps(pairs, ensure_ascii=False))
    weights = [1.0] * len(pairs)
    if args.news:
        news, more = _news_pairs(args, embedder, cached)
        pairs, weights = [*pairs, *news], [*weights, *more]
    log.info("%d questions, %d pairs", len(questions), len(pairs))
    return pairs, weights, questions
