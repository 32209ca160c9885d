"""Open ranges, range pairs and relative expressions ("hier", "last week") become date ranges."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers.dates import TODAY, bounds, parse


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Que s'est-il passé depuis 2019 ?", (date(2019, 1, 1), None)),
        ("What happened since 2019?", (date(2019, 1, 1), None)),
        ("Was geschah seit 2019?", (date(2019, 1, 1), None)),
        ("Quoi de neuf depuis mars 2020 ?", (date(2020, 3, 1), None)),
        ("What is new since March 2020?", (date(2020, 3, 1), None)),
        ("Was ist neu seit März 2020?", (date(2020, 3, 1), None)),
        ("Was ist neu seit Januar?", (date(2026, 1, 1), None)),
        ("Quoi de neuf depuis le 17 février 2011 ?", (date(2011, 2, 17), None)),
        ("Que s'est-il passé avant 2015 ?", (None, date(2014, 12, 31))),
        ("What happened before 2015?", (None, date(2014, 12, 31))),
        ("Was geschah vor 2015?", (None, date(2014, 12, 31))),
        ("Was geschah vor März 2020?", (None, date(2020, 2, 29))),
        ("Que s'est-il passé après 2015 ?", (date(2016, 1, 1), None)),
        ("What happened after 2015?", (date(2016, 1, 1), None)),
        ("Was geschah nach 2015?", (date(2016, 1, 1), None)),
        ("What happened after March 2020?", (date(2020, 4, 1), None)),
        ("Que s'est-il passé jusqu'en 2015 ?", (None, date(2015, 12, 31))),
        ("What happened after the 12 May 2020?", (date(2020, 5, 13), None)),
    ],
)
def test_an_open_range_has_a_single_bound(
    question: str, expected: tuple[date | None, date | None]
) -> None:
    assert bounds(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When did tests resume after the 2020 Covid-19 lockdown?", (date(2020, 1, 1), None)),
        ("What changed since the 2015 attacks?", (date(2015, 1, 1), None)),
        ("Who led the party before the 2017 election?", (None, date(2017, 12, 31))),
    ],
)
def test_a_year_after_the_article_dates_a_thing_some_time_in_that_year(
    question: str, expected: tuple[date | None, date | None]
) -> None:
    # "after the 2020 lockdown" is no "after 2020": the lockdown was some time in 2020
    assert bounds(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Que s'est-il passé entre 2018 et 2020 ?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("What happened between 2018 and 2020?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Was geschah zwischen 2018 und 2020?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Que s'est-il passé entre mars et mai 2020 ?", (date(2020, 3, 1), date(2020, 5, 31))),
        ("What happened between March and May 2020?", (date(2020, 3, 1), date(2020, 5, 31))),
        ("Was geschah zwischen März und Mai 2020?", (date(2020, 3, 1), date(2020, 5, 31))),
        ("entre mars 2019 et mai 2020", (date(2019, 3, 1), date(2020, 5, 31))),
        ("entre novembre et février 2020", (date(2019, 11, 1), date(2020, 2, 29))),
        ("von 2018 bis 2020", (date(2018, 1, 1), date(2020, 12, 31))),
    ],
)
def test_a_range_pair_spans_from_the_first_period_to_the_end_of_the_second(
    question: str, expected: tuple[date, date]
) -> None:
    assert bounds(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Que s'est-il passé aujourd'hui ?", (TODAY, TODAY)),
        ("Que s'est-il passé aujourd’hui ?", (TODAY, TODAY)),
        ("What happened today?", (TODAY, TODAY)),
        ("Was geschah heute?", (TODAY, TODAY)),
        ("Que s'est-il passé hier ?", (date(2026, 11, 23), date(2026, 11, 23))),
        ("What happened yesterday?", (date(2026, 11, 23), date(2026, 11, 23))),
        ("Was geschah gestern?", (date(2026, 11, 23), date(2026, 11, 23))),
        ("Que s'est-il passé avant-hier ?", (date(2026, 11, 22), date(2026, 11, 22))),
        ("Was geschah vorgestern?", (date(2026, 11, 22), date(2026, 11, 22))),
        ("Quoi de neuf cette semaine ?", (date(2026, 11, 23), date(2026, 11, 29))),
        ("What is new this week?", (date(2026, 11, 23), date(2026, 11, 29))),
        ("Was gibt es diese Woche?", (date(2026, 11, 23), date(2026, 11, 29))),
        ("Quoi de neuf ce mois-ci ?", (date(2026, 11, 1), date(2026, 11, 30))),
        ("What is new this month?", (date(2026, 11, 1), date(2026, 11, 30))),
        ("Was gibt es diesen Monat?", (date(2026, 11, 1), date(2026, 11, 30))),
        ("Que s'est-il passé le mois dernier ?", (date(2026, 10, 1), date(2026, 10, 31))),
        ("What happened last month?", (date(2026, 10, 1), date(2026, 10, 31))),
        ("Was geschah letzten Monat?", (date(2026, 10, 1), date(2026, 10, 31))),
        ("Was geschah im letzten Monat?", (date(2026, 10, 1), date(2026, 10, 31))),
        ("Quoi de neuf cette année ?", (date(2026, 1, 1), date(2026, 12, 31))),
        ("What is new this year?", (date(2026, 1, 1), date(2026, 12, 31))),
        ("Was gibt es dieses Jahr?", (date(2026, 1, 1), date(2026, 12, 31))),
        ("Que s'est-il passé l'année dernière ?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("Que s'est-il passé l’an dernier ?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("Que s'est-il passé l'année passée ?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("What happened last year?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("Was geschah letztes Jahr?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("Was geschah im vergangenen Jahr?", (date(2025, 1, 1), date(2025, 12, 31))),
        ("Quoi de neuf les 7 derniers jours ?", (date(2026, 11, 18), TODAY)),
        ("Quoi de neuf ces 3 derniers jours ?", (date(2026, 11, 22), TODAY)),
        ("What happened in the last 30 days?", (date(2026, 10, 26), TODAY)),
        ("What happened in the past 7 days?", (date(2026, 11, 18), TODAY)),
        ("Was geschah in den letzten 10 Tagen?", (date(2026, 11, 15), TODAY)),
    ],
)
def test_a_relative_expression_is_resolved_against_today(
    question: str, expected: tuple[date, date]
) -> None:
    assert bounds(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Que s'est-il passé la semaine dernière ?",
        "Que s'est-il passé la semaine passée ?",
        "What happened last week?",
        "Was geschah letzte Woche?",
        "Was geschah vergangene Woche?",
        "Was geschah in der letzten Woche?",
    ],
)
def test_last_week_is_the_previous_iso_week_from_monday_to_sunday(question: str) -> None:
    assert bounds(question) == (date(2026, 11, 16), date(2026, 11, 22))


def test_a_range_pair_wins_over_an_earlier_single_expression() -> None:
    found = parse("Hier, on parlait de ce qui s'est passé entre 2018 et 2020.")

    assert (found.since, found.until) == (date(2018, 1, 1), date(2020, 12, 31))
    assert found.matched == "entre 2018 et 2020"


def test_without_a_range_pair_the_first_expression_in_reading_order_wins() -> None:
    found = parse("Depuis 2019, et surtout en mars 2020, que s'est-il passé ?")

    assert (found.since, found.until, found.matched) == (date(2019, 1, 1), None, "Depuis 2019")
    assert found.start == 0


def test_the_day_before_yesterday_is_not_read_as_yesterday() -> None:
    assert parse("Que s'est-il passé avant-hier ?").matched == "avant-hier"
