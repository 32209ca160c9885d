"""Quotes that read as the article does: the one sentence between two quoted sentences of a
passage is quoted too, within the answer's sentence budget."""

from __future__ import annotations

from rag.answering.contiguity import with_gaps
from rag.embeddings import Embedder
from rag.text.sentences import split_sentences
from tests.helpers.extractive import answer_for, passage

SUV = (
    "Rares sont les constructeurs à avoir osé le SUV cabriolet. "
    "Seuls Nissan, avec le Murano, et Land Rover, avec l'Evoque, s'y sont risqués. "
    "Vu le flop du SUV cabriolet de ces deux modèles, personne ne devait suivre. "
    "Volkswagen présente pourtant son T-Roc découvrable à Francfort."
)


def test_the_sentence_between_two_quoted_ones_is_quoted(embedder: Embedder) -> None:
    answer = answer_for(
        "Quels constructeurs ont osé le SUV cabriolet avant ces modèles ?",
        [passage("suv", "SUV cabriolet", SUV, 1.0)],
        embedder,
    )
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("Rares sont") for q in quotes), quotes
    assert any(q.startswith("Vu le flop") for q in quotes), quotes
    assert any(q.startswith("Seuls Nissan") for q in quotes), quotes
    assert [c.start for c in answer.citations] == sorted(c.start for c in answer.citations)


def test_a_gap_fills_within_the_budget_giving_way_to_a_stray_sentence_only() -> None:
    suv = passage("suv", "SUV cabriolet", SUV, 1.0)
    other = passage("golf", "Golf", "La Golf reste la voiture la plus vendue d'Europe.", 0.5)
    first, _, third, fourth = split_sentences(suv)
    stray = split_sentences(other)[0]
    chosen = [(first, 0.6), (third, 0.5)]
    # room left: the gap is quoted, with the lower of its neighbours' scores
    filled = with_gaps(chosen, 3)
    assert [s.text[:10] for s, _ in filled] == ["Rares sont", "Vu le flop", "Seuls Niss"]
    assert filled[-1][1] == 0.5
    # no room: another article's stray sentence scored lower gives way, nothing else does
    assert [s.passage.article_id for s, _ in with_gaps([*chosen, (stray, 0.4)], 3)] == ["suv"] * 3
    assert with_gaps([*chosen, (stray, 0.55)], 3) == [*chosen, (stray, 0.55)]
    assert with_gaps([*chosen, (fourth, 0.4)], 3) == [*chosen, (fourth, 0.4)]
    # sentences two apart stay apart
    assert with_gaps([(first, 0.6), (fourth, 0.5)], 3) == [(first, 0.6), (fourth, 0.5)]
