"""Builds newsrag from `Settings`: embedder, store, keyword index, retriever, answer chain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from langchain_core.language_models import BaseChatModel

from rag.answering.chain import (
    AnswerChainParts,
    ChainInput,
    build_answer_chain,
    final_answer,
)
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.llm import build_chat_model
from rag.answering.reader import build_answer_reading
from rag.embeddings import Embedder
from rag.filters import SearchFilter
from rag.models.embedders import build_embedder
from rag.retrieve.hybrid import HybridRetriever
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex
from rag.store.keyword_keeper import KeywordIndexKeeper
from rag.store.rows import ArticleInfo
from rag.types import Answer, AnswerEvent, Article, Passage, Turn

__all__ = ["DuplicateGroup", "IndexStats", "Newsrag", "duplicate_groups", "final_answer"]


@dataclass(frozen=True)
class IndexStats:
    """What the index holds; dates are the first and last article dates (ISO), if any."""

    articles: int
    chunks: int
    embedding_model: str
    store: str
    sources: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    # near-duplicate groups (wire copies) of two or more articles, and the articles in them
    duplicate_groups: int = 0
    grouped_articles: int = 0
    largest_groups: tuple[DuplicateGroup, ...] = ()


@dataclass(frozen=True)
class DuplicateGroup:
    """Indexed articles that are near-duplicates of each other, named after the first one."""

    group_id: str
    title: str
    articles: tuple[str, ...]


def duplicate_groups(catalog: Iterable[ArticleInfo]) -> list[DuplicateGroup]:
    """Groups of two or more articles, largest first."""
    members: dict[str, list[ArticleInfo]] = defaultdict(list)
    for info in catalog:
        members[info.duplicate_group or info.id].append(info)
    groups = [
        DuplicateGroup(
            group_id,
            next((a.title for a in infos if a.id == group_id), infos[0].title),
            tuple(sorted(a.id for a in infos)),
        )
        for group_id, infos in members.items()
        if len(infos) > 1
    ]
    return sorted(groups, key=lambda g: (-len(g.articles), g.group_id))


def join_chunks(passages: Iterable[Passage]) -> str:
    """An article's text rebuilt from its chunks (they touch or overlap; offsets are kept)."""
    text = ""
    for passage in sorted(passages, key=lambda p: p.start):
        if passage.end <= len(text):
            continue
        text = text[: passage.start].ljust(passage.start) + passage.text
    return text


