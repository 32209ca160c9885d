"""Time expressions in French, English and German questions become date ranges: dates, months
and years named outright (ranges and relative expressions: test_timeparse_ranges.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rag.text.timeparse import parse_date_range
from tests.helpers.dates import TODAY, bounds, parse

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
        ("Les élections 2019 ont-elles été truquées ?", "2019"),
        ("Combien de masques ont été commandés en 2019 pour 2000 euros ?", "en 2019"),
        ("How many died in 2019 floods?", "in 2019"),
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
        # a number that counts something: a word (no stopword) follows it, no « en » before
        "Wie heißt das Ehpad, das 2000 chirurgische Masken bestellt hat?",
        "Combien coûtent 2000 masques chirurgicaux ?",
        "Où les 2000 masques ont-ils été livrés ?",
        "Who bought 2000 surgical masks?",
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


def test_a_french_date_without_a_year_rolls_back_to_the_previous_year_when_still_ahead() -> None:
    assert bounds("Que s'est-il passé le 25 novembre ?") == (date(2025, 11, 25), date(2025, 11, 25))
    assert bounds("Que s'est-il passé le 24 novembre ?") == (TODAY, TODAY)


def test_a_day_or_month_without_a_year_falls_within_an_archive_that_ended_before_today() -> None:
    archive_end = date(2020, 9, 30)
    question = "Quelles lignes de métro ont subi des retards le 11 mai ?"
    day = parse_date_range(question, TODAY, latest=archive_end)
    assert day is not None
    assert (day.since, day.until) == (date(2020, 5, 11), date(2020, 5, 11))
    month = parse_date_range("What happened in November?", TODAY, latest=archive_end)
    assert month is not None
    assert month.since == date(2019, 11, 1)
    # relative words still count from today; a year said is kept
    assert parse_date_range("Que s'est-il passé hier ?", TODAY, latest=archive_end) == parse(
        "Que s'est-il passé hier ?"
    )
    assert bounds("le 11 mai 2018") == (date(2018, 5, 11), date(2018, 5, 11))
    assert parse_date_range("le 11 mai 2018", TODAY, latest=archive_end) == parse("le 11 mai 2018")


@pytest.mark.parametrize(
    "question",
    [
        "On which radio did Florian Philippot speak on Monday 30 October?",
        "Qu'a dit Florian Philippot le lundi 30 octobre ?",
        "Was sagte Florian Philippot am Montag, 30. Oktober?",
    ],
)
def test_a_weekday_names_the_year_of_a_day_said_without_one(question: str) -> None:
    # the most recent 30 October the archive can hold is 2019's, a Wednesday; 2017's a Monday
    found = parse_date_range(question, TODAY, latest=date(2020, 9, 30))
    assert found is not None
    assert (found.since, found.until) == (date(2017, 10, 30), date(2017, 10, 30))


@pytest.mark.parametrize(
    "question",
    ["Quel temps fera-t-il demain à Lyon ?", "What will the weather be in Lyon tomorrow?"],
)
def test_tomorrow_is_read_in_todays_news_and_tomorrows(question: str) -> None:
    found = parse_date_range(question, TODAY)
    assert found is not None
    assert (found.since, found.until) == (TODAY, TODAY + timedelta(days=1))


def test_this_morning_in_german_is_today_not_tomorrow() -> None:
    found = parse_date_range("Was geschah heute Morgen in Berlin?", TODAY)
    assert found is not None
    assert (found.since, found.until) == (TODAY, TODAY)
