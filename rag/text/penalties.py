"""A prison term is a duration that answers only a question about a penalty: « cinq ans de
prison » says how long a sentence is, not how long a trial lasted or a mayor stayed in hospital."""

from __future__ import annotations

import re
from collections.abc import Collection

# What follows a duration that is a penalty (« 18 mois de prison avec sursis », « quatre ans
# d'emprisonnement », « dix ans de réclusion », « deux ans ferme », "five years in prison",
# „drei Jahre Haft“), accents as written.
_PENALTY_AFTER = re.compile(
    r"\s*(?:de\s+prison|d['’]emprisonnement|de\s+r[ée]clusion|de\s+d[ée]tention|ferme\b"
    r"|avec\s+sursis|de\s+travaux\s+forc[ée]s|(?:in|of)\s+(?:prison|jail)|behind\s+bars"
    r"|(?:prison|jail)\s+(?:term|sentence)|haft\b|gef[äa]ngnis|freiheitsstrafe)",
    re.IGNORECASE,
)
# The words of a question about a penalty, folded.
_ASKED = (
    "prison emprisonnement reclusion detention peine peines condamne condamnee condamnes "
    "condamnees condamnation requis ecope ecopee sursis ferme sentence sentenced jail "
    "imprisonment haft gefangnis strafe freiheitsstrafe verurteilt"
)
_PENALTY_WORDS = frozenset(_ASKED.split())


def gives_penalty(text: str, end: int) -> bool:
    """Whether the duration ending at `end` of `text` is a penalty (a prison term)."""
    return _PENALTY_AFTER.match(text, end) is not None


def asks_penalty(question_words: Collection[str]) -> bool:
    """Whether a question (its folded words) is about a penalty."""
    return not _PENALTY_WORDS.isdisjoint(question_words)
