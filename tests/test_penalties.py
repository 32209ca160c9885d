"""A prison term is the duration of a penalty: it answers "how long was he sentenced to?",
never "how long did the trial last?"."""

from __future__ import annotations

import pytest

from rag.text.analysis import words
from rag.text.answerpick import answer_spans
from rag.text.answertype import Kind
from rag.text.penalties import asks_penalty, gives_penalty


def span(text: str, question: str) -> str | None:
    """The duration of `text` that answers `question`, if any."""
    found = answer_spans(text, Kind.DURATION, set(words(question)))
    return text[found[0][0] : found[0][1]] if found else None


@pytest.mark.parametrize(
    "text",
    [
        "Le parquet a requis 18 mois de prison avec sursis.",
        "Il a écopé de quatre ans d'emprisonnement.",
        "Elle a été condamnée à trois ans ferme.",
        "He was given five years in prison.",
        "Er wurde zu drei Jahren Haft verurteilt.",
    ],
)
def test_a_prison_term_answers_no_other_duration(text: str) -> None:
    assert span(text, "Combien de temps a duré le procès ?") is None
    assert span(text, "How long did the trial last?") is None


def test_a_prison_term_answers_a_question_about_the_penalty() -> None:
    text = "Le parquet a requis 18 mois de prison avec sursis."
    assert span(text, "À combien de temps de prison a-t-elle été condamnée ?") == "18 mois"
    assert span("He was given five years in prison.", "How long was his jail sentence?") == (
        "five years"
    )


def test_a_duration_beside_a_penalty_still_answers() -> None:
    text = "Le procès a duré trois semaines; il a écopé de cinq ans de prison."
    assert span(text, "Combien de temps a duré le procès ?") == "trois semaines"


def test_what_a_penalty_is_and_who_asks_about_one() -> None:
    text = "cinq ans de prison, deux ans de travaux"
    assert gives_penalty(text, len("cinq ans"))
    assert not gives_penalty(text, text.index(" de travaux"))
    assert asks_penalty(set(words("À quelle peine a-t-il été condamné ?")))
    assert not asks_penalty(set(words("Combien de temps est-elle restée hospitalisée ?")))
