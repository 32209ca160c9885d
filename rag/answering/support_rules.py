"""What a reader checks before trusting a claim to its passage, beyond shared words and meaning.

The claim *restates* the passage sentences whose key terms it holds at least COVER of.

- **Polarity**: the claim negates as often as the sentences it restates, counting only their
  negations that bear on words the claim keeps (the words of the negation and NEGATION_REACH
  characters after it: dropping a negated clause is no flip); when it restates none, it and
  its backing sentence are both negated or neither. Negations: fr `ne/n' ... pas|jamais|plus|
  rien|aucun...`, en `not`, `never`, `n't`, `no`..., de `nicht`, `kein...`, `nie`... French
  `ne` alone (`craignent qu'il ne fasse`, `ne ... que`) is no negation.
- **Facts together**: the numbers and names the claim states are found in the sentences it
  restates (or, when it restates none, within WINDOW consecutive sentences); the passage's
  title and date count as part of each. So "31 pays" and "la Chine" taken from two places do
  not make "la Chine a envoyé 31...". Names are the capitalised words of a French or English
  claim that do not merely open it (an opening one counts after an elided article, `L'Élysée`,
  before another capitalised word, or as an acronym); German capitalises every noun, so there
  only numbers are held to this.
- **Few new words**: of the claim's key terms (numbers aside), no MAX_NEW_RUN in a row may be
  absent from the passage (a clause it does not hold), nor more than MAX_NEW_TERMS that are
  over MAX_NEW_SHARE of them (a light paraphrase swaps a word or two).

The limits were set on the `tune` half of bench/support_pairs.jsonl (bench/eval_support.py
--grid, bench/results/support-grid.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag.text.analysis import Language, analyze, stopwords
from rag.text.lexicon import (
    ELISIONS,
    FRENCH_NEGATION_PARTNERS,
    NEGATIONS,
    any_of,
    fold,
    fold_words,
)

WINDOW = 1
COVER = 0.5
NEGATION_REACH = 40  # characters after a negation whose words it bears on
MAX_NEW_TERMS = 2
MAX_NEW_SHARE = 0.3
MAX_NEW_RUN = 3

_NEGATION: dict[Language, re.Pattern[str]] = {
    "fr": re.compile(
        rf"\b(?:ne|n')\s*(?:[\w'-]+\s+){{0,3}}?(?:{any_of(FRENCH_NEGATION_PARTNERS)})\b"
        rf"|\b(?:{any_of(NEGATIONS['fr'])})\b"
    ),
    "en": re.compile(rf"\b(?:{any_of(NEGATIONS['en'])})\b|n't\b"),
    "de": re.compile(rf"\b(?:{any_of(NEGATIONS['de'])}|kein\w*)\b"),
}
# 3 000 / 3,000 / 3.000 (thousands), 2,5 / 2.5 (decimals), 31 (integers).
_NUMBER = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_UNIT = re.compile(r"(?<=[.!?…])[»”\"')\]]*\s+|\n+")
_ELIDED = re.compile(rf"^(?:{any_of(ELISIONS)})['’]", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Facts:
    """The numbers and names a text states (folded name tokens)."""

    numbers: frozenset[str]
    names: frozenset[str]


def numbers(text: str) -> set[str]:
    """The numbers written in `text`, normalised (3 000 == 3,000 == 3000; 2,5 == 2.5)."""
    found: set[str] = set()
    for raw in _NUMBER.findall(text):
        if re.fullmatch(r"\d+[.,]\d{1,2}|\d+[.,]\d{4,}", raw):
            whole, frac = re.split(r"[.,]", raw)
            found.add(f"{int(whole)}.{frac}")
        else:
            found.add(str(int(re.sub(r"\D", "", raw))))
    return found


def negated(text: str, lang: Language) -> bool:
    """Whether `text` holds a negation in `lang`."""
    return negations(text, lang) > 0


def negations(text: str, lang: Language) -> int:
    """How many negations `text` holds in `lang`."""
    return len(_NEGATION[lang].findall(fold(text).replace("’", "'")))


def claim_facts(claim: str, lang: Language) -> Facts:
    """The numbers a claim states and, in French or English, the names it gives."""
    return Facts(
        frozenset(numbers(claim)), frozenset(names(claim, lang)) if lang != "de" else frozenset()
    )


def names(text: str, lang: Language) -> set[str]:
    """Folded tokens of the capitalised names in `text` (an opening word only when it is an
    acronym or a capitalised word follows it)."""
    stop = stopwords(lang)
    raw = _TOKEN.findall(text)
    tokens = [_ELIDED.sub("", t).strip("'’-") for t in raw]
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if not token or not token[0].isupper() or token.isdigit():
            continue
        elided = token != raw[i].strip("'’-")  # L’Élysée: a capital after the article
        opening = i == 0 and not elided and not token.isupper() and not _capitalised(tokens[1:2])
        folded = fold(token)
        if not opening and folded not in stop and len(folded) > 1:
            found.update(part for part in re.split(r"[-'’]", folded) if len(part) > 1)
    return found


def _capitalised(tokens: Sequence[str]) -> bool:
    return bool(tokens) and tokens[0][:1].isupper()


def units(text: str) -> list[str]:
    """The sentences of a passage, short ones included."""
    return [u for u in _UNIT.split(text) if u.strip()]


@dataclass(frozen=True)
class Unit:
    """A sentence of a passage: its numbers, folded words, key terms and negations."""

    numbers: frozenset[str]
    words: frozenset[str]
    terms: frozenset[str]
    # per negation, the key terms it bears on (its words and the few after it)
    negations: tuple[frozenset[str], ...]


class PassageFacts:
    """A passage's sentences, for the polarity and co-occurrence checks of claims about it."""

    def __init__(self, text: str, context: str, lang: Language) -> None:
        self.lang = lang
        self.units = [_unit(u, lang) for u in units(text)] or [_unit("", lang)]
        self.context = _unit(context, lang)

    def drawn_on(self, terms: frozenset[str]) -> list[Unit]:
        """The sentences a claim with key `terms` restates: at least COVER of their own key
        terms (and two or more) are in the claim."""
        return [
            u
            for u in self.units
            if len(u.terms & terms) >= 2 and len(u.terms & terms) >= COVER * len(u.terms)
        ]

    def together(self, facts: Facts, drawn: Sequence[Unit] = ()) -> bool:
        """Whether all `facts` appear in the sentences the claim restates (when it restates
        some), else within WINDOW consecutive sentences; title and date count as part of each."""
        if drawn:
            return _holds(facts, [*drawn, self.context])
        window = WINDOW
        groups = [
            [*self.units[start : start + window], self.context]
            for start in range(max(1, len(self.units) - window + 1))
        ]
        return any(_holds(facts, group) for group in groups)

    def missing(self, facts: Facts) -> Facts:
        """The facts found nowhere in the passage (nor its title or date)."""
        found_numbers = frozenset().union(*(u.numbers for u in (*self.units, self.context)))
        found_words = frozenset().union(*(u.words for u in (*self.units, self.context)))
        return Facts(
            facts.numbers - found_numbers,
            frozenset(n for n in facts.names if not _name_in(n, found_words)),
        )


