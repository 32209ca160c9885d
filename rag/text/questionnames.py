"""The names a question asks about: its capitalised words after the first, less German nouns
(German capitalises every noun: « der Chef » is no name)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.text.analysis import words
from rag.text.countries import country_names
from rag.text.glossary import counted_in_languages
from rag.text.lexicon import MONTHS, PLACE_PREPOSITIONS, WEEKDAYS, all_languages, any_of, fold

# A capitalised word that does not open the question: "Kharkiv" in "Combien de morts à Kharkiv ?"
_NAME_WORD = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-ZÀ-ÖØ-Þ][\w-]+")

# German capitalises every noun: one after an article or a determiner (« der Chef », « die
# ehemalige Bürgermeisterin », « im Hyper ») is a noun, not a name.
_GERMAN_NOUN = re.compile(
    r"\b(?i:der|die|das|den|dem|des|ein|eine[mnrs]?|kein\w*|im|am|zum|zur|vom|beim|ins"
    r"|mein\w*|dein\w*|sein\w*|ihr\w*|unser\w*|euer\w*|diese[mnrs]?|jede[mnrs]?"
    r"|welche[mnrs]?|viele[nr]?|wenige[nr]?|mehrere[nr]?|einige[nr]?|alle[nr]?"
    r"|mehr|weniger|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
    r"\s+(?:[a-zäöüß][\w-]*\s+){0,2}([A-ZÄÖÜ][\w-]*)"
)
# German nouns made from other words, and their plurals (Löschungen, Gesundheit, Gesellschaft,
# Tourismus, Universität, Organisation, Sprecherin, Ergebnisse, Häftlinge, Aktivistinnen,
# Innenministerium, Kritik): a name seldom ends so (a few do: Hornung, « Fondation », whose
# other words still name it).
_GERMAN_NOUN_ENDING = re.compile(
    r"\w{3,}(?:ung|heit|keit|schaft|ismus|itat|tion|erin|orin|istin|tik)(?:en|nen)?"
    r"|\w{3,}(?:nisse|linge|innen)n?|\w{3,}ium"
)


def _german_nouns(question: str) -> set[str]:
    """The folded capitalised words of a German question that are nouns, not names: those
    after an article, a determiner or a number word (« mehr Löschungen », « drei Söhne »; not
    after a figure: « 2019 in Paris »), those the glossary lists (Soldaten) and those with a
    noun's ending (`_GERMAN_NOUN_ENDING`), except a country's name (« die Schweiz »)."""
    nouns = {fold(word) for word in _GERMAN_NOUN.findall(question)}
    nouns |= {
        fold(w)
        for w in _NAME_WORD.findall(question)
        if counted_in_languages(w) or _GERMAN_NOUN_ENDING.fullmatch(fold(w))
    }
    countries = {w for name in country_names(question, "de") for w in words(name)}
    return nouns - countries


def question_names(question: str, lang: str) -> set[str]:
    """The folded capitalised words of `question` after its first that are names: "kharkiv" in
    "Combien de morts à Kharkiv ?"; in German, not the nouns (`_german_nouns`). A name whose
    parts are all capitalised also gives them (`_folded`)."""
    return _folded(name_words(question, lang), lang)


def _folded(names: Iterable[str], lang: str) -> set[str]:
    """`names` folded, with the parts of a hyphenated one whose parts are all capitalised
    (« Jean-Louis », « Seine-Saint-Denis »; not « Île-de-France » nor « Covid-19 »): the
    question's terms are those parts. Not in German, whose compounds are nouns as often as
    names (« Anti-China-Kommentare »)."""
    folded: set[str] = set()
    for name in names:
        folded.add(fold(name))
        parts = name.split("-")
        if lang != "de" and len(parts) > 1 and all(part[:1].isupper() for part in parts):
            folded.update(fold(part) for part in parts)
    return folded


# A name after these is where something happened, not what the question is about (« interpellé
# à Rabat », "in Paris", „in Berlin“): the place prepositions, and « à », "at", "near", whose
# name may be a person's in a sentence (« à Jacques Chirac ») but not in a question's subject.
_AT_PLACE = re.compile(rf"\b(?i:{any_of((*PLACE_PREPOSITIONS, 'à', 'près de', 'at', 'near'))})\s+$")


def subject_names(question: str, lang: str) -> set[str]:
    """The folded names of what `question` is about: its names (`question_names`) less those
    right after a word of place, which say where it happened ("karim" and "belhadj", not
    "rabat", in « Quel âge a le journaliste Karim Belhadj interpellé mardi à Rabat ? »); all
    of them when every one is a place."""
    names = question_names(question, lang)
    placed = (m for m in _NAME_WORD.finditer(question) if _AT_PLACE.search(question, 0, m.start()))
    return names - _folded((m.group() for m in placed), lang) or names


# Months and weekdays: English and German capitalise them, French does not; in every language
# they date the question (`rag.text.timeparse`), they do not name its subject.
_CALENDAR = frozenset(fold(w) for w in (*all_languages(MONTHS), *all_languages(WEEKDAYS)))
# Months that are also names (Theresa May, August Diehl): dates only where a date is written.
_ALSO_NAMES = frozenset({"may", "march", "august"})
_DATE_BEFORE = re.compile(
    r"(?:\d\.?|\b(?i:in|im|on|of|since|until|by|early|late|mid|seit|bis|ab|vom|zum|ende|anfang"
    r"|mitte|beginn))\s+$"
)
_DATE_AFTER = re.compile(r",?\s+\d")
_NAME_BEFORE = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w-]*\s+$")
# German nouns that place a date in its month or year (« Ende Juli 2019 »; not Michael Ende).
_DATE_NOUNS = frozenset({"ende", "anfang", "mitte", "beginn"})
_NEXT_WORD = re.compile(r"\s+([\w.]+)")


def _dates(question: str, word: re.Match[str]) -> bool:
    """Whether the capitalised `word` is a month or a weekday that dates the question ("in
    January 2017", "on Saturday"; not "Black Friday" nor "Theresa May", names), or a German
    noun placing a date in its month (« Ende Juli »)."""
    folded = fold(word.group())
    after = question[word.end() :]
    if folded in _DATE_NOUNS:
        following = _NEXT_WORD.match(after)
        if following is None:
            return False
        return fold(following.group(1)) in _CALENDAR or following.group(1)[:1].isdigit()
    if folded not in _CALENDAR:
        return False
    if _DATE_BEFORE.search(question, 0, word.start()) or _DATE_AFTER.match(after):
        return True
    return folded not in _ALSO_NAMES and not _NAME_BEFORE.search(question, 0, word.start())


def name_words(question: str, lang: str) -> list[str]:
    """The capitalised words of `question` after its first that are names, as written, in
    order and once each: "Nokia" in « Quel est le chiffre d'affaires de Nokia en 2019 ? »;
    not the months and weekdays that date it ("in January 2017", „Ende Juli“)."""
    nouns = _german_nouns(question) if lang == "de" else set()
    found = [
        m.group()
        for m in _NAME_WORD.finditer(question)
        if fold(m.group()) not in nouns and not _dates(question, m)
    ]
    return list(dict.fromkeys(found))
