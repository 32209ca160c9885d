"""Relative time words (« aujourd'hui », « hier », "last week", "heute"): a question's date
filter (`rag.text.timeparse`), never its key terms."""

from __future__ import annotations

import re

from rag.text.lexicon import fold_same_length
from rag.text.timeparse import RELATIVE_RE

_TIME_WORDS = re.compile(
    rf"{RELATIVE_RE}|\b(?:demain|apres-demain|tomorrow|ce\s+(?:matin|soir)|this\s+(?:morning"
    r"|evening)|heute\s+(?:morgen|abend)|actuellement|en\s+ce\s+moment|currently|right\s+now"
    r"|derzeit|zurzeit)\b",
    re.IGNORECASE,
)


def without_time_words(question: str) -> str:
    """The question with its relative time words blanked out (« aujourd'hui », « hier »,
    « cette semaine », "last week", "heute"...): they set a date filter, never a key term."""
    folded = fold_same_length(question)
    kept = list(question)
    for match in _TIME_WORDS.finditer(folded):
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(kept)
