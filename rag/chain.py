"""The answer chain: condense -> retrieve -> generate, as LangChain runnables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.analysis import detect_language
from rag.conversation import condense_without_llm
from rag.embeddings import Embedder
from rag.extractive import extractive_answer
from rag.filters import SearchFilter
from rag.llm import answer_messages, cite_llm_answer, message_text
from rag.messages import unsupported_llm_note
from rag.settings import Settings
from rag.timeparse import parse_date_range
from rag.types import Answer, Passage, Turn

CONDENSE_PROMPT = """Rewrite the user's last question so that it can be understood without the \
conversation. Keep its language. If it is already self-contained (or is not a question), return \
it exactly as written. Reply with the question only."""


class ChainInput(TypedDict):
    """What the chain is invoked with."""

    question: str
    history: Sequence[Turn]
    k: int
    filter: SearchFilter


class AnswerChainParts:
    """The collaborators the chain calls; each is swappable in tests."""

    def __init__(
        self,
        settings: Settings,
        search: Callable[[str, int, SearchFilter], list[Passage]],
        idf: Callable[[str], float],
        indexed_articles: Callable[[], int],
        embedder: Embedder,
        llm: BaseChatModel | None,
        today: Callable[[], date],
    ) -> None:
        self.embedder = embedder
        self.today = today
        self.settings = settings
        self.search = search
        self.idf = idf
        self.indexed_articles = indexed_articles
        self.llm = llm

    def condense(self, state: dict[str, Any]) -> str:
        """A standalone version of the question."""
        question: str = state["question"]
        history: Sequence[Turn] = state["history"]
        if not history:
            return question
        if self.llm is None:
            return condense_without_llm(question, history)
        transcript = "\n".join(f"User: {t.question}\nAssistant: {t.answer}" for t in history[-4:])
        reply = self.llm.invoke(
            [
                SystemMessage(CONDENSE_PROMPT),
                HumanMessage(f"{transcript}\n\nLast question: {question}"),
            ]
        )
        rewritten = message_text(reply).strip()
        return rewritten or question

    def scope(self, state: dict[str, Any]) -> SearchFilter:
        """The caller's filter, plus the dates a time expression in the question names."""
        given: SearchFilter = state["filter"]
        if given.since or given.until:
            return given
        named = parse_date_range(state["standalone"], self.today())
        if named is None:
            return given
        return replace(given, since=named.since, until=named.until)

    def retrieve(self, state: dict[str, Any]) -> list[Passage]:
        """Passages for the standalone question, within its scope."""
        return self.search(state["standalone"], state["k"], state["scope"])

    def generate(self, state: dict[str, Any]) -> Answer:
        """An extractive answer, or the LLM's with its markers checked."""
        question: str = state["question"]
        passages: list[Passage] = state["passages"]
        lang = detect_language(question)
        extractive = extractive_answer(
            question,
            passages,
            lang=lang,
            idf=self.idf,
            embedder=self.embedder,
            min_relevance=(
                self.settings.min_relevance
                if self.settings.min_relevance is not None
                else self.embedder.min_relevance
            ),
            dense_share=self.settings.answer_dense_share,
            max_sentences=self.settings.max_answer_sentences,
            indexed_articles=self.indexed_articles(),
            standalone_question=state["standalone"],
        )
        if self.llm is None or not passages:
            return extractive
        reply = self.llm.invoke(answer_messages(state["standalone"], passages))
        text, citations = cite_llm_answer(message_text(reply), passages)
        if citations:
            return Answer(question, text, True, citations, state["standalone"], mode="llm")
        if extractive.found:
            note = unsupported_llm_note(lang)
            return Answer(
                question,
                f"{note} {extractive.text}",
                True,
                extractive.citations,
                state["standalone"],
                mode="extractive-fallback",
            )
        return Answer(question, text or extractive.text, False, [], state["standalone"], mode="llm")


def build_answer_chain(parts: AnswerChainParts) -> Runnable[ChainInput, Answer]:
    """question/history/k -> Answer."""
    chain = (
        RunnablePassthrough.assign(standalone=RunnableLambda(parts.condense))
        | RunnablePassthrough.assign(scope=RunnableLambda(parts.scope))
        | RunnablePassthrough.assign(passages=RunnableLambda(parts.retrieve))
        | RunnableLambda(parts.generate)
    )
    return chain.with_config(run_name="newsrag_answer")  # type: ignore[return-value]
