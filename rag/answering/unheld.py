"""The question's names that the retrieved passages do not hold: its subject found, a detail
of it not ("How many Nokia employees went on strike in Finland?" on articles that never name
Finland). They lower a sentence's relevance (`rag.answering.scoring`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rag.text.analysis import as_language, key_terms
from rag.text.lexicon import MONTHS, WEEKDAYS, all_languages
from rag.text.nameruns import NAME_MARK, one_edit
from rag.text.terms import TermWeights

# A question's names that no retrieved passage holds while others are held (its subject found,
# a detail of it not: "How many Nokia employees went on strike in Finland?" on articles that
# never name Finland) cost this share of a same-language sentence's relevance, by their weight.
UNHELD_NAMES_PENALTY = 0.5
# A Roman numeral or an ordinal century as stemmed (« XIV », « XVIIIe »): no name to look for.
_ROMAN = re.compile(r"[ivxlcdm]+(?:e|er|em|eme|iem|ieme|th)?")


@lru_cache(maxsize=8)
def calendar_stems(lang: str) -> frozenset[str]:
    """Month and weekday names, as the question's language stems them: dates, not names."""
    calendar = " ".join(all_languages(MONTHS) + all_languages(WEEKDAYS))
    return frozenset(stem for stem, _ in key_terms(calendar, lang))


def unheld_share(
    weights: TermWeights, available: set[str], known: Callable[[str], bool] | None = None
) -> float:
    """Share of the weight of the question's names that no retrieved passage holds (their
    tokens: `available`). When the passages hold none of them, only the names the archive
    never mentions count (`known`: whether the keyword index holds a term; « Quelle langue
    parle-t-on au Nunavut ? » on an archive without « Nunavut »): others may be written
    differently there, or the passages be off the subject, which the relevance says. A month or
    a weekday (« en octobre », "on Monday") is a date and a Roman numeral a number, not
    names; a name one letter away from one of the passages' is misspelt, not missing
    (« Jean Chaitron » for Jean Chaintron, "Nielson" for Nielsen)."""
    names = weights.names - calendar_stems(as_language(weights.lang))
    total = sum(weights.terms[t] for t in names)
    if not total:
        return 0.0
    if not weights.rare:
        if known is None:
            return 0.0
        unknown = [t for t in names if not known(t) and not _ROMAN.fullmatch(t)]
        return sum(weights.terms[t] for t in unknown) / total
    # the passages' names as stems: their skeletons (`~...`) are another spelling's key
    held = {
        t[len(NAME_MARK) :]
        for t in available
        if t.startswith(NAME_MARK) and not t.startswith(f"{NAME_MARK}~")
    }
    unheld = [
        t
        for t in names - weights.rare
        if len(t) < 5 or not any(one_edit(t, h) for h in held if abs(len(h) - len(t)) <= 1)
    ]
    return sum(weights.terms[t] for t in unheld) / total
