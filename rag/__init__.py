"""newsrag's core: settings, domain types, retrieval and the `answer()` entry point."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache

from rag.app import IndexStats, Newsrag
from rag.settings import Settings
from rag.types import (
    Answer,
    AnswerDelta,
    AnswerDone,
    AnswerEvent,
    Article,
    Chunk,
    Citation,
    Passage,
    Turn,
)

__all__ = [
    "Answer",
    "AnswerDelta",
    "AnswerDone",
    "AnswerEvent",
    "Article",
    "Chunk",
    "Citation",
    "IndexStats",
    "Newsrag",
    "Passage",
    "Settings",
    "Turn",
    "answer",
    "get_app",
    "search",
    "stream_answer",
]


@cache
def get_app(settings: Settings | None = None) -> Newsrag:
    """The process-wide instance for these settings (read from the environment by default)."""
    return Newsrag(settings or Settings())


def answer(
    question: str,
    *,
    k: int | None = None,
    history: Sequence[Turn] | None = None,
    since: date | None = None,
    until: date | None = None,
    sources: Sequence[str] = (),
    settings: Settings | None = None,
) -> Answer:
    """Answer a question from the indexed articles, with numbered citations."""
    return get_app(settings).answer(
        question, k=k, history=history, since=since, until=until, sources=sources
    )


def stream_answer(
    question: str,
    *,
    k: int | None = None,
    history: Sequence[Turn] | None = None,
    since: date | None = None,
    until: date | None = None,
    sources: Sequence[str] = (),
    settings: Settings | None = None,
) -> Iterator[AnswerEvent]:
    """`answer()` as it is written: `AnswerDelta` pieces of the LLM's draft, then `AnswerDone`."""
    return get_app(settings).stream_answer(
        question, k=k, history=history, since=since, until=until, sources=sources
    )


def search(
    query: str,
    *,
    k: int | None = None,
    since: date | None = None,
    until: date | None = None,
    sources: Sequence[str] = (),
    settings: Settings | None = None,
) -> list[Passage]:
    """Ranked passages for a query, optionally restricted by date and source."""
    return get_app(settings).search(query, k=k, since=since, until=until, sources=sources)
