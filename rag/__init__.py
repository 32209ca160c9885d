"""newsrag's core: settings, domain types, retrieval and the `answer()` entry point."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from rag.errors import NewsragError
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

if TYPE_CHECKING:
    from rag.app import IndexStats, Newsrag
    from rag.settings import Settings

_LAZY = {"Newsrag": "rag.app", "IndexStats": "rag.app", "Settings": "rag.settings"}

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
    "NewsragError",
    "Passage",
    "Settings",
    "Turn",
    "answer",
    "get_app",
    "search",
    "stream_answer",
]


def __getattr__(name: str) -> Any:
    """`Newsrag`, `IndexStats` and `Settings` on first use.

    Importing `rag` (or `rag.types`) stays light: no pydantic-settings, Chroma or ONNX Runtime
    until they are needed, so that `newsrag --help` answers at once.
    """
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")


@cache
def get_app(settings: Settings | None = None) -> Newsrag:
    """The process-wide instance for these settings (read from the environment by default)."""
    from rag.app import Newsrag
    from rag.settings import Settings

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