@dataclass(frozen=True)
class _Question:
    """A question as asked, checked; the chain's input once an index snapshot joins it."""

    question: str
    history: list[Turn]
    k: int
    filter: SearchFilter


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
        self.retriever = HybridRetriever(self.store, self.keywords, settings, self.embedder.profile)
        self.llm = llm if llm is not None else build_chat_model(settings)
        self.reading = build_answer_reading(settings, self.embedder.name)
        self.extractive = ExtractiveConfig.from_settings(
            settings, self.embedder.profile, self.reading
        )

        def parts(model: BaseChatModel | None) -> AnswerChainParts:
            return AnswerChainParts(
                search=self.retriever.search,
                embedder=self.embedder,
                llm=model,
                today=today,
                extractive=self.extractive,
                unsupported=settings.llm_unsupported,
            )

        self._parts = parts(self.llm)
        self._extractive_parts = parts(None)  # for `use_llm=False`
        self._chain = build_answer_chain(self._parts)
        self._extractive_chain = build_answer_chain(self._extractive_parts)

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
        return self.retriever.search(query, k or self.settings.top_k, scope, self.snapshot())

    def answer(
        self,
        question: str,
        *,
        k: int | None = None,
        history: Sequence[Turn] | None = None,
        since: date | None = None,
        until: date | None = None,
        sources: Sequence[str] = (),
        use_llm: bool = True,
    ) -> Answer:
        """Answer a question from the indexed articles, with numbered citations.

        `since`/`until` (inclusive) and `sources` restrict the articles searched; without
        dates, a time expression in the question ("en mars 2020", "last week") sets them.
        `use_llm=False` answers extractively even when an LLM is configured.
        """
        asked = self._inputs(question, k, history, since, until, sources)
        return final_answer(self._events(asked, stream=False, use_llm=use_llm))

    def stream_answer(
        self,
        question: str,
        *,
        k: int | None = None,
        history: Sequence[Turn] | None = None,
        since: date | None = None,
        until: date | None = None,
        sources: Sequence[str] = (),
        use_llm: bool = True,
    ) -> Iterator[AnswerEvent]:
        """`answer()` as it is written: `AnswerDelta`s of the LLM's draft, then one `AnswerDone`
        with the checked answer that replaces the draft (only that one without an LLM).

        Retrieval runs when the first event is asked for; an empty question raises at once.
        `use_llm=False` answers extractively even when an LLM is configured.
        """
        asked = self._inputs(question, k, history, since, until, sources)
        return self._events(asked, stream=True, use_llm=use_llm)

    def _inputs(
        self,
        question: str,
        k: int | None,
        history: Sequence[Turn] | None,
        since: date | None,
        until: date | None,
        sources: Sequence[str],
    ) -> _Question:
        question = question.strip()
        if not question:
            raise ValueError("question is empty")
        scope = SearchFilter(since, until, tuple(sources))
        return _Question(question, list(history or []), k or self.settings.top_k, scope)

    def _events(
        self, asked: _Question, *, stream: bool, use_llm: bool = True
    ) -> Iterator[AnswerEvent]:
        parts, chain = self._parts, self._chain
        if not use_llm:
            parts, chain = self._extractive_parts, self._extractive_chain
        inputs: ChainInput = {
            "question": asked.question,
            "history": asked.history,
            "k": asked.k,
            "filter": asked.filter,
            "index": self.snapshot(),  # taken here: the stream starts when it is first read
        }
        yield from parts.events(chain.invoke(inputs), stream=stream)

    def snapshot(self) -> KeywordIndex:
        """The keyword index at the store's current revision: one per question, so that its
        search and its term weights read the same revision even if an ingest publishes
        meanwhile."""
        return self.keywords.current()

    def article_count(self) -> int:
        """Number of distinct indexed articles (read from the current keyword snapshot)."""
        return self.snapshot().article_count

    def archive_span(self) -> tuple[date, date] | None:
        """The first and last article dates (None without dated articles)."""
        return self.snapshot().date_span()

    def catalog(self, revision: str | None = None) -> list[ArticleInfo]:
        """Every indexed article's title, date, source and url (cached per store revision, read
        from the store when not given)."""
        revision = self.store.revision if revision is None else revision
        cached = getattr(self, "_catalog", None)
        if cached is None or cached[0] != revision:
            cached = (revision, self.store.articles())
            self._catalog = cached
        return cached[1]

    def article(self, article_id: str) -> Article | None:
        """An indexed article, its text rebuilt from its chunks; None when it is not indexed."""
        passages = self.store.article_passages(article_id)
        if not passages:
            return None
        first = passages[0]
        return Article(
            article_id,
            first.title,
            join_chunks(passages),
            first.date,
            first.source,
            first.url,
            first.lang,
        )

    def stats(self) -> IndexStats:
        """Articles, chunks, embedder, store location, sources and the span of article dates."""
        catalog = self.catalog()
        dates = sorted(a.date[:10] for a in catalog if a.date)
        groups = duplicate_groups(catalog)
        return IndexStats(
            articles=self.article_count(),
            chunks=self.store.count(),
            embedding_model=self.embedder.name,
            store=self.store.location,
            sources=tuple(sorted({a.source for a in catalog if a.source})),
            first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None,
            duplicate_groups=len(groups),
            grouped_articles=sum(len(g.articles) for g in groups),
            largest_groups=tuple(groups[:5]),
        )
