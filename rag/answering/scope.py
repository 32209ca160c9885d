"""The scope of a question: the caller's filter, and the period its own time expression names,
imposed as a filter or only preferred."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rag.filters import SearchFilter
from rag.text.lexicon import fold_same_length
from rag.text.questionforms import looks_ahead
from rag.text.timeparse import RELATIVE_RE, DateRange, parse_date_range

_A_YEAR = timedelta(days=366)


@dataclass(frozen=True)
class Scope:
    """What a question is searched within (`filter`), and the period it names when that
    period is preferred rather than imposed (`prefer`: the filter narrowed to it)."""

    filter: SearchFilter
    prefer: SearchFilter | None = None
    # the question gave no year (« le 23 janvier »): the latest one the archive holds is a guess,
    # so it is only preferred, and no note names it
    guessed: bool = False
    # the question looks ahead (a forecast, a plan): its period may lie after the archive
    ahead: bool = False

    @property
    def period(self) -> SearchFilter:
        """The filter with the question's own dates, whether imposed or preferred."""
        return self.prefer or self.filter


def question_scope(
    question: str,
    given: SearchFilter,
    today: date,
    date_span: Callable[[], tuple[date, date] | None],
) -> Scope:
    """The caller's filter, plus the dates a time expression in the question names: as a
    filter when they say when the news was told (« hier », "last week", « depuis 2019 »),
    as a preference when they date the story (« le 8 décembre 2018 », « en 2019 »), which
    is often told on another day: the next day, weeks later, or ahead of it (a question that
    `looks_ahead` may be answered from before its period, even after the archive's last day).

    A month or day without a year is the latest one the archive holds, a guess: only ever
    preferred (the flu's « cas graves depuis le 1er novembre » of an article from January 2019
    are not those since 1 November 2019). In an archive with no dated article, the question's
    dates neither filter nor prefer (« Combien de listes LO a-t-elle présentées en 2001 ? » on
    Wikipedia was answered with « Les articles de 2001 ne répondent pas »)."""
    if given.since or given.until:
        return Scope(given)
    archive = date_span()
    if archive is None:  # no article is dated (an encyclopedia): dates say nothing of them
        return Scope(given)
    latest = archive[1] if archive[1] < today else today
    named = parse_date_range(question, today, latest=latest)
    if named is None:
        return Scope(given)
    period = replace(given, since=named.since, until=named.until)
    if parse_date_range(question, today, latest=latest - _A_YEAR) != named:
        return Scope(given, prefer=period, guessed=True)
    if told_then(named):
        return Scope(period)
    return Scope(given, prefer=period, ahead=looks_ahead(question))


def told_then(named: DateRange) -> bool:
    """Whether a question's time expression says when the news was told rather than when its
    story happened: a relative one (« hier », "last week") or an open one (« depuis 2019 »)."""
    relative = re.search(RELATIVE_RE, fold_same_length(named.matched), re.IGNORECASE)
    return named.since is None or named.until is None or relative is not None
