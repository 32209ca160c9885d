"""The answer chain: condense -> scope -> retrieve -> draft as LangChain runnables, then the
answer itself, streamed from the LLM and checked once it is written (a plain generator,
`AnswerChainParts.events`, outside the runnables)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.answering.citations import Unsupported, verify_citations
from rag.answering.conversation import condense_without_llm, is_question
from rag.answering.coverage import (
    Coverage,
    check_coverage,
    dates_dropped,
    elsewhere_coverage,
    unnamed_coverage,
    unnamed_in_period,
    with_coverage,
)
from rag.answering.dated import StoryPeriod, told_elsewhere
from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.llm import rewrite_question, stream_answer_text
from rag.answering.scope import Scope, question_scope
from rag.embeddings import Embedder
from rag.filters import SearchFilter
from rag.store.keyword import KeywordIndex
from rag.text.analysis import Language, detect_language
from rag.text.messages import unsupported_llm_note
from rag.types import Answer, AnswerDelta, AnswerDone, AnswerEvent, Passage, Turn

# The ranked passages for a query, its k and filter, searched in one keyword index snapshot,
# with the chunks of a narrower filter preferred (`HybridRetriever.search`).
Search = Callable[[str, int, SearchFilter, KeywordIndex, SearchFilter | None], list[Passage]]


class ChainInput(TypedDict):
    """What the chain is invoked with: the question, and the keyword index snapshot (one store
    revision) that its retrieval and its term weights both read."""

    question: str
    history: Sequence[Turn]
    k: int
    filter: SearchFilter
    index: KeywordIndex


@dataclass(frozen=True)
class Retrieved:
    """The passages for a question, and its names that no article of its period holds when
    they were searched for at other dates (`coverage.unnamed_in_period`)."""

    passages: list[Passage]
    unnamed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """What is known before the LLM writes: the passages, and the extractive answer from them."""

    question: str
    standalone: str
    lang: Language
    passages: list[Passage]
    extractive: Answer
    # what the archive covers, when the question's own dates matched no article
    coverage: Coverage | None = None
    # the period the question dates its story by, if it names one, and its words
    period: SearchFilter | None = None
    story: StoryPeriod | None = None

    def noted(self, answer: Answer) -> Answer:
        """The answer (extractive or an LLM's) with what the archive covers, or, when every
        quote it cites comes from far from the question's period, a note saying so."""
        coverage, period, story = self.coverage, self.period, self.story
        if coverage is None and period and answer.found and told_elsewhere(answer.citations, story):
            coverage = elsewhere_coverage(period, self.lang)
        return with_coverage(answer, coverage, self.passages, self.lang)


@dataclass(frozen=True)
class AnswerChainParts:
    """The collaborators the chain calls, each swappable in tests, and its configuration,
    resolved once when the app is built."""

    search: Search
    embedder: Embedder
    llm: BaseChatModel | None
    today: Callable[[], date]
    extractive: ExtractiveConfig
    unsupported: Unsupported = "flag"  # what becomes of an LLM sentence no passage backs

    def condense(self, state: dict[str, Any]) -> str:
        """A standalone version of the question."""
        question: str = state["question"]
        history: Sequence[Turn] = state["history"]
        if not history or not is_question(question):
            return question  # a greeting or a statement is never turned into a question
        if self.llm is None:
            return condense_without_llm(question, history)
        return rewrite_question(self.llm, question, history)

    def scope(self, state: dict[str, Any]) -> Scope:
        """The question's scope (`scope.question_scope`): the caller's filter, and its dates."""
        index: KeywordIndex = state["index"]
        return question_scope(state["standalone"], state["filter"], self.today(), index.date_span)

    def retrieve(self, state: dict[str, Any]) -> Retrieved:
        """Passages for the standalone question, within its scope.

        A date read from the question may be what the story is about ("le 22 juin 1941",
        « le chiffre d'affaires de Nokia en 2019 ») rather than when it was published: when it
        leaves nothing, or no article of a year asked about names the question's subject,
        search without it.
        """
        index: KeywordIndex = state["index"]
        question, k, scope, given = state["standalone"], state["k"], state["scope"], state["filter"]
        passages = self.search(question, k, scope.filter, index, scope.prefer)
        if scope.period == given:
            return Retrieved(passages)
        if not passages:
            return Retrieved(self.search(question, k, given, index, None))
        if dates_dropped(scope.period, passages):
            return Retrieved(passages)  # no article of the period: the draft says so
        lang = detect_language(question)
        unnamed = unnamed_in_period(question, lang, scope.period, given, index)
        if unnamed:
            return Retrieved(self.search(question, k, given, index, None), unnamed)
        return Retrieved(passages)

    def draft(self, state: dict[str, Any]) -> Draft:
        """The extractive answer from the passages: the answer without an LLM, its fallback
        with one. It carries the passages, whatever becomes of it."""
        question: str = state["question"]
        retrieved: Retrieved = state["retrieved"]
        index: KeywordIndex = state["index"]
        scope: Scope = state["scope"]
        period = StoryPeriod.of(scope.prefer)
        passages = retrieved.passages
        lang = detect_language(question)
        extractive = extractive_answer(
            question,
            passages,
            self.extractive,
            lang=lang,
            idf=index.idf,
            embedder=self.embedder,
            indexed_articles=index.article_count,
            standalone_question=state["standalone"],
            known=index.knows,
            article_terms=index.article_terms,
            period=period,
        )
        coverage: Coverage | None = None
        if retrieved.unnamed and not scope.guessed:
            coverage = unnamed_coverage(scope.period, retrieved.unnamed, lang)
        elif not scope.guessed:
            coverage = check_coverage(
                scope.period,
                passages,
                index.date_span,
                lang,
                ahead=scope.ahead,
                holds=index.holds,
            )
        draft = Draft(
            question,
            state["standalone"],
            lang,
            passages,
            extractive,
            coverage,
            None if scope.guessed else scope.prefer,
            None if scope.guessed else period,
        )
        return replace(draft, extractive=draft.noted(replace(extractive, passages=tuple(passages))))

    def events(self, draft: Draft, *, stream: bool = True) -> Iterator[AnswerEvent]:
        """The LLM's answer as it is written, then the checked `Answer` (at once without LLM).

        With `stream` false the LLM is called without streaming: one delta, its whole reply.
        """
        after_archive = draft.coverage is not None and draft.coverage.after_archive
        if self.llm is None or not draft.passages or after_archive:
            yield AnswerDone(draft.extractive)
            return
        pieces: list[str] = []
        replies = stream_answer_text(self.llm, draft.standalone, draft.passages, stream=stream)
        for piece in replies:
            pieces.append(piece)
            yield AnswerDelta(piece)
        yield AnswerDone(self.finish(draft, "".join(pieces)))

    def finish(self, draft: Draft, reply: str) -> Answer:
        """The LLM's reply with every sentence checked: supported ones cited, the others
        flagged or removed (`Settings.llm_unsupported`) and counted; with no supported sentence,
        the extractive answer (after a note saying why), or its refusal: unchecked text is never
        shown."""
        checked = verify_citations(
            reply, draft.passages, self.embedder, unsupported=self.unsupported
        )
        if checked.citations:
            written = Answer(
                draft.question,
                checked.text,
                True,
                checked.citations,
                draft.standalone,
                mode="llm",
                relevance=draft.extractive.relevance,
                flagged_sentences=checked.flagged,
                passages=tuple(draft.passages),
            )
            return draft.noted(written)
        extractive = draft.extractive
        text = extractive.text
        if extractive.found:
            text = f"{unsupported_llm_note(draft.lang)} {text}"
        return replace(extractive, text=text, mode="extractive-fallback")


def build_answer_chain(parts: AnswerChainParts) -> Runnable[ChainInput, Draft]:
    """question/history/k/filter/index -> Draft; `parts.events(draft)` then writes the answer."""
    chain = (
        RunnablePassthrough.assign(standalone=RunnableLambda(parts.condense))
        | RunnablePassthrough.assign(scope=RunnableLambda(parts.scope))
        | RunnablePassthrough.assign(retrieved=RunnableLambda(parts.retrieve))
        | RunnableLambda(parts.draft)
    )
    return chain.with_config(run_name="newsrag_answer")  # type: ignore[return-value]


def final_answer(events: Iterable[AnswerEvent]) -> Answer:
    """The `Answer` that ends a stream of answer events (the draft's pieces before it are
    skipped); a stream that ends without one is a bug, and raises."""
    for event in events:
        if isinstance(event, AnswerDone):
            return event.answer
    raise RuntimeError("the answer stream ended without an answer")


class AnswerStream:
    """A streamed answer for a front that shows the draft: iterate it for the draft's text
    pieces as they are written, then read `answer`, the checked answer that replaces them."""

    def __init__(self, events: Iterable[AnswerEvent]) -> None:
        self._events = iter(events)
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        """The LLM draft's pieces, up to the checked answer (none without an LLM)."""
        for event in self._events:
            if isinstance(event, AnswerDone):
                self._answer = event.answer
                return
            yield event.text

    @property
    def answer(self) -> Answer:
        """The checked answer (what is left of the draft is skipped)."""
        if self._answer is None:
            self._answer = final_answer(self._events)
        return self._answer
