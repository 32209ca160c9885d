"""Every per-language word list of newsrag's text handling (French, English, German), and folding.

Lists are data, written as space-separated words; the regular expressions built from them stay
in the modules that use them. Where one purpose has one list, every module reads that list (the
month names serve the sentence splitter, the answer-span finder, the date parser and the
archive-coverage note). Patterns that are grammar more than lists (question forms, relative
dates such as "la semaine dernière", reason connectives, name particles) stay in their modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH, STOPWORDS_GERMAN

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def fold(text: str) -> str:
    """Lower-case and strip accents (é -> e, ß kept as ss by casefold)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_same_length(text: str) -> str:
    """The text without accents, one character for each character, case kept.

    `fold` may change the length ("ß" -> "ss", ligatures split), so a match in its output has no
    offsets in the original; matching on this copy keeps every offset valid in the original.
    """
    return "".join(unicodedata.normalize("NFD", char)[0] for char in text)


def fold_words(text: str) -> list[str]:
    """The folded word tokens of `text` (elisions kept: see `rag.text.analysis.words`)."""
    return _WORD.findall(fold(text))


def any_of(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, longest first, a space matching any run of
    whitespace."""
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in unique)


# Stopwords of the keyword analysis and of language detection (bm25s' lists).
STOPWORDS: dict[str, tuple[str, ...]] = {
    "fr": tuple(STOPWORDS_FRENCH),
    # as long a list as the French and German ones ("his", "before" and the modal verbs are
    # no key terms); "US" is the country or a pronoun, no key term either: articles in other
    # languages write « États-Unis » or « américain », and « US Weekly » is no answer
    "en": (*STOPWORDS_EN_PLUS, "us", "would", "could", "might", "must", "shall"),
    "de": tuple(STOPWORDS_GERMAN),
}
# Question words carry no topic: dropping them keeps term coverage about the subject.
QUESTION_WORDS: dict[str, tuple[str, ...]] = {
    "fr": _words(
        "combien quel quelle quels quelles pourquoi comment quand ou qui que quoi lequel"
        " laquelle est-ce dit selon ete etait"
    ),
    "en": _words("how many much what which who whom why when where did does according"),
    "de": _words("wie viele viel was welche welcher welches wer warum wann wo laut"),
}
# Verbs and nouns that frame a question without naming its subject ("Que s'est-il passé ?",
# "Où se trouve ...", "What happened ...", "Was ist passiert ..."): no weight as key terms.
GENERIC_WORDS: dict[str, tuple[str, ...]] = {
    "fr": _words(
        "passe passee passer produit produite arrive arrivee arriver fait faire font eu avoir"
        " etre trouve trouvent situe situee signifie veut dire peut doit nom appelle appellent"
        " savoir sait connait quoi chose choses agit y ya actuellement maintenant recemment"
    ),
    "en": _words(
        "happen happened happens do does did done make made is are was were be been have has"
        " had having get gets got called"
        " named located mean means say says thing things currently now recently"
    ),
    "de": _words(
        "passiert passierte geschah geschehen gibt gab gegeben heisst liegt befindet macht"
        " machte getan ist sind war waren wurde worden sagt derzeit jetzt kurzlich hat haben"
        " hatte hatten"
    ),
}
# Words that open a question (a follow-up is rewritten only when it is a question). Not
# QUESTION_WORDS: "is", "can", "hat" open questions but are no question words to drop.
QUESTION_OPENERS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _words(
            "qui que quoi quel quelle quels quelles quand ou comment combien pourquoi lequel"
            " laquelle est-ce"
        )
    ),
    "en": frozenset(
        _words(
            "who what when where why how which whom whose is are was were do does did can"
            " could will would should"
        )
    ),
    "de": frozenset(
        _words(
            "wer was wann wo warum wie welche welcher welches wieviel wieso weshalb woher"
            " wohin wem wen ist sind hat"
        )
    ),
}
# Words of a follow-up that point back at an earlier turn ("et ...", "il", "it", "sie"...).
ANAPHORA: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _words(
            "et il elle ils elles cela ca celui celle ceux lui leur son sa ses y en la-bas alors"
        )
    ),
    "en": frozenset(_words("and he she it they them him her his its their that this there those")),
    "de": frozenset(_words("und er sie es ihm ihn ihr dort dies das dieser")),
}
# Openings of a sentence that lean on the one before: a pronoun or determiner standing for
# something named there, or a connective continuing it.
LEANING: dict[str, tuple[str, ...]] = {
    "fr": (
        *_words(
            "il elle ils elles ce cet cette ces cela ceci celui celle ceux celles son sa ses"
            " leur leurs lui eux on mais puis ensuite cependant toutefois donc ainsi alors là"
        ),
        *("en effet", "par ailleurs", "de plus"),
    ),
    "en": _words("he she it they this these those his her its their there but then however also"),
    "de": _words("er sie es dies diese dieser dieses sein seine ihr ihre dort aber dann jedoch"),
}
# French elided words (l’, qu’, jusqu’...): removed before words are matched.
ELISIONS = _words("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu")
# Negations. French "ne"/"n’" negates only with one of FRENCH_NEGATION_PARTNERS within a few
# words; the words of NEGATIONS negate alone (German "kein..." too, in any form).
NEGATIONS: dict[str, tuple[str, ...]] = {
    "fr": _words("jamais aucun aucune nullement"),
    "en": _words("not never no none nobody nothing neither nor cannot"),
    "de": _words("nicht nie niemals nichts niemand weder"),
}
FRENCH_NEGATION_PARTNERS = _words(
    "pas jamais plus rien aucun aucune personne guere nullement point ni"
)
# Function words that mark a German question (where "hier" means here, not yesterday).
GERMAN_MARKERS = _words("und ist sind gibt nicht wer wie was ich wir das die ein eine")

# Words that often open a sentence, capitalised there without being names. Two lists on one
# core: the segmenter's (a mark before one of them ends a sentence) and the answer-span finder's
# (no name starts with one); a union would move sentence boundaries and answer spans.
_OPENING_CORE = (
    "le la les l un une des il elle ils elles on ce cette ces mais et en au aux dans pour"
    " selon depuis après avant lors si je nous vous the a an it he she they we this that in on"
    " at but and for after before der die das den dem ein eine er sie es wir ich im am auch"
    " aber und doch"
)
SENTENCE_OPENERS = frozenset(_words(f"{_OPENING_CORE} cet c these those there"))
# Words after which a name says where something is or happened (« en Savoie », "in Paris",
# „nach Berlin“): a place, not a person nor what a question is about.
PLACE_PREPOSITIONS = ("en", "dans", "au", "aux", "in", "im", "nach")
NOT_NAMES = frozenset(
    _words(f"{_OPENING_CORE} pas plus tout tous toute cela ceci son sa ses leur leurs")
)

# Abbreviations whose full stop never ends a sentence: capitalised titles (matched as written)...
# Their month abbreviations are not MONTH_ABBREVIATIONS: "mar", "jun" or "sep" may end one.
TITLE_ABBREVIATIONS = frozenset(
    _words(
        "M MM Mme Mmes Mlle Mlles Mgr Me Dr Drs Pr Prof St Ste Sts Mr Mrs Ms Messrs Jr Sr Gen Gén"
        " Col Cdt Lt Capt Sgt Adm Gov Sen Rev Fr Hr Hrn Dipl Ing Bd Av Mio Mrd Tsd Str Tel Tél"
        " Jan Feb Febr Apr Aug Sept Oct Okt Nov Dec Dez"
    )
)
# ... and lower-case short forms (matched lower-cased).
ABBREVIATIONS = frozenset(
    _words(
        "av apr env cf ch chap coll éd ed ex hab resp vs vgl bzw ca evtl ggf inkl zzgl sog geb"
        " gest jh jhd mio mrd tsd str st janv févr fév avr juil déc dép approx dept"
    )
)
# Short forms that stand before a number ("Art. 5", "No. 10", "p. 12").
NUMBER_ABBREVIATIONS = frozenset(_words("art abs fig no nr nos n vol p pp ch chap tel tél"))
# Abbreviations that end a sentence only when a sentence-opening word follows ("etc. Le").
MAY_END_ABBREVIATIONS = frozenset(_words("etc usw inc co ltd corp cie bros j.-c u.s u.k"))

# Month names, January first, as written (fr lower-case; en and de capitalise them: month_name).
MONTHS: dict[str, tuple[str, ...]] = {
    "fr": _words(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    ),
    "en": _words(
        "january february march april may june july august september october november december"
    ),
    "de": _words(
        "januar februar märz april mai juni juli august september oktober november dezember"
    ),
}
# Other spellings of some months (by number) that the date parser reads.
MONTH_VARIANTS: dict[int, tuple[str, ...]] = {1: ("jänner",), 3: ("maerz",)}
# Month abbreviations the date parser reads (folded: it matches an accent-folded question).
MONTH_ABBREVIATIONS = (
    "jan janv",
    "feb fev fevr",
    "mar",
    "apr avr",
    "",
    "jun",
    "jul juil",
    "aug",
    "sep sept",
    "oct okt",
    "nov",
    "dec dez",
)
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fr": _words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
    "en": _words("monday tuesday wednesday thursday friday saturday sunday"),
    "de": _words("montag dienstag mittwoch donnerstag freitag samstag sonntag"),
}
# Units of a duration ("trois semaines", "two years", "zehn Tagen").
TIME_UNITS: dict[str, tuple[str, ...]] = {
    "fr": _words(
        "an ans année années mois semaine semaines jour jours heure heures minute minutes"
        " seconde secondes siècle siècles"
    ),
    "en": _words(
        "year years month months week weeks day days hour hours minute minutes second seconds"
        " century centuries"
    ),
    "de": _words(
        "jahre jahren monate monaten woche wochen tage tagen stunde stunden minute minuten"
        " jahrhundert jahrhunderte"
    ),
}
# Words that scale the number before them ("2 milliards", "3 Mio.", « un million »).
SCALE_WORDS = _words(
    "million millions milliard milliards billion billions millionen milliarde milliarden mio"
    " mio. mrd mrd."
)
# Words after which a four-digit number is a count, not a year ("2000 soldats").
COUNTED_NOUNS: dict[str, tuple[str, ...]] = {
    "fr": (
        *_words(
            "pays soldats euro euros dollar dollars personnes habitants morts victimes blessés km"
            " m mètres kilomètres tonnes ans jours fois milliard milliards million millions voix"
        ),
        "pour cent",
    ),
    "en": _words(
        "people persons countries soldiers troops deaths years days times billion billions"
        " votes percent"
    ),
    "de": _words(
        "menschen euro soldaten länder personen tote jahre tage milliarden millionen stimmen"
        " prozent"
    ),
}


# Symbols a unit is written with after a number: "730 000 km" counts kilomètres.
UNIT_SYMBOLS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("kilometre", "kilometer"), ("km",)),
    **dict.fromkeys(("metre", "meter"), ("m",)),
    "centimetre": ("cm",),
    "millimetre": ("mm",),
    **dict.fromkeys(("kilogramme", "kilogram", "kilo"), ("kg",)),
    **dict.fromkeys(("gramme", "gram"), ("g",)),
    "tonne": ("t",),
    **dict.fromkeys(("litre", "liter"), ("l",)),
    "hectare": ("ha",),
    "euro": ("€", "eur"),
    "dollar": ("$", "usd"),
    "pound": ("£",),
    **dict.fromkeys(("heure", "hour", "stunde"), ("h",)),
    "minute": ("min",),
    **dict.fromkeys(("pourcent", "percent", "prozent"), ("%",)),
    "kilowatt": ("kw",),
    "megawatt": ("mw",),
}


def month_name(month: int, lang: str) -> str:
    """The name of `month` (1-12) as written in `lang`: "mars", "March", "März"."""
    name = MONTHS[lang][month - 1]
    return name if lang == "fr" else name.capitalize()


def all_languages(lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The words of a per-language list, every language together."""
    return tuple(word for words in lists.values() for word in words)


def spellings(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words as written and accent-folded: sentences may be typed without accents."""
    return (*words, *(fold(word) for word in words))
