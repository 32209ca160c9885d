"""Whether a four-digit number in a question names a year or counts something."""

from __future__ import annotations

import re

from rag.text.analysis import LANGUAGES, stopwords
from rag.text.lexicon import fold, fold_same_length

# A four-digit number that counts something (« 2000 masques », „2000 chirurgische Masken“) is no
# year: a lowercase word other than a stopword follows it, and no word that introduces a year
# comes before it (« en 2000 », "in 2019 floods", "the 2019 elections", „im Jahr 2000“).
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")
_YEAR_BEFORE = re.compile(
    r"\b(?:en|in|im|seit|depuis|de|du|d|from|since|the|of|bis|vor|nach|avant|apres|jusqu"
    r"|until|before|after|pendant|durant|during|wahrend|annee|an|year|jahr|jahre|saison|season"
    r"|fin|debut|end|early|late|mid|mi|um|ab)['’]?\s*$",
    re.IGNORECASE,
)
_STOPWORDS = frozenset().union(*(stopwords(lang) for lang in LANGUAGES))


def counts_things(question: str, start: int, end: int) -> bool:
    """Whether the four-digit number at question[start:end] counts something rather than
    names a year (see `_WORD_AFTER`, `_YEAR_BEFORE`)."""
    after = _WORD_AFTER.match(question, end)
    if after is None or not after.group(1)[0].islower() or fold(after.group(1)) in _STOPWORDS:
        return False
    return not _YEAR_BEFORE.search(fold_same_length(question), 0, start)
