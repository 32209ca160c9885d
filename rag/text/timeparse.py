"""Time expressions in a question (French, English, German) turned into a date-range filter."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rag.text.lexicon import (
    COUNTED_NOUNS,
    GERMAN_MARKERS,
    MONTH_ABBREVIATIONS,
    MONTH_VARIANTS,
    MONTHS,
    all_languages,
    any_of,
    fold,
    fold_same_length,
)
from rag.text.weekdays import weekday_before
from rag.text.years import counts_things

Span = tuple[date, date]
Rule = Callable[[date], Span]


@dataclass(frozen=True)
class DateRange:
    """Inclusive date bounds named by a question, with the recognised text and its offsets."""

    since: date | None
    until: date | None
    matched: str
    start: int
    end: int


# Matching runs on an accent-folded copy of the question (one character per character, so offsets
# carry over): "février" is matched as "fevrier", "März" as "Marz", "août" as "aout".
_MONTH_NAMES = [  # (full names, abbreviations) of each month, January first
    (
        sorted(
            {fold(names[number - 1]) for names in MONTHS.values()}
            | {fold(variant) for variant in MONTH_VARIANTS.get(number, ())}
        ),
        abbreviations.split(),
    )
    for number, abbreviations in enumerate(MONTH_ABBREVIATIONS, 1)
]
_MONTHS = {
    name: number for number, (full, abbr) in enumerate(_MONTH_NAMES, 1) for name in [*full, *abbr]
}
_FULL = any_of(name for full, _ in _MONTH_NAMES for name in full)
_ABBR = any_of(name for _, abbr in _MONTH_NAMES for name in abbr)
# Words after which a four-digit number is a quantity, not a year ("2000 soldats").
_UNITS = any_of(fold(word) for word in all_languages(COUNTED_NOUNS))
_PARTS = {
    "D": r"(?:3[01]|[12]\d|0?[1-9])(?!\d)",
    "MM": r"(?:1[0-2]|0?[1-9])(?!\d)",
    "Y": r"(?:19|20)\d\d(?!\d)",
    "C": r"(?:19|20)\d0",
    "M": rf"\b(?:(?:{_FULL})\b|(?:{_ABBR})\b\.?)",
    "O": rf"\b(?:(?:{_FULL})\b|(?:{_ABBR})\.)",  # a month alone: abbreviations need their dot
    "N": r"\d{1,4}",
}


def _expand(template: str, named: bool) -> str:
    """The template with <D>, <M>, <Y>... replaced by their patterns, as named groups or not."""

    def part(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"(?P<{key.lower()}>{_PARTS[key]})" if named else f"(?:{_PARTS[key]})"

    return re.sub(r"<([A-Z]+)>", part, template)


def _days_ago(days: int) -> Rule:
    return lambda today: (today - timedelta(days=days), today - timedelta(days=days))


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week(back: int) -> Rule:
    def rule(today: date) -> Span:
        monday = today - timedelta(days=today.weekday() + 7 * back)
        return monday, monday + timedelta(days=6)

    return rule


def _month(back: int) -> Rule:
    def rule(today: date) -> Span:
        year, month0 = divmod(today.year * 12 + today.month - 1 - back, 12)
        return _month_span(year, month0 + 1)

    return rule


def _year(back: int) -> Rule:
    return lambda today: (date(today.year - back, 1, 1), date(today.year - back, 12, 31))


_YEAR = rf"(?<!\d\s)<Y>(?![.,/-]\d)(?![a-z])(?!\s*(?:{_UNITS})\b)(?!\s*[%€$£])"
_DECADE = (
    r"(?:(?:les\s+)?annees\s+(?=(?:19|20)\d0(?!\d))|(?=(?:19|20)\d0(?:s|er)\b))"
    r"<C>(?:s|er(?:\s+jahren?)?)?(?!\w)"
)
_CORE = [  # dates, months and years, most specific first
    r"<Y>-<MM>-<D>",
    r"<D>[./-]<MM>[./-]<Y>",
    r"<D>(?:er|st|nd|rd|th|\.)?\s*(?:of\s+)?<M>,?\s+<Y>",
    r"<M>\s+<D>(?:st|nd|rd|th)?,?\s+<Y>",
    r"<M>,?\s+<Y>",
    r"<D>(?:er|st|nd|rd|th|\.)?\s*(?:of\s+)?<M>",
    _DECADE,
    _YEAR,
]
_RELATIVE: list[tuple[str, Rule | None]] = [  # None: resolved from the <N> group
    (r"avant[- ]hier|vorgestern|the\s+day\s+before\s+yesterday", _days_ago(2)),
    (r"aujourd['’]\s?hui|today|heute", _days_ago(0)),
    # what is said of tomorrow is in today's news (or tomorrow's)
    (
        r"(?:apres[- ])?demain|(?:the\s+day\s+after\s+)?tomorrow|(?<!heute\s)(?<!am\s)morgen"
        r"|ubermorgen",
        lambda today: (today, today + timedelta(days=1)),
    ),
    (r"hier|yesterday|gestern", _days_ago(1)),
    (r"cette\s+semaine|this\s+week|(?:in\s+)?dieser?\s+woche", _week(0)),
    (
        r"la\s+semaine\s+(?:derniere|passee)|last\s+week"
        r"|(?:in\s+der\s+)?(?:letzten?|vergangenen?)\s+woche",
        _week(1),
    ),
    (r"ce\s+mois(?:-ci)?(?!\s+d)|this\s+month|(?:in\s+)?diese[nm]\s+monat", _month(0)),
    (
        r"le\s+mois\s+(?:dernier|passe)|last\s+month|(?:im\s+)?(?:letzten|vergangenen)\s+monat",
        _month(1),
    ),
    (r"cette\s+annee|this\s+year|(?:in\s+)?dies(?:es|em)\s+jahr", _year(0)),
    (
        r"l['’]annee\s+(?:derniere|passee)|l['’]an\s+(?:dernier|passe)|last\s+year"
        r"|(?:im\s+)?(?:letzten|vergangenen)\s+jahr|(?:letztes|vergangenes)\s+jahr",
        _year(1),
    ),
    (r"(?:les|ces)\s+<N>\s+derni(?:er|ere)s\s+(?:jours|semaines)", None),
    (r"(?:the\s+)?(?:last|past)\s+<N>\s+(?:days|weeks)", None),
    (r"(?:in\s+den\s+)?(?:letzten|vergangenen)\s+<N>\s+(?:tagen?|wochen)", None),
]
_FORMS: list[tuple[re.Pattern[str], Rule | None]] = [
    (re.compile(_expand(form, named=True), re.IGNORECASE), rule)
    for form, rule in [(form, None) for form in [*_CORE, "<O>"]] + _RELATIVE
]

_CORE_RE = r"(?<![\w./])(?:" + "|".join(_expand(form, named=False) for form in _CORE) + ")"
RELATIVE_RE = r"\b(?:" + "|".join(_expand(form, False) for form, _ in _RELATIVE) + r")\b"
_PERIOD = f"(?:{_CORE_RE}|{_expand('<O>', False)}|{RELATIVE_RE})"
_ARTICLE = r"(?:(?:le|the|dem|den)\s+|l['’])?"
_MONTH_PREFIX = (  # words that may introduce a month alone: "en mars", "im März", "in March"
    r"(?:(?:en|in|im|au\s+mois\s+de|im\s+monat|in\s+the\s+month\s+of|during|pendant|durant"
    r"|debut|fin|early|late|mid|anfang|ende|mitte)\s+|au\s+mois\s+d['’]|mid-|mi-)"
)
_PREFIX = (
    r"(?:(?:le|on|on\s+the|am|im\s+jahre?|in\s+the\s+year|en\s+l['’]an|l['’]annee)\s+"
    rf"|{_MONTH_PREFIX})"
)
_OPEN = (
    r"\b(?:(?P<since>depuis|since|seit)|(?P<before>avant|before|vor)|(?P<after>apres|after|nach)"
    r"|(?P<until>jusqu['’]\s?(?:en|au|a)|until|till|bis(?:\s+zum)?))\s+"
)
# "after the 2020 lockdown": a year after an article dates a thing, some time in that year
_OPEN_ARTICLE = r"(?:(?P<thing>(?:le|the|dem|den)\s+(?=\d{4}\b))|(?:le|the|dem|den)\s+|l['’])?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in [
        (
            rf"\b(?:entre|between|zwischen|from|de|du|von|vom)\s+{_ARTICLE}(?P<a>{_PERIOD})"
            rf"\s+(?:et|and|und|to|until|till|a|au|bis(?:\s+zum)?)\s+{_ARTICLE}(?P<b>{_PERIOD})",
            "range",
        ),
        (_expand(r"(?<![\w./])(?P<a><Y>)\s*[-–]\s*(?P<b><Y>)(?![\w-])", False), "range"),
        (f"(?P<p>{RELATIVE_RE})", "single"),
        (rf"{_OPEN}{_OPEN_ARTICLE}(?P<p>{_PERIOD})", "open"),
        (rf"(?:\b{_PREFIX})?(?P<p>{_CORE_RE})", "single"),
        (rf"\b{_MONTH_PREFIX}(?P<p>{_expand('<O>', False)})", "single"),
    ]
]
# French "hier" (yesterday) is German "hier" (here): not a date in a German question.
_GERMAN = re.compile(rf"\b(?:{any_of(GERMAN_MARKERS)})\b", re.IGNORECASE)


def _from_groups(
    groups: dict[str, str], original: str, today: date, anchor: date, weekday: int | None = None
) -> Span | None:
    """The span of a date, month, year, decade or "last N days" from its matched parts; a day
    without a year said with its `weekday` (« lundi 30 octobre ») falls in a year where it is
    that weekday."""
    if "n" in groups:
        days = int(groups["n"]) * (7 if re.search("sem|week|woch", original, re.I) else 1)
        return (today - timedelta(days=days - 1), today) if days else None
    if "c" in groups:
        return date(int(groups["c"]), 1, 1), date(int(groups["c"]) + 9, 12, 31)
    if "o" in groups and original == "Mars":  # the planet, not the month
        return None
    name = (groups.get("m") or groups.get("o") or "").rstrip(".").lower()
    month = int(groups["mm"]) if "mm" in groups else _MONTHS.get(name)
    day = int(groups["d"]) if "d" in groups else None
    if "y" in groups:
        year = int(groups["y"])
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return _month_span(year, month)
        try:
            return date(year, month, day), date(year, month, day)
        except ValueError:
            return None
    if month is None:
        return None
    if day is None:  # the most recent such month not after the anchor
        return _month_span(anchor.year - (month > anchor.month), month)
    for year in range(anchor.year, anchor.year - (29 if weekday is not None else 8), -1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= anchor and weekday in (None, found.weekday()):
            return found, found
    return None


def _resolve(
    text: str, original: str, today: date, anchor: date, weekday: int | None = None
) -> Span | None:
    """The span one period expression names; months without a year fall on or before anchor."""
    for pattern, rule in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            if rule:
                return rule(today)
            groups = {key: value for key, value in match.groupdict().items() if value}
            return _from_groups(groups, original, today, anchor, weekday)
    return None


def _bounds(
    match: re.Match[str], kind: str, question: str, today: date, latest: date
) -> tuple[date | None, date | None] | None:
    """The since/until bounds of one match of a top-level pattern, or None if it names no date
    (a month or day without a year falls on or before `latest`)."""

    def period(group: str, anchor: date) -> Span | None:
        start, end = match.span(group)
        if question[start:end].lower() == "hier" and _GERMAN.search(question):
            return None
        if question[start:end].isdigit() and counts_things(question, start, end):
            return None
        weekday = weekday_before(question, start)
        return _resolve(match[group], question[start:end], today, anchor, weekday)

    if kind == "range":
        last = period("b", latest)
        first = period("a", last[1]) if last else None
        if not first or not last:
            return None
        return min(first[0], last[0]), max(first[1], last[1])
    span = period("p", latest)
    if span is None:
        return None
    if kind != "open":
        return span
    if match["thing"]:  # after or before a thing of that year: from its start, to its end
        return (span[0], None) if match["since"] or match["after"] else (None, span[1])
    if match["since"]:
        return span[0], None
    if match["before"]:
        return None, span[0] - timedelta(days=1)
    if match["after"]:
        return span[1] + timedelta(days=1), None
    return None, span[1]


def parse_date_range(question: str, today: date, *, latest: date | None = None) -> DateRange | None:
    """The date range a question asks about, or None when it names no time. Relative words
    ("hier") count from `today`; a month or day without a year ("le 11 mai") is the most recent
    one not after `latest` (an archive's last day: the latest 11 May it can hold)."""
    folded = fold_same_length(question)
    found: list[tuple[tuple[bool, int, int, int], DateRange]] = []
    for rank, (pattern, kind) in enumerate(_PATTERNS):
        for match in pattern.finditer(folded):
            bounds = _bounds(match, kind, question, today, min(latest or today, today))
            if bounds:
                start, end = match.span()
                key = (kind != "range", start, start - end, rank)
                found.append((key, DateRange(*bounds, question[start:end], start, end)))
    return min(found, key=lambda item: item[0])[1] if found else None
