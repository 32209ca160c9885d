"""What a price question asks the price of: « villa » in « Quel est le prix de la villa d'Enrico
Macias ? », "Pagani" in "How much does the Pagani Huayra cost?". A sum of money answers it only
in a sentence that names that thing: « Enrico Macias reçoit 35 millions d'euros » gives no
price of his villa."""

from __future__ import annotations

import re

from rag.text.analysis import words
from rag.text.lexicon import fold_same_length
from rag.text.measures import joined_numbers

_ARTICLES = (
    r"(?:(?:(?:le|la|les|un|une|du|des|de|the|a|an|der|die|das|den|dem|ein|eine|einen|deja"
    r"|already|actuellement|currently|vraiment|really)\b|l['’]|d['’])\s*)*"
)
# a name, and up to two more words, a model number among them ("Ferrari 275 P")
_THING = r"(?P<thing>[^\W\d_][\w-]*(?:\s+(?:[^\W\d_]|\d)[\w-]*){0,2})"
# A kind of price, no thing priced: « le prix de vente des livres », « le coût de revient du
# kilo », « le prix d'achat de la maison » ask the price of the books, the kilo, the house.
_KIND_OF_PRICE = (
    r"(?:(?:de|d['’])\s*(?:vente|achat|revient|depart|location|reserve|gros|detail|base)"
    r"(?:\s+(?:affiche|moyen|unitaire))?\s+)?"
)
# The forms that say "the price of X" in French, English and German (accents folded).
_PRICED = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:prix|cout|tarif|valeur)\s+{_KIND_OF_PRICE}(?:de\s+|du\s+|des\s+|d['’])\s*"
        rf"{_ARTICLES}{_THING}",
        rf"\bcombien\s+(?:a\s+|ont\s+|va\s+|vont\s+)?(?:coute|coutent|coutera|coutait)\w*"
        rf"\s+{_ARTICLES}{_THING}",
        rf"\bquel\s+prix\s+{_ARTICLES}{_THING}",
        rf"\bhow\s+much\s+(?:does|did|do|will|would|is|was)\s+{_ARTICLES}{_THING}",
        rf"\b(?:price|cost)\s+of\s+{_ARTICLES}{_THING}",
        rf"\b(?:was|wie\s*viel)\s+(?:kostet|kostete|kosten|hat|haben)\s+{_ARTICLES}{_THING}",
        rf"\b(?:preis|kosten)\s+(?:von\s+|fur\s+|für\s+)?{_ARTICLES}{_THING}",
    )
]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words the forms above may catch that are no thing ("How much does it cost?"), and words that
# end the thing's name ("la villa d'Enrico Macias": villa).
_NO_THING = _set("il elle ils elles cela ca ce it they this that es er sie dies das")
_ENDS_THING = _set(
    "de du des d a au aux en et dans pour par sur of in at on for from to and with by cost costs"
    " coute coutent von vom im am fur und mit kostet kosten gekostet was is are est sont ist"
    " sind hat have has a-t-il a-t-elle selon according laut apres after nach qui que which"
    " that"
)


def priced_thing(question: str) -> tuple[str, ...]:
    """The words naming what the question asks the price of, as written (a capital kept: a
    name matches in any language): ("villa",), ("Pagani", "Huayra", "Roadster"); empty when it
    asks no price of a named thing."""
    text = fold_same_length(question)
    for pattern in _PRICED:
        found = pattern.search(text)
        if not found:
            continue
        kept: list[str] = []
        for word in re.finditer(r"\S+", found.group("thing")):
            folded = word.group(0).casefold()
            if folded in _ENDS_THING or folded.startswith(("d'", "d’", "l'", "l’")):
                break
            start = found.start("thing") + word.start()  # the same offsets in `question`
            kept.append(question[start : start + len(word.group(0))])
        if kept and kept[0].casefold() not in _NO_THING:
            return tuple(kept)
    return ()


def model_designation(priced: tuple[str, ...]) -> str:
    """The model's designation in the thing priced, from its number on, as folded words
    (« 275 p » for ("Ferrari", "275", "P")); empty when it has no number."""
    numbered = [i for i, word in enumerate(priced) if any(c.isdigit() for c in word)]
    return " ".join(words(" ".join(priced[numbered[0] :]))) if numbered else ""


def names_model(text: str, model: str) -> bool:
    """Whether `text` names the model `model_designation` gives (always, for none): « la
    275 P » or « la 275P » do, « la 275 GTS » and « 2 275 000 $ » do not."""
    if not model:
        return True
    said = " ".join(words(joined_numbers(text)))
    return f" {model} " in f" {said} " or model.replace(" ", "") in said.split()
