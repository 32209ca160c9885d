"""The names a question asks about: its capitalised words after the first, less German nouns
(German capitalises every noun: « der Chef » is no name)."""

from __future__ import annotations

import re

from rag.text.analysis import words
from rag.text.countries import country_names
from rag.text.glossary import counted_in_languages
from rag.text.lexicon import PLACE_PREPOSITIONS, any_of, fold

# A capitalised word that does not open the question: "Kharkiv" in "Combien de morts à Kharkiv ?"
_NAME_WORD = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-ZÀ-ÖØ-Þ][\w-]+")

# German capitalises every noun: one after an article or a determiner (« der Chef », « die
# ehemalige Bürgermeisterin », « im Hyper ») is a noun, not a name.
_GERMAN_NOUN = re.compile(
    r"\b(?i:der|die|das|den|dem|des|ein|eine[mnrs]?|kein\w*|im|am|zum|zur|vom|beim|ins"
    r"|mein\w*|dein\w*|sein\w*|ihr\w*|unser\w*|euer\w*|diese[mnrs]?|jede[mnrs]?"
    r"|welche[mnrs]?|viele[nr]?|wenige[nr]?|mehrere[nr]?|einige[nr]?|alle[nr]?)"
    r"\s+(?:[a-zäöüß][\w-]*\s+){0,2}([A-ZÄÖÜ][\w-]*)"
)


def _german_nouns(question: str) -> set[str]:
    """The folded capitalised words of a German question that are nouns, not names: those
    after an article or a determiner, and those the glossary lists (Soldaten), except a
    country's name (« die Schweiz »)."""
    nouns = {fold(word) for word in _GERMAN_NOUN.findall(question)}
    nouns |= {fold(w) for w in _NAME_WORD.findall(question) if counted_in_languages(w)}
    countries = {w for name in country_names(question, "de") for w in words(name)}
    return nouns - countries


def question_names(question: str, lang: str) -> set[str]:
    """The folded capitalised words of `question` after its first that are names: "kharkiv" in
    "Combien de morts à Kharkiv ?"; in German, not the nouns (`_german_nouns`)."""
    return {fold(word) for word in name_words(question, lang)}


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
    return names - {fold(m.group()) for m in placed} or names


def name_words(question: str, lang: str) -> list[str]:
    """The capitalised words of `question` after its first that are names, as written, in
    order and once each: "Nokia" in « Quel est le chiffre d'affaires de Nokia en 2019 ? »."""
    nouns = _german_nouns(question) if lang == "de" else set()
    found = [word for word in _NAME_WORD.findall(question) if fold(word) not in nouns]
    return list(dict.fromkeys(found))
