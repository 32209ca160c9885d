"""What happened to the people a quantity question counts: « Combien de personnes ont été
tuées ? » asks for a number of dead, which « 17 personnes ont été blessées » does not give
(the issue's « Combien de morts à Kharkiv ? »). A sentence answers only if it says that state:
killed, injured, arrested or evacuated, in French, English or German."""

from __future__ import annotations

import re

from rag.text.glossary import counted_in_languages, listed_things
from rag.text.lexicon import fold, fold_same_length

# Each state: its forms (folded) as a question or a sentence may write them.
_STATES: dict[str, str] = {
    "dead": (
        r"tue(?:e|s|es)?|tuant|tuerie|morte?s?|deced\w*|deces|peri(?:e|s|es)?|perdu la vie"
        r"|trouve la mort|killed|dead|died|deaths?|fatalit\w*|getotet\w*|tote[n]?|todesopfer"
        r"|starben|starb|gestorben|ums leben"
    ),
    "injured": r"bless\w*|injur\w*|wounded|hurt|verletz\w*",
    "arrested": (
        r"arretee?s?|arrestations?|interpell\w*|garde a vue|arrested|arrests?|detained"
        r"|festgenommen\w*|festnahmen?|verhaft\w*"
    ),
    "evacuated": r"evacu\w*|evakuiert\w*",
}
_FORMS = {state: re.compile(rf"\b(?:{forms})\b", re.IGNORECASE) for state, forms in _STATES.items()}


# Where the clause of the thing counted ends: what follows says what happened to someone else
# (« Combien de dockers manifestaient ..., lorsqu'un commissaire a été blessé ? »). German
# sets its clauses apart with commas (« während », « als » are prepositions too).
_CLAUSE_END = re.compile(
    r"[,;:(]|\b(?:lorsqu\w*|quand|alors que|tandis que|dont|when|while|whose|where|nachdem"
    r"|deren|dessen)\b",
    re.IGNORECASE,
)


def asked_states(question: str, counted: str) -> tuple[frozenset[str], str]:
    """The states the words after the thing a quantity question counts (folded `counted`), to
    the end of its clause, ask about, and the first such word as written: ({"dead"}, "tuées")
    for « Combien de personnes ont été tuées ? ». None when the thing counted says its state
    itself (« Combien de morts ... ? », "How many arrests ...?": the glossary counts those) or
    no word asks one."""
    if not counted or any(forms.fullmatch(counted) for forms in _FORMS.values()):
        return frozenset(), ""
    folded = fold_same_length(question)  # offsets kept: the state word is quoted as written
    found = re.search(rf"\b{re.escape(counted)}\b", folded, re.IGNORECASE)
    if found is None:
        return frozenset(), ""
    end = _CLAUSE_END.search(folded, found.end())
    stop = end.start() if end else len(folded)
    said = {
        state: said
        for state, forms in _FORMS.items()
        if (said := _said_of_counted(forms, folded, found.end(), stop, counted))
    }
    first = min(said.values(), key=lambda m: m.start(), default=None)
    return frozenset(said), question[first.start() : first.end()] if first else ""


# Another thing counted, named right before a state word, is the thing in that state: in
# « Combien de vols ... sont reprochés aux quatre faux policiers arrêtés ? » the police are
# arrested, not the thefts.
_OTHERS = frozenset().union(*(listed_things(lang) for lang in ("fr", "en", "de")))


def _said_of_counted(
    forms: re.Pattern[str], folded: str, start: int, stop: int, counted: str
) -> re.Match[str] | None:
    """The first of `forms` in folded[start:stop] that does not qualify another thing the
    glossary counts (not `counted` nor a word for it), named right before it."""
    for said in forms.finditer(folded, start, stop):
        before = [w.lower() for w in re.findall(r"[\w-]+", folded[start : said.start()])[-1:]]
        other = before and before[0] in _OTHERS
        if not other or counted_in_languages(before[0]) == counted_in_languages(counted):
            return said
    return None


def says_state(text: str, states: frozenset[str]) -> bool:
    """Whether `text` says one of `states` of the people it counts."""
    folded = fold(text)
    return any(_FORMS[state].search(folded) for state in states)
