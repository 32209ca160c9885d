"""Questions that ask how many times more or less one thing is than another, and the numbers
that answer them: « Combien de fois la Russie est-elle plus grande que l'Ukraine ? » asks for
« 40 fois », not for a count of « fois »."""

from __future__ import annotations

import re

from rag.text.lexicon import fold

# A question asking how many times more (or less) one thing is than another: « Combien de fois
# la Russie est-elle plus grande que l'Ukraine ? », "How many times larger ...?", „Wie viel
# Mal größer ...?“, „Um das Wievielfache ...?“ (folded).
_RATIO_ASKED = re.compile(
    r"\bcombien de fois\b.*\b(?:plus|moins)\b"
    r"|\bhow many times\b.*\b(?:more|less|than|bigger|larger|smaller|higher|lower|greater)\b"
    r"|\bwie ?viele? ?mal\b.*\b(?:mehr|weniger|als|grosser|kleiner|hoher|teurer|langer)\b"
    r"|\bwievielfache"
)
# What answers it after a number: « 40 fois », "40 times", „40-mal“, „40-fach“, « 40x », or a
# comparison (« un pays de 40 plus grandes », "40 more", „40 größer“).
_RATIO_GIVEN = re.compile(
    r"(?:\d[\d\s.,]*|\w+)(?:\s*(?:-|\b(?:a|to|bis|et|and|und)\b)\s*(?:\d[\d\s.,]*|\w+))?\s*-?\s*"
    r"(?:fois|times|x|mal|fach|fache|fachen|plus|moins|more|less|bigger|larger|smaller"
    r"|higher|lower|greater|grosser|kleiner|hoher|mehr|weniger)\b"
)


def asks_ratio(question: str) -> bool:
    """Whether `question` asks how many times more or less one thing is than another: its
    answer is a number of times or a number compared (`gives_ratio`), not a count of « fois »."""
    return bool(_RATIO_ASKED.search(fold(question)))


def times_word(lang: str, ratio: bool) -> str | None:
    """What a ratio question counts, in `lang` (« fois », "times", „Mal“), when `ratio`."""
    return {"en": "times", "de": "mal"}.get(lang, "fois") if ratio else None


def gives_ratio(text: str, start: int, end: int) -> bool:
    """Whether the number at `start` (to `end`) in `text` says how many times more or less."""
    return bool(_RATIO_GIVEN.match(fold(text[start : end + 24])))
