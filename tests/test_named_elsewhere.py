"""A question whose names no retrieved passage holds is answered only when the reader reads the
sentence as likely to answer; across languages only for names the archive writes as the question
does, or when the best sentence's passage holds less than half of those the passages hold (fake
reader; the real embedder, any would do)."""

from __future__ import annotations

import pytest

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import ReadAnswers
from rag.answering.scoring import ScoredSentence
from rag.answering.subject import named_elsewhere, several_words_unheld
from rag.embeddings import Embedder
from rag.text.analysis import analyze
from rag.text.nameruns import sentence_tokens
from rag.text.sentences import split_sentences
from rag.text.terms import TermWeights
from rag.types import Answer, Passage
from tests.helpers.reading import answer_from
from tests.helpers.reading import constant_reader as reader

ASKED = "Comment s'appelle le fondateur de la marque Le Slip français ?"
ANOTHER_BRAND = "La marque Petit Bateau a été fondée par Étienne Valton à Troyes en 1893."
THE_BRAND = "Le Slip français a été fondé par Guillaume Gibault en 2011."
# names the brand, which the passage holds, and a town, which it does not
PLACED = "Comment s'appelle le fondateur du Slip français installé à Roubaix ?"


def ask(
    text: str,
    read: ReadAnswers | None,
    embedder: Embedder,
    question: str = ASKED,
    archive: str = THE_BRAND,
) -> Answer:
    """The answer to `question` from one passage holding `text`, every threshold off; the
    archive holds the words of `archive` and of `text`."""
    passage = Passage("a-c0", "a", "Marques", text, 0, len(text), 1.0, lang="fr")
    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=read,
        reader_share=0.3 if read else 0.0,
        reader_sentences=12,
        across_min_probability=0.0,
    )
    lang = "en" if question.startswith(("Who", "How")) else "fr"
    known = set(analyze(f"{archive} {text}", "fr")).__contains__
    return answer_from([passage], question, config, lang, embedder, indexed_articles=2, known=known)


@pytest.mark.parametrize(("probability", "found"), [(0.0, False), (0.3, False), (0.9, True)])
def test_passages_naming_none_of_the_question_s_names_answer_only_when_read_as_answering(
    embedder: Embedder, probability: float, found: bool
) -> None:
    answer = ask(ANOTHER_BRAND, reader(probability), embedder)
    assert answer.found is found
    if not found:
        assert answer.text.startswith("Aucun des 2 articles")
        assert not answer.citations


def test_a_passage_holding_the_name_answers_though_read_as_unlikely(embedder: Embedder) -> None:
    answer = ask(THE_BRAND, reader(0.3), embedder)
    assert answer.found
    assert answer.citations[0].quote == THE_BRAND


@pytest.mark.parametrize(("probability", "found"), [(0.3, False), (0.9, True)])
def test_passages_missing_a_name_the_archive_holds_answer_only_when_read_as_answering(
    embedder: Embedder, probability: float, found: bool
) -> None:
    archive = "Une usine textile ouvre à Roubaix."
    answer = ask(THE_BRAND, reader(probability), embedder, question=PLACED, archive=archive)
    assert answer.found is found


def test_a_name_no_passage_holds_is_not_required_when_others_are_held_across_languages(
    embedder: Embedder,
) -> None:
    english = "Who founded the brand Le Slip français based in Roubaix?"
    archive = "Une usine textile ouvre à Roubaix."
    assert ask(THE_BRAND, reader(0.02), embedder, question=english, archive=archive).found


def test_without_a_reader_relevance_alone_decides(embedder: Embedder) -> None:
    assert ask(ANOTHER_BRAND, None, embedder).found


@pytest.mark.parametrize(("probability", "found"), [(0.02, False), (0.3, True)])
def test_across_languages_a_name_the_archive_holds_as_written_needs_the_reader(
    embedder: Embedder, probability: float, found: bool
) -> None:
    english = "Who founded the brand Le Slip français?"
    assert ask(ANOTHER_BRAND, reader(probability), embedder, question=english).found is found


