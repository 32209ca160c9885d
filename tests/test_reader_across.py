"""The reader across languages: English and German questions over French sentences are read by
the reader, which picks the sentence that answers and refuses below its floor (fake readers),
and the shipped build reads them (the real one, built once into the model cache)."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import AnswerReading, build_answer_reading, nothing_answers, reader_text
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import Answer
from tests.helpers.reading import answer_over_chartres, keyed_reader

ASKED = "When was Chartres cathedral consecrated?"


def answer_across(
    embedder: Embedder, across: Sequence[float] | None, floor: float, seen: list[str]
) -> Answer:
    """The extractive answer to the English question over the French passage, the reader
    answering `across` keyed by sentence; None: the reader does not read across languages
    (and is never called: no sentence is in the question's language)."""

    def unread(texts: Sequence[str]) -> list[float]:
        raise AssertionError(f"read: {texts}")

    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=keyed_reader(across, seen) if across is not None else unread,
        reader_share=0.3,
        reader_min_probability=0.5,  # would refuse everything, were it the floor here
        across_min_probability=floor if across is not None else None,
    )
    return answer_over_chartres(ASKED, config, "en", embedder)


def test_an_english_question_over_french_sentences_is_refused_when_none_reads_as_answering(
    embedder: Embedder,
) -> None:
    seen: list[str] = []
    unread = answer_across(embedder, None, 0.05, seen)
    assert unread.found
    refused = answer_across(embedder, [0.01, 0.02, 0.03], 0.05, seen)
    assert not refused.found
    assert refused.text == "The one indexed article does not answer this question."
    assert len(seen) == 3
    assert all(t.startswith(f"query: {ASKED} passage: Chartres. ") for t in seen)


def test_across_languages_the_reader_picks_the_sentence_and_similarity_still_decides_refusal(
    embedder: Embedder,
) -> None:
    unread = answer_across(embedder, None, 0.05, [])
    assert unread.text.startswith("La cathédrale fut consacrée en 1260")
    # the reader is sure the first sentence answers: it is quoted instead of the most similar
    # one, with the most similar one's relevance (what the threshold measures); it gives no
    # date, so the answer says so
    read = answer_across(embedder, [0.9, 0.0, 0.1], 0.05, [])
    assert read.text.startswith(
        "The articles give no date; they say: La cathédrale de Chartres domine la plaine"
    )
    assert read.relevance == unread.relevance
    # a date counts as in relevance: it outweighs a slightly likelier sentence without one
    dated = answer_across(embedder, [0.0, 0.7, 0.6], 0.05, [])
    assert dated.found
    assert dated.text == unread.text
    assert dated.relevance == unread.relevance


def test_nothing_answers_when_every_sentence_read_is_below_the_floor_of_its_language_pair() -> None:
    assert nothing_answers([(0.01, 0.015), (None, 0.015), (0.04, 0.05)])
    assert not nothing_answers([(0.01, 0.015), (0.06, 0.05)])
    assert not nothing_answers([(0.02, 0.015), (0.04, 0.05)])
    assert not nothing_answers([(None, 0.015), (None, 0.05)])  # nothing read: relevance decides
    assert not nothing_answers([(0.01, 0.0)])  # no floor


def test_the_shipped_across_reader_is_built_on_by_default_and_off_when_set_so(
    embedder: Embedder,
) -> None:
    default = build_answer_reading(Settings.model_construct(), embedder.name)
    assert default is not None
    assert default.across_min_probability is not None
    assert 0.0 < default.across_min_probability < 0.5
    off = build_answer_reading(Settings.model_construct(reader_across=False), embedder.name)
    assert off is not None
    assert off.across_min_probability is None
    assert off.read is not None  # French questions are read as before


OTHER_STORIES = [
    "Le musée du Louvre a rouvert ses portes lundi après trois mois de fermeture.",
    "Le maire de Chartres a inauguré mardi un nouveau parking près de la gare.",
    "La grève des contrôleurs aériens a perturbé le trafic à Orly.",
]


def test_the_shipped_reader_across_languages_reads_the_answer_above_its_floor_and_other_stories(
    embedder: Embedder,
) -> None:
    built = build_answer_reading(Settings.model_construct(), embedder.name)
    assert isinstance(built, AnswerReading)
    floor = built.across_min_probability
    assert floor is not None
    answering = "La cathédrale fut consacrée en 1260 en présence du roi Louis IX."
    for question in (ASKED, "Wann wurde die Kathedrale von Chartres geweiht?"):
        texts = [reader_text(question, "Chartres", s) for s in [answering, *OTHER_STORIES]]
        read = built.read(texts)
        assert read[0] >= floor, read
        assert max(read[1:]) < read[0] / 3, read
