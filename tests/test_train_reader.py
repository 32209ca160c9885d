"""Training the answer reader (`bench/train_reader.py`): a warm start from the shipped reader,
on a handful of made-up token rows (no index, no tokenizer); and the news pairs of a question
asked with its article and without it (`bench/reader_news.py`, a fake embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from bench.train_reader import parse_args, train
from rag.models.onnx_torch import E5Reader
from rag.models.reader_build import load_trained_state
from tests.helpers.news import news_app

# Token rows of the shape the tokenizer gives: <s> ... </s>; 1 is the padding id.
_ROWS = [[0, 2627, 12, 4, 2], [0, 3293, 88, 71, 4, 2], [0, 910, 5, 2], [0, 4, 17, 301, 9, 2]]
_PAIRS = [("a", 1), ("b", 0), ("c", 1), ("d", 0)]


def _trained(*flags: str) -> E5Reader:
    args = parse_args(
        ["--layers", "2", "--epochs", "1", "--batch-size", "2", "--lr", "1e-3", *flags]
    )
    model: E5Reader = train(_PAIRS, args, _ROWS, pad=1)
    return model


def test_a_warm_start_trains_the_top_layers_and_keeps_the_shipped_readers_lower_ones() -> None:
    shipped_layers, shipped = load_trained_state()
    model = _trained("--warm", "--bf16")
    state = model.trained_state()
    # the lower layers are the shipped reader's, not e5's, so all of them are saved
    assert model.trained_layers == shipped_layers == 12
    lowest = "encoder.layers.0.k.weight"
    top = f"encoder.layers.{shipped_layers - 1}.k.weight"
    assert lowest in state
    assert top in state
    assert torch.allclose(state[lowest], shipped[lowest])
    assert not torch.allclose(state[top], shipped[top])


def test_a_cold_start_saves_only_the_layers_it_trained() -> None:
    model = _trained()
    assert model.trained_layers == 2
    assert not any(name.startswith("encoder.layers.0.") for name in model.trained_state())


def test_every_french_news_training_question_is_asked_in_english_and_german_too() -> None:
    from bench.reader_news import news_questions, translated_questions

    french = [q for q in news_questions() if q["lang"] == "fr"]
    asked = translated_questions()
    assert len(asked) == 2 * len(french)
    for lang in ("en", "de"):
        mine = [q for q in asked if q["lang"] == lang]
        # the same article and answer span, a question of its own
        assert sorted((str(q["article_id"]), str(q["answer"])) for q in mine) == sorted(
            (str(q["article_id"]), str(q["answer"])) for q in french
        )
        assert all(q["question"] not in {f["question"] for f in french} for q in mine)


RECORDS = [
    {
        "id": "tramway",
        "title": "Le tramway de Tours",
        "date": "2019-05-02",
        "text": "Le nouveau tramway de Tours a coûté 370 millions d'euros. "
        "Il relie le nord et le sud de la ville depuis 2013.",
    },
    {
        "id": "tramway-bis",
        "title": "Tours inaugure sa deuxième ligne de tramway",
        "date": "2019-06-02",
        "text": "La première ligne du tramway de Tours avait coûté 370 millions d'euros. "
        "La deuxième ligne du tramway de Tours sera plus courte.",
    },
    {
        "id": "bus",
        "title": "Les bus de Tours",
        "date": "2019-07-02",
        "text": "Les bus de Tours roulent au gaz depuis cette année. "
        "Le réseau de Tours compte trente lignes de bus.",
    },
]


def test_a_question_asked_without_its_article_gives_negatives_of_the_other_articles(
    tmp_path: Path,
) -> None:
    from bench.reader_news import absent_pairs, question_pairs

    app = news_app(tmp_path, RECORDS)
    question = {
        "question": "Combien a coûté le tramway de Tours ?",
        "lang": "fr",
        "answer": "370 millions d'euros",
        "answerable": True,
        "article_id": "tramway",
    }
    present = question_pairs(app, question)
    positives = [t for t, y in present if y]
    assert positives
    assert all("Le nouveau tramway de Tours a coûté 370 millions" in t for t in positives)
    absent = absent_pairs(app, question)
    assert absent
    assert all(y == 0 for _, y in absent)
    # none of its own article, and the other article holding the answer is left out, not labelled
    assert not any("Le nouveau tramway" in t or "Il relie le nord" in t for t, _ in absent)
    assert not any("370 millions" in t for t, _ in absent)
    assert any("La deuxième ligne" in t for t, _ in absent)
    assert absent_pairs(app, question | {"answerable": False, "answer": ""}) == []


def _checkpointed(path: Path, *flags: str) -> E5Reader:
    args = parse_args(
        [
            *("--layers", "2", "--epochs", "2", "--batch-size", "1", "--lr", "1e-3"),
            *("--checkpoint", str(path), "--checkpoint-every", "3600", *flags),
        ]
    )
    model: E5Reader = train(_PAIRS, args, _ROWS, pad=1)
    return model


def test_a_training_stopped_goes_on_from_its_checkpoint_to_the_same_weights(
    tmp_path: Path,
) -> None:
    from bench.reader_checkpoint import TrainingPaused

    args = parse_args(["--layers", "2", "--epochs", "2", "--batch-size", "1", "--lr", "1e-3"])
    through: E5Reader = train(_PAIRS, args, _ROWS, pad=1)
    checkpoint = tmp_path / "reader.ckpt"
    # 8 steps in all (4 pairs, 2 epochs): stopped within the first epoch, then the second
    done = []
    for _ in range(2):
        with pytest.raises(TrainingPaused):
            _checkpointed(checkpoint, "--stop-after", "3")
        kept = torch.load(checkpoint, weights_only=True)
        done.append((kept["epoch"], kept["done"]))
    assert done == [(0, 3), (1, 2)]
    resumed = _checkpointed(checkpoint)
    for name, tensor in through.trained_state().items():
        assert torch.allclose(resumed.trained_state()[name], tensor), name
    assert not torch.allclose(kept["model"]["head.weight"], through.trained_state()["head.weight"])


def test_a_checkpoint_of_other_pairs_is_refused_naming_it(tmp_path: Path) -> None:
    from bench.reader_checkpoint import TrainingPaused

    checkpoint = tmp_path / "reader.ckpt"
    with pytest.raises(TrainingPaused):
        _checkpointed(checkpoint, "--stop-after", "1")
    args = parse_args(
        ["--layers", "2", "--epochs", "2", "--batch-size", "1", "--checkpoint", str(checkpoint)]
    )
    other = [("a", 0), ("b", 0), ("c", 1), ("d", 0)]
    with pytest.raises(SystemExit, match=r"reader\.ckpt: a checkpoint of other training pairs"):
        train(other, args, _ROWS, pad=1)