def test_across_languages_a_name_the_archive_does_not_write_so_is_not_required(
    embedder: Embedder,
) -> None:
    # « Normandie » in the archive, "Normandy" in the question: perhaps the same place
    english = "Who founded the underwear brand of Normandy?"
    assert ask(ANOTHER_BRAND, reader(0.02), embedder, question=english, archive="Normandie").found


@pytest.mark.parametrize(
    ("anchored", "probability", "refused"),
    [(0.3, 0.02, True), (0.3, 0.3, False), (0.7, 0.02, False), (0.3, None, False)],
)
def test_across_languages_a_passage_holding_less_than_half_the_names_needs_the_reader(
    anchored: float, probability: float | None, refused: bool
) -> None:
    question = "Who founded the brand Guillaume Gibault sells in Roubaix?"
    weights = TermWeights(question, "en", lambda _: 1.0)
    weights.find_rare(sentence_tokens(f"{THE_BRAND} Une usine ouvre à Roubaix.", "fr"))
    assert weights.rare  # the passages hold its names; the best sentence's, some of them
    text = "Une usine textile ouvre à Roubaix."
    passage = Passage("r-c0", "r", "Roubaix", text, 0, len(text), 1.0, lang="fr")
    best = ScoredSentence(
        split_sentences(passage)[0], 0.3, 0.3, 0, anchored=anchored, reading=probability
    )
    assert named_elsewhere(best, weights, "en", lambda _: True) is refused


PERSON = "How old is Palmer Luckey, the co-founder of Oculus?"
ANOTHER_AGE = "L'Ivoirien de 32 ans, originaire d'Abidjan, a été secouru jeudi par l'Ocean Viking."


@pytest.mark.parametrize(("probability", "found"), [(0.02, False), (0.3, False), (0.9, True)])
def test_across_languages_a_name_of_two_words_no_passage_holds_needs_the_reader_to_answer(
    embedder: Embedder, probability: float, found: bool
) -> None:
    # the archive never wrote "Palmer Luckey": the rule for names written as the question does
    # has nothing to say; a person's name is not translated, so another's age is not his
    answer = ask(ANOTHER_AGE, reader(probability), embedder, question=PERSON, archive="")
    assert answer.found is found


def test_across_languages_a_passage_holding_the_two_word_name_answers(embedder: Embedder) -> None:
    text = "Palmer Luckey, 28 ans, a cofondé Oculus avant de le vendre à Facebook."
    assert ask(text, reader(0.02), embedder, question=PERSON, archive="").found


@pytest.mark.parametrize(
    ("question", "lang", "held", "unheld"),
    [
        ("How old is Palmer Luckey, the co-founder of Oculus?", "en", "", True),
        ("How old is Palmer Luckey, the co-founder of Oculus?", "en", "Luckey a 28 ans.", False),
        ("Wie alt ist Keke Palmer, die Moderatorin der Show?", "de", "", True),
        # a date, a country, an acronym or a point of the compass is no name of several words
        ("Wie viele Cluster zählte die Region Mitte Juli 2020?", "de", "", False),
        ("For which company did his uncle work in South Africa?", "en", "", False),
        ("Which Alpes-Maritimes MP denied the talks?", "en", "", False),
        ("Which South Korean group won the award?", "en", "", False),
        # a thing's name, after an article or a possessive, is translated word for word
        ("Who left the Interior Ministry in October?", "en", "", False),
        ("When does France's Health Authority expect the vaccine?", "en", "", False),
        ("Wann tagt der Conseil Constitutionnel?", "de", "", False),
    ],
)
def test_a_person_s_name_unheld_leaves_out_things_dates_countries_and_acronyms(
    question: str, lang: str, held: str, unheld: bool
) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    weights.find_rare(sentence_tokens(held, "fr"))
    assert several_words_unheld(weights) is unheld
