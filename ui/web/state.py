"""What a browser session keeps (its exchanges) and what a question is asked with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rag.types import Answer, Turn


@dataclass(frozen=True)
class Exchange:
    """One question and its answer (a refusal shows the passages it retrieved within the
    filters); with filters on, what they were (`scope`) and how many articles they let
    through."""

    question: str
    answer: Answer
    scope: str = ""
    searched: int | None = None


@dataclass(frozen=True)
class AskOptions:
    """The filters and mode of the UI, as `Newsrag.stream_answer` takes them."""

    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    k: int | None = None
    use_llm: bool = True

    @property
    def filtered(self) -> bool:
        """Whether a date or source filter narrows the articles searched."""
        return bool(self.since or self.until or self.sources)


def turns_of(exchanges: Sequence[Exchange]) -> list[Turn]:
    """The conversation history `Newsrag` takes, from the session's exchanges."""
    return [Turn(e.question, e.answer.text, e.answer.standalone_question) for e in exchanges]
