"""Sentences of another article than the best sentence's: when they answer beside it (on a
large archive the article that gives the asked kind is not always the one that names the
subject best) and when they do not (it does not name all the question is about)."""

from __future__ import annotations

from rag.embeddings import Embedder
from rag.text.terms import TermWeights
from rag.types import Answer
from tests.helpers.extractive import answer_for, passage


def _asked(embedder: Embedder, question: str, portrait: str, brief: str) -> Answer:
    """The answer when a portrait names the subject best and a brief of another article
    follows it in the ranking."""
    passages = [passage("p", "Portrait", portrait, 2.0), passage("b", "Brève", brief, 1.0)]
    return answer_for(question, passages, embedder)


def test_on_a_large_archive_another_article_naming_the_subject_may_give_the_asked_kind(
    embedder: Embedder,
) -> None:
    answer = _asked(
        embedder,
        "Quel âge a le journaliste Karim Belhadj interpellé mardi à Rabat ?",
        "Le journaliste Karim Belhadj a été interpellé mardi à Rabat. "
        "Karim Belhadj enquêtait sur les expropriations de terres collectives.",
        "Selon son avocat, Karim Belhadj, 34 ans, est poursuivi pour espionnage.",
    )
    assert answer.found, answer.text
    assert "34 ans" in answer.text


def test_another_article_answers_only_if_it_names_all_the_question_is_about(
    embedder: Embedder,
) -> None:
    answer = _asked(
        embedder,
        "Combien de pièces de Lego possède Sacha ?",
        "Sacha, un enfant non-voyant de Clermont-Ferrand, rêve de devenir concepteur. "
        "Sacha possède tous les genres de Lego, dont certains pour apprendre le braille.",
        "Le fabricant Lego a vendu 75 milliards de pièces en 2019, selon son rapport.",
    )
    assert not answer.found, answer.text  # the maker's pieces are not Sacha's
    assert "75 milliards" not in answer.text
    # a name written where it happened is no part of what is asked about (the Belhadj test)
    weights = TermWeights(
        "Quel âge a le journaliste Karim Belhadj arrêté à Rabat ?", "fr", lambda _: 1.0
    )
    assert weights.subject == {"karim", "belhadj"}
    assert "rabat" in weights.names


def test_a_hyphenated_name_s_capitalised_parts_are_names() -> None:
    weights = TermWeights(
        "Qu'a dit Jean-Louis Borloo en Seine-Saint-Denis et à Saint-Étienne ?", "fr", lambda _: 1.0
    )
    assert weights.names == {"jean", "lou", "borloo", "sein", "saint", "den", "etien"}
    assert weights.runs.people == [(frozenset({"jean", "lou"}), frozenset({"borloo"}))]
    # where it happened is not what it is about, all of its parts
    assert weights.subject == {"jean", "lou", "borloo"}
    # a part that is not capitalised makes no name of the others (a region, a virus)
    lowered = TermWeights("Combien de morts du Covid-19 en Île-de-France ?", "fr", lambda _: 1.0)
    assert lowered.names == set()
    # nor in German, where such a word is as often a noun
    german = TermWeights("Was bedeuten die Anti-China-Kommentare?", "de", lambda _: 1.0)
    assert german.names == set()
