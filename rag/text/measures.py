"""What a quantity question counts (« morts » in « Combien de morts ? ») or measures (a price,
a speed, a length, a rate), and the units an answer to a measure must carry: « Quel est le prix
de la villa ? » is not answered by « 3 pièces »."""

from __future__ import annotations

import re

from rag.text.analysis import LANGUAGES, analyze, stopwords, words
from rag.text.glossary import counted_in_languages, listed_things
from rag.text.lexicon import SCALE_WORDS, UNIT_SYMBOLS, any_of, fold
from rag.text.numberwords import WORD_NUMBER

_LENGTH = (
    rf"(?:\b\d[\d\s.,]*|\b(?:{WORD_NUMBER})\s+)\s*(?:m|km|cm|mm|metres?|mètres?|kilometres?"
    r"|kilomètres?|miles?|feet|ft|pieds|meter|kilometer)\b"
)
# A length that says how far from somewhere: « 120 km au nord de Sacramento », « à 20 km de
# Lyon », "50 miles north of", „20 km von Berlin entfernt“ (« 230 m de haut » is a size), nor
# a speed (« 12,3 kilomètres par seconde »).
_NOT_FROM = (
    r"(?!\s+(?:au|à l['’]|a l['’])\s*(?:nord|sud|est|ouest|large)"
    r"|\s+(?:de|d['’]|du)\s*(?-i:[A-ZÀ-Þ])"
    r"|\s+(?:north|south|east|west|from|away|off|von|nördlich|südlich|östlich|westlich|entfernt)\b"
    r"|\s*/\s*[hs]\b|\s+(?:par|per|pro|an|à l['’])\s*(?:h|s|heure|hour|seconde?|second|stunde)\b)"
)
# What some quantity questions measure, and the units an answer to them must carry.
_MEASURES: list[tuple[str, str]] = [
    (
        r"\b(?:prix|montant|cout|couts|coute|coutent|somme|salaire|budget|amende|loyer|payer"
        r"|price|cost|costs|amount|salary|fine|rent|pay|preis|kost\w*|gekostet|betrag|gehalt"
        r"|miete|strafe|argent|money|geld|investi|investit|investissement|investment|invested"
        r"|investiert|investition|depense|depenses|depenser|spend|spent|ausgeben|ausgegeben"
        r"|paye|payee|payes|payees|paie|paient|payait|paid|paying|bezahlt\w*|bezahlen|gezahlt"
        r"|zahlte|zahlten|earn|earns|earned|verdient|verdiente|verdienen|kaufpreis"
        r"|chiffre d'affaires|revenue|revenues|turnover|umsatz|benefices?|(?<!au )profits?"
        r"|gewinn|dettes?|debts?|schulden|rancon|ransom|losegeld|tarifs?|prejudices?|dommages"
        r"|damages|schaden|butin|loot|beute|indemnites?|indemnisation|compensation"
        r"|entschadigung|subventions?|subsid(?:y|ies)|zuschuss|zuschusse|fortune|patrimoine"
        r"|vermogen|wealth)\b",
        r"€|\$|£|\b(?:euros?|dollars?|francs?|livres?|pounds?|cents?|centimes?|mio|mrd)\b",
    ),
    (
        r"\b(?:vitesse|speed|geschwindigkeit|tempo)\b",
        r"\b(?:km/h|km/s|kilometres? par|kilomètres? par|mph|noeuds|nœuds|knots)\b|km/[hs]",
    ),
    (  # a distance: how far from somewhere
        r"\b(?:distance|entfernung|how far (?:is|was|are|were)|wie weit ist"
        r"|a combien de (?:kilo)?metres|how many (?:miles|kilomet(?:re|er)s) (?:from|away))\b",
        _LENGTH,
    ),
    (  # a size: how high, long, wide or deep, not how far (« à 120 km au nord de Sacramento »)
        r"\b(?:hauteur|longueur|largeur|altitude|profondeur|height|length|width|depth|hohe|hoehe"
        r"|lange|tiefe|(?:kilo)?metres?|(?:kilo)?meters?"
        r"|how (?:tall|deep|wide) (?:is|was|are|were|will|would|should)|wie (?:lang|breit|tief))\b",
        _LENGTH + _NOT_FROM,
    ),
    (  # a density: people or things per square kilometre (« 1.375 personnes par km² »)
        r"\b(?:densite|density|(?:bevolkerungs|einwohner|siedlungs)?dichte)\b",
        r"\bkm(?:2|²)|\b(?:kilom[eè]tres? carr[eé]s?|square (?:kilomet(?:re|er)s?|miles?)"
        r"|quadratkilometer)\b|/\s*km\b",
    ),
    (
        r"\b(?:pourcentage|taux|percentage|rate|prozent|prozentsatz|quote)\b",
        r"%|\b(?:pour cent|percent|per cent|prozent|points?)\b",
    ),
]
_MEASURE_PATTERNS = [(re.compile(q), re.compile(u, re.IGNORECASE)) for q, u in _MEASURES]
# The units of a sum of money (a price, a cost, a salary, a fine).
MONEY = _MEASURE_PATTERNS[0][1]


