"""Whether a number of years is someone's age: « Konrad Steffen, 68 ans, » and « âgé de 68
ans » give one; « il y a 20 ans », « depuis 20 ans », "20 years ago", „vor 20 Jahren“ and
« 20 ans de prison » give a time, which answers "when" or "how long", never "how old"."""

from __future__ import annotations

import re

from rag.text.penalties import gives_penalty

_AGED, _OLD = re.compile(r"(?i:âgée?s?\s+de|aged)\s+$"), re.compile(r"[\s-]*(?:old|alt)\b")
# Words before a number of years that make it a time from or for which something holds
# (« il y a », « depuis », « pendant », « en 20 ans », "for", "over", „seit“, „vor“...), a
# hedge between them allowed (« il y a plus de 20 ans », "for almost 20 years").
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
# Words after it that make it a time (« 20 ans plus tard », "20 years ago", „20 Jahre lang“).
_TIME_AFTER = re.compile(
    r"\s*(?:plus tard|plus tôt|auparavant|après|avant|ago|later|earlier|before|after|lang\b"
    r"|später|früher|zuvor)",
    re.IGNORECASE,
)


def gives_age(text: str, start: int, end: int) -> bool:
    """Whether the duration at `[start, end)` gives an age: « âgé de 68 ans », "68 years old",
    « Konrad Steffen, 68 ans, »."""
    before, after = text[:start], text[end:]
    if _AGED.search(before) or _OLD.match(after):
        return True
    return before.rstrip().endswith(",") and after.lstrip().startswith((",", ")"))


def gives_time(text: str, start: int, end: int) -> bool:
    """Whether the number of years at `[start, end)` tells a time, not an age: « il y a 20
    ans, en 1998 », « depuis 20 ans », "20 years later", „vor 20 Jahren“, « 20 ans de prison »."""
    if gives_age(text, start, end):
        return False
    return bool(
        _TIME_BEFORE.search(text, 0, start)
        or _TIME_AFTER.match(text, end)
        or gives_penalty(text, end)
    )
