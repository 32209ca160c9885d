"""When a question's own dates match no article, the answer says what the archive covers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.answering.coverage import (
    check_coverage,
    dates_dropped,
    describe_period,
    note_coverage,
    unnamed_coverage,
)
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.filters import SearchFilter
from rag.settings import Settings
from rag.types import Answer, Passage
from tests.helpers.fakes import HashEmbedder, RecordingChatModel

ARCHIVE = (date(2011, 2, 17), date(2020, 9, 30))


def passage(day: str) -> Passage:
    """A retrieved passage of an article dated `day`."""
    return Passage("c", "a", "Macron et la Coupe du monde 2018", "Texte.", 0, 6, 1.0, date=day)


def found() -> Answer:
    """An answer as the extractive step gives it."""
    return Answer("Qui a gagné ?", "La France a gagné en 2018. [1]", True)


def test_a_year_after_the_archive_is_refused_naming_what_it_covers() -> None:
    year_2022 = SearchFilter(since=date(2022, 1, 1), until=date(2022, 12, 31))
    answer = note_coverage(found(), year_2022, [passage("2018-07-16")], lambda: ARCHIVE, "fr")
    assert not answer.found
    assert answer.citations == []
    assert answer.text.startswith(
        "Aucun article de 2022 ; l’archive couvre février 2011 - septembre 2020."
    )
    assert "Le plus proche : « Macron et la Coupe du monde 2018 » (2018-07-16)." in answer.text


def test_a_date_before_the_archive_is_answered_with_a_note() -> None:
    june_1941 = SearchFilter(since=date(1941, 6, 1), until=date(1941, 6, 30))
    answer = note_coverage(found(), june_1941, [passage("2016-06-22")], lambda: ARCHIVE, "en")
    assert answer.found
    assert answer.text.startswith("No article from June 1941; the archive covers February 2011")
    assert answer.text == f"{answer.note} La France a gagné en 2018. [1]"


def test_nothing_is_said_when_a_passage_falls_within_the_dates() -> None:
    year_2018 = SearchFilter(since=date(2018, 1, 1), until=date(2018, 12, 31))
    assert not dates_dropped(year_2018, [passage("2019-01-01"), passage("2018-07-16")])
    assert note_coverage(found(), year_2018, [passage("2018-07-16")], lambda: ARCHIVE, "fr") == (
        found()
    )
    assert not dates_dropped(SearchFilter(), [passage("2018-07-16")])


def test_a_period_the_archive_holds_articles_of_is_said_not_to_answer_not_to_be_missing() -> None:
    may_2018 = SearchFilter(since=date(2018, 5, 1), until=date(2018, 5, 31))
    asked: list[SearchFilter] = []

    def holds(period: SearchFilter) -> bool:
        asked.append(period)
        return True

    found_elsewhere = [passage("2018-07-24")]
    held = check_coverage(may_2018, found_elsewhere, lambda: ARCHIVE, "fr", holds=holds)
    assert held is not None
    assert held.note == "Les articles de mai 2018 ne répondent pas."
    assert not held.after_archive
    assert asked == [may_2018]
    none = check_coverage(may_2018, found_elsewhere, lambda: ARCHIVE, "en", holds=lambda _: False)
    assert none is not None
    assert (
        none.note == "No article from May 2018; the archive covers February 2011 - September 2020."
    )
    # a passage of the period was found: nothing to say, the archive is not asked
    assert (
        check_coverage(may_2018, [passage("2018-05-02")], lambda: ARCHIVE, "fr", holds=holds)
        is None
    )
    assert asked == [may_2018]


def test_periods_are_named_as_a_reader_would() -> None:
    assert describe_period(date(2022, 1, 1), date(2022, 12, 31), "fr") == "de 2022"
    assert describe_period(date(2020, 3, 1), date(2020, 3, 31), "fr") == "de mars 2020"
    assert describe_period(date(2018, 8, 1), date(2018, 8, 31), "fr") == "d’août 2018"
    assert describe_period(date(2019, 10, 1), date(2019, 10, 31), "fr") == "d’octobre 2019"
    assert describe_period(date(2019, 10, 1), date(2019, 10, 31), "en") == "from October 2019"
    assert describe_period(date(2015, 3, 3), date(2015, 3, 3), "fr") == "du 3 mars 2015"
    assert describe_period(date(2019, 1, 1), None, "de") == "nach dem 1. Januar 2019"
    assert describe_period(date(2019, 1, 1), None, "fr") == "après le 1er janvier 2019"
    assert (
        describe_period(date(2019, 6, 9), date(2019, 6, 12), "en")
        == "from 9 June 2019 to 12 June 2019"
    )


WORLD_CUP = [
    {
        "id": "a",
        "title": "Mondial 2018",
        "date": "2018-07-16",
        "text": "La France a gagné "
        "la Coupe du monde de football en Russie face à la Croatie, quatre buts à deux.",
    },
    {
        "id": "b",
        "title": "Tour de France",
        "date": "2020-09-20",
        "text": "Tadej Pogacar a gagné le Tour de France cycliste à Paris.",
    },
]


def test_an_llm_answer_says_what_the_archive_covers_and_is_not_asked_after_it(
    tmp_path: Path, embedder: Embedder
) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in WORLD_CUP), encoding="utf-8")
    reply = "La France a gagné la Coupe du monde de football en Russie face à la Croatie [1]."
    llm = RecordingChatModel(replies=[reply])
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=embedder, llm=llm)
    ingest_paths(app, [source])

    after = app.answer("Qui a gagné la Coupe du monde de football en 2022 ?")
    assert not after.found
    assert after.text.startswith("Aucun article de 2022 ; l’archive couvre juillet 2018")
    assert llm.prompts == []  # nothing after the archive can answer: the LLM is not asked

    before = app.answer("Qui a gagné la Coupe du monde de football en 1998 ?")
    assert len(llm.prompts) == 1
    assert before.mode == "llm", before.text
    assert before.text.startswith(
        "Aucun article de 1998 ; l’archive couvre juillet 2018 - septembre 2020. "
        "Réponse tirée d’articles d’autres dates : La France a gagné"
    )
    assert before.note.startswith("Aucun article de 1998")


def test_the_app_says_the_archive_ends_before_the_year_asked(tmp_path: Path) -> None:
    records = WORLD_CUP
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=HashEmbedder())
    ingest_paths(app, [source])
    assert app.archive_span() == (date(2018, 7, 16), date(2020, 9, 20))
    answer = app.answer("Qui a gagné la Coupe du monde de football en 2022 ?")
    assert not answer.found
    assert "Aucun article de 2022 ; l’archive couvre juillet 2018 - septembre 2020." in answer.text
    answered = app.answer("Qui a gagné la Coupe du monde de football en 2018 ?")
    assert "Aucun article" not in answered.text


def test_a_day_without_a_year_is_searched_in_the_archive_not_after_it(tmp_path: Path) -> None:
    records = [
        {
            "id": "metro",
            "title": "Déconfinement",
            "date": "2020-05-11",
            "text": "La ligne 13 du métro a subi des retards ce lundi, premier jour du "
            "déconfinement en Ile-de-France.",
        },
        {
            "id": "tour",
            "title": "Tour de France",
            "date": "2020-09-20",
            "text": "Tadej Pogacar a gagné le Tour de France cycliste à Paris.",
        },
    ]
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    today = date(2026, 12, 2)
    app = Newsrag(
        Settings(data_dir=tmp_path / "data"), embedder=HashEmbedder(), today=lambda: today
    )
    ingest_paths(app, [source])
    answer = app.answer("Quelle ligne de métro a subi des retards le 11 mai en Ile-de-France ?")
    assert answer.found, answer.text
    assert "Aucun article" not in answer.text
    assert answer.citations[0].article_id == "metro"
    assert "ligne 13" in answer.text


RESULTS = [
    {
        "id": "oreal",
        "title": "L'Oréal au premier semestre",
        "date": "2019-07-26",
        "text": "L'Oréal a réalisé un chiffre d'affaires de 14,81 milliards d'euros au premier "
        "semestre 2019, sa plus forte croissance depuis dix ans.",
    },
    {
        "id": "nokia",
        "title": "Nokia publie ses résultats annuels",
        "date": "2020-02-06",
        "text": "Nokia a publié jeudi ses résultats annuels. Le chiffre d'affaires de "
        "l'équipementier finlandais a atteint 23,3 milliards d'euros en 2019.",
    },
]


def results_app(tmp_path: Path, llm: RecordingChatModel | None = None) -> Newsrag:
    """An app over two companies' results: L'Oréal's told in 2019, Nokia's 2019 ones in 2020."""
    source = tmp_path / "results.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RESULTS), encoding="utf-8")
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=HashEmbedder(), llm=llm)
    ingest_paths(app, [source])
    return app


def test_a_year_whose_articles_never_name_the_subject_is_answered_from_other_dates(
    tmp_path: Path,
) -> None:
    app = results_app(tmp_path)
    answer = app.answer("Quel est le chiffre d'affaires de Nokia en 2019 ?")
    assert answer.passages[0].article_id == "nokia"
    assert answer.text.startswith(
        "Aucun article de 2019 ne nomme « Nokia ». Réponse tirée d’articles d’autres dates :"
    ), answer.text
    assert answer.found
    assert answer.citations[0].article_id == "nokia"
    english = app.answer("What was Nokia's revenue in 2019?")
    assert english.text.startswith("No article from 2019 names “Nokia”."), english.text


def test_an_llm_answer_from_other_dates_says_why(tmp_path: Path) -> None:
    reply = "Le chiffre d'affaires de l'équipementier finlandais a atteint 23,3 milliards [1]."
    llm = RecordingChatModel(replies=[reply])
    answer = results_app(tmp_path, llm).answer("Quel est le chiffre d'affaires de Nokia en 2019 ?")
    assert answer.mode == "llm", answer.text
    assert answer.text.startswith(
        "Aucun article de 2019 ne nomme « Nokia ». Réponse tirée d’articles d’autres dates : "
        "Le chiffre d'affaires"
    ), answer.text
    assert answer.citations[0].article_id == "nokia"


def test_a_year_whose_articles_name_the_subject_keeps_its_dates(tmp_path: Path) -> None:
    app = results_app(tmp_path)
    answer = app.answer("Quel est le chiffre d'affaires de L'Oréal en 2019 ?")
    assert answer.passages[0].article_id == "oreal"
    assert answer.citations[0].article_id == "oreal"
    assert "Aucun article" not in answer.text
    # a month asked about is preferred, not imposed: its article comes along, and the one
    # that names the subject, told later, answers (the note on unnamed subjects is a year's)
    month = app.answer("Quel est le chiffre d'affaires de Nokia en juillet 2019 ?")
    assert "oreal" in {p.article_id for p in month.passages}
    assert month.citations[0].article_id == "nokia"
    assert "Nokia »" not in month.text
    # nor does a name the archive never mentions bring a note
    unknown = app.answer("Quel est le chiffre d'affaires de Renault en 2019 ?")
    assert "Renault" not in unknown.text.split("?")[-1]
    assert "Aucun article" not in unknown.text


def test_names_no_article_of_the_period_holds_are_listed_in_the_question_language() -> None:
    year = SearchFilter(since=date(2019, 1, 1), until=date(2019, 12, 31))
    note = unnamed_coverage(year, ("Nokia", "Lannion"), "de").note
    assert note == "Kein Artikel aus 2019 nennt „Nokia“ oder „Lannion“."
    assert unnamed_coverage(year, ("Nokia", "Lannion"), "fr").note == (
        "Aucun article de 2019 ne nomme « Nokia » ni « Lannion »."
    )
