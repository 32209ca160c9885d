"""Time expressions read as on a fixed day, for the time-parsing tests."""

from __future__ import annotations

from datetime import date

from rag.text.timeparse import DateRange, parse_date_range

TODAY = date(2026, 11, 24)  # a Tuesday


def parse(question: str) -> DateRange:
    """The range `question` names, read on TODAY (it must name one)."""
    found = parse_date_range(question, TODAY)
    assert found is not None, question
    return found


def bounds(question: str) -> tuple[date | None, date | None]:
    """`parse(question)`'s since and until."""
    found = parse(question)
    return found.since, found.until
