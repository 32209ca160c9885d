"""Fakes for what cannot exist on this machine: LLM weights."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field


def word_pieces(text: str) -> list[str]:
    """`text` cut after each run of spaces, as a model streams it: pieces join back to `text`."""
    return re.findall(r"\S+\s*|\s+", text)


class RecordingChatModel(BaseChatModel):
    """Returns queued replies in order and records every prompt it was given.

    `.invoke()` returns a reply whole; `.stream()` yields it word by word.
    """

    replies: list[str]
    prompts: list[list[BaseMessage]] = Field(default_factory=list)
    streamed: int = 0  # how many replies were streamed

    @property
    def _llm_type(self) -> str:
        return "recording-fake"

    def _next_reply(self, messages: Sequence[BaseMessage]) -> str:
        self.prompts.append(list(messages))
        if not self.replies:
            raise AssertionError("the fake chat model got more calls than queued replies")
        return self.replies.pop(0)

    def _generate(
        self,
        messages: Sequence[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        reply = self._next_reply(messages)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(reply))])

    def _stream(
        self,
        messages: Sequence[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        reply = self._next_reply(messages)
        self.streamed += 1
        for piece in word_pieces(reply):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
