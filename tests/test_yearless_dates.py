"""A day or month the question gives without a year is a guess at the latest one the archive
holds: it is preferred, never imposed, and no note names the year the question never said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rag.answering.scope import question_scope
from rag.app import Newsrag
from rag.filters import SearchFilter
from tests.helpers.news import news_app

TODAY = date(2026, 12, 4)
ARCHIVE = (date(2014, 6, 1), date(2020, 9, 30))


@pytest.mark.parametrize(
    ("question", "guessed", "imposed"),
    [
        ("Combien de cas graves depuis le 1er novembre ?", True, False),
        ("How many employees were attacked on 23 January?", True, False),
        ("Was geschah im April in Molenbeek?", True, False),
        ("Combien de cas graves depuis le 1er novembre 2018 ?", False, True),
        ("Qui a gagné le 8 décembre 2018 ?", False, False),
        ("Qu'a dit le ministre hier ?", False, True),
        ("What happened on Monday 30 October?", False, False),  # the weekday fixes the year
    ],
)
def test_a_date_without_a_year_is_only_preferred(
    question: str, guessed: bool, imposed: bool
) -> None:
    scope = question_scope(question, SearchFilter(), TODAY, lambda: ARCHIVE)
    assert scope.guessed is guessed
    assert (scope.filter != SearchFilter()) is imposed
    assert scope.period != SearchFilter()


def test_the_caller_s_dates_are_kept_as_they_are() -> None:
    given = SearchFilter(since=date(2019, 1, 1), until=date(2019, 12, 31))
    scope = question_scope("Combien depuis le 1er novembre ?", given, TODAY, lambda: ARCHIVE)
    assert scope.filter == given
    assert scope.prefer is None
    assert not scope.guessed


FLU = [
    {
        "id": "grippe-2019",
        "title": "L'épidémie de grippe s'étend",
        "date": "2019-01-17",
        "text": "L'épidémie de grippe s'est installée dans huit régions. Depuis le 1er "
        "novembre, 171 cas graves de grippe ont été signalés, selon Santé publique France.",
    },
    {
        "id": "virus-2020",
        "title": "Le coronavirus n'est pas une grippe",
        "date": "2020-02-28",
        "text": "Le directeur général de la Santé souligne la différence entre ce virus et la "
        "grippe saisonnière. La situation va évoluer dans les prochains jours.",
    },
]


@pytest.fixture
def flu_app(tmp_path: Path) -> Newsrag:
    """Two articles: the flu's serious cases since 1 November (told in January 2019), and a
    later article on the coronavirus and the flu."""
    return news_app(tmp_path, FLU, today=TODAY)


def test_since_a_day_without_a_year_still_finds_an_earlier_year_s_story(flu_app: Newsrag) -> None:
    answer = flu_app.answer(
        "Combien de cas graves de grippe ont été signalés depuis le 1er novembre ?"
    )
    assert answer.found, answer.text
    assert answer.citations[0].article_id == "grippe-2019"
    assert "171 cas graves" in answer.text


def test_no_note_names_a_year_the_question_did_not_say(flu_app: Newsrag) -> None:
    answer = flu_app.answer("Combien de cas graves de grippe ont été signalés le 23 janvier ?")
    assert "2020" not in answer.text
    assert "Aucun article" not in answer.text
    stated = flu_app.answer("Combien de cas graves de grippe ont été signalés le 23 janvier 2020 ?")
    assert "Aucun article du 23 janvier 2020" in stated.text
