"""Language-aware text analysis: elisions, stopwords, Snowball stems, language guess.

The word lists and `fold` are in `rag.text.lexicon`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

import Stemmer

from rag.text.lexicon import (
    ELISIONS,
    GENERIC_WORDS,
    QUESTION_WORDS,
    STOPWORDS,
    any_of,
    fold,
    fold_words,
)

Language = Literal["fr", "en", "de"]
LANGUAGES: tuple[Language, ...] = ("fr", "en", "de")

_STEMMER_NAMES: dict[Language, str] = {"fr": "french", "en": "english", "de": "german"}
_ELISION = re.compile(rf"\b(?:{any_of(ELISIONS)})['’]", re.IGNORECASE)


@cache
def stopwords(lang: Language) -> frozenset[str]:
    """Folded stopwords of a language, question words included."""
    return frozenset(fold(w) for w in STOPWORDS[lang] + QUESTION_WORDS[lang])


@cache
def _stemmer(lang: Language) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[lang])


def words(text: str) -> list[str]:
    """Folded word tokens with French elisions (l’, qu’, jusqu’...) removed."""
    return fold_words(_ELISION.sub(" ", text))


def analyze(text: str, lang: str | None = None) -> list[str]:
    """Tokens for matching: folded words, stopwords dropped, Snowball-stemmed in `lang`.

    Folding comes first so that a question typed without accents matches accented text
    the same way ("elysee" and "Élysée" give one stem).
    """
    language = as_language(lang) if lang else detect_language(text)
    stop = stopwords(language)
    kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
    return list(_stemmer(language).stemWords(kept))


def as_language(lang: str | None) -> Language:
    """Map a language tag ('fr', 'fr-FR', 'German') to a supported language, French by default."""
    tag = (lang or "").lower()[:2]
    aliases = {"fr": "fr", "en": "en", "de": "de", "ge": "de"}
    return aliases.get(tag, "fr")  # type: ignore[return-value]


def detect_language(text: str) -> Language:
    """Guess fr/en/de from stopword and question-word hits; French when nothing decides."""
    return decided_language(text) or "fr"


def decided_language(text: str) -> Language | None:
    """fr/en/de as stopword and question-word hits tell it; None when none are there (a
    query of names: « Macron Scholz »)."""
    tokens = words(text)
    scores = {lang: sum(1 for t in tokens if t in stopwords(lang)) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "fr"))
    return best if scores[best] > 0 else None


@cache
def generic_words(lang: Language) -> frozenset[str]:
    """Folded words that frame a question but never name its subject."""
    return frozenset(GENERIC_WORDS[lang])


def key_terms(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """A question's key terms as (stem, folded word): `analyze` without the words that only
    frame the question (question words, generic verbs)."""
    language = as_language(lang) if lang else detect_language(text)
    stop = stopwords(language) | generic_words(language)
    kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
    stems = _stemmer(language).stemWords(kept)
    return list(zip(stems, kept, strict=True))


_SKELETON_RULES = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "ch"),
    ("kh", "ch"),
    ("sh", "ch"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("z", "s"),
    ("ou", "u"),
)


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A folded word reduced so that transliterations of one name meet: Kharkiv, Kharkiw and
    Charkiw give one skeleton, as do Zelensky, Zelenskyy and Selenskyj."""
    out = fold(word)
    for old, new in _SKELETON_RULES:
        out = out.replace(old, new)
    out = re.sub(r"(.)\1+", r"\1", out)
    return out[:-1] if len(out) > 4 and out.endswith("e") else out


def skeleton_keys(word: str, lang: str) -> tuple[str, ...]:
    """What a name written in a `lang` question matches in a text's tokens (`~` and its
    skeleton): its own skeleton, and in German, where a name takes an -s in the genitive
    whatever its ending ("Jean-Louis Borloos Kritik", "Trumps Regierung", "Sarkozys Prozess"),
    the one without it too. The stemmer leaves that -s after a vowel or most consonants, so
    without it "Borloos" would never meet « Borloo »."""
    own = f"~{skeleton(word)}"
    folded = fold(word)
    if as_language(lang) != "de" or len(folded) < 5 or not folded.endswith("s"):
        return (own,)
    if folded.endswith("ss"):  # Prozess: no genitive -s to take off
        return (own,)
    return own, f"~{skeleton(folded[:-1])}"
