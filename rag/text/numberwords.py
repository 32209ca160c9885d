"""Numbers written as words in French, English and German, compounds included (« vingt-quatre »,
« quatre-vingt-dix », « vingt et un », "twenty-four", „vierundzwanzig“), as a regular expression
(`WORD_NUMBER`) for the spans of a quantity and the lengths of a size."""

from __future__ import annotations

from rag.text.lexicon import all_languages, any_of, spellings


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Numbers written as words, and counts of them ("une dizaine", "dozens", "Hunderte").
NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "fr": _words(
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
        " vingt vingts trente quarante cinquante soixante septante huitante nonante cent cents"
        " mille dizaine dizaines douzaine douzaines quinzaine vingtaine vingtaines trentaine"
        " cinquantaine soixantaine centaine centaines millier milliers moitié tiers"
        " quart"
    ),
    "en": _words(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty"
        " ninety hundred thousand dozen dozens hundreds thousands half third quarter"
    ),
    "de": _words(
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn"
        " sechzehn siebzehn achtzehn neunzehn zwanzig dreißig vierzig fünfzig sechzig siebzig"
        " achtzig neunzig hundert tausend dutzend dutzende hunderte tausende hälfte drittel"
        " viertel"
    ),
}
_UNITS_DE = "ein|zwei|drei|vier|fünf|funf|sechs|sieben|acht|neun"
_TENS_DE = "zwanzig|dreißig|dreissig|vierzig|fünfzig|funfzig|sechzig|siebzig|achtzig|neunzig"
_ANY = any_of(spellings(all_languages(NUMBER_WORDS)))
WORD_NUMBER = (
    rf"(?:{_ANY})(?:(?:-|-et-|\s+et\s+)(?:{_ANY}|une?|one)\b)*"
    rf"|(?:{_UNITS_DE})und(?:{_TENS_DE})"
)
