"""The reader set going on the candidate sentences while they are embedded: the same readings,
read once, and read again only for texts it was not given ahead."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reading import ReadAhead, read_ranked
from rag.answering.scoring import ScoredSentence
from rag.embeddings import Embedder
from rag.text.sentences import Sentence
from rag.types import Passage
from tests.helpers.reading import answer_over_chartres, keyed_reader

TEXTS = ["La cathédrale fut consacrée en 1260.", "Les vitraux attirent des visiteurs."]


def candidates(lang: str = "fr") -> list[ScoredSentence]:
    """TEXTS as candidate sentences of a passage in `lang`."""
    passage = Passage("c-c0", "c", "Chartres", " ".join(TEXTS), 0, 80, 1.0, lang=lang)
    return [
        ScoredSentence(Sentence(t, 0, len(t), passage), 0.5, 0.5, i, relevance=0.5)
        for i, t in enumerate(TEXTS)
    ]


class CountingReader:
    """A reader that says 0.9 for the consecration, 0.1 else, and records each call's texts
    and the thread that made it."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.threads: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[float]:
        self.calls.append(list(texts))
        self.threads.append(threading.current_thread().name)
        return [0.9 if "1260" in t else 0.1 for t in texts]


def test_what_was_read_ahead_is_not_read_again() -> None:
    reader = CountingReader()
    ahead = ReadAhead(reader, "Quand fut-elle consacrée ?", "fr", 12, across=False)
    ahead.start(candidates())
    ranked = read_ranked("Quand fut-elle consacrée ?", candidates(), "fr", ahead, 0.3, 12)
    assert len(reader.calls) == 1
    assert reader.threads[0].startswith("read-ahead")
    assert [s.reading for s in ranked] == [0.9, 0.1]
    # the same as read in place
    direct = read_ranked("Quand fut-elle consacrée ?", candidates(), "fr", reader, 0.3, 12)
    assert [(s.sentence.text, s.relevance, s.reading) for s in direct] == [
        (s.sentence.text, s.relevance, s.reading) for s in ranked
    ]
    # a text it was not given is read when asked for
    assert ahead(["Elle mesure 130 mètres."]) == [0.1]
    assert reader.calls[-1] == ["Elle mesure 130 mètres."]


def test_more_candidates_than_the_reader_reads_are_not_read_ahead() -> None:
    reader = CountingReader()
    ahead = ReadAhead(reader, "Quand fut-elle consacrée ?", "fr", 1, across=False)
    ahead.start(candidates())  # which one is read depends on the order embedding gives
    assert reader.calls == []
    assert ahead([TEXTS[0]]) == [0.9]
    # another language's sentences are read ahead only when they are read at all
    english = ReadAhead(reader, "When was it consecrated?", "en", 12, across=False)
    english.start(candidates("fr"))
    assert len(reader.calls) == 1


def test_an_extractive_answer_reads_its_candidates_once(embedder: Embedder) -> None:
    seen: list[str] = []
    read = keyed_reader([0.01, 0.02, 0.9], seen)
    config = ExtractiveConfig(
        min_relevance=0.0, dense_share=0.6, max_sentences=2, read=read, reader_share=0.3
    )
    question = "Quand la cathédrale fut-elle consacrée ?"
    answer = answer_over_chartres(question, config, "fr", embedder)
    assert answer.found
    assert "1260" in answer.citations[0].quote
    assert len(seen) == len(set(seen)) == 3  # each candidate read once, ahead
