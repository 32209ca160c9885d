"""Sentence spans inside passages, in article coordinates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.types import Passage

# A sentence ends at . ! ? … (optionally closed by a quote or bracket) before a space and
# an upper-case letter, a digit or an opening quote; or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?…])[»”\"')\]]?\s+(?=[«“\"'(\[A-ZÀ-ÖØ-Þ0-9])|\n+")
MIN_SENTENCE_CHARS = 25


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage; `text == article.text[start:end]`."""

    text: str
    start: int
    end: int
    passage: Passage


def split_sentences(passage: Passage) -> list[Sentence]:
    """The passage's sentences that are long enough to stand alone."""
    sentences: list[Sentence] = []
    cursor = 0
    text = passage.text
    for match in [*_BOUNDARY.finditer(text), None]:
        end = match.start() if match else len(text)
        # keep a closing quote/bracket with its sentence
        if match and match.group(0)[0] in "»”\"')]":
            end += 1
        _append(sentences, passage, cursor, end)
        cursor = match.end() if match else len(text)
    return sentences


def _append(out: list[Sentence], passage: Passage, start: int, end: int) -> None:
    raw = passage.text[start:end]
    stripped = raw.strip()
    if len(stripped) < MIN_SENTENCE_CHARS:
        return
    lead = len(raw) - len(raw.lstrip())
    begin = passage.start + start + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), passage))
