"""What the archive covers, said when a question's own dates match no article.

"Qui a gagné la Coupe du monde 2022 ?" on an archive that ends in September 2020 finds nothing
in 2022; the search then has only other dates to offer (the date may be what a story is about,
"le 22 juin 1941"), and the answer must say so rather than quote another event as if it were
the one asked about. After the archive's last day nothing can have been reported, so such a
question is refused; before its first day, or in a gap inside it, the answer comes with a note
naming the period and what the archive covers. A year asked about may also be when a story
happened rather than when it was told (a company's 2019 results come out in 2020): when no
article of that year names the question's subject and others do, those answer, and the answer
says so; so does an answer quoted only from articles told far from the period
(`rag.answering.dated`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rag.filters import SearchFilter, stored_day
from rag.store.keyword import KeywordIndex
from rag.text.analysis import LANGUAGES, as_language
from rag.text.answertype import ROMAN_NUMERAL
from rag.text.lexicon import MONTHS, WEEKDAYS, all_languages, fold, month_name
from rag.text.questionnames import name_words
from rag.types import Answer, Passage

_NONE_IN = {
    "fr": "Aucun article {period} ; l’archive couvre {first} - {last}.",
    "en": "No article {period}; the archive covers {first} - {last}.",
    "de": "Kein Artikel {period}; das Archiv reicht von {first} bis {last}.",
}
# The note when no article of the question's period names its subject: template, quotes, "or".
_NOT_NAMED = {
    "fr": ("Aucun article {period} ne nomme {names}.", "« {} »", " ni "),
    "en": ("No article {period} names {names}.", "“{}”", " or "),
    "de": ("Kein Artikel {period} nennt {names}.", "„{}“", " oder "),
}
# The note when every quote comes from far from a period the question dates its story by.
_NOT_OF_PERIOD = {
    "fr": "Les articles {period} ne répondent pas.",
    "en": "The articles {period} do not answer.",
    "de": "Die Artikel {period} beantworten die Frage nicht.",
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


def _day(day: date, lang: str) -> str:
    """« 1er juin 2019 », "9 June 2019", „9. Juni 2019“."""
    if lang == "de":
        return f"{day.day}. {_month(day, lang)}"
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {_month(day, lang)}"


def describe_period(since: date | None, until: date | None, lang: str) -> str:
    """ "de 2022", "de mars 2020", "du 3 mars 2015", "après le 1er janvier 2019"... in `lang`."""
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
            month = _month(since, language)
            if language == "fr" and month[0] in "aeiouéèêâô":  # « d’août 2018 », « d’avril »
                return f"d’{month}"
            return f"{of} {month}"
        if since == until:
            return f"{from_} {_day(since, language)}"
        return f"{from_} {_day(since, language)} {to} {_day(until, language)}"
    if since:
        return f"{after} {_day(since, language)}"
    return f"{before} {_day(until, language) if until else ''}".strip()


def dates_dropped(scope: SearchFilter, passages: Sequence[Passage]) -> bool:
    """Whether the question's dates (`scope`) were dropped: no passage falls within them."""
    if not (scope.since or scope.until) or not passages:
        return False
    for passage in passages:
        day = stored_day(passage.date)
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
    *,
    ahead: bool = False,
    holds: Callable[[SearchFilter], bool] | None = None,
) -> Coverage | None:
    """The archive's coverage when the question's dates (`scope`) matched no passage
    (`archive_span()`: its first and last article dates, read only then); None otherwise.
    `ahead`: the question asks for a forecast, which earlier articles may give even of a
    period after the archive's last day. `holds(scope)`: whether the archive has articles
    of the period; then they are said not to answer, not to be missing (20,000 articles
    hold May 2018, none of those found answered « ... son salaire de mai 2018 »)."""
    if not dates_dropped(scope, passages):
        return None
    archive = archive_span()
    if archive is None:
        return None
    language = as_language(lang)
    if holds is not None and holds(scope):
        described = describe_period(scope.since, scope.until, language)
        return Coverage(_NOT_OF_PERIOD[language].format(period=described), after_archive=False)
    first, last = archive
    note = _NONE_IN[language].format(
        period=describe_period(scope.since, scope.until, language),
        first=_month(first, language),
        last=_month(last, language),
    )
    return Coverage(note, bool(scope.since and scope.since > last) and not ahead)


# A period this long or longer (« en 2019 ») may be when the story happened, not when it was told.
_A_YEAR = timedelta(days=364)
# A month, a weekday or a Roman numeral is capitalised in a question without being its subject.
_NO_NAME = frozenset(fold(word) for word in all_languages(MONTHS) + all_languages(WEEKDAYS))


def unnamed_in_period(
    question: str, lang: str, scope: SearchFilter, given: SearchFilter, index: KeywordIndex
) -> tuple[str, ...]:
    """The question's names (as written) when no article of its period names any of them and
    other articles of the archive do: « le chiffre d'affaires de Nokia en 2019 » is reported
    in 2020. Only for a period read from the question (`scope`, not the caller's `given`
    filter) of a year or more; empty otherwise, or when the question names nothing."""
    if scope == given or not (scope.since or scope.until):
        return ()
    if scope.since and scope.until and scope.until - scope.since < _A_YEAR:
        return ()  # a day or a month asked about is when the news was told
    words = name_words(question, as_language(lang))
    names = [w for w in words if fold(w) not in _NO_NAME and not ROMAN_NUMERAL.fullmatch(w)]
    if not names:
        return ()

    def named_within(search_filter: SearchFilter) -> bool:
        # stemmed as each language would: the articles' language may not be the question's
        query = " ".join(names)
        return any(index.search(query, 1, each, search_filter) for each in LANGUAGES)

    return tuple(names) if not named_within(scope) and named_within(given) else ()


def unnamed_coverage(scope: SearchFilter, names: Sequence[str], lang: str) -> Coverage:
    """The note for an answer drawn from other dates because no article of the question's
    period names its subject (`names`, from `unnamed_in_period`)."""
    language = as_language(lang)
    template, quote, joiner = _NOT_NAMED[language]
    listed = joiner.join(quote.format(name) for name in names)
    period = describe_period(scope.since, scope.until, language)
    return Coverage(template.format(period=period, names=listed), after_archive=False)


def elsewhere_coverage(period: SearchFilter, lang: str) -> Coverage:
    """The note for an answer whose quotes all come from far from the period the question
    dates its story by (`dated.told_elsewhere`): « Les articles de 2019 ne répondent pas. »"""
    language = as_language(lang)
    described = describe_period(period.since, period.until, language)
    return Coverage(_NOT_OF_PERIOD[language].format(period=described), after_archive=False)


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
