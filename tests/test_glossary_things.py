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
