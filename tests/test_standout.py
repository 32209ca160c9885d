"""How far the nearest chunk stands out of the question's neighbourhood (`Passage.standout`),
and what it decides across languages: an answer whose nearest chunk stands out needs no
cross-lingual similarity threshold, only the reader's floor (fake readers over the Chartres
passage; a real Chroma with the fake embedder)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rag.answering.extractive import stands_out
from rag.answering.extractive_config import ExtractiveConfig
from rag.embeddings import E5_PROFILE, SENTENCE_TRANSFORMER_PROFILE, Embedder
from rag.retrieve.hybrid import standouts
from rag.settings import Settings
from rag.types import Answer, Passage
from tests.helpers.news import news_app
from tests.helpers.reading import CHARTRES, answer_from, constant_reader

ASKED = "When was the cathedral consecrated?"  # no name: the threshold across applies


def test_each_chunk_stands_out_by_its_similarity_less_the_mean_of_the_11th_to_40th() -> None:
    dense = [(f"c{i}", 0.9 - 0.001 * i) for i in range(40)]
    background = sum(0.9 - 0.001 * i for i in range(10, 40)) / 30
    out = standouts(dense)
    assert out["c0"] == pytest.approx(0.9 - background)
    assert out["c39"] == pytest.approx(0.861 - background)
    assert out["c0"] > out["c1"] > 0 > out["c39"]
    assert standouts(dense[:39]) == {}  # too few chunks: no neighbourhood to stand out from


def passage(standout: float | None) -> Passage:
    """CHARTRES, a French passage, standing out of the question's neighbourhood so far."""
    return Passage(
        "c-c0", "c", "Chartres", CHARTRES, 0, len(CHARTRES), 2.0, lang="fr", standout=standout
    )


def config(**changes: object) -> ExtractiveConfig:
    """The reader reading across languages at a floor of 0.05, a standout of 0.02, and a
    cross-lingual threshold no sentence reaches."""
    base = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=constant_reader(0.3),
        reader_share=0.3,
        reader_sentences=12,
        cross_lingual_min_relevance=0.99,
        across_min_probability=0.05,
        cross_lingual_standout=0.02,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def answer(standout: float | None, embedder: Embedder, **changes: object) -> Answer:
    """The English question's answer over CHARTRES standing out by `standout`."""
    return answer_from([passage(standout)], ASKED, config(**changes), "en", embedder)


def test_an_answer_across_languages_whose_nearest_chunk_stands_out_needs_no_similarity_threshold(
    embedder: Embedder,
) -> None:
    assert answer(0.05, embedder).found
    # not standing out, or not known (a small archive): the threshold decides, as before
    assert not answer(0.01, embedder).found
    assert not answer(None, embedder).found
    # the reader does not read across languages: the similarity alone decides, as before
    assert not answer(0.05, embedder, across_min_probability=None).found
    # no standout measured for the embedder
    assert not answer(0.05, embedder, cross_lingual_standout=None).found


def test_standing_out_leaves_the_answer_to_the_reader_across_languages(
    embedder: Embedder,
) -> None:
    assert not answer(0.05, embedder, read=constant_reader(0.01)).found  # under its floor
    no_threshold = {"cross_lingual_min_relevance": 0.0}
    for standout in (0.05, 0.01, None):
        assert answer(standout, embedder, **no_threshold).found
        refused = answer(standout, embedder, read=constant_reader(0.01), **no_threshold)
        assert not refused.found


def test_a_french_question_over_french_passages_is_not_told_by_the_standout(
    embedder: Embedder,
) -> None:
    faint = [passage(0.0)]
    asked = "Quand la cathédrale de Chartres fut-elle consacrée ?"
    read = answer_from(faint, asked, config(), "fr", embedder)
    assert read.found
    assert "1260" in read.text


def test_stands_out_takes_the_best_passage_and_is_false_without_a_measure() -> None:
    low, high = passage(0.01), passage(0.03)
    assert stands_out([low, high], config())
    assert not stands_out([low], config())
    assert not stands_out([passage(None)], config())
    assert not stands_out([], config())
    assert E5_PROFILE.cross_lingual_standout is not None


STORIES = [
    ("Chartres", "La cathédrale de Chartres fut consacrée en 1260 en présence du roi."),
    ("Orly", "La grève des contrôleurs aériens a perturbé le trafic à Orly mardi."),
    ("Louvre", "Le musée du Louvre a rouvert ses portes lundi après trois mois."),
]


def test_searched_passages_carry_their_standout_once_the_archive_has_a_neighbourhood(
    tmp_path: Path,
) -> None:
    def records(n: int) -> list[dict[str, str]]:
        return [
            {
                "id": f"a{i}",
                "title": f"{STORIES[i % 3][0]} {i}",
                "date": "2020-01-02",
                "text": f"{STORIES[i % 3][1]} Article numéro {i} de la série.",
            }
            for i in range(n)
        ]

    for folder in ("small", "large"):
        (tmp_path / folder).mkdir()
    small = news_app(tmp_path / "small", records(12))
    assert all(p.standout is None for p in small.search("cathédrale de Chartres consacrée"))
    large = news_app(tmp_path / "large", records(45))
    found = large.search("cathédrale de Chartres consacrée")
    assert found
    assert all(p.standout is not None for p in found)
    dense = large.store.nearest("cathédrale de Chartres consacrée", 40)
    expected = standouts(dense)
    assert found[0].standout == pytest.approx(expected[found[0].chunk_id])


def test_the_app_takes_the_standout_from_the_embedder_and_needs_the_reader_across_for_it() -> None:
    settings = Settings.model_construct()
    unread = ExtractiveConfig.from_settings(settings, E5_PROFILE, None)
    assert unread.cross_lingual_standout == E5_PROFILE.cross_lingual_standout
    assert not stands_out([passage(1.0)], unread)  # no reader across languages
    minilm = ExtractiveConfig.from_settings(settings, SENTENCE_TRANSFORMER_PROFILE, None)
    assert minilm.cross_lingual_standout is None
