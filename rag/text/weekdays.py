"""The weekday said before a date: « lundi 30 octobre », "Monday 30 October", „Montag, 30.
Oktober“ name the year too, the one where that day is a Monday."""

from __future__ import annotations

import re

from rag.text.lexicon import WEEKDAYS, fold

# Each language's weekdays, Monday first (`date.weekday()`).
_NUMBERS = {fold(name): n for names in WEEKDAYS.values() for n, name in enumerate(names)}
_BEFORE = re.compile(r"(\w+),?\s+(?:the\s+|den\s+|le\s+)?$")


def weekday_before(text: str, start: int) -> int | None:
    """The weekday (0 for Monday) named right before `text[start:]`, else None."""
    found = _BEFORE.search(text, 0, start)
    return _NUMBERS.get(fold(found.group(1))) if found else None
