"""Whether a number of years is someone's age: « Konrad Steffen, 68 ans, » and « âgé de 68
ans » give one; « depuis 20 ans », "for almost 30 years" and « 20 ans de prison » tell how
long, and a time told from another (« il y a 20 ans », "20 years ago": `rag.text.answertype`'s
relative dates) when, which never answer "how old"."""

from __future__ import annotations

import re

from rag.text.penalties import gives_penalty

# The words that tell an age in any unit (« à l'âge de 6 mois », "at the age of 84").
AGE_TOLD = r"à l['’]âge de|at the age of|im alter von"
_AGED = re.compile(
    rf"(?i:âgée?s?\s+de|aged|{AGE_TOLD})\s+"
    r"(?:\d{1,3}\s+(?:ou|à|or|to|oder|bis)\s+)?$"  # « à l'âge de 5 ou 6 mois »
)
_OLD = re.compile(r"[\s-]*(?:old|alt)\b")
# Words before a number of years that make it a time from or for which something holds
# (« depuis », « pendant », « en 20 ans », "for", "over", „seit“...), a hedge between them
# allowed (« depuis plus de 20 ans », "for almost 20 years"; « il y a plus de 20 ans », which
# the relative dates do not read with the hedge).
_HEDGE = (
    r"(?:(?:plus|moins|près) de|presque|environ|more than|almost|nearly|about|over|mehr als"
    r"|fast|über|knapp)"
)
_TIME_BEFORE = re.compile(
    r"(?<!\w)(?:il y a|il y avait|voici|voilà|depuis|pendant|durant|dans|en|for|during|over"
    r"|within|since|seit|vor|nach|innerhalb von)\s+"
    rf"(?:{_HEDGE}\s+)?$",
    re.IGNORECASE,
)


def gives_age(text: str, start: int, end: int) -> bool:
    """Whether the duration at `[start, end)` gives an age: « âgé de 68 ans », "68 years old",
    « Konrad Steffen, 68 ans, », « à l'âge de 6 mois »."""
    before, after = text[:start], text[end:]
    if _AGED.search(before) or _OLD.match(after):
        return True
    return before.rstrip().endswith(",") and after.lstrip().startswith((",", ")"))


def gives_time(text: str, start: int, end: int) -> bool:
    """Whether the number of years at `[start, end)` tells how long, not how old: « depuis 20
    ans », « pendant 12 ans », "for almost 30 years", « 20 ans de prison ». (A time told from
    another, « il y a 20 ans », "20 years later", is `answertype`'s relative date.)"""
    if gives_age(text, start, end):
        return False
    return bool(_TIME_BEFORE.search(text, 0, start) or gives_penalty(text, end))
