"""Words that look alike across French, English and German: soldiers / soldats / Soldaten,
military / militaires / Militär, Korea / Corée / Korea.

Across languages no key term matches, so before any embedding nothing tells which sentences
of a passage in another language are worth embedding. The shared start of a word's skeleton
is a weak sign, and only a pre-selection's: it ranks which sentences get embedded, never what
is answered.
"""

from __future__ import annotations

from functools import lru_cache

from rag.text.analysis import as_language, skeleton, stopwords, words

# Letters of a word's skeleton compared: four keep soldiers / soldats and military /
# militaires, and are few enough that a shared start says little alone.
_STEM = 4
# c and k spell one sound across these languages (Korea, Corée; Kurs, cours).
_KEYS = (("c", "k"),)


@lru_cache(maxsize=1 << 14)
def _key(word: str) -> str:
    out = skeleton(word)
    for old, new in _KEYS:
        out = out.replace(old, new)
    return out[:_STEM]


def cognate_keys(text: str, lang: str | None) -> frozenset[str]:
    """The keys of `text`'s words of five letters or more that are no stop words."""
    stop = stopwords(as_language(lang))
    return frozenset(_key(w) for w in words(text) if len(w) >= 5 and w not in stop)


def cognate_share(question_keys: frozenset[str], text: str, lang: str | None) -> float:
    """Share of the question's keys (`cognate_keys`) that `text` (in `lang`) holds."""
    if not question_keys:
        return 0.0
    return len(question_keys & cognate_keys(text, lang)) / len(question_keys)
