"""A question that looks ahead (a forecast, a plan) about a period after the archive's last
day is answered from what earlier articles said of it, with a note; a question about what
happened then is still refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rag.text.questionforms import looks_ahead
from tests.helpers.news import news_app


@pytest.mark.parametrize(
    "question",
    [
        "Combien de naissances l'Indonésie pourrait-elle connaître début 2021 ?",
        "À combien est évalué le déficit des retraites à l'horizon 2025 ?",
        "How many cameras will the city install in 2022?",
        "Wie viele Radargeräte sollen bis 2022 aufgestellt werden?",
    ],
)
def test_a_forecast_looks_ahead(question: str) -> None:
    assert looks_ahead(question)


@pytest.mark.parametrize(
    "question",
    [
        "Qui a gagné la Coupe du monde de football 2022 ?",
        "How many goals did Mbappé score in the 2022 final?",
        "Wer wurde 2022 Weltmeister?",
    ],
)
def test_what_happened_does_not_look_ahead(question: str) -> None:
    assert not looks_ahead(question)


RECORDS = [
    {
        "id": "retraites",
        "title": "Le rapport Delevoye",
        "date": "2019-07-18",
        "text": "Le déficit du système de retraite est évalué entre 8 et 17 milliards "
        "d'euros à l'horizon 2025.",
    },
    {
        "id": "mondial",
        "title": "Les Bleus champions du monde",
        "date": "2018-07-16",
        "text": "La France a gagné la Coupe du monde de football en Russie.",
    },
]


def test_a_forecast_of_a_later_year_is_answered_from_earlier_articles(tmp_path: Path) -> None:
    app = news_app(tmp_path, RECORDS, today=date(2026, 12, 4))
    forecast = app.answer(
        "À combien est évalué le déficit du système de retraite à l'horizon 2025 ?"
    )
    assert forecast.found, forecast.text
    assert forecast.text.startswith("Aucun article de 2025 ; l’archive couvre juillet 2018")
    assert "17 milliards" in forecast.text
    past = app.answer("Qui a gagné la Coupe du monde de football 2022 ?")
    assert not past.found
    assert past.text.startswith("Aucun article de 2022")
