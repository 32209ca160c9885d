"""A date in the question that dates its story is a preference, not a filter: a story is often
told on another day; words that say when the news was told still filter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rag.answering.coverage import elsewhere_coverage
from rag.answering.dated import StoryPeriod, told_elsewhere
from rag.answering.scope import told_then
from rag.filters import SearchFilter
from rag.text.timeparse import parse_date_range
from rag.types import Citation
from tests.helpers.fakes import RecordingChatModel
from tests.helpers.news import news_app

ACT_4 = [
    {
        "id": "eve",
        "title": "Les gilets jaunes se préparent",
        "date": "2018-12-08",
        "text": "Les gilets jaunes se préparent à l'acte 4 de leur mobilisation à Paris, "
        "samedi 8 décembre 2018, sous haute surveillance.",
    },
    {
        "id": "after",
        "title": "Le bilan de l'acte 4",
        "date": "2018-12-09",
        "text": "Lors de l'acte 4 des gilets jaunes, samedi à Paris, 1082 personnes ont été "
        "interpellées par les forces de l'ordre.",
    },
    {
        "id": "cup",
        "title": "Mondial 2018",
        "date": "2018-12-08",
        "text": "La France a gagné la Coupe du monde de football en Russie.",
    },
]


def test_a_day_the_story_happened_prefers_its_articles_but_the_next_day_can_answer(
    tmp_path: Path,
) -> None:
    app = news_app(tmp_path, ACT_4)
    question = "Combien de personnes ont été interpellées lors de l'acte 4 des gilets jaunes "
    answer = app.answer(question + "le 8 décembre 2018 ?")
    assert answer.found, answer.text
    assert answer.citations[0].article_id == "after"
    assert "1082 personnes" in answer.text
    # its articles still come first, and an article of the day keeps the note away
    assert answer.passages[0].article_id == "eve"
    assert "Aucun article" not in answer.text
    # the same question without the date: the same articles, the date only reorders them
    undated = app.answer(question + "?")
    assert {p.article_id for p in undated.passages} == {p.article_id for p in answer.passages}


def test_when_the_news_was_told_still_filters(tmp_path: Path) -> None:
    app = news_app(tmp_path, ACT_4)
    since = app.answer("Combien de personnes ont été interpellées depuis le 9 décembre 2018 ?")
    assert [p.article_id for p in since.passages] == ["after"]
    before = app.answer("Combien de personnes ont été interpellées avant le 9 décembre 2018 ?")
    assert "after" not in {p.article_id for p in before.passages}


def test_what_a_time_expression_says_of_the_news() -> None:
    today = date(2026, 12, 3)

    def told(question: str) -> bool:
        named = parse_date_range(question, today)
        assert named is not None, question
        return told_then(named)

    assert told("Qu'a dit Macron hier ?")
    assert told("What happened last week in Paris?")
    assert told("Was ist seit Januar 2020 passiert ?")
    assert told("Qui a été nommé avant 2015 ?")
    assert not told("Que s'est-il passé le 8 décembre 2018 à Paris ?")
    assert not told("Quel est le chiffre d'affaires de Nokia en 2019 ?")
    assert not told("Who won the elections in May 2019?")
    assert not told("Was geschah zwischen 2018 und 2020 ?")


CRASHES = [
    {
        "id": "2017",
        "title": "Un avion s'écrase au Canada",
        "date": "2017-12-14",
        "text": "Un avion ATR-42 de West Wind Aviation s'est écrasé au Canada.",
    },
    {
        "id": "2020",
        "title": "Canada : un avion de la patrouille acrobatique s'écrase",
        "date": "2020-05-17",
        "text": "Un avion Snowbirds s'est écrasé au Canada près de Kamloops.",
    },
]


def test_another_event_of_the_kind_told_far_from_the_period_weighs_less(
    tmp_path: Path,
) -> None:
    app = news_app(tmp_path, CRASHES)
    undated = app.answer("Quel avion s'est écrasé au Canada ?")
    assert undated.citations[0].article_id == "2020"
    dated = app.answer("Quel avion s'est écrasé au Canada en décembre 2017 ?")
    assert dated.citations[0].article_id == "2017", dated.text
    assert "ATR-42" in dated.text


def test_a_period_is_named_by_its_years_and_its_month_in_every_language() -> None:
    month = StoryPeriod.of(SearchFilter(date(2017, 12, 1), date(2017, 12, 31)))
    assert month is not None
    assert {"2017", "decembre", "december", "dezember"} <= month.names
    spring = StoryPeriod.of(SearchFilter(date(2020, 4, 1), date(2020, 6, 30)))
    assert spring is not None
    assert {"2020", "avril", "mai", "may", "juni"} <= spring.names
    assert "juillet" not in spring.names
    year = StoryPeriod.of(SearchFilter(date(2019, 1, 1), date(2019, 12, 31)))
    assert year is not None
    assert year.names == frozenset({"2019"})
    decade = StoryPeriod.of(SearchFilter(date(1990, 1, 1), date(1999, 12, 31)))
    assert decade is not None
    assert decade.names == frozenset()
    assert StoryPeriod.of(SearchFilter(since=date(2019, 1, 1))) is None
    assert StoryPeriod.of(None) is None


def test_an_answer_told_far_from_the_period_names_it_or_says_so() -> None:
    period = StoryPeriod.of(SearchFilter(date(2019, 1, 1), date(2019, 12, 31)))

    def cited(day: str, quote: str) -> Citation:
        return Citation(1, "a", "Résultats annuels", day, None, quote, 0, len(quote), 1.0)

    assert told_elsewhere([cited("2021-01-15", "Le chiffre d'affaires a baissé.")], period)
    assert not told_elsewhere([cited("2020-01-20", "Le chiffre d'affaires a baissé.")], period)
    assert not told_elsewhere([cited("2021-01-15", "En 2019, il a baissé.")], period)
    assert not told_elsewhere([], period)
    # an undated article (an encyclopedia's) is told at no known time: not far from it
    assert not told_elsewhere([cited("", "Le chiffre d'affaires a baissé.")], period)


def test_an_archive_without_dates_is_never_told_of_other_dates(tmp_path: Path) -> None:
    # until 2026-12-04, 8 of 600 PIAF answers began « Les articles de 1987 ne répondent pas.
    # Réponse tirée d'articles d'autres dates » on Wikipedia paragraphs, which have no date
    app = news_app(
        tmp_path,
        [
            {
                "id": "lo",
                "title": "Lutte ouvrière",
                "text": "Aux municipales, LO présente 128 listes. Le parti obtient 36 élus.",
            },
            {"id": "foot", "title": "Football", "text": "Le club de Lyon gagne la coupe."},
        ],
    )
    answer = app.answer("Combien de listes LO a-t-elle présentées aux municipales de 2001 ?")
    assert answer.found, answer.text
    assert "128 listes" in answer.text
    assert not answer.note, answer.note
    assert "2001" not in answer.text
    year = SearchFilter(date(2019, 1, 1), date(2019, 12, 31))
    assert elsewhere_coverage(year, "en").note == "The articles from 2019 do not answer."
    assert elsewhere_coverage(year, "de").note == (
        "Die Artikel aus 2019 beantworten die Frage nicht."
    )


FAR_AND_NEAR = [
    {
        "id": "far",
        "title": "Un avion s'écrase au Canada",
        "date": "2017-12-14",
        "text": "Un avion ATR-42 de West Wind Aviation s'est écrasé au Canada.",
    },
    {
        "id": "near",
        "title": "Sortie de piste à Toronto",
        "date": "2019-05-02",
        "text": "Un Boeing 737 a fait une sortie de piste au Canada, à Toronto.",
    },
]


def test_the_note_on_other_dates_follows_what_the_llm_cites(tmp_path: Path) -> None:
    fake = RecordingChatModel(replies=[])
    app = news_app(tmp_path, FAR_AND_NEAR, llm=fake)
    question = "Quel avion a eu un accident au Canada en 2019 ?"
    numbers = {
        p.article_id: n for n, p in enumerate(app.answer(question, use_llm=False).passages, 1)
    }
    assert set(numbers) == {"far", "near"}
    fake.replies.append(f"Un Boeing 737 a fait une sortie de piste au Canada [{numbers['near']}].")
    near = app.answer(question)
    assert near.mode == "llm", near.text
    assert near.citations[0].article_id == "near"
    assert "ne répondent pas" not in near.text
    fake.replies.append(f"Un avion ATR-42 s'est écrasé au Canada [{numbers['far']}].")
    far = app.answer(question)
    assert far.mode == "llm", far.text
    assert far.citations[0].article_id == "far"
    assert far.text.startswith("Les articles de 2019 ne répondent pas."), far.text
