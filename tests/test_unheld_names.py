"""A question's names that no retrieved passage holds: its subject found, a detail of it not."""

from __future__ import annotations

import pytest

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.scoring import score_sentences
from rag.answering.unheld import unheld_share
from rag.app import Newsrag
from rag.embeddings import E5_PROFILE, Embedder
from rag.text.nameruns import sentence_tokens
from rag.text.terms import TermWeights
from rag.types import Passage

NOKIA = (
    "L'équipementier télécoms Nokia prévoit de supprimer 402 postes à Lannion (Côtes-d'Armor) "
    "en 2021, selon la direction. Le site breton emploie 772 salariés, dont beaucoup "
    "d'ingénieurs. Les syndicats appellent à la grève jeudi."
)


def nokia(lang: str = "fr", text: str = NOKIA) -> Passage:
    return Passage(
        "nokia-c0", "nokia", "Nokia supprime des postes", text, 0, len(text), 1.0, lang=lang
    )


def share(question: str, text: str, lang: str = "fr") -> float:
    weights = TermWeights(question, lang, lambda _: 1.0)
    tokens = sentence_tokens(text, lang)
    weights.find_rare(tokens)
    return unheld_share(weights, tokens)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Combien de salariés Nokia emploie-t-il à Lannion ?", 0.0),
        ("Combien de salariés Nokia emploie-t-il en Finlande ?", 0.5),  # Finland: not there
        ("Combien de salariés Nokia emploie-t-il à Lanion ?", 0.0),  # misspelt, not missing
        ("Combien de salariés Ericsson emploie-t-il en Suède ?", 0.0),  # nothing held: off topic
        ("Combien de salariés Nokia emploie-t-il à Tampere ?", 0.5),
    ],
)
def test_the_share_of_names_no_passage_holds(question: str, expected: float) -> None:
    assert share(question, NOKIA) == pytest.approx(expected)


def test_a_month_or_a_weekday_is_a_date_not_a_missing_name() -> None:
    text = "Florian Philippot spoke on France Inter about the party's future."
    assert share("What did Florian Philippot say on Monday 30 October?", text, "en") == 0.0
    assert share("What did Florian Philippot say in Strasbourg?", text, "en") > 0.0


def test_scored_sentences_carry_the_share() -> None:
    weights = TermWeights("Combien de salariés Nokia emploie-t-il à Tampere ?", "fr", lambda _: 1.0)
    scored = score_sentences([nokia()], weights, "fr")
    assert scored
    assert all(s.unheld == pytest.approx(0.5) for s in scored)


def answer_relevance(question: str, embedder: Embedder) -> tuple[bool, float]:
    config = ExtractiveConfig(
        min_relevance=E5_PROFILE.min_relevance, dense_share=0.6, max_sentences=3
    )
    answer = extractive_answer(
        question,
        [nokia()],
        config,
        lang="fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=1,
    )
    return answer.found, answer.relevance


def test_a_question_about_a_place_the_articles_never_name_is_refused(embedder: Embedder) -> None:
    found, there = answer_relevance("Combien de salariés Nokia emploie-t-il à Lannion ?", embedder)
    assert found
    found, elsewhere = answer_relevance(
        "Combien de salariés Nokia emploie-t-il à Tampere ?", embedder
    )
    assert not found  # the Lannion site's numbers say nothing of Tampere
    assert elsewhere < there
    found, _ = answer_relevance("Combien de salariés Nokia emploie-t-il à Lanion ?", embedder)
    assert found  # a misspelt name is no other place


def test_names_the_archive_never_mentions_count_when_the_passages_hold_none() -> None:
    question = "Quelle langue parle-t-on au Nunavut ?"
    weights = TermWeights(question, "fr", lambda _: 1.0)
    tokens = sentence_tokens("Le français est la langue de l'école au Québec.", "fr")
    weights.find_rare(tokens)
    assert unheld_share(weights, tokens) == 0.0  # without the archive's terms: nothing said
    assert unheld_share(weights, tokens, known=lambda term: term != "nunavut") == 1.0
    assert unheld_share(weights, tokens, known=lambda term: True) == 0.0  # elsewhere in it


def test_a_roman_numeral_is_no_name_the_archive_lacks() -> None:
    weights = TermWeights("Que fait Louis XlV pour financer la guerre ?", "fr", lambda _: 1.0)
    tokens = sentence_tokens("Le roi lève de nouveaux impôts pour la guerre.", "fr")
    weights.find_rare(tokens)
    share = unheld_share(weights, tokens, known=lambda term: term != "xlv")
    assert share == 0.0


def test_the_seed_article_does_not_answer_for_a_place_the_archive_never_names(
    seeded_app: Newsrag,
) -> None:
    asked = "Combien de soldats supplémentaires la Corée du Nord a-t-elle envoyés ?"
    assert seeded_app.answer(asked).found
    # until 2026-12-03 answered with North Korea's 3 000 soldiers (relevance 0.57)
    answer = seeded_app.answer("Combien de soldats supplémentaires le Nunavut a-t-il envoyés ?")
    assert not answer.found
    assert "3 000" not in answer.text
