"""A name given with another role than the one asked for does not answer « Comment s'appelle
la nièce de ... ? »; a name given with no role, or with the one asked, may."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.text.answertype import Kind, candidate_spans
from rag.text.roles import asked_roles, given_as_another, role_groups
from rag.text.terms import TermWeights
from rag.types import Answer, Passage
from tests.helpers.extractive import answer_for, passage
from tests.helpers.reading import answer_from as answer_with
from tests.helpers.reading import read_config


def roles_given(question: str, text: str) -> dict[str, bool]:
    """Each name of `text`: whether it is given as someone with another role."""
    asked = asked_roles(question)
    return {
        text[s:e]: given_as_another(text, s, e, asked)
        for s, e in candidate_spans(text, Kind.PERSON)
    }


@pytest.mark.parametrize(
    ("question", "text", "other", "maybe"),
    [
        (
            "Comment s'appelle la nièce de Dennis Adams ?",
            "« Ils ont besoin d'aide », dit Shirl Stephens, une bénévole de Washington.",
            "Shirl Stephens",
            None,
        ),
        (
            "What is the name of the police officer's lawyer?",
            "Le maire de la ville, Jacob Frey, a parlé à son avocat, Me Eric Nelson, mardi.",
            "Jacob Frey",
            "Me Eric Nelson",
        ),
        (
            "Wie heißt der Ehemann von Swetlana Tichanowskaja?",
            "Le Premier ministre bélarusse Roman Golovtchenko a reçu Sergueï Tikhanovski.",
            "Roman Golovtchenko",
            "Sergueï Tikhanovski",
        ),
        (
            "Qui est le procureur de Rennes ?",
            "Le procureur de la République de Rennes Philippe Astruc l'a dit, selon Jean Martin.",
            None,
            "République de Rennes Philippe Astruc",
        ),
    ],
)
def test_a_name_set_beside_another_role_is_someone_else(
    question: str, text: str, other: str | None, maybe: str | None
) -> None:
    given = roles_given(question, text)
    if other:
        assert given[other] is True
    if maybe:
        assert given[maybe] is False


def test_a_name_the_role_is_of_has_no_role() -> None:
    # « la nièce de Dennis Adams »: Dennis Adams is not the niece, nor the adviser Macron
    text = "Il vit chez la nièce de Dennis Adams, selon un conseiller d'Emmanuel Macron."
    given = roles_given("Comment s'appelle le maire ?", text)
    assert given == {"Dennis Adams": False, "Emmanuel Macron": False}


def test_roles_meet_across_languages_and_german_compounds() -> None:
    assert role_groups("porte-parole") & role_groups("spokesman") & role_groups("Sprecherin")
    assert role_groups("Innenminister") == role_groups("ministre")
    assert role_groups("avocates") == role_groups("lawyer")
    assert not role_groups("homme")  # no role: never rules a name out
    assert not role_groups("artiste")


def test_no_role_asked_rules_no_name_out() -> None:
    text = "Le maire de la ville, Jacob Frey, a parlé mardi."
    assert roles_given("Qui a parlé mardi ?", text) == {"Jacob Frey": False}


def test_a_sentence_naming_only_another_role_does_not_fit_a_name_question() -> None:
    question = "Comment s'appelle la nièce de Dennis Adams ?"
    weights = TermWeights(question, "fr", lambda _: 1.0)
    other = "« Ils ont besoin d'aide », dit Shirl Stephens, une bénévole de Washington."
    niece = "« Ils ont besoin d'aide », dit Tanya Adams, sa nièce, qui l'héberge."
    assert weights.kind_fit(other) < 1.0
    assert weights.kind_fit(niece) == 1.0


EDF = (
    "Le réacteur de Fessenheim a été arrêté dimanche après un dysfonctionnement sur un robinet. "
    "{spokesman}, le réacteur devrait être reconnecté mardi. "
    "Emmanuel Macron a annoncé en novembre la fermeture définitive de la centrale."
)


def answer_from(question: str, text: str, embedder: Embedder) -> Answer:
    return answer_for(question, [passage("edf", "Fessenheim à l'arrêt", text, 1.0)], embedder)


def test_a_role_the_article_speaks_of_without_a_name_is_refused(fake_embedder: Embedder) -> None:
    question = "Comment s'appelle le porte-parole d'EDF qui a annoncé la reconnexion du réacteur ?"
    unnamed = answer_from(
        question, EDF.format(spokesman="Selon le porte-parole d'EDF"), fake_embedder
    )
    assert not unnamed.found
    assert "nom" in unnamed.text  # « ne donnent pas de nom de personne », not Emmanuel Macron
    named = EDF.format(spokesman="Selon Jean Dupont, porte-parole d'EDF")
    answer = answer_from(question, named, fake_embedder)
    assert answer.found
    assert "Jean Dupont" in answer.text


def test_a_name_asked_with_no_role_is_not_checked_for_one(fake_embedder: Embedder) -> None:
    text = EDF.format(spokesman="Selon le porte-parole d'EDF")
    answer = answer_from(
        "Qui a annoncé la fermeture définitive de la centrale ?", text, fake_embedder
    )
    assert answer.found
    assert "Emmanuel Macron" in answer.text


def test_a_sentence_read_as_naming_the_role_answers_without_its_word(embedder: Embedder) -> None:
    question = "Comment s'appelle le fils de Mireille Knoll qui a appelé à la marche blanche ?"
    text = (
        "La voix du fils de Mireille Knoll a porté. "
        "Sur RMC, Daniel Knoll a appelé tout le monde à participer à la marche blanche."
    )
    knoll = Passage("k-c0", "k", "Marche blanche", text, 0, len(text), 1.0, lang="fr")

    def ask(probability: float) -> Answer:
        config = read_config(lambda texts: [probability for _ in texts])
        return answer_with([knoll], question, config, "fr", embedder)

    # read as unlikely to answer: the role is spoken of and no one is named in it
    assert not ask(0.3).found
    answered = ask(0.74)
    assert answered.found
    assert "Daniel Knoll" in answered.citations[0].quote
