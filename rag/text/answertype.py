"""The kinds of answer a question may ask for, and the spans of a kind in a sentence.

« Combien de morts à Kharkiv ? » asks for `Kind.QUANTITY` (`rag.text.questionforms`);
`candidate_spans(sentence, Kind.QUANTITY)` finds "17 blessés", "deux milliards d'euros",
"3,5 %". A sentence without a span of the asked kind does not answer the question, however much
it shares its words. Rules, not a model, for French, English and German news.
"""

from __future__ import annotations

import re
from enum import Enum

from rag.text.ages import AGE_TOLD, gives_age, gives_time
from rag.text.lexicon import (
    MONTHS,
    NOT_NAMES,
    PLACE_PREPOSITIONS,
    SCALE_WORDS,
    TIME_UNITS,
    WEEKDAYS,
    all_languages,
    any_of,
    fold,
    spellings,
)
from rag.text.numberwords import WORD_NUMBER


class Kind(Enum):
    """The kind of answer a question expects."""

    QUANTITY = "quantity"
    DATE = "date"
    DURATION = "duration"
    AGE = "age"
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    REASON = "reason"
    OTHER = "other"


_ORDINAL = r"(?:e|er|re|ère|eme|ème|th|st|nd|rd)\b"
_SCALES = any_of(SCALE_WORDS)
_SCALE = rf"(?:\s+(?:{_SCALES})(?![\w]))?"
# « un million de personnes », „eine Milliarde Euro“ count; « une quarantaine de » (no quarantine)
_ONE_SCALED = rf"\b(?:une?|a|one|eine?)\s+(?:{_SCALES})(?![\w])|\bune\s+quarantaine(?=\s+d)"
_NUMBER = (
    rf"(?:(?:(?<![\w-])(?:\d{{1,3}}(?:[\s\u00a0\u202f.,]\d{{3}})+(?!\d)"
    rf"|\d+(?:[.,]\d+)?(?![\d]|{_ORDINAL}))|\b(?:{WORD_NUMBER})\b)"
    rf"{_SCALE}|{_ONE_SCALED})"
)
_UNIT = r"(?:\s*(?:%|‰|€|\$|£)|\s+(?:d['’]\s*|de\s+|of\s+)?[\w'’-]+)?"
_QUANTITY = re.compile(rf"{_NUMBER}{_UNIT}", re.IGNORECASE)
_TIME_UNITS = any_of(spellings(all_languages(TIME_UNITS)))
_SOME = r"un|une|a|an|one|ein|eine[nm]?|quelques|plusieurs|several|a few|einige|mehrere"
_LASTING = rf"(?:{_NUMBER}|\b(?:{_SOME}))\s+(?:{_TIME_UNITS})\b"
_DURATION = re.compile(_LASTING, re.IGNORECASE)
# An age in years, or in any unit where the words say it is one: « à l'âge de 6 mois », "at
# the age of 84", „im Alter von 84 Jahren“ (a calf's or a baby's is told in months); the span
# is then the age told (`told`).
_AGE = re.compile(
    r"\b\d{1,3}\s*(?:ans|an|years?(?:[\s-]old)?|jahre(?:\s+alt)?|jährige[rn]?)\b"
    r"|\b\d{1,3}-year-old\b|\bâgée?s? de \d{1,3}(?:\s*ans)?\b|\baged \d{1,3}\b"
    rf"|\b(?:{AGE_TOLD}) "
    r"(?P<told>(?:\d{1,3} (?:ou|à|or|to|oder|bis) )?\d{1,3}(?:\s+(?:ans|mois|semaines|jours"
    r"|years|months|weeks|days|jahren|monaten|wochen|tagen))?)\b",
    re.IGNORECASE,
)
_MONTHS = any_of(spellings(all_languages(MONTHS)))
_WEEKDAYS = any_of(all_languages(WEEKDAYS))
_DATE = re.compile(
    rf"\b(?:(?:{_WEEKDAYS})\s+)?(?:\d{{1,2}}(?:er|st|nd|rd|th|\.)?\s+)?(?:{_MONTHS})"
    rf"(?:\s+\d{{4}})?\b|\b(?:1\d|20)\d\d\b|\b(?:{_WEEKDAYS})\b"
    # centuries and eras: « XIIe siècle », "12th century", "12. Jahrhundert", « 52 av. J.-C. »
    r"|\b[IVXL]+(?:e|er|ème)\s+siècle\b|\b\d{1,2}(?:e|er|ème|th|st|nd|rd|\.)\s+(?:siècle|century"
    r"|jahrhundert)\b|\b\d{1,4}\s+(?:av\.?|avant|apr\.?|après)\s+J\.?-?C\b|\b\d{1,4}\s+(?:BC|AD)\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}\s*h\s*\d{0,2}\b|\b(?:minuit|midnight)\b"
    r"|(?:(?<=à )|(?<=vers )|(?<=dès ))\d{1,2}\s+heures?\b|\b\d{1,2}\s+o['’]clock\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.m\.|uhr\b)"
    r"|\b(?:hier|avant-hier|aujourd['’]hui|demain|yesterday|today|tomorrow|gestern|heute"
    r"|morgen)\b",
    re.IGNORECASE,
)
# A time told from another (« quelques mois avant sa mort », « le lendemain », "2 years ago"):
# it answers "when", not "what year".
_RELATIVE_DATE = re.compile(
    rf"{_LASTING}\s+(?:avant|après|plus tard|plus tôt|auparavant|later|earlier|before|after|ago"
    rf"|später|früher|zuvor|vor|nach)\b|\b(?:il y a|vor)\s+{_LASTING}"
    r"|\b(?:la veille|le lendemain|the day before|the next day|am vortag|am nächsten tag"
    r"|l['’]année (?:suivante|précédente)|the following (?:day|week|year))\b"
    # told from an event: « durant les mois qui suivirent la bataille », « au lendemain de »,
    # "in the weeks after", „in den Tagen nach“
    r"|\b(?:dans|durant|pendant|au cours)\s+(?:les|des)\s+(?:\w+\s+)?(?:heures|jours"
    r"|semaines|mois|années|ans)\s+qui\s+(?:suivi\w*|précédé\w*|précéd\w*|ont\s+(?:suivi|précédé))"
    r"|\b(?:au lendemain|à la veille)\s+d(?:[eu]\b|['’])"
    r"|\b(?:in|during|within)\s+the\s+(?:\w+\s+)?(?:hours|days|weeks|months|years)\s+"
    r"(?:after|following|before|preceding)\b"
    r"|\bin\s+den\s+(?:\w+\s+)?(?:stunden|tagen|wochen|monaten|jahren)\s+(?:nach|vor)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:parce que?|parce qu['’]|car|en raison d[eu]s?|à cause d[eu]s?|a cause d[eu]s?"
    r"|du fait d[eu]s?|grâce à|grace a|afin d[e']|pour (?:des raisons|protester|dénoncer)"
    r"|faute d[e']|suite à|because|due to|owing to|as a result of|in order to|so that|weil"
    r"|wegen|denn|aufgrund|da\s|damit|um\s+\w+\s+zu)\b[^.;]*",
    re.IGNORECASE,
)
_CAPITAL = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_TITLES = r"(?:M\.|MM\.|Mme|Mlle|Dr\.?|Pr\.?|Me|Mr\.?|Mrs\.?|Ms\.?)"
_PARTICLE = r"(?:de|du|des|de la|d['’]|von|van|der|den|al|el|la|le|di|da|dos|bin|ben)"
_NAME = re.compile(
    rf"(?:{_TITLES}\s+)?"
    rf"{_CAPITAL}(?:\s+(?:{_PARTICLE}\s*)?{_CAPITAL})*|\b[A-Z]{{2,}}[\w-]*\b"
)
# Numbers that count nothing (`\0` marks where the span starts): a year after "en", "in", a
# month..., a name's number ("France 2"), a day of the month (« 11 octobre », „11. Oktober“).
_NOT_A_COUNT = re.compile(
    r"(?:\b(?i:en|in|im|de|du|depuis|since|seit|dès|des|jusqu['’]en|avant|après|before|after"
    r"|année|year|jahr|of|von)\s+\0(?:1[5-9]|20)\d\d\b(?!\s*(?:%|€|\$|[.,]\d))"
    rf"|\0\d{{1,2}}(?:er|\.)?\s+(?i:{_MONTHS})\b|(?i:{_MONTHS})\s+\0(?:1[5-9]|20)\d\d\b"
    r"|(?<=[a-zà-ÿ,] )[A-ZÀ-Þ][\w-]*\s\0\d{1,2}\b(?![.,]\d))"
)
# Words after which a name is a place, not a person.
_PLACE_BEFORE = re.compile(
    rf"\b(?i:{any_of(PLACE_PREPOSITIONS)})\s+(?:(?i:le|la|les|the|der|die|den)\s+|(?i:l)['’])?$"
)
_AT = re.compile(r"(?<!\w)(?i:à)\s+$")  # « à Beaucaire »: a town, « à Jacques Chirac »: no
_NOT_NAMES = frozenset(fold(word) for word in NOT_NAMES)
_SPAN_PATTERNS: dict[Kind, list[re.Pattern[str]]] = {
    Kind.QUANTITY: [_QUANTITY],
    Kind.DURATION: [_DURATION],
    Kind.AGE: [_AGE],
    Kind.DATE: [_DATE, _RELATIVE_DATE],
    Kind.REASON: [_REASON],
    Kind.PERSON: [_NAME],
    Kind.ORGANISATION: [_NAME],
    Kind.PLACE: [_NAME],
}
# How much of its relevance a sentence keeps when it holds no span of the asked kind. Reliable
# detectors (numbers, dates, ages) take more; names and reasons can hide in words they miss.
MISSING_KIND_FACTOR: dict[Kind, float] = {
    Kind.QUANTITY: 0.7,
    Kind.DURATION: 0.75,
    Kind.AGE: 0.75,
    Kind.DATE: 0.75,
    Kind.PERSON: 0.85,
    Kind.ORGANISATION: 0.85,
    Kind.PLACE: 0.85,
    Kind.REASON: 0.9,
    Kind.OTHER: 1.0,
}
# A person asked for, and only a lone capitalised word or an acronym to give it (« Maurice »,
# « Beaucaire », « FN »): news gives a person a first name or a title at least once.
LONE_NAME_FACTOR = 0.93
# An elided article and the word it opens: « L'association », « D'après », « Qu'il ».
_ELIDED_WORD = re.compile(r"(?:[LlDd]|Qu|qu)['’]\w+")
_TITLE = re.compile(rf"{_TITLES}\s")
# A word elided into a verb or pronoun names no one: « C'est », « S'il », « J'ai ».
_ELIDED_OPENER = re.compile(r"(?:[CcSsJj]|Qu|qu)['’]\w+")
# A year as written: « 1998 », « en 814 », "in 814", „im Jahr 814“.
_YEAR = re.compile(r"\b(?:1\d|20)\d\d\b|\b(?i:en|in|im jahr|an)\s+(\d{3})\b")
# A regnal number or an ordinal century as written (« XIV », « XVIIIe »).
ROMAN_NUMERAL = re.compile(r"[IVXL]{1,6}(?:er|e)?")


