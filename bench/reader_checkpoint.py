"""Checkpoints of a reader training (`bench/train_reader.py --checkpoint FILE`), so that a
training of hours on a laptop's cores can stop and go on where it stopped.

A checkpoint holds the trained tensors, the optimiser's and the schedule's state, the epoch,
the batches of it already done and the random state the epoch's batches were drawn with: the
training goes on with the very batches it would have had, and ends with the same weights as
one run through (`tests/test_train_reader.py`). It is written to a temporary file and renamed,
so a training killed while writing keeps the previous one. It belongs to its pairs and
options (`fingerprint`): a checkpoint of other pairs is refused, not mixed in.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The options a checkpoint must have been trained with to go on from it.
_OPTIONS = ("layers", "epochs", "batch_size", "lr", "head_lr", "seed", "warm", "bf16")


class TrainingPaused(Exception):
    """The training stopped after `--stop-after` steps, its checkpoint written."""


def fingerprint(
    args: argparse.Namespace,
    token_ids: Sequence[Sequence[int]],
    labels: Sequence[int],
    weights: Sequence[float],
) -> str:
    """What a checkpoint was trained on: the pairs' tokens, labels and weights, and the options
    that shape the training."""
    digest = hashlib.sha1()
    options = {name: getattr(args, name, None) for name in _OPTIONS}
    digest.update(json.dumps(options, sort_keys=True).encode())
    for row, label, weight in zip(token_ids, labels, weights, strict=True):
        digest.update(f"{label} {weight} {' '.join(map(str, row))}\n".encode())
    return digest.hexdigest()


@dataclass
class Checkpointer:
    """Writes a checkpoint to `path` every `every` seconds of training and at each epoch's end;
    with `stop_after`, stops the training (`TrainingPaused`) once that many steps are done in
    this run."""

    path: Path
    key: str
    every: float = 600.0
    stop_after: int | None = None
    _steps: int = field(default=0, init=False)
    _last: float = field(default_factory=time.monotonic, init=False)

    def resume(self) -> dict[str, Any] | None:
        """The checkpoint to go on from, or None when there is none yet. A checkpoint of other
        pairs or options is an error naming the file."""
        import torch

        if not self.path.exists():
            return None
        state: dict[str, Any] = torch.load(self.path, weights_only=True)
        if state.get("key") != self.key:
            raise SystemExit(
                f"{self.path}: a checkpoint of other training pairs or options; "
                "remove it to start again, or give the pairs and options it was trained with"
            )
        log.info(
            "going on from %s: epoch %d, %d batches done",
            self.path,
            state["epoch"] + 1,
            state["done"],
        )
        return state

    def step(self, state: Callable[[], dict[str, Any]]) -> None:
        """After a training step: write a checkpoint when one is due (`state()` gives it), and
        stop when `stop_after` steps are done."""
        self._steps += 1
        stopping = self.stop_after is not None and self._steps >= self.stop_after
        if stopping or time.monotonic() - self._last >= self.every:
            self.write(state())
        if stopping:
            raise TrainingPaused(f"stopped after {self._steps} steps; {self.path} holds them")

    def write(self, state: dict[str, Any]) -> None:
        """Write `state` (with this training's key) atomically."""
        import torch

        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        torch.save({**state, "key": self.key}, partial)
        os.replace(partial, self.path)
        self._last = time.monotonic()
        log.info("checkpoint: epoch %d, %d batches done", state["epoch"] + 1, state["done"])