def required_unit(question: str) -> re.Pattern[str] | None:
    """The units an answer must carry when a quantity question asks for a price, a speed, a
    length or a rate ("Quel est le prix ...", "How fast ..." is not covered), else None."""
    folded = fold(question)
    for asked, unit in _MEASURE_PATTERNS:
        if asked.search(folded):
            return unit
    return None


# "Combien de morts", "how many soldiers", "wie viele Soldaten": what a quantity counts.
# « Combien y a-t-il de morts ? », « combien compte-t-on de victimes ? » count them too.
_COUNTED = re.compile(
    r"\b(?:combien (?:y )?(?:[a-z]+-(?:t-)?(?:il|elle|on|ils|elles) (?:eu |ete )?)?d(?:e |')"
    r"|how many |wie viele )(?:des |der |die |den )?([a-zœæ][a-zœæ0-9-]*[a-zœæ])"
    r"(?: ([a-zœæ][a-zœæ0-9-]*[a-zœæ]))?(?: ([a-zœæ][a-zœæ0-9-]*[a-zœæ]))?"
)
_STOPWORDS = frozenset().union(*(stopwords(lang) for lang in LANGUAGES))
# The numbers of a text that may count something: (start, end, end of the words that may say
# what they count).
Numbers = list[tuple[int, int, int]]
# How much of its relevance a sentence keeps when it has a number but not the thing counted.
MISSING_COUNTED_FACTOR = 0.85


def counted_word(question: str) -> str | None:
    """The (folded) word a quantity question counts: "morts" in "Combien de morts à Kharkiv ?";
    the first the glossary lists among the three words after "how many" ("soldiers" in "How
    many extra soldiers ...?", « cas » in « Combien de nouveaux cas ... ? »), else the first.
    Those words stop at a stopword: in « Combien de navires furent employés ? » the ships are
    counted, not the employees. In German the thing is a noun, the last word of a compound
    („Patienten“ in „Wie viele britische Covid-19-Patienten ...?“), not the adjective before it.
    Money is no thing counted: « Combien d'argent ... ? » asks for a sum, as "how much money"
    does."""
    window = counted_phrase(question)
    heads: tuple[str, ...] = ()
    if "wie viele" in fold(question):  # „wie viele jüdische Covid-19-Patienten“: Patienten
        nouns = {fold(word) for word in re.findall(r"[\w-]+", question) if word[:1].isupper()}
        heads = tuple(word.rsplit("-", 1)[-1] for word in window if word in nouns)
    if window[:1] == ("argent",):  # « combien d'argent » asks for a sum (`required_unit`)
        return None
    listed = next((w for w in (*window, *heads) if counted_in_languages(w)), None)
    first = heads or window
    return listed or (first[0] if first else None)


# « la population de dauphins », "the population of wolves": a population of things (a plural
# noun, not a place: « la population de Lyon », « de la ville ») counts them, not inhabitants.
_POPULATION_OF = re.compile(
    r"\b(?i:population)\s+(?:de|des|d['’]|of)\s*((?-i:[a-zà-ÿ])[\w-]*[sx])\b", re.IGNORECASE
)


def population_of(question: str) -> str | None:
    """The (folded) things a question asks the population of, when it names them as a plural
    noun (« À combien est estimée la population de dauphins ... ? »: « dauphins »), else None."""
    found = _POPULATION_OF.search(question)
    return fold(found.group(1)) if found else None


