""" "Quand ... ?" is answered by what happened around it (« Durant les mois qui suivirent la
bataille ») when the reader reads that sentence as more likely than not to answer; a count, an
age or an exact date still needs its number (fake reader, one passage)."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.types import Answer, Passage
from tests.helpers.reading import answer_from, read_config

EXILE = (
    "La bataille du Diamond opposa protestants et catholiques du comté d'Armagh. "
    "Durant les mois qui suivirent la bataille du Diamond, un grand nombre de catholiques "
    "du comté d'Armagh s'exilèrent, du fait des menaces qui pesaient sur eux."
)


def ask(question: str, probability: float, embedder: Embedder) -> Answer:
    """The answer over EXILE, the reader giving each sentence `probability`."""
    passage = Passage("a-c0", "a", "Armagh", EXILE, 0, len(EXILE), 1.0, lang="fr")
    config = read_config(lambda texts: [probability for _ in texts])
    return answer_from([passage], question, config, "fr", embedder)


def test_a_sentence_read_as_answering_tells_when_without_a_date(embedder: Embedder) -> None:
    question = "Quand les catholiques d'Armagh s'exilent-ils ?"
    answered = ask(question, 0.89, embedder)
    assert answered.found, answered.text
    assert "Durant les mois qui suivirent" in answered.text
    # read as unlikely to answer, the articles give no date: a refusal, as before
    assert not ask(question, 0.3, embedder).found


@pytest.mark.parametrize(
    "question",
    [
        "En quelle année les catholiques d'Armagh se sont-ils exilés ?",  # an exact date
        "Combien de catholiques d'Armagh se sont exilés ?",  # a count needs its number
    ],
)
def test_a_year_or_a_count_still_needs_its_number(question: str, embedder: Embedder) -> None:
    assert not ask(question, 0.89, embedder).found
