"""Embedding runtimes on a small model (the packaged MiniLM): OpenVINO and int8 ONNX Runtime
against the float32 graph, batches, threads, idle threads, the calibration and its cache."""

from __future__ import annotations

import resource
import threading
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.errors import SettingsError
from rag.models.embedders import build_embedder, model_build
from rag.models.onnx_build import FP32_FILE, META_FILE, TOKENIZER_FILE, W8_FILE, write_weight_int8
from rag.models.onnx_runtime import OnnxEmbedder, OnnxModel
from rag.models.runtime_choice import (
    FLOAT_RUNTIMES,
    INT8_WEIGHTS,
    MIN_COSINE,
    Trial,
    calibrated,
    choose_runtime,
    fastest,
    fastest_float,
    measure,
    measure_float,
    pick,
)
from rag.settings import PACKAGED_MINILM, Settings, load_settings

TEXTS = [
    "The constitutional council upheld most of the pension reform on Thursday.",
    "France reached the final (2-1) after extra time in a tense match in Lyon.",
    "How many people were evacuated after the floods in the south of France?",
    "x",
    "The central bank left its rates unchanged and said inflation was slowing down, "
    "while unemployment rose slightly in the third quarter for the first time in two years.",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache for the module: MiniLM is built once."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def folder(cache_dir: Path) -> Path:
    """The MiniLM build (int8 and float graphs)."""
    return model_build(Settings(embedding_model=PACKAGED_MINILM, model_cache_dir=cache_dir))


def _vectors(folder: Path, runtime: str, threads: int = 2) -> np.ndarray:
    return OnnxModel(folder, runtime=runtime, threads=threads).embed(TEXTS)


def test_openvino_vectors_stay_within_the_fidelity_bound_of_float32(folder: Path) -> None:
    reference = _vectors(folder, "onnx-fp32")
    openvino, int8 = _vectors(folder, "openvino"), _vectors(folder, "onnx")
    assert np.allclose(np.linalg.norm(openvino, axis=1), 1.0, atol=1e-3)
    assert (openvino * reference).sum(axis=1).min() >= MIN_COSINE
    # the int8 graph is further away, but still the same model
    assert 0.97 < (int8 * reference).sum(axis=1).min() < (openvino * reference).sum(axis=1).min()


@pytest.mark.parametrize("runtime", ["onnx", "openvino", "onnx-fp32"])
def test_a_batch_gives_each_text_the_vector_it_gets_alone(folder: Path, runtime: str) -> None:
    model = OnnxModel(folder, runtime=runtime, threads=2)
    together = model.embed(TEXTS, batch_size=8)
    alone = np.array([model.embed([t])[0] for t in TEXTS])
    # int8 activations are scaled per batch, so company moves a vector (MiniLM: up to 0.01)
    assert (together * alone).sum(axis=1).min() > (0.98 if runtime == "onnx" else 0.9999)


@pytest.mark.parametrize("runtime", ["onnx", "openvino"])
def test_one_thread_and_two_give_the_same_vectors(folder: Path, runtime: str) -> None:
    one, two = OnnxModel(folder, runtime=runtime, threads=1), OnnxModel(folder, runtime=runtime)
    assert (one.threads, two.threads) == (1, 2)
    assert (one.embed(TEXTS) * two.embed(TEXTS)).sum(axis=1).min() > 0.9999


def test_openvino_runs_with_the_threads_asked_for_unpinned(folder: Path) -> None:
    from rag.models.onnx_build import FP32_FILE
    from rag.models.openvino_runtime import OpenVinoRunner, precision

    runner = OpenVinoRunner(folder / FP32_FILE, threads=1)
    assert int(runner._compiled.get_property("INFERENCE_NUM_THREADS")) == 1
    assert runner.precision == precision()


def test_openvino_runs_whole_steps_of_width_so_its_shapes_stay_few(folder: Path) -> None:
    from rag.models.openvino_runtime import WIDTH_STEP, padded_width

    assert WIDTH_STEP == 16
    assert [padded_width(w, 512) for w in (1, 3, 16, 17, 33, 500, 512)] == [
        16, 16, 16, 32, 48, 512, 512,
    ]  # fmt: skip
    assert padded_width(200, 205) == 205  # never past what the model takes
    assert padded_width(300, 256) == 300  # nor shorter than the batch
    # the padding is masked: each text's vector is the float32 graph's, whatever the width
    reference = _vectors(folder, "onnx-fp32")
    for runtime in ("openvino", "openvino-f32"):
        assert (_vectors(folder, runtime) * reference).sum(axis=1).min() >= MIN_COSINE


@pytest.mark.parametrize("runtime", ["onnx", "openvino"])
def test_idle_runtime_threads_sleep_instead_of_spinning(folder: Path, runtime: str) -> None:
    model = OnnxModel(folder, runtime=runtime, threads=2)
    model.embed(TEXTS * 4)
    before = resource.getrusage(resource.RUSAGE_SELF)
    threading.Event().wait(0.5)  # a serving process between two questions
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert used < 0.05  # a spinning thread would burn ~0.5 s here


def test_several_threads_may_embed_at_once(folder: Path) -> None:
    model = OnnxModel(folder, runtime="openvino", threads=1)
    expected = model.embed(TEXTS)
    results: list[np.ndarray] = []
    workers = [
        threading.Thread(target=lambda: results.append(model.embed(TEXTS))) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 3
    assert all(np.allclose(r, expected, atol=1e-5) for r in results)


def test_calibration_measures_once_per_machine_and_build(folder: Path) -> None:
    calls: list[int] = []

    def counting(build: Path, threads: int) -> list[Trial]:
        calls.append(threads)
        return measure(build, threads)

    first = calibrated(folder, 1, measure=counting)
    again = calibrated(folder, 1, measure=counting)  # a second start reads the verdict
    assert calls == [1]
    assert again == first
    assert {t.runtime for t in first.trials} == {"onnx", "openvino"}
    by_runtime = {t.runtime: t for t in first.trials}
    assert by_runtime["openvino"].cosine >= MIN_COSINE > by_runtime["onnx"].cosine
    assert all(t.seconds > 0 for t in first.trials)
    assert first.runtime == pick(first.trials)
    assert (folder / f"runtime-{first.key}.json").exists()
    calibrated(folder, 2, measure=counting)  # another thread count is another verdict
    assert calls == [1, 2]


def test_a_runtime_set_by_name_skips_the_calibration(cache_dir: Path) -> None:
    for runtime in ("onnx", "openvino"):
        settings = Settings(
            embedding_model=PACKAGED_MINILM, embedding_runtime=runtime, model_cache_dir=cache_dir
        )
        embedder = build_embedder(settings)
        assert isinstance(embedder, OnnxEmbedder)
        assert embedder.runtime == runtime
        assert choose_runtime(embedder.folder, runtime, None) == runtime
    auto = build_embedder(Settings(embedding_model=PACKAGED_MINILM, model_cache_dir=cache_dir))
    assert isinstance(auto, OnnxEmbedder)
    assert auto.runtime in ("onnx", "openvino")


def test_the_choice_is_the_fastest_faithful_runtime_unless_int8_is_clearly_faster() -> None:
    def trials(int8: float, openvino: float, cosine: float = 0.99999) -> list[Trial]:
        return [Trial("onnx", int8, 0.997), Trial("openvino", openvino, cosine)]

    assert pick(trials(2.0, 1.0)) == "openvino"
    assert pick(trials(1.0, 1.05)) == "openvino"  # within the margin: the faithful one
    assert pick(trials(1.0, 2.0)) == "onnx"  # e.g. OpenVINO in f32 on a CPU without bf16
    assert pick(trials(2.0, 1.0, cosine=0.99)) == "onnx"  # fast but unfaithful
    assert pick([Trial("onnx", 1.0, 0.997)]) == "onnx"  # OpenVINO not installed


def test_the_float_choice_times_both_float_runtimes_apart_from_the_embeddings_verdict(
    folder: Path,
) -> None:
    embeddings = calibrated(folder, 1)
    calls: list[int] = []

    def counting(build: Path, threads: int) -> list[Trial]:
        calls.append(threads)
        return measure_float(build, threads, TEXTS)

    first = calibrated(folder, 1, measure=counting, rule=fastest, purpose="float")
    again = calibrated(folder, 1, measure=counting, rule=fastest, purpose="float")
    assert calls == [1]  # measured once, then read from its own verdict file
    assert again == first
    assert first.key != embeddings.key
    assert calibrated(folder, 1) == embeddings  # the embeddings' verdict is untouched
    assert [t.runtime for t in first.trials] == list(FLOAT_RUNTIMES)
    # both compute in float32: the same outputs within rounding, unlike bf16 or int8
    assert all(t.cosine > 1 - 1e-5 and t.seconds > 0 for t in first.trials)
    assert first.runtime == min(first.trials, key=lambda t: t.seconds).runtime
    assert fastest_float(folder, 1, TEXTS) == first.runtime
    f32 = _vectors(folder, "openvino-f32")
    assert np.abs(f32 - _vectors(folder, "onnx-fp32")).max() < 1e-5


def test_the_float_choice_is_the_faster_of_those_that_compute_as_float32() -> None:
    assert fastest([Trial("onnx-fp32", 1.0, 1.0), Trial("openvino-f32", 0.9, 1.0)]) == (
        "openvino-f32"
    )
    assert fastest([Trial("onnx-fp32", 1.0, 1.0), Trial("openvino-f32", 1.1, 1.0)]) == "onnx-fp32"
    assert fastest([Trial("onnx-fp32", 1.0, 1.0), Trial("openvino-f32", 0.5, 0.97)]) == (
        "onnx-fp32"  # faster but reading too far from float32
    )
    assert fastest([Trial("onnx-fp32", 1.0, 1.0)]) == "onnx-fp32"  # OpenVINO not installed


def test_the_int8_weight_graph_is_chosen_only_when_close_to_float32_and_much_faster() -> None:
    exact = [Trial("onnx-fp32", 1.0, 1.0), Trial("openvino-f32", 0.9, 1.0)]
    assert fastest([*exact, Trial(INT8_WEIGHTS, 0.6, 0.99)]) == INT8_WEIGHTS
    assert fastest([*exact, Trial(INT8_WEIGHTS, 0.85, 0.99)]) == "openvino-f32"  # not 10% faster
    assert fastest([*exact, Trial(INT8_WEIGHTS, 0.6, 0.97)]) == "openvino-f32"  # reads too far
    assert fastest([*exact, Trial(INT8_WEIGHTS, 0.6, 0.97)], tolerance=0.05) == INT8_WEIGHTS


def test_a_graph_with_int8_weights_computes_as_the_float_graph_and_is_timed_with_it(
    folder: Path, tmp_path: Path
) -> None:
    import onnx

    for name in (META_FILE, TOKENIZER_FILE, FP32_FILE):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    converted = write_weight_int8(tmp_path / FP32_FILE, tmp_path / W8_FILE)
    graph = onnx.load(str(tmp_path / W8_FILE))
    dequantised = [n for n in graph.graph.node if n.op_type == "DequantizeLinear"]
    assert converted == len(dequantised) == 6 * 6  # MiniLM: six layers of six matrices
    int8_rows = {i.name for i in graph.graph.initializer if i.data_type == onnx.TensorProto.INT8}
    assert all(n.input[0] in int8_rows for n in dequantised)
    reference = _vectors(tmp_path, "onnx-fp32")
    int8 = _vectors(tmp_path, INT8_WEIGHTS)
    cosines = (int8 * reference).sum(axis=1)
    assert cosines.min() > 0.99  # close to float32
    assert cosines.max() < 1 - 1e-7  # but int8
    trials = measure_float(tmp_path, 1, TEXTS)
    assert [t.runtime for t in trials] == [*FLOAT_RUNTIMES, INT8_WEIGHTS]


def test_an_unknown_runtime_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSRAG_EMBEDDING_RUNTIME", "tensorrt")
    with pytest.raises(SettingsError, match=r"NEWSRAG_EMBEDDING_RUNTIME='tensorrt'.*openvino"):
        load_settings()


def test_an_index_built_on_one_runtime_is_searched_on_another(
    cache_dir: Path, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for i, text in enumerate(TEXTS[:3] + TEXTS[4:]):
        (articles / f"{i}.txt").write_text(f"Article {i}\n{text}\n", encoding="utf-8")
    base = Settings(
        data_dir=tmp_path / "data", embedding_model=PACKAGED_MINILM, model_cache_dir=cache_dir
    )
    writer = Newsrag(
        base, embedder=build_embedder(base.model_copy(update={"embedding_runtime": "onnx"}))
    )
    assert ingest_paths(writer, [articles]).added == 4
    queries = ["pension reform ruling", "football final", "flood evacuation", "interest rates"]
    expected = [[p.article_id for p in writer.search(q, k=2)] for q in queries]
    reader = Newsrag(
        base, embedder=build_embedder(base.model_copy(update={"embedding_runtime": "openvino"}))
    )
    assert [[p.article_id for p in reader.search(q, k=2)] for q in queries] == expected
    assert [e[0] for e in expected] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    # the embedding ranking alone too: OpenVINO's query vectors against int8's stored ones
    for query in queries:
        stored, asked = writer.store.query(query, k=4), reader.store.query(query, k=4)
        assert [p.article_id for p in asked] == [p.article_id for p in stored]
        assert all(abs(a.score - b.score) < 0.03 for a, b in zip(asked, stored, strict=True))