def holds_kind(fit: float, kind: Kind) -> bool:
    """Whether a sentence's kind fit says it holds a span of the asked kind (for a person, a
    lone capitalised word may name them)."""
    return fit >= (LONE_NAME_FACTOR if kind is Kind.PERSON else 1.0)


def full_name(span: str) -> bool:
    """Whether a name span reads as a person's full name: two capitalised words at least
    (not an acronym), one and a regnal number, or one after a title (« M. Attal »)."""
    if _TITLE.match(span):
        return True
    words = span.split()
    names = [w for w in words if w[:1].isupper() and not (w.isupper() and len(w) > 1)]
    # a regnal number names one person: « Clément XII », « Louis XIV », "Elizabeth II"
    return len(names) >= 2 or (len(names) == 1 and any(ROMAN_NUMERAL.fullmatch(w) for w in words))


def candidate_spans(text: str, kind: Kind, relative: bool = True) -> list[tuple[int, int]]:
    """The `[start, end)` spans of `text` that could answer a question of this kind
    (`relative`: a date told from another, « le lendemain », counts)."""
    spans: list[tuple[int, int]] = []
    for pattern in _SPAN_PATTERNS.get(kind, []):
        if pattern is _RELATIVE_DATE and not relative:
            continue
        for match in pattern.finditer(text):
            start, end = match.span("told" if match.groupdict().get("told") else 0)
            if kind in (Kind.PERSON, Kind.ORGANISATION, Kind.PLACE):
                start, end = _trim_name(text, start, end)
                if start >= end:
                    continue
            if kind is Kind.QUANTITY and _NOT_A_COUNT.search(
                text[max(0, start - 40) : start] + "\0" + text[start : end + 40]
            ):
                continue
            if kind is Kind.DURATION and gives_age(text, start, end):
                continue
            if kind is Kind.AGE and (gives_time(text, start, end) or _told_from(text, start)):
                continue  # « depuis 20 ans », « il y a 20 ans »: a time, not an age
            if kind is Kind.PERSON:  # no article before a person: « L'association Alix »
                start, end = _without_article(text, start, end)
                if start >= end:
                    continue
            if kind is Kind.PERSON and _PLACE_BEFORE.search(text, 0, start):
                continue  # « en Savoie », "in Paris": a place
            if kind is Kind.PERSON and _AT.search(text, 0, start) and " " not in text[start:end]:
                continue
            spans.append((start, end))
    return sorted(set(spans))


