"""A number of years is an age only when it is told as one: « il y a 20 ans », « depuis 20
ans », "20 years later" or « 20 ans de prison » say when or how long, and answer no "Quel âge"."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.text.answertype import Kind, candidate_spans
from tests.helpers.news import news_app


def ages(text: str) -> list[str]:
    return [text[start:end] for start, end in candidate_spans(text, Kind.AGE)]


@pytest.mark.parametrize(
    "text",
    [
        "Il y a 20 ans, en 1998, elle claquait la porte du parti.",
        "Elle vit à Lyon depuis plus de 20 ans.",
        "Vingt ans plus tard, puis 12 ans après, il revient.",
        "He left the party 20 years ago.",
        "She has run the shop for almost 30 years.",
        "Il a été condamné à 20 ans de prison.",
        "Le chantier a duré pendant 12 ans.",
        "Les veaux restent 6 mois à l'étable.",
    ],
)
def test_a_time_in_years_is_no_age(text: str) -> None:
    assert ages(text) == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Marie, 20 ans, a quitté le parti.", "20 ans"),
        ("Le caporal de 23 ans a disparu en 2017.", "23 ans"),
        ("Condamné à 20 ans de prison, il avait alors 36 ans.", "36 ans"),
        ("Il est mort en 2017, à 23 ans.", "23 ans"),
        ("The 30-year-old driver was arrested.", "30-year-old"),
        ("Il est mort à l'âge de 84 ans.", "84 ans"),
        ("Les veaux partent à l'abattoir à l'âge de 5 ou 6 mois.", "5 ou 6 mois"),
        ("He died at the age of 84 in London.", "84"),
        ("Er starb im Alter von 84 Jahren.", "84 Jahren"),
    ],
)
def test_an_age_is_still_one(text: str, age: str) -> None:
    assert ages(text) == [age]


def test_an_age_told_in_months_is_no_duration() -> None:
    def durations(text: str) -> list[str]:
        return [text[start:end] for start, end in candidate_spans(text, Kind.DURATION)]

    assert durations("Les veaux partent pour l'abattoir à l'âge de 5 ou 6 mois.") == []
    assert durations("Er starb im Alter von 84 Jahren.") == []
    assert durations("Les veaux restent 6 mois à l'étable.") == ["6 mois"]


def test_how_old_is_not_answered_by_how_long_ago(tmp_path: Path) -> None:
    text = (
        "Marie Durand a rejoint la famille réunie à Montretout samedi. Il y a 20 ans, en 1998, "
        "Marie Durand avait claqué la porte du parti de son père. Elle vit depuis à Lyon, où "
        "elle dirige une librairie."
    )
    record = {"id": "famille", "title": "La famille réconciliée", "date": "2018-06-30"}
    app = news_app(tmp_path, [record | {"text": text}])
    assert app.answer("En quelle année Marie Durand a-t-elle claqué la porte du parti ?").found
    answer = app.answer("Quel âge a Marie Durand ?")
    assert not answer.found, answer.text


CALVES = (
    "L'association L214 a diffusé mardi des images tournées dans un élevage du Finistère. "
    "Les veaux y sont parqués en groupe jusqu'à leur départ pour l'abattoir, à l'âge de 5 "
    "ou 6 mois. La préfecture a ouvert une enquête administrative."
)


def test_an_age_told_at_the_age_of_answers_how_old_and_is_the_span_given(tmp_path: Path) -> None:
    text = CALVES
    app = news_app(
        tmp_path, [{"id": "veaux", "title": "Veaux", "date": "2019-10-08", "text": text}]
    )
    answer = app.answer("À quel âge les veaux partent-ils à l'abattoir ?")
    assert answer.found, answer.text
    given = [c for c in answer.citations if c.answer_start is not None]
    assert given, answer.text
    start, end = given[0].answer_start, given[0].answer_end
    assert start is not None
    assert end is not None
    assert text[start:end] == "5 ou 6 mois"
    assert not app.answer("Combien de temps dure l'enquête de la préfecture ?").found
