"""The words in bold: of a sentence's spans of the asked kind, the one that answers, and one
span per answer, in the sentence that answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.answer_metrics import bold_holds
from rag.embeddings import Embedder
from rag.text.answerpick import locate_answer
from rag.text.sentences import Sentence
from rag.text.terms import TermWeights
from rag.types import Answer, Citation
from tests.helpers.extractive import answer_for, passage


def _bold(question: str, text: str) -> str | None:
    """The words `locate_answer` bolds in `text` (one sentence) for `question`."""
    sentence = Sentence(text, 0, len(text), passage("a", "Titre", text, 1.0))
    span = locate_answer(sentence, TermWeights(question, "fr", lambda _: 1.0))
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("question", "text", "bold"),
    [
        # a capitalised word that only opens the sentence names no one
        (
            "Quel secrétaire d'État a annoncé la création d'une commission sur les violences ?",
            "Mercredi, le secrétaire d'Etat chargé de l'enfance Adrien Taquet a annoncé la "
            "création d'une commission sur les violences, selon Le Monde.",
            "Adrien Taquet",
        ),
        (
            "Dans quel arrondissement de Marseille se trouve la cité de la Solidarité ?",
            "Sur les feuilles figure un appel des trafiquants de la cité de la Solidarité, "
            "dans le quartier de Saint-Louis.",
            "Saint-Louis",
        ),
        # a person is asked for: a full name rather than an institution
        (
            "Qui est la maire d'Aime ?",
            "Selon France 3 Alpes, la maire d'Aime, Corinne Maironi-Gonthier, a expliqué que "
            "la victime avait été retrouvée.",
            "Corinne Maironi-Gonthier",
        ),
        # the question's own number is no answer, nor a year for a count
        (
            "Combien d'épreuves compte le Goodwood Members' Meeting 2020 ?",
            "Le Goodwood Members' Meeting 2020 qui devait compter quinze épreuves a été annulé.",
            "quinze épreuves",
        ),
        (
            "Quelle est la hauteur du barrage d'Oroville ?",
            "Construit entre 1962 et 1968, ce barrage s'élève à 230 m de haut.",
            "230 m",
        ),
        # a count of the thing asked for, not of another
        (
            "Combien d'attentats ont été déjoués selon Gérald Darmanin ?",
            "Deux jours après l'attaque, Gérald Darmanin a rappelé que 32 attentats avaient "
            "été déjoués.",
            "32 attentats",
        ),
        # the hour is asked for: the clock time, not the day
        (
            "À quelle heure l'unité de production n°2 de Fessenheim a-t-elle été arrêtée ?",
            "Dimanche à 10h32, l'unité de production n°2 de Fessenheim a été arrêtée.",
            "10h32",
        ),
        (
            "Quel âge avait le climatologue Konrad Steffen ?",
            "Le climatologue Konrad Steffen, âgé de 68 ans, est mort au Groenland.",
            "âgé de 68 ans",
        ),
    ],
)
def test_the_span_in_bold_is_the_one_that_answers(question: str, text: str, bold: str) -> None:
    assert _bold(question, text) == bold


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # its only name opens the sentence
        (
            "Dans quel arrondissement de Lyon se trouve l'école Alix ?",
            "Ainsi commence la lettre des parents d'élèves de l'école Alix, à Lyon.",
        ),
        # the hour is asked, the sentence gives the day only
        (
            "À quelle heure le feu s'est-il déclaré dans l'immeuble ?",
            "Le feu s'est déclaré jeudi soir dans un immeuble de la cité.",
        ),
    ],
)
def test_a_sentence_without_the_words_asked_for_has_nothing_in_bold(
    question: str, text: str
) -> None:
    assert _bold(question, text) is None


def test_an_answer_shows_one_span_in_bold_in_the_sentence_that_answers(
    embedder: Embedder,
) -> None:
    text = (
        "L'équipementier Nokia prévoit de supprimer 402 postes à Lannion en 2021. "
        "Selon la direction, 831 postes seront supprimés à Nozay dans l'Essonne. "
        "Les syndicats dénoncent un plan de 1.233 suppressions au total."
    )
    question = "Combien de postes Nokia prévoit-il de supprimer à Nozay ?"
    answer = answer_for(question, [passage("nokia", "Nokia", text, 1.0)], embedder)
    assert answer.found
    assert len(answer.citations) > 1, answer.text
    bolds = [c for c in answer.citations if c.answer_start is not None]
    assert len(bolds) == 1
    start, end = bolds[0].answer_start, bolds[0].answer_end
    assert start is not None
    assert end is not None
    assert text[start - 40 : end - 40] == "831 postes"


def _answer(quote: str, bold: str | None) -> Answer:
    """An answer quoting `quote` at offset 100 of its article, `bold` in bold."""
    at = 100 + quote.find(bold) if bold else None
    end = at + len(bold) if at is not None and bold else None
    cite = Citation(1, "a", "T", None, "", quote, 100, 100 + len(quote), 1.0)
    return Answer("q", f"{quote} [1]", True, [replace(cite, answer_start=at, answer_end=end)])


@pytest.mark.parametrize(
    ("bold", "gold", "holds"),
    [
        ("âgé de 68 ans", "68 ans", True),  # the gold span is in the bold words
        ("Diallo", "Toumani Djimé Diallo", True),  # the bold words are in it
        ("13.000 personnes", "près de 13.000", True),  # a number of both
        ("9 voix", "23 voix", False),
        ("Sénat", "Toumani Djimé Diallo", False),
        (None, "23 voix", False),
    ],
)
def test_the_benchmark_judges_the_words_in_bold_against_the_gold_span(
    bold: str | None, gold: str, holds: bool
) -> None:
    quote = "Le chercheur âgé de 68 ans, Toumani Djimé Diallo, 13.000 personnes, 9 voix au Sénat."
    assert bold_holds(_answer(quote, bold), gold) is holds