def _told_from(text: str, start: int) -> bool:
    """Whether the span at `start` opens or sits in a time told from another (« il y a 20
    ans », « 20 ans plus tard », "20 years ago")."""
    return any(m.start() <= start < m.end() for m in _RELATIVE_DATE.finditer(text))


def _without_article(text: str, start: int, end: int) -> tuple[int, int]:
    """A name span without an elided article opening it (« L'association », « D'après »):
    a person's name never takes one, a thing's capitalised at a sentence's start does."""
    match = _ELIDED_WORD.match(text, start, end)
    if match is None:
        return start, end
    rest = text[match.end() : end].lstrip()
    return (end - len(rest), end) if rest else (end, end)


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A capitalised run without the sentence-opening words it may begin with."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and (
        fold(words[0].group(0).rstrip(".,")) in _NOT_NAMES
        or _ELIDED_OPENER.fullmatch(words[0].group(0).rstrip(".,"))
    ):
        words.pop(0)
    if not words:
        return start, start
    return start + words[0].start(), end


def age_of_another(text: str, start: int, question_words: set[str]) -> bool:
    """Whether the age at `start` is another person's than the one the question names: the
    full name nearest before it is not the question's, and one before that is (« Keke Palmer
    ... hommage à Chadwick Boseman, décédé à l'âge de 43 ans » for Keke Palmer's age)."""
    names = [
        text[s:e] for s, e in candidate_spans(text[:start], Kind.PERSON) if full_name(text[s:e])
    ]

    def asked(name: str) -> bool:
        named = (w for w in re.findall(r"\w+", name) if w[:1].isupper() and len(w) > 2)
        return any(fold(w) in question_words for w in named)

    return bool(names) and not asked(names[-1]) and any(asked(name) for name in names[:-1])


def gives_year(text: str, question_words: set[str]) -> bool:
    """Whether `text` gives a year that is not the question's own: what « En quelle année
    ... ? » asks for, which « mercredi 22 février » does not give."""
    return bool(year_spans(text, question_words))


def year_spans(text: str, question_words: set[str]) -> list[tuple[int, int]]:
    """The spans of the years in `text` that are not the question's own."""
    spans = []
    for match in _YEAR.finditer(text):
        group = 1 if match.group(1) else 0
        if match.group(group) not in question_words:
            spans.append((match.start(group), match.end(group)))
    return spans


def all_in(span_text: str, question_words: set[str]) -> bool:
    """Whether a span is made only of the question's own words ("OTAN" for "... l'OTAN ?")."""
    words = re.findall(r"\w+", fold(span_text))
    return bool(words) and all(w in question_words for w in words)
