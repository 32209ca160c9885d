"""Fakes: a chat model with queued replies, and an instant embedder with no model."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from rag.embeddings import EmbedderProfile


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


# Similar texts share words, so its cosines read like MiniLM's (unrelated texts near 0).
HASH_PROFILE = EmbedderProfile(
    unrelated_similarity=0.0,
    min_relevance=0.3,
    cross_lingual_min_relevance=0.3,
    dense_weight=0.2,
)


class HashEmbedder:
    """A fast fake embedder for tests that do not measure retrieval: each word of a text adds
    1 to one of 64 dimensions (by hash), normalised, so texts sharing words are similar."""

    name = "fake:hashed-words"
    profile = HASH_PROFILE
    dimensions = 64

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text."""
        return [self.embed_query(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        """The normalised word-hash counts of `text` (a fixed vector for a text without words)."""
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            vector[zlib.crc32(word.encode()) % self.dimensions] += 1.0
        if not any(vector):
            vector[0] = 1.0
        norm = sum(v * v for v in vector) ** 0.5
        return [v / norm for v in vector]
