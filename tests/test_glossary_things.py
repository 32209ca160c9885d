"""The glossary of things news counts, across languages: songs, cameras, floors, arrests..."""

from __future__ import annotations

import pytest

from rag.text.glossary import COUNTED_THINGS, counted_in_languages
from rag.text.terms import TermWeights


def test_every_word_names_one_thing() -> None:
    rows: dict[str, int] = {}
    for n, row in enumerate(COUNTED_THINGS):
        for word in {w for column in row for w in column.split()}:
            assert rows.setdefault(word, n) == n, f"{word!r} is in two rows"


def test_the_things_news_counts_beyond_people() -> None:
    assert "chansons" in counted_in_languages("Lieder")["fr"].split()
    assert "etages" in counted_in_languages("Stockwerke")["fr"].split()
    assert "kameras" in counted_in_languages("caméras")["de"].split()
    assert "arrests" in counted_in_languages("interpellations")["en"].split()
    assert "feuerwehrleute" in counted_in_languages("pompiers")["de"].split()
    assert "fonctionnaires" in counted_in_languages("employees")["fr"].split()
    assert "soeurs" in counted_in_languages("Geschwister")["fr"].split()


@pytest.mark.parametrize(
    ("question", "lang", "counts", "counts_else"),
    [
        (
            "How many surveillance cameras has Roubaix installed?",
            "en",
            "La ville a installé 12 caméras de surveillance.",
            "Trente-deux contraventions ont été dressées à Roubaix.",
        ),
        (
            "Wie viele Lieder enthält das neue Album?",
            "de",
            "Le nouvel album compte 12 chansons.",
            "Le nouvel album s'est vendu à 30 000 exemplaires.",
        ),
        (
            "Wie viele Feuerwehrleute waren im Einsatz?",
            "de",
            "Quelque 80 pompiers ont été mobilisés.",
            "Quatre personnes sont mortes dans l'incendie.",
        ),
        (
            "How many sisters does Nordahl Lelandais have?",
            "en",
            "Nordahl Lelandais a trois sœurs.",
            "Nordahl Lelandais a été entendu deux fois.",
        ),
        (
            "How many municipal employees were attacked in Molenbeek?",
            "en",
            "Trois fonctionnaires de Molenbeek ont été attaqués.",
            "Molenbeek est l'une des 19 communes de Bruxelles.",
        ),
    ],
)
def test_across_languages_a_number_of_something_else_does_not_answer(
    question: str, lang: str, counts: str, counts_else: str
) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit(counts, "fr") == 1.0
    assert weights.kind_fit(counts_else, "fr") < 1.0


@pytest.mark.parametrize(
    ("question", "counts", "counts_else"),
    [
        (
            "Combien de fois l'Inter remporte-t-il la Coupe d'Italie ?",
            "L'Inter remporte à deux reprises la Coupe d'Italie en 2005 et 2006.",
            "L'Inter remporte deux matchs en 2005.",
        ),
        (
            "Combien d'écrits l'auteure a-t-elle rédigés sur l'hygiène ?",
            "Elle est l'auteure de vingt et un ouvrages portant sur l'hygiène.",
            "Elle a eu vingt et un élèves.",
        ),
        (
            "Combien de prix le film a-t-il remportés ?",
            "Le film a remporté deux trophées à Cannes.",
            "Le film a été vu par deux millions de spectateurs.",
        ),
        (
            "Combien de romains a-t-on dénombré en 2016 ?",
            "En 2016, elle compte 2 877 215 habitants établis sur 1 285 km2.",
            "En 2016, elle compte 2 877 215 voitures.",
        ),
        (
            "Combien de Lyonnais vivent dans la métropole ?",
            "La métropole compte 1,4 million d'habitants.",
            "La métropole compte 59 communes.",
        ),
    ],
)
def test_other_words_for_the_thing_counted(question: str, counts: str, counts_else: str) -> None:
    weights = TermWeights(question, "fr", lambda _: 1.0)
    assert weights.kind_fit(counts) == 1.0
    assert weights.kind_fit(counts_else) < 1.0


def test_a_trade_is_no_place_s_people() -> None:
    weights = TermWeights("Combien de musiciens compte l'orchestre ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("La ville compte 3000 habitants.") < 1.0


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quelle est la densité de population de Malte ?", "fr"),
        ("What is the population density of Malta?", "en"),
        ("Wie hoch ist die Bevölkerungsdichte von Malta?", "de"),
    ],
)
def test_a_density_is_given_per_square_kilometre_not_in_inhabitants(
    question: str, lang: str
) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    dense = "À Malte, avec 1.375 personnes par km², les restrictions ne sont pas levées."
    assert weights.kind_fit(dense, "fr") == 1.0
    assert weights.kind_fit("Malte compte 500.000 habitants.", "fr") < 1.0
    assert weights.missing_thing(dense, "fr") is None


def test_poems_are_no_density() -> None:
    weights = TermWeights("Wie viele Gedichte hat er geschrieben?", "de", lambda _: 1.0)
    assert weights.unit is None
    assert weights.counted


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Wie breit soll die entmilitarisierte Zone sein?", "de"),
        ("How wide would the demilitarised zone be?", "en"),
        ("Quelle serait la largeur de la zone démilitarisée ?", "fr"),
        ("Wie tief ist der Graben an der Grenze?", "de"),
    ],
)
def test_a_width_or_a_depth_is_a_length(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit("La zone ferait 30 kilomètres de large.", "fr") == 1.0
    assert weights.kind_fit("La zone serait surveillée par 30 drones.", "fr") < 1.0
    assert weights.kind_fit("La zone serait surveillée par des drones.", "fr") < 1.0
