"""A question that names a day ("on 23 June 2019") is answered by the sentence that names it,
when that sentence is nearly as relevant as the best one."""

from __future__ import annotations

from datetime import date

from rag.answering.dated import StoryPeriod, naming_the_day_first
from rag.answering.scoring import ScoredSentence
from rag.filters import SearchFilter
from rag.text.sentences import Sentence
from tests.helpers.extractive import passage

JUNE_23 = StoryPeriod.of(SearchFilter(date(2019, 6, 23), date(2019, 6, 23)))
FIRST = StoryPeriod.of(SearchFilter(date(2019, 11, 1), date(2019, 11, 1)))
JUNE = StoryPeriod.of(SearchFilter(date(2019, 6, 1), date(2019, 6, 30)))


def test_a_day_is_named_in_every_language_and_order() -> None:
    assert JUNE_23 is not None
    assert FIRST is not None
    assert JUNE is not None
    assert JUNE_23.names_the_day("dans le Journal du dimanche ce 23 juin l'ex-élu")
    assert JUNE_23.names_the_day("He spoke on June 23 to the paper.")
    assert JUNE_23.names_the_day("Er sprach am 23. Juni mit der Zeitung.")
    assert FIRST.names_the_day("Depuis le 1er novembre, 171 cas graves")
    assert not JUNE_23.names_the_day("Le 3 juin, il a parlé au JDD.")
    assert not JUNE_23.names_the_day("Le 23 juillet, il a parlé au JDD.")
    assert not JUNE_23.names_the_day("Il a 23 ans; en juin il parlait.")
    assert not JUNE.names_the_day("Le 23 juin, il a parlé au JDD.")  # a month names no day


def scored(text: str, start: int, relevance: float) -> ScoredSentence:
    """A candidate sentence of one article, at `start`, scored."""
    source = passage("cazeneuve", "Cazeneuve", text, 1.0)
    sentence = Sentence(text, start, start + len(text), source)
    return ScoredSentence(sentence, 0.5, 0.5, 0, relevance=relevance)


def test_the_sentence_naming_the_day_leads_when_it_is_nearly_as_relevant() -> None:
    best = scored("Bernard Cazeneuve veut reconstruire la gauche.", 0, 0.68)
    day = scored("Il s'est confié au Journal du dimanche ce 23 juin.", 50, 0.56)
    other = scored("Il est redevenu avocat.", 100, 0.60)
    ranked = naming_the_day_first([best, other, day], JUNE_23)
    assert [s.sentence.start for s in ranked] == [50, 0, 100]
    far = scored("Il s'est confié au Journal du dimanche ce 23 juin.", 50, 0.40)
    assert naming_the_day_first([best, other, far], JUNE_23)[0] is best
    assert naming_the_day_first([best, other, day], JUNE)[0] is best
    assert naming_the_day_first([best, other, day], None)[0] is best
