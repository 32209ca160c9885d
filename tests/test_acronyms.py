"""An acronym the question writes is held by an article that spells it out (« selon le JDD »,
« Selon le Journal du dimanche, ... »): the article is on the question's subject, and is not
refused for missing a name the archive holds (fake reader; the real embedder, any would do)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rag.embeddings import Embedder
from rag.text.acronyms import question_acronyms, spelled_out
from rag.text.analysis import analyze
from rag.types import Answer, Passage
from tests.helpers.reading import answer_from, read_config


def test_a_question_s_acronyms_are_its_words_of_capitals_roman_numerals_left_out() -> None:
    asked = "Selon le JDD, Louis XIV ou la SNCF, que dit Mme Dupont de l'AP-HP en 2020 ?"
    assert question_acronyms(asked) == ("JDD", "SNCF")
    assert question_acronyms("Qui dirige Renault ?") == ()


@pytest.mark.parametrize(
    ("acronym", "text"),
    [
        ("JDD", "Selon le Journal du dimanche, Christian Estrosi a parlé."),
        ("LOM", "La loi d'orientation des mobilités doit être adoptée en juillet."),
        ("LFI", "La France insoumise a voté contre."),
        ("LREM", "Les députés de La République en marche ont voté pour."),
        ("PDG", "Le président-directeur général de Renault a démissionné."),
        ("OMS", "L'Organisation mondiale de la santé a donné l'alerte."),
        ("FN", "Elle a quitté le Front national en 2015."),
        ("WHO", "The World Health Organization warned on Monday."),
    ],
)
def test_an_article_spells_out_an_acronym(acronym: str, text: str) -> None:
    assert spelled_out(text, (acronym,)) == (acronym,)


@pytest.mark.parametrize(
    ("acronym", "text"),
    [
        ("RN", "Un accident sur la route nationale 7."),  # two letters: a capitalised name only
        ("PS", "Pour son second mandat, il promet moins."),  # nor a sentence's first word
        ("MP", "Selon M. Philippe, rien ne change."),  # a title's one letter spells nothing
        ("JDD", "Le journal a publié un dossier lundi."),  # a letter missing
        ("LOM", "La loi sur les mobilités douces."),  # letters out of order
        ("ONU", "Les Nations unies ont voté."),  # another language's order
    ],
)
def test_words_that_do_not_spell_the_acronym(acronym: str, text: str) -> None:
    assert spelled_out(text, (acronym,)) == ()


ASKED = "Avec quel responsable de LREM Christian Estrosi s'est-il entretenu selon le JDD ?"
SPELLED = (
    "Selon le Journal du dimanche, Christian Estrosi s'est récemment entretenu avec le délégué "
    "général de LREM, Stanislas Guerini."
)


def ask(text: str, probability: float, embedder: Embedder) -> Answer:
    """The answer to ASKED from one passage holding `text`, every threshold off, a reader
    giving each sentence `probability`; the archive holds « JDD » elsewhere."""

    def read(texts: Sequence[str]) -> list[float]:
        return [probability for _ in texts]

    passage = Passage("a-c0", "a", "Nice", text, 0, len(text), 1.0, lang="fr")
    config = read_config(read)
    known = set(analyze(f"Le JDD révèle. {text}", "fr")).__contains__
    return answer_from([passage], ASKED, config, "fr", embedder, indexed_articles=2, known=known)


def test_a_passage_spelling_out_the_question_s_acronym_holds_it(embedder: Embedder) -> None:
    # read as unlikely to answer (0.3 < 0.5): a passage missing a name the archive holds is
    # refused, one that spells it out is not
    answer = ask(SPELLED, 0.3, embedder)
    assert answer.found, answer.text
    assert answer.citations[0].quote == SPELLED
    other = SPELLED.replace("Journal du dimanche", "Parisien")
    assert not ask(other, 0.3, embedder).found
