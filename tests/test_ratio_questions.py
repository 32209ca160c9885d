""" "How many times bigger?" asks for a number of times, or a number compared, not for a count
of « fois »: « un pays 40 fois plus grand » answers it, « 3 000 soldats » does not."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.text.ratios import asks_ratio, gives_ratio
from rag.text.terms import TermWeights
from tests.test_counted_things import ask


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Combien de fois la Russie est-elle plus grande que l'Ukraine ?", "fr"),
        ("How many times larger than Ukraine is Russia?", "en"),
        ("Wie viel Mal größer als die Ukraine ist Russland?", "de"),
        ("Um das Wievielfache ist Russland größer als die Ukraine?", "de"),
    ],
)
def test_a_number_of_times_or_a_number_compared_answers_a_ratio(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    for given in (
        "L'Ukraine se défend contre un pays 40 fois plus grand.",
        "L'Ukraine se défend contre un pays de 40 plus grandes.",  # a machine translation's
        "Die Ukraine verteidigt sich gegen ein 28-mal größeres Land.",
    ):
        assert weights.missing_thing(given, "fr" if "Ukraine se" in given else "de") is None
    # a number that compares nothing does not give one
    soldiers = "La Russie a envoyé 3 000 soldats en Ukraine."
    assert weights.missing_thing(soldiers, "fr") == ("count", weights.counted_as_written)


@pytest.mark.parametrize(
    "question",
    [
        "Combien de fois a-t-il été élu président ?",
        "How many times has he won the title?",
        "Wie viele Male hat er gewonnen?",
    ],
)
def test_how_often_is_still_a_count_of_times(question: str) -> None:
    assert not asks_ratio(question)


def test_the_answer_to_a_ratio_is_the_number_compared(embedder: Embedder) -> None:
    text = (
        "Paris – Les représentants de 31 pays se réunissent à Paris. "
        "L'Ukraine se défend contre un pays de 40 plus grandes et espère l'aide des États-Unis."
    )
    answer = ask("Combien de fois la Russie est-elle plus grande que l'Ukraine ?", text, embedder)
    assert answer.found, answer.text
    assert "40 plus grandes" in answer.text


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("trois à six fois plus capable", True),
        ("3 to 6 times more likely", True),
        ("ein 28-mal größeres Land", True),
        ("40 ans plus tard", False),  # a number of years, then a comparison of something else
        ("3 000 soldats de plus", False),
        ("au 40 rue de Rivoli", False),
    ],
)
def test_a_number_gives_a_ratio_only_when_times_or_a_comparison_follow_it(
    text: str, gives: bool
) -> None:
    start = next(i for i, c in enumerate(text) if c.isdigit() or c == "t")
    end = start + len(text[start:].split()[0].split("-")[0])
    assert gives_ratio(text, start, end) is gives
