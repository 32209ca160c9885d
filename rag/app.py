"""Builds newsrag from `Settings`: embedder, store, keyword index, retriever, answer chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from langchain_core.language_models import BaseChatModel

from rag.chain import AnswerChainParts, ChainInput, build_answer_chain
from rag.embeddings import Embedder, build_embedder
from rag.filters import SearchFilter
from rag.keyword import KeywordIndexKeeper
from rag.llm import build_chat_model
from rag.retrieval import HybridRetriever
from rag.settings import Settings
from rag.store import ChromaStore
from rag.types import Answer, AnswerDone, AnswerEvent, Passage, Turn


@dataclass(frozen=True)
class IndexStats:
    """What the index holds."""

    articles: int
    chunks: int
    embedding_model: str
    store: str


def final_answer(events: Iterable[AnswerEvent]) -> Answer:
    """The `Answer` that ends a stream of answer events."""
    for event in events:
        if isinstance(event, AnswerDone):
            return event.answer
    raise RuntimeError("the answer stream ended without an answer")


class Newsrag:
    """One configured instance: the object the CLI, the UI and `rag.answer` share."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        llm: BaseChatModel | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or build_embedder(settings)
        self.store = ChromaStore(settings, self.embedder)
        self.keywords = KeywordIndexKeeper(
            self.store, settings.data_dir / "keyword" / settings.collection
        )
        self.retriever = HybridRetriever(self.store, self.keywords, settings)
        self.llm = llm if llm is not None else build_chat_model(settings)
        self._parts = AnswerChainParts(
            settings,
            search=lambda query, k, scope: self.retriever.search(query, k, scope),
            idf=lambda term: self.keywords.current().idf(term),
            indexed_articles=self.article_count,
            embedder=self.embedder,
            llm=self.llm,
            today=today,
        )
        self._chain = build_answer_chain(self._parts)

    def search(
        self,
        query: str,
        *,
        k: int | None = None,
        since: date | None = None,
        until: date | None = None,
        sources: Sequence[str] = (),
    ) -> list[Passage]:
        """Ranked passages for a query (the retrieval step on its own), optionally filtered."""
        scope = SearchFilter(since, until, tuple(sources))
        return self.retriever.search(query, k or self.settings.top_k, scope)

    def answer(
        self,
        question: str,
        *,
        k: int | None = None,
        history: Sequence[Turn] | None = None,
        since: date | None = None,
        until: date | None = None,
        sources: Sequence[str] = (),
    ) -> Answer:
        """Answer a question from the indexed articles, with numbered citations.

        `since`/`until` (inclusive) and `sources` restrict the articles searched; without
        dates, a time expression in the question ("en mars 2020", "last week") sets them.
        """
        inputs = self._inputs(question, k, history, since, until, sources)
        return final_answer(self._events(inputs, stream=False))

    def stream_answer(
        self,
        question: str,
        *,
        k: int | None = None,
        history: Sequence[Turn] | None = None,
        since: date | None = None,
        until: date | None = None,
        sources: Sequence[str] = (),
    ) -> Iterator[AnswerEvent]:
        """`answer()` as it is written: `AnswerDelta`s of the LLM's draft, then one `AnswerDone`
        with the checked answer that replaces the draft (only that one without an LLM).

        Retrieval runs when the first event is asked for; an empty question raises at once.
        """
        inputs = self._inputs(question, k, history, since, until, sources)
        return self._events(inputs, stream=True)

    def _inputs(
        self,
        question: str,
        k: int | None,
        history: Sequence[Turn] | None,
        since: date | None,
        until: date | None,
        sources: Sequence[str],
    ) -> ChainInput:
        question = question.strip()
        if not question:
            raise ValueError("question is empty")
        return {
            "question": question,
            "history": list(history or []),
            "k": k or self.settings.top_k,
            "filter": SearchFilter(since, until, tuple(sources)),
        }

    def _events(self, inputs: ChainInput, *, stream: bool) -> Iterator[AnswerEvent]:
        yield from self._parts.events(self._chain.invoke(inputs), stream=stream)

    def article_count(self) -> int:
        """Number of distinct indexed articles (cached per store revision)."""
        revision = self.store.revision
        cached = getattr(self, "_article_count", None)
        if cached is None or cached[0] != revision:
            cached = (revision, len(self.store.article_ids()))
            self._article_count = cached
        return cached[1]

    def stats(self) -> IndexStats:
        """Articles, chunks, embedder and store location."""
        return IndexStats(
            articles=self.article_count(),
            chunks=self.store.count(),
            embedding_model=self.embedder.name,
            store=self.store.location,
        )
