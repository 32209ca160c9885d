"""An acronym a question writes, and the words an article spells it out with: « JDD » is « le
Journal du dimanche », « LOM » « la loi d'orientation des mobilités », « LFI » « La France
insoumise ». A question names things by their acronym where the article that answers may not
(« Selon le Journal du dimanche, Christian Estrosi s'est entretenu ... » for « selon le JDD »)."""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text.lexicon import fold

# An acronym: two to six capitals, a word of its own (« JDD », « LOM »; not « Mme » or « XVIIe »).
_ACRONYM = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-Þ]{2,6}(?![\w-])")
# Roman numerals are no acronyms (« Louis XIV », « le XXe siècle »).
_ROMAN = re.compile(r"[IVXLCDM]+")
# A text's words, split at apostrophes and hyphens (« d'orientation », « président-directeur »).
_WORD = re.compile(r"[^\W\d_]+")
# Small words an acronym may spell or skip (« Journal du dimanche », « loi d'orientation des
# mobilités »): articles, prepositions and conjunctions of the three languages.
_SMALL = frozenset(
    fold(word)
    for words in (
        ("de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "au", "aux", "à", "pour"),
        ("sur", "par", "of", "the", "and", "for", "on", "in", "at", "to", "der", "die", "das"),
        ("dem", "den", "und", "für", "von", "zu", "im", "am"),
    )
    for word in words
)


def question_acronyms(question: str) -> tuple[str, ...]:
    """The acronyms `question` writes, in order, once each; Roman numerals left out."""
    found = (m.group() for m in _ACRONYM.finditer(question))
    return tuple(dict.fromkeys(a for a in found if not _ROMAN.fullmatch(a)))


def spelled_out(text: str, acronyms: tuple[str, ...]) -> tuple[str, ...]:
    """The acronyms of `acronyms` that `text` spells out: consecutive words whose first letters
    are the acronym's, small words (`_SMALL`) spelling a letter or skipped; the first is a
    small word only when capitalised (« La France insoumise »), the last never. A two-letter
    acronym needs its first word capitalised and not the text's first (« le Front national »
    is the FN; « route nationale » and a sentence opening « Pour son ... » are no RN or PS)."""
    if not acronyms:
        return ()
    return tuple(a for a in acronyms if _spells(_words(text), a))


@lru_cache(maxsize=1 << 12)
def _words(text: str) -> tuple[tuple[str, bool], ...]:
    """`text`'s words, folded, each with whether it is capitalised."""
    return tuple((fold(m.group()), m.group()[:1].isupper()) for m in _WORD.finditer(text))


def _spells(words: tuple[tuple[str, bool], ...], acronym: str) -> bool:
    letters = fold(acronym)
    for start, (word, capital) in enumerate(words):
        if word[:1] != letters[0] or len(word) < 2:
            continue
        if word in _SMALL and not (capital and len(letters) > 2):
            continue
        if len(letters) == 2 and (not capital or start == 0):
            continue
        if _rest(words, start + 1, letters[1:]):
            return True
    return False


def _rest(words: tuple[tuple[str, bool], ...], at: int, letters: str) -> bool:
    """Whether the words from `at` spell `letters`, the last by a word that is no small one; a
    word of one letter (« d' », « M. ») is skipped, never spells one."""
    if at >= len(words):
        return False
    word = words[at][0]
    small = word in _SMALL
    spells = len(word) > 1 and word[:1] == letters[0] and not (small and len(letters) == 1)
    if spells and (len(letters) == 1 or _rest(words, at + 1, letters[1:])):
        return True
    return (small or len(word) < 2) and _rest(words, at + 1, letters)
