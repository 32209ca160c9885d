"""Time expressions in French, English and German questions become date ranges."""

from __future__ import annotations

from datetime import date

import pytest

from rag.text.timeparse import DateRange, parse_date_range

TODAY = date(2026, 11, 24)  # a Tuesday


def parse(question: str) -> DateRange:
    found = parse_date_range(question, TODAY)
    assert found is not None, question
    return found


def bounds(question: str) -> tuple[date | None, date | None]:
    found = parse(question)
    return found.since, found.until


MARCH_2020 = (date(2020, 3, 1), date(2020, 3, 31))
YEAR_2019 = (date(2019, 1, 1), date(2019, 12, 31))
FEB_17_2011 = (date(2011, 2, 17), date(2011, 2, 17))


@pytest.mark.parametrize(
    ("question", "matched"),
    [
        ("Que s'est-il passé en mars 2020 ?", "en mars 2020"),
        ("Les manifestations de mars 2020", "mars 2020"),
        ("What happened in March 2020?", "in March 2020"),
        ("Was geschah im März 2020?", "im März 2020"),
        ("Was geschah im Maerz 2020?", "im Maerz 2020"),
        ("Le sommet de MARS 2020", "MARS 2020"),
        ("Les décisions de Mar. 2020", "Mar. 2020"),
    ],
)
def test_a_month_with_its_year_covers_the_whole_month(question: str, matched: str) -> None:
    assert bounds(question) == MARCH_2020
    assert parse(question).matched == matched


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("en janvier 2021", 1),
        ("en janv. 2021", 1),
        ("im Jänner 2021", 1),
        ("en fevrier 2021", 2),
        ("in Feb 2021", 2),
        ("en avril 2021", 4),
        ("in May 2021", 5),
        ("im Juni 2021", 6),
        ("en juil. 2021", 7),
        ("en août 2021", 8),
        ("en aout 2021", 8),
        ("in Sept 2021", 9),
        ("im Oktober 2021", 10),
        ("in Nov. 2021", 11),
        ("en décembre 2021", 12),
        ("im Dezember 2021", 12),
    ],
)
def test_month_names_and_abbreviations_are_recognised_in_every_language(
    question: str, month: int
) -> None:
    assert parse(question).since == date(2021, month, 1)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Et en mars ?", (date(2026, 3, 1), date(2026, 3, 31))),
        ("What happened in March?", (date(2026, 3, 1), date(2026, 3, 31))),
        ("Was geschah im März?", (date(2026, 3, 1), date(2026, 3, 31))),
        ("Et en novembre ?", (date(2026, 11, 1), date(2026, 11, 30))),
        ("Et en décembre ?", (date(2025, 12, 1), date(2025, 12, 31))),
        ("What happened in December?", (date(2025, 12, 1), date(2025, 12, 31))),
        ("Was geschah im Dezember?", (date(2025, 12, 1), date(2025, 12, 31))),
        ("Que s'est-il passé au mois d'août ?", (date(2026, 8, 1), date(2026, 8, 31))),
    ],
)
def test_a_month_without_a_year_is_the_most_recent_one_not_after_today(
    question: str, expected: tuple[date, date]
) -> None:
    assert bounds(question) == expected


@pytest.mark.parametrize(
    ("question", "matched"),
    [
        ("Qu'est-ce qui a changé en 2019 ?", "en 2019"),
        ("What changed in 2019?", "in 2019"),
        ("Was änderte sich im Jahr 2019?", "im Jahr 2019"),
        ("Les élections de 2019 en Europe", "2019"),
        ("The 2019 elections", "2019"),
        ("Die Wahl 2019 und ihre Folgen", "2019"),
    ],
)
def test_a_year_covers_the_whole_year(question: str, matched: str) -> None:
    assert bounds(question) == YEAR_2019
    assert parse(question).matched == matched


@pytest.mark.parametrize(
    ("question", "matched"),
    [
        ("Que s'est-il passé le 17 février 2011 ?", "le 17 février 2011"),
        ("Les manifestations du 17 février 2011", "17 février 2011"),
        ("What happened on 17 February 2011?", "on 17 February 2011"),
        ("What happened on February 17, 2011?", "on February 17, 2011"),
        ("What happened on the 17th of February 2011?", "on the 17th of February 2011"),
        ("Was geschah am 17. Februar 2011?", "am 17. Februar 2011"),
        ("Was geschah am 17.02.2011?", "am 17.02.2011"),
        ("Les faits du 17/02/2011", "17/02/2011"),
        ("Articles from 2011-02-17", "2011-02-17"),
    ],
)
def test_a_full_date_is_that_single_day(question: str, matched: str) -> None:
    assert bounds(question) == FEB_17_2011
    assert parse(question).matched == matched


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
    ],
)
def test_an_open_range_has_a_single_bound(
    question: str, expected: tuple[date | None, date | None]
) -> None:
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


@pytest.mark.parametrize(
    ("question", "last_day"),
    [("février 2024", 29), ("February 2023", 28), ("Februar 2000", 29), ("février 1900", 28)],
)
def test_february_ends_on_the_29th_only_in_a_leap_year(question: str, last_day: int) -> None:
    since, until = bounds(question)
    assert since is not None
    assert until == date(since.year, 2, last_day)


@pytest.mark.parametrize(
    "question",
    [
        "Combien de pays sont représentés à Paris ?",
        "Qui est le secrétaire général de l'OTAN ?",
        "Le sommet du G20 ?",
        "Pourquoi envoyer 3 000 soldats ?",
        "Pourquoi envoyer 2000 soldats ?",
        "Les 31 pays de l'alliance",
        "Un budget de 2 milliards",
        "How many countries signed?",
        "Why did 2000 people protest?",
        "Warum demonstrierten 2000 Menschen?",
        "Pourquoi une telle hiérarchie ?",
        "Was passiert hier in Berlin?",
        "Was geschah vor drei Jahren?",
        "Les images envoyées depuis Mars",
        "Pourquoi partir depuis sept ans ?",
        "Que dit le rapport du 31.02.2011 ?",
        "",
    ],
)
def test_a_question_that_names_no_time_gives_none(question: str) -> None:
    assert parse_date_range(question, TODAY) is None


@pytest.mark.parametrize(
    "question",
    [
        "Que s'est-il passé en mars 2020 ?",
        "Quoi de neuf depuis   le 17 février 2011, vraiment ?",
        "Que s'est-il passé aujourd’hui à Kyïv ?",
        "Élections : qu'a-t-il dit ENTRE MARS ET MAI 2020 ?",
        "Was geschah im Jänner 2021 in Österreich?",
        "What happened in the last 30 days?",
    ],
)
def test_the_matched_text_is_the_exact_substring_at_its_offsets(question: str) -> None:
    found = parse(question)
    assert question[found.start : found.end] == found.matched
    assert found.matched.strip() == found.matched


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


def test_a_french_date_without_a_year_rolls_back_to_the_previous_year_when_still_ahead() -> None:
    assert bounds("Que s'est-il passé le 25 novembre ?") == (date(2025, 11, 25), date(2025, 11, 25))
    assert bounds("Que s'est-il passé le 24 novembre ?") == (TODAY, TODAY)
