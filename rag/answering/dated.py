"""The period a question dates its story by, in the choice of sentences.

A date in the question is a preference in the search (`HybridRetriever.search`): articles of
other dates still compete, since a story is often told on another day. Among the sentences,
one from an article told far from that period that does not name it either (« Quel modèle
d'avion s'est écrasé au Canada en décembre 2017 ? » and a 2020 crash near Kamloops) is likely
another event of the same kind, and weighs less.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from rag.answering.scoring import ScoredSentence
from rag.filters import SearchFilter, stored_day
from rag.text.analysis import words
from rag.text.lexicon import MONTH_VARIANTS, MONTHS, fold
from rag.types import Citation

# How far from its period an article may be told and still be about the story: the next
# days' and weeks' reports, the previews of the weeks before.
NEAR = timedelta(days=31)
# What a sentence told far from the period, not naming it, keeps of its relevance.
FAR_SHARE = 0.8
# How close to the best sentence's relevance one naming the day asked about must be to lead.
DAY_REACH = 0.8
# A period of this many months names its years only: any month would name it.
_A_YEAR_OF_MONTHS = 12
# At most this many years named by a period for its sentences to be checked for them.
_MOST_YEARS = 3


@dataclass(frozen=True)
class StoryPeriod:
    """A closed period from a question, and the words that name it (its years; its months in
    every language when it spans less than a year), accent-folded."""

    since: date
    until: date
    names: frozenset[str]

    @classmethod
    def of(cls, period: SearchFilter | None) -> StoryPeriod | None:
        """The period of a preferred filter (`Scope.prefer`), or None without both bounds."""
        if period is None or period.since is None or period.until is None:
            return None
        since, until = period.since, period.until
        names: set[str] = set()
        if until.year - since.year < _MOST_YEARS:
            names |= {str(year) for year in range(since.year, until.year + 1)}
        months = (until.year - since.year) * 12 + until.month - since.month + 1
        for step in range(months if months < _A_YEAR_OF_MONTHS else 0):
            month = (since.month - 1 + step) % 12 + 1
            spelled = [each[month - 1] for each in MONTHS.values()]
            names |= {fold(name) for name in [*spelled, *MONTH_VARIANTS.get(month, ())]}
        return cls(since, until, frozenset(names))

    def near(self, day: str | None) -> bool:
        """Whether an article dated `day` (ISO) was told within `NEAR` of the period."""
        told = stored_day(day)
        return told is not None and self.since - NEAR <= told <= self.until + NEAR

    def named_in(self, text: str) -> bool:
        """Whether the text names the period (one of its years or months)."""
        return not self.names.isdisjoint(words(text))

    @cached_property
    def _day(self) -> re.Pattern[str] | None:
        """How folded text names the period's day, when it is one; built once per question."""
        if self.since != self.until:
            return None
        month = self.since.month
        spelled = {fold(each[month - 1]) for each in MONTHS.values()}
        alternatives = "|".join(sorted(spelled | set(MONTH_VARIANTS.get(month, ()))))
        day = self.since.day
        return re.compile(
            rf"\b{day}(?:er|st|nd|rd|th|\.)?\s+(?:{alternatives})\b|\b(?:{alternatives})\s+{day}\b"
        )

    def names_the_day(self, text: str) -> bool:
        """Whether the text names the period's day, when it is one (« le 23 juin », "June 23",
        „am 23. Juni“)."""
        return self._day is not None and self._day.search(fold(text)) is not None

    def sentence_named(self, scored: ScoredSentence) -> bool:
        """Whether the sentence, the one before it or its title names the period."""
        before = scored.previous.text if scored.previous else ""
        return self.named_in(f"{scored.sentence.passage.title} {before} {scored.sentence.text}")


def weigh_by_period(
    ranked: Sequence[ScoredSentence], period: StoryPeriod | None
) -> list[ScoredSentence]:
    """The sentences, those told far from the period that do not name it keeping `FAR_SHARE`
    of their relevance, when some retrieved article was told near it; ranked again."""
    if period is None or not any(period.near(s.sentence.passage.date) for s in ranked):
        return list(ranked)
    weighed = [
        s
        if period.near(s.sentence.passage.date) or period.sentence_named(s)
        else replace(s, relevance=FAR_SHARE * s.relevance)
        for s in ranked
    ]
    return sorted(weighed, key=lambda s: (-s.relevance, s.rank, s.sentence.start))


def naming_the_day_first(
    ranked: Sequence[ScoredSentence], period: StoryPeriod | None
) -> list[ScoredSentence]:
    """The sentences, the most relevant one naming the day the question asks about first when
    the best does not and it is within `DAY_REACH` of it: "Which newspaper did he talk to on
    23 June?" is answered by the sentence « ... dans les colonnes du Journal du dimanche ce
    23 juin », not by one more like the rest of the question."""
    if period is None or not ranked or period.names_the_day(ranked[0].sentence.text):
        return list(ranked)
    reach = DAY_REACH * ranked[0].relevance
    lead = next(
        (s for s in ranked if s.relevance >= reach and period.names_the_day(s.sentence.text)),
        None,
    )
    return list(ranked) if lead is None else [lead, *(s for s in ranked if s is not lead)]


def told_elsewhere(citations: Sequence[Citation], period: StoryPeriod | None) -> bool:
    """Whether every quote of an answer comes from an article told far from the period that
    names it neither in the quote nor in its title: the articles of the period do not answer.
    An undated article is told at no known time, so not far from it."""
    return (
        period is not None
        and bool(citations)
        and not any(
            not c.date or period.near(c.date) or period.named_in(f"{c.title} {c.quote}")
            for c in citations
        )
    )
