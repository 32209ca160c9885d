"""The words that answer, shown in bold: of a sentence's spans of the asked kind, the one a
reader checking the quote would point at (`locate_answer`).

Which span is picked changes no answer: whether a sentence holds a span of the asked kind
(`TermWeights.kind_fit`) is decided before, on all of them. Measured on the news questions'
right answers (docs/answers.md, "The words in bold, and a sixteenth set").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.text.answertype import (
    Kind,
    age_of_another,
    all_in,
    candidate_spans,
    full_name,
    year_spans,
)
from rag.text.lexicon import fold, fold_same_length
from rag.text.measures import CLOCK
from rag.text.penalties import asks_penalty, gives_penalty

if TYPE_CHECKING:
    from rag.text.sentences import Sentence
    from rag.text.terms import TermWeights

_NAMES = (Kind.PERSON, Kind.ORGANISATION, Kind.PLACE)
_NUMBERS = (Kind.QUANTITY, Kind.DURATION, Kind.AGE, Kind.DATE)
# Characters from a question's word within which it points at a span: a word next to the span
# counts fully, one 20 characters away half.
_CLOSE = 20.0
_DIGITS = re.compile(r"\d+(?:[.,\s]\d+)*")
# A year standing alone (« entre 1962 et 1968 »): no count of anything.
_BARE_YEAR = re.compile(r"(?:1[5-9]|20)\d\d(?:\s+\w{1,3})?")
# A clock time's hours (« 04H08 »): not a quantity.
_HOURS = re.compile(r"\d{1,2}\s*[hH:]\s*\d{2}")
# A sentence's first letter or digit (quotes, dashes and brackets may come before it).
_FIRST_WORD = re.compile(r"[^\W_]")
# Letters of a question's word that find it in the sentence whatever its ending.
_STEM = 5
# How far after a number the thing it counts may come: three words, no punctuation between.
COUNTED_REACH = re.compile(r"(?:\s+[\w'’-]+){0,3}")


def numbers_in(text: str) -> set[str]:
    """The numbers written in digits in `text`, as their digits alone (« 1.500 », « 1 500 »
    and « 1500 » are one)."""
    return {re.sub(r"\D", "", n) for n in _DIGITS.findall(text)}


def answer_spans(
    text: str,
    kind: Kind,
    question_words: set[str],
    relative: bool = True,
    year: bool = False,
) -> list[tuple[int, int]]:
    """The spans of `text` that may answer: of the asked kind, not made of the question's own
    words. When a `year` is asked for, the dates with a year that is not the question's (« en
    2013 », not « mercredi 22 février »), else those years alone. `locate_answer` picks the
    one shown in bold."""
    spans = [
        (start, end)
        for start, end in candidate_spans(text, kind, relative)
        if not all_in(text[start:end], question_words)
        and not (kind is Kind.AGE and age_of_another(text, start, question_words))
        and not (
            kind is Kind.DURATION and gives_penalty(text, end) and not asks_penalty(question_words)
        )
    ]
    if year:
        years = year_spans(text, question_words)
        spans = [s for s in spans if any(s[0] <= y0 and y1 <= s[1] for y0, y1 in years)] or years
    return spans


def locate_answer(sentence: Sentence, weights: TermWeights) -> tuple[int, int] | None:
    """The article span of the words in `sentence` that answer (a number for "combien", a
    name for "qui"...); None when no kind is asked or the sentence holds no span of it.

    Among several spans, the one with the fewest marks against it (`_doubts`) is picked, then
    the one the question's weighted words surround most closely (`_closeness`), then the first.
    """
    if weights.kind is Kind.OTHER:
        return None
    text = sentence.text
    spans = [
        span
        for span in answer_spans(text, weights.kind, weights.words, weights.relative, weights.year)
        if not (weights.kind in _NAMES and _no_name(text, span))
    ]
    if weights.unit is CLOCK:  # the hour is asked: the time given (« 10h32 »), not the day
        spans = [m.span() for m in CLOCK.finditer(text)]
    if not spans:
        return None
    anchors = _anchors(text, weights)
    counted = [word[:4] for _, word in weights.counts_in(sentence.passage.lang or weights.lang)]
    start, end = min(
        spans,
        key=lambda span: (
            _doubts(text, span, weights, counted),
            -_closeness(span, anchors),
            span[0],
        ),
    )
    return sentence.start + start, sentence.start + end


def _no_name(text: str, span: tuple[int, int]) -> bool:
    """Whether a name span is only a capitalised word opening the sentence (« Mercredi, »,
    « Ainsi », « Sur les feuilles ») or a title alone (« M »): no answer to "qui", "où"."""
    start, end = span
    said = text[start:end]
    if len(said.strip(".")) <= 2 and not said.isupper():
        return True
    first = _FIRST_WORD.search(text)
    opens = start <= (first.start() if first else len(text))
    return opens and " " not in said and not (said.isupper() and len(said) > 1)


def _anchors(text: str, weights: TermWeights) -> list[tuple[int, int, float]]:
    """Where the question's key words (longer than 3 letters) are in `text`, with their
    weight: (start, end, weight)."""
    folded = fold_same_length(text).lower()
    found: list[tuple[int, int, float]] = []
    for word, weight in weights.word_weights.items():
        if len(word) <= 3:
            continue
        stem = word[:_STEM]  # « votée » finds « voté », « fondée » « fondé »
        for match in re.finditer(rf"\b{re.escape(stem)}\w*", folded):
            found.append((match.start(), match.end(), weight))
    return found


def _closeness(span: tuple[int, int], anchors: list[tuple[int, int, float]]) -> float:
    """How closely the question's words surround the span: each word's weight, less with its
    distance; words inside the span (the question's own) do not count."""
    start, end = span
    total = 0.0
    for a_start, a_end, weight in anchors:
        if a_start < end and start < a_end:
            continue
        distance = a_start - end if a_start >= end else start - a_end
        total += weight / (1.0 + max(distance, 0) / _CLOSE)
    return total


def _doubts(text: str, span: tuple[int, int], weights: TermWeights, counted: list[str]) -> int:
    """Marks against a span as the answer: words of the question in it
    (« Soundiata Keïta » for the mutiny against Keïta), a person without a full name; a number
    the question gives itself, a year or a clock time for a count, no unit when one is asked,
    a date with no day or year when an exact one is asked. A count of the thing asked for
    (« 32 attentats ») takes one mark off."""
    start, end = span
    said = text[start:end]
    marks = 0
    kind = weights.kind
    if kind in _NAMES:
        if any(fold(w) in weights.words for w in re.findall(r"\w+", said) if len(w) > 2):
            marks += 1
        if kind is Kind.PERSON and not full_name(said):
            marks += 1
    if kind in _NUMBERS:
        if numbers_in(said) & weights.numbers:
            marks += 2
        if kind is Kind.QUANTITY and (
            _BARE_YEAR.fullmatch(said) or _HOURS.match(text, start, min(len(text), end + 4))
        ):
            marks += 1
        if weights.unit is not None:  # the unit asked for is in the span or right after it
            unit = weights.unit.search(text, start, end + 30)
            marks += unit is None or unit.start() > end + 2
        if kind is Kind.DATE and not weights.relative and not _DIGITS.search(said):
            marks += 1
        reach = COUNTED_REACH.match(text, end)
        after = fold(text[start : reach.end() if reach else end])
        if counted and any(word in after for word in counted):
            marks -= 1
    return marks


def bold_span(
    best: Sentence, chosen: Sequence[tuple[Sentence, float]], score: float, weights: TermWeights
) -> tuple[Sentence, tuple[int, int]] | None:
    """The one span shown in bold in an answer, and its sentence: in the best sentence, else in
    those quoted as its context (cited with its `score`; the one after it first: what is asked
    often comes next), else in the most relevant other quoted sentence that has one (the one
    giving the asked kind beside the best: « La jeune femme de 22 ans » for « Quel âge a Léa
    Marchand ? »). One span only: those that other quoted sentences hold were the answer to 1
    question in 6 (docs/answers.md, "The words in bold, and a sixteenth set")."""
    context = [s for s, cited in chosen if cited == score and s is not best]
    after = sorted((s for s in context if s.start > best.start), key=lambda s: s.start)
    before = sorted((s for s in context if s.start < best.start), key=lambda s: -s.start)
    others = [s for s, cited in sorted(chosen, key=lambda c: -c[1]) if cited != score]
    for sentence in (best, *after, *before, *others):
        span = locate_answer(sentence, weights)
        if span is not None:
            return sentence, span
    return None