def _unit(text: str, lang: Language) -> Unit:
    folded = fold(text).replace("’", "'")
    return Unit(
        frozenset(numbers(text)),
        frozenset(fold_words(text)),
        frozenset(analyze(text, lang)),
        tuple(
            frozenset(analyze(folded[m.start() : m.end() + NEGATION_REACH], lang))
            for m in _NEGATION[lang].finditer(folded)
        ),
    )


def _holds(facts: Facts, group: Sequence[Unit]) -> bool:
    found_numbers = frozenset().union(*(u.numbers for u in group))
    found_words = frozenset().union(*(u.words for u in group))
    return facts.numbers <= found_numbers and all(_name_in(n, found_words) for n in facts.names)


def polarity_agrees(claim: str, lang: Language, drawn: Sequence[Unit], backing: str) -> bool:
    """Whether the claim negates as often as the sentences it restates (counting only their
    negations that bear on words the claim keeps: a dropped negated clause is no flip), or, when
    it restates none word for word, as its backing sentence: both negated or neither."""
    if drawn:
        terms = frozenset(analyze(claim, lang))
        kept = sum(1 for u in drawn for bears_on in u.negations if bears_on & terms)
        return negations(claim, lang) == kept
    return negated(claim, lang) == negated(backing, lang)


def _name_in(name: str, found: Iterable[str]) -> bool:
    """A name token matches a word that equals it or differs by an ending of up to 2 letters
    (Ukraine / Ukraines, Kremlin / Kremlins)."""
    for word in found:
        if word == name:
            return True
        if min(len(word), len(name)) >= 4 and abs(len(word) - len(name)) <= 2:
            short, long = sorted((word, name), key=len)
            if long.startswith(short):
                return True
    return False


def too_many_new_terms(terms: Sequence[str], known: frozenset[str]) -> bool:
    """Whether more of the claim's key `terms` (in the claim's order) are absent from the
    passage than a light paraphrase would explain: MAX_NEW_RUN in a row (a clause the passage
    does not hold), or more than MAX_NEW_TERMS that are over MAX_NEW_SHARE of them."""
    words = [t for t in terms if not t.isdigit()]  # numbers are checked on their own
    new = [t not in known for t in words]
    run = longest = 0
    for is_new in new:
        run = run + 1 if is_new else 0
        longest = max(longest, run)
    count = sum(new)
    return longest >= MAX_NEW_RUN or (count > MAX_NEW_TERMS and count > MAX_NEW_SHARE * len(words))
