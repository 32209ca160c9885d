"""Country names across languages: "Germany", « Allemagne » and „Deutschland“ are one name.

A question's names are what it is about, and across languages they are the one thing that can
match an article word for word: "Wie viele Soldaten hat Deutschland geschickt?" is about
« l'Allemagne ». The names are CLDR's (through Babel, which ships them), in the languages
newsrag analyses.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from rag.text.analysis import LANGUAGES, Language, analyze, as_language
from rag.text.lexicon import fold, fold_same_length


@cache
def _names() -> dict[Language, dict[str, str]]:
    """For each language, its country names (folded) and their CLDR territory code. Names
    with a comma or a bracket are left out: « Hong Kong (R.A.S. de Chine) » is how no
    article writes it."""
    names: dict[Language, dict[str, str]] = {}
    for lang in LANGUAGES:
        territories = Locale.parse(lang).territories
        names[lang] = {
            fold(name): code
            for code, name in territories.items()
            if code.isalpha() and not re.search(r"[,()]", name)
        }
    return names


@cache
def _pattern(lang: Language) -> re.Pattern[str]:
    alternatives = sorted(_names()[lang], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")


@cache
def _by_code() -> dict[str, list[tuple[Language, str]]]:
    """Each territory code's names, with their language."""
    names: dict[str, list[tuple[Language, str]]] = {}
    for lang, table in _names().items():
        for name, code in table.items():
            names.setdefault(code, []).append((lang, name))
    return names


def country_names(question: str, lang: Language) -> list[str]:
    """The countries `question` names in `lang`, folded as written there."""
    return [match.group() for match in _pattern(lang).finditer(fold(question))]


def country_forms(question: str, lang: Language) -> dict[str, list[frozenset[str]]]:
    """For each country the question names (in its language), the stems of that name's
    words, mapped to the stems of its name in each other language: {"deutschland":
    [{"allemagn"}, {"germany"}]} for "Wie viele Soldaten hat Deutschland geschickt?". A
    word of the question's name is found in a text whose tokens hold every stem of one of
    the other names."""
    forms: dict[str, list[frozenset[str]]] = {}
    codes = _names()[lang]
    for name in country_names(question, lang):
        others = [
            frozenset(analyze(called, other))
            for other, called in _by_code()[codes[name]]
            if other != lang
        ]
        for stem in analyze(name, lang):
            forms.setdefault(stem, []).extend(o for o in others if o)
    return forms


def country_codes(text: str, lang: Language) -> frozenset[str]:
    """The CLDR codes of the countries `text` (in `lang`) names, each written with a capital:
    « une réunion » is no « La Réunion »."""
    plain = fold_same_length(text)
    found = _pattern(lang).finditer(plain.lower())
    table = _names()[lang]
    return frozenset(
        table[name]
        for m in found
        if plain[m.start()].isupper() and (name := fold(m.group())) in table
    )


def counts_for_another_country(
    asked: frozenset[str], text: str, near: str, title: str, lang: str
) -> bool:
    """Whether a number in `text` (in `lang`) is another country's than one the question
    names (`asked`, codes): a country the question names is neither in the sentence, nor in the
    sentence before it (`near`), nor in the title, while those two sentences name a country the
    question does not. "How many soldiers has France sent to Ukraine?" is not answered by « la
    Corée du Nord a envoyé au moins 3 000 soldats ... dans la guerre de l'Ukraine »."""
    if not asked:
        return False
    there = as_language(lang)
    around = country_codes(f"{near} {text}", there)
    return bool(around - asked) and not asked <= around | country_codes(title, there)