def counted_phrase(question: str) -> tuple[str, ...]:
    """The (folded) words that name what a quantity question counts, up to three, stopping at
    a stopword: « téléspectateurs fidèles » in « Combien de téléspectateurs fidèles suivent la
    série ? », which an article may count as « 3.8 millions de fidèles »."""
    found = _COUNTED.search(fold(question).replace("’", "'"))
    if not found:
        return ()
    first, *others = (w for w in found.groups() if w)
    window = [first]
    for word in others:
        if word in _STOPWORDS:
            break
        window.append(word)
    return tuple(window)


# « Ils étaient environ 200 à s'être mobilisés », « Elles sont 15.000 à Paris », "they were
# about 200", „es waren rund 200“, « il n'y en avait plus que 150 millions », « on en compte
# 300 »: a number whose subject (a pronoun) is what is counted, named in an earlier sentence.
# Only when no noun follows the number (« ils étaient 200 manifestants » counts protesters).
_PRONOUN_COUNT = re.compile(
    r"(?:\b(?:ils|elles|they|sie|es)\s+(?:(?:ne\s+)?(?:sont|etaient|seraient|seront"
    r"|ont ete|auraient ete)|were|are|numbered|number|waren|sind)"
    r"|\b(?:n')?y\s+en\s+(?:a|avait|aurait|aura|a eu)(?:\s+plus)?(?:\s+que)?"
    r"|\ben\s+(?:compte|comptait|comptent|comptaient|recense|recensait|denombre|denombrait))"
    r"\s+(?:(?:environ|pres de"
    r"|plus de|moins de|quelque|au moins|a peine|entre|about|around|some|nearly|almost|more"
    r" than|at least|over|rund|etwa|fast|mehr als|knapp|uber|mindestens)\s+)?$"
)
_ONE_NUMBER = r"(?:\d(?:[\d\u00a0\u202f]|[.,](?=\d))*+|[a-z-]++)"
_NO_NOUN_AFTER = re.compile(
    rf"{_ONE_NUMBER}(?:\s+(?:ou|a|et|or|to|and|bis|oder)\s+{_ONE_NUMBER})?"  # « 140 ou 150 »
    rf"(?:\s+(?:{any_of(SCALE_WORDS)}))?"
    r"\s*(?:[,.;:!?)»\"](?!\d)|$|(?:a|au|aux|selon|dans|en|sur|d'apres|de plus|at|in|on|according"
    r"|across|to|nach|laut|am|im|auf|bei|zu)\b)"
)


def counts_its_subject(text: str, start: int) -> bool:
    """Whether the number starting at `start` in `text` counts the pronoun it follows, no noun
    after it: « Ils étaient environ 200 à s'être mobilisés »."""
    before = fold(text[max(0, start - 60) : start]).replace("’", "'")
    after = fold(text[start : start + 40]).replace("’", "'")
    return bool(_PRONOUN_COUNT.search(before)) and bool(_NO_NOUN_AFTER.match(after))


# « le nombre de vœux possibles - jusqu'à 24 aujourd'hui », "the number of victims rose to 12",
# „die Zahl der Toten stieg auf 12“: the thing counted is named before its number.
_NUMBER_OF = re.compile(
    r"\b(?:nombre|number|zahl|anzahl)\s+(?:de|d'|des|du|of|der|an)\s*([\w'-]+(?:\s+[\w'-]+)?)"
    r"[^\d.;:!?]{0,40}$",
    re.IGNORECASE,
)


def number_of(text: str, start: int) -> str:
    """The words that « le nombre de » names just before the number at `start` in `text` (no
    other number, nor the sentence's end, between them), else ""."""
    found = _NUMBER_OF.search(text[max(0, start - 80) : start])
    return found.group(1) if found else ""


def names_counted(text: str, counted: list[tuple[str, str]], lang: str) -> bool:
    """Whether `text` names the thing counted (as (stem, word) pairs in `lang`). Stems of one
    word differ by ending (« blessés » bless, « blessées » blesse); a short one must be whole
    (« tués » tu is not « Turcs », « ans » an not « anciens »)."""
    near = analyze(text, lang)
    return any(t == s or (len(s) > 3 and t.startswith(s)) for s, _ in counted for t in near)


