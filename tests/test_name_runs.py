"""Across languages, a name of several words is matched whole or by a part of it (a family
name), never by a word it shares with another name."""

from __future__ import annotations

from rag.text.nameruns import name_runs, sentence_tokens
from rag.text.terms import TermWeights

BAYER = "L'assignation vise Bayer Health Care, le laboratoire titulaire de l'autorisation."
HEALTH = "When did France's Health Authority publish its advice on vaccines?"


def held(question: str, lang: str, text: str, passages: str) -> float:
    """The share of the question's names held by the (French) passages that `text` holds."""
    weights = TermWeights(question, lang, lambda _: 1.0)
    tokens = sentence_tokens(text, "fr")
    weights.find_rare(sentence_tokens(passages, "fr") | tokens)
    return weights.rare_coverage(tokens)


def test_a_word_of_a_translated_name_inside_another_name_is_not_that_name() -> None:
    english = "La Health Authority de France a publié son avis."
    assert held(HEALTH, "en", english, english) == 1.0
    # until 2026-12-03 « Bayer Health Care » held the question's "Health Authority"
    assert held(HEALTH, "en", BAYER, f"{BAYER} {english}") == 0.0
    # the passages hold « Health », if only inside another name: a sentence must hold it whole
    assert held(HEALTH, "en", BAYER, f"{BAYER} La France vote.") == 0.0
    assert held(HEALTH, "en", "La France vote.", f"{BAYER} La France vote.") < 1.0
    # a name of one word is matched as before, wherever it stands
    assert held("When was Bayer sued?", "en", BAYER, BAYER) == 1.0


def test_within_one_language_a_shared_word_still_matches() -> None:
    # the question writes names as its articles do: « Santé » is matched as before
    question = "Qui préside la Haute Autorité de Santé ?"
    text = "Santé publique France a publié son bilan."
    assert held(question, "fr", text, f"{text} La Haute Autorité de Santé a parlé.") > 0.0


def test_a_family_name_alone_with_a_title_or_another_first_name_is_the_persons() -> None:
    question, passages = "How old is Brigitte Macron?", "Brigitte Macron a parlé."
    assert held(question, "en", "Brigitte Macron, 67 ans, a répondu.", passages) == 1.0
    assert held(question, "en", "Mme Macron, 67 ans, a répondu.", passages) == 0.5
    # a family's name is shared: « Robert Bruce » is the brother of « Édouard Bruce »
    assert held(question, "en", "Emmanuel Macron, 42 ans, a répondu.", passages) == 0.5
    # a name misspelt by one letter, in the question or the article, is the name
    misspelt = "What was Jean Chaitron's job?"
    assert held(misspelt, "en", "Jean Chaintron est né à Lyon.", "Jean Chaintron a parlé.") == 1.0
    assert held(misspelt, "en", "Jean Moulin est né à Béziers.", "Jean Chaintron a parlé.") == 0.0


def test_names_are_runs_of_capitalised_words_without_titles_or_openers() -> None:
    runs = name_runs("Selon M. Jean-Michel Blanquer, la Haute Autorité de Santé a tranché.", "fr")
    assert [len(run) for run in runs] == [2, 3]
    assert name_runs("France's Health Authority", "en") == [
        (frozenset({"franc", "~franc"}),),
        (frozenset({"health", "~health"}), frozenset({"author", "~authoriti"})),
    ]
    assert name_runs("C'est dit.", "fr") == []
