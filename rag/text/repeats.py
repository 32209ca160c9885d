"""Whether a sentence only says again what another one says (wire copy reused by two
articles, or run into the next line): such a sentence is quoted once."""

from __future__ import annotations

import re

from rag.text.analysis import LANGUAGES, stopwords, words
from rag.text.lexicon import fold

# Share of a sentence's words (stopwords aside) that a kept one holds when it repeats it.
_REPEATED_WORDS = 0.8
_STOPWORDS = frozenset().union(*(stopwords(lang) for lang in LANGUAGES))
_WORD = re.compile(r"\w+")


def repeats(text: str, kept: str) -> bool:
    """Whether a sentence says again what a kept one says: at least `_REPEATED_WORDS` of its
    words (5 or more, stopwords aside) are in the kept one, and it adds no name or number to
    it. Two articles reusing one wire sentence, or one running it into the next line, are
    quoted once; « La Section 230 offre ... une immunité ... » adds the name a sentence on
    the same immunity lacks, and « ... Charles Messier publie un catalogue de 103 objets »
    what « Elle a été découverte en 1781 par ... Charles Messier » does not say: no repeats."""
    mine, theirs = _content_words(text), _content_words(kept)
    if len(mine) < 5 or len(mine & theirs) < _REPEATED_WORDS * len(mine):
        return False
    facts = {fold(w) for w in _WORD.findall(text) if w[0].isupper() or w[0].isdigit()}
    return not (facts - _STOPWORDS - theirs)


def _content_words(text: str) -> set[str]:
    return set(words(text)) - _STOPWORDS