# What a thing can carry or hold (« pouvant transporter 45 passagers »), not an estimate of
# what happened (« des pertes pouvant atteindre 4 000 blessés » counts the injured).
_CAPACITY = re.compile(
    r"(?:\b(?:pouvant|peut|peuvent|pourra|capables? de|can|could|able to|capable of|kann"
    r"|k[öo]nnen)(?:\s+[\w'’-]+){0,2}?\s+(?:transporter|accueillir|contenir|embarquer|loger"
    r"|recevoir|carry|hold|accommodate|seat|transport|take|aufnehmen|transportieren|befördern"
    r"|fassen)|\b(?:capacit[ée] de|capacity of|fasst|platz f[üu]r))(?:\s+[\w'’-]+){0,3}\s+$",
    re.IGNORECASE,
)
# German puts the verb last: « kann 180 Passagiere aufnehmen ».
_GERMAN_MODAL = re.compile(r"\b(?:kann|k[öo]nnen)(?:\s+[\w'’-]+){0,3}\s+$", re.IGNORECASE)
_GERMAN_CAPACITY = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:aufnehmen|transportieren|befördern|fassen|unterbringen)\b",
    re.IGNORECASE,
)


# What a thing can hold, carry or seat is no count of what it held: a number right after
# « pouvant transporter », "can carry", „kann ... aufnehmen“ answers only a question on that.
_ASKS_CAPACITY = re.compile(
    r"\b(?:peu[tx]|peuvent|pouvait|pourra|capacite|capable|can|could|capacity|hold|kann"
    r"|konnen|fassen|platz)\b"
)


def asks_capacity(question: str) -> bool:
    """Whether a (folded) question asks what something can hold, carry or seat."""
    return bool(_ASKS_CAPACITY.search(question))


def says_capacity(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] says what something can carry or hold."""
    if _CAPACITY.search(text, 0, start):
        return True
    return bool(_GERMAN_MODAL.search(text, 0, start) and _GERMAN_CAPACITY.match(text, end))


def unit_symbols(word: str) -> re.Pattern[str] | None:
    """The symbols the unit `word` (folded, "kilometres") is written with after a number, as
    a pattern (None when it is no unit): "km" stands for « kilomètres »."""
    symbols = next((v for k, v in UNIT_SYMBOLS.items() if word.startswith(k)), None)
    if symbols is None:
        return None
    alternatives = "|".join(
        rf"(?<!\w){re.escape(s)}(?!\w)" if s[0].isalnum() else re.escape(s) for s in symbols
    )
    return re.compile(alternatives, re.IGNORECASE)


# A number written in groups of three (« 2 275 000 $ »), one number whatever its spaces.
_GROUPED_DIGITS = re.compile(r"\b\d{1,3}(?:[ .\u00a0\u202f]\d{3})+\b")


def joined_numbers(text: str) -> str:
    """`text` with the groups of its numbers joined (« 2 275 000 $ » -> « 2275000 $ »), so
    that no group reads as a number of its own (the Ferrari « 275 P »)."""
    return _GROUPED_DIGITS.sub(lambda number: re.sub(r"\D", "", number.group(0)), text)


# A question asking for the hour, and the clock times that answer it (« vers 21h20 », « 18H00 »,
# « à 9 heures », "at 9.30 pm", „um 21 Uhr“, « à midi »), on the folded question.
_HOUR_ASKED = re.compile(
    r"\bquelle heure\b|\bwhat time\b|\bat what hour\b|\bwie ?viel uhr\b|\bwelche[rn]? uhrzeit\b"
)
CLOCK = re.compile(
    r"\b\d{1,2}\s*h\s*(?:\d{2})?\b|\b\d{1,2}\s*heures?\b|\b\d{1,2}[:.]\d{2}\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}(?:[:.]\d{2})?\s*uhr\b"
    r"|\b\d{1,2}\s+o['’]clock\b|\b(?:midi|minuit|noon|midnight|mittag|mitternacht)\b",
    re.IGNORECASE,
)


def required_clock(question: str) -> re.Pattern[str] | None:
    """The clock times an answer must give when the question asks for the hour (« À quelle
    heure le feu s'est-il déclaré ? » is not answered by « jeudi soir »), else None."""
    return CLOCK if _HOUR_ASKED.search(fold(question)) else None


def all_listed(text: str, numbers: Numbers, lang: str) -> bool:
    """Across languages, for a thing the glossary does not list: whether every number of
    `text` counts something it lists (« 18 cas » is no number of « Obdachlose »)."""
    listed = listed_things(lang)
    return bool(numbers) and all(
        any(fold(w) in listed for w in words(text[start:stop])) for start, _, stop in numbers
    )
