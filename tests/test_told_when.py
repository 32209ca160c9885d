""" "Quand ... ?" is answered by a time told from an event (« Durant les mois qui suivirent la
bataille », "in the weeks after", „in den Tagen nach“), as by « le lendemain »; a question asking
for a year or a day still needs one (fake reader, one passage)."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.text.answertype import Kind, candidate_spans
from rag.types import Answer, Passage
from tests.helpers.reading import answer_from, read_config

EXILE = (
    "La bataille du Diamond opposa protestants et catholiques du comté d'Armagh. "
    "Durant les mois qui suivirent la bataille du Diamond, un grand nombre de catholiques "
    "du comté d'Armagh s'exilèrent, du fait des menaces qui pesaient sur eux."
)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (EXILE.split(". ")[1], "Durant les mois qui suivirent"),
        ("Au lendemain de la bataille, ils partirent.", "Au lendemain de"),
        ("Dans les jours qui ont suivi, la police a enquêté.", "Dans les jours qui ont suivi"),
        ("In the weeks after the election, he resigned.", "In the weeks after"),
        ("In den Tagen nach der Wahl trat er zurück.", "In den Tagen nach"),
    ],
)
def test_a_time_told_from_an_event_answers_when(text: str, told: str) -> None:
    assert [text[a:b] for a, b in candidate_spans(text, Kind.DATE)] == [told]
    assert candidate_spans(text, Kind.DATE, relative=False) == []  # no year, no day


def test_a_time_that_tells_no_event_is_no_date() -> None:
    for text in ("Pendant les vacances, il a lu.", "La cathédrale domine la plaine."):
        assert candidate_spans(text, Kind.DATE) == []


def ask(question: str, embedder: Embedder) -> Answer:
    """The answer over EXILE, the reader reading each sentence as likely to answer."""
    passage = Passage("a-c0", "a", "Armagh", EXILE, 0, len(EXILE), 1.0, lang="fr")
    return answer_from([passage], question, read_config(lambda t: [0.89] * len(t)), "fr", embedder)


def test_when_is_answered_and_what_year_is_not(embedder: Embedder) -> None:
    answered = ask("Quand les catholiques d'Armagh s'exilent-ils ?", embedder)
    assert answered.found, answered.text
    assert "Durant les mois qui suivirent" in answered.text
    year = ask("En quelle année les catholiques d'Armagh se sont-ils exilés ?", embedder)
    assert not year.found
