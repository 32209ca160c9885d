"""Whether a sentence names someone the question asks for: a full name, or a lone one where the
question allows it."""

from __future__ import annotations

import re

from rag.text.answertype import (
    LONE_NAME_FACTOR,
    MISSING_KIND_FACTOR,
    Kind,
    all_in,
    candidate_spans,
    full_name,
)
from rag.text.roles import given_as_another

# A lone name set off as someone's name: in apposition (« la sœur de Nordahl Lelandais,
# Alexandra, revient ») or after a word that gives a name (« prénommée Léa », "named Chris").
_GIVEN_BEFORE = re.compile(
    r"(?:,\s*|\b(?i:pr[ée]nomm[ée]e?s?|surnomm[ée]e?s?|nomm[ée]e?s?|baptis[ée]e?s?|named|called"
    r"|namens|genannt)\s+)$"
)
_GIVEN_AFTER = re.compile(r"\s*(?:[,;.)]|$)")


def named_alone(text: str, start: int, end: int) -> bool:
    """Whether the lone name at `[start, end)` is given as someone's name: after a comma and
    before one (apposition), or after « prénommé », "named", „namens“ (« (Indre) » and « la
    chaîne locale Bip TV » are no one's)."""
    given = _GIVEN_BEFORE.search(text, 0, start) is not None
    return given and _GIVEN_AFTER.match(text, end) is not None


def person_fit(
    text: str, question_words: set[str], full: bool, roles: frozenset[int] = frozenset()
) -> float:
    """How well `text` names the person asked for: 1 for a full name that is not the
    question's own words, `LONE_NAME_FACTOR` for a lone capitalised word or an acronym (when
    the question asks for a name as such, `full`, only one given as a name: `named_alone`),
    else `MISSING_KIND_FACTOR`. A name given with another role than the question's `roles`
    (`rag.text.roles`) names someone else."""
    spans = [
        (start, end)
        for start, end in candidate_spans(text, Kind.PERSON)
        if not all_in(text[start:end], question_words)
        and not given_as_another(text, start, end, roles)
    ]
    if any(full_name(text[start:end]) for start, end in spans):
        return 1.0
    if spans and (not full or any(named_alone(text, start, end) for start, end in spans)):
        return LONE_NAME_FACTOR
    return MISSING_KIND_FACTOR[Kind.PERSON]
