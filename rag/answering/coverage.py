"""What the archive covers, said when a question's own dates match no article.

"Qui a gagné la Coupe du monde 2022 ?" on an archive that ends in September 2020 finds nothing
in 2022; the search then runs without the dates (the date may be what a story is about, "le 22
juin 1941"), and the answer must say so rather than quote another event as if it were the one
asked about. After the archive's last day nothing can have been reported, so such a question is
refused; before its first day, or in a gap inside it, the answer comes with a note naming the
period and what the archive covers.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from rag.filters import SearchFilter
from rag.text.analysis import as_language
from rag.text.lexicon import month_name
from rag.types import Answer, Passage

_NONE_IN = {
    "fr": "Aucun article {period} ; l’archive couvre {first} - {last}.",
    "en": "No article {period}; the archive covers {first} - {last}.",
    "de": "Kein Artikel {period}; das Archiv reicht von {first} bis {last}.",
}
_CLOSEST = {
    "fr": " Le plus proche : « {title} »{when}.",
    "en": " The closest: “{title}”{when}.",
    "de": " Am nächsten kommt: „{title}“{when}.",
}
_OTHER_DATES = {
    "fr": "Réponse tirée d’articles d’autres dates :",
    "en": "Answered from articles of other dates:",
    "de": "Antwort aus Artikeln anderer Daten:",
}


def _month(day: date, lang: str) -> str:
    return f"{month_name(day.month, lang)} {day.year}"


def describe_period(since: date | None, until: date | None, lang: str) -> str:
    """ "de 2022", "de mars 2020", "du 3 mars 2015", "après 2019"... in `lang`."""
    language = as_language(lang)
    words = {
        "fr": ("de", "du", "au", "avant le", "après le"),
        "en": ("from", "from", "to", "before", "after"),
        "de": ("aus", "vom", "bis", "vor dem", "nach dem"),
    }[language]
    of, from_, to, before, after = words
    if since and until:
        if (since.month, since.day, until.month, until.day) == (1, 1, 12, 31):
            years = str(since.year) if since.year == until.year else f"{since.year}-{until.year}"
            return f"{of} {years}"
        last_day = calendar.monthrange(since.year, since.month)[1]
        if since.day == 1 and until == since.replace(day=last_day):
            return f"{of} {_month(since, language)}"
        if since == until:
            return f"{from_} {since.isoformat()}"
        return f"{from_} {since.isoformat()} {to} {until.isoformat()}"
    if since:
        return f"{after} {since.isoformat()}"
    return f"{before} {until.isoformat() if until else ''}".strip()


def _passage_day(passage: Passage) -> date | None:
    try:
        return date.fromisoformat((passage.date or "")[:10])
    except ValueError:
        return None


def dates_dropped(scope: SearchFilter, passages: Sequence[Passage]) -> bool:
    """Whether the question's dates (`scope`) were dropped: no passage falls within them."""
    if not (scope.since or scope.until) or not passages:
        return False
    for passage in passages:
        day = _passage_day(passage)
        if (
            day
            and (not scope.since or day >= scope.since)
            and (not scope.until or day <= scope.until)
        ):
            return False
    return True


@dataclass(frozen=True)
class Coverage:
    """What the archive covers, when a question's own dates matched no article."""

    note: str  # « Aucun article de 2022 ; l’archive couvre février 2011 - septembre 2020. »
    after_archive: bool  # the dates lie after the archive's last day: nothing can answer


def check_coverage(
    scope: SearchFilter,
    passages: Sequence[Passage],
    archive_span: Callable[[], tuple[date, date] | None],
    lang: str,
) -> Coverage | None:
    """The archive's coverage when the question's dates (`scope`) matched no passage
    (`archive_span()`: its first and last article dates, read only then); None otherwise."""
    if not dates_dropped(scope, passages):
        return None
    archive = archive_span()
    if archive is None:
        return None
    language = as_language(lang)
    first, last = archive
    note = _NONE_IN[language].format(
        period=describe_period(scope.since, scope.until, language),
        first=_month(first, language),
        last=_month(last, language),
    )
    return Coverage(note, bool(scope.since and scope.since > last))


def with_coverage(
    answer: Answer, coverage: Coverage | None, passages: Sequence[Passage], lang: str
) -> Answer:
    """The answer (extractive or an LLM's), told what the archive covers: refused when the
    question's dates lie after the archive's last day, else prefixed with the note."""
    if coverage is None:
        return answer
    language = as_language(lang)
    note = coverage.note
    if coverage.after_archive:
        closest = passages[0]
        when = f" ({closest.date[:10]})" if closest.date else ""
        text = note + _CLOSEST[language].format(title=closest.title, when=when)
        return replace(answer, text=text, found=False, citations=[], note=note)
    if not answer.found:
        both = " ".join(part for part in (note, answer.note) if part)
        return replace(answer, text=f"{note} {answer.text}", note=both)
    body = answer.text.removeprefix(answer.note).lstrip()
    note = " ".join(part for part in (note, _OTHER_DATES[language], answer.note) if part)
    return replace(answer, text=f"{note} {body}", note=note)


def note_coverage(
    answer: Answer,
    scope: SearchFilter,
    passages: Sequence[Passage],
    archive_span: Callable[[], tuple[date, date] | None],
    lang: str,
) -> Answer:
    """`with_coverage` of the coverage `check_coverage` finds."""
    coverage = check_coverage(scope, passages, archive_span, lang)
    return with_coverage(answer, coverage, passages, lang)
