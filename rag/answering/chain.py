"""The answer chain: condense -> scope -> retrieve -> draft as LangChain runnables, then the
answer itself, streamed from the LLM and checked once it is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.answering.citations import verify_citations
from rag.answering.conversation import condense_without_llm, is_question
from rag.answering.coverage import note_coverage
from rag.answering.extractive import extractive_answer
from rag.answering.llm import rewrite_question, stream_answer_text
from rag.answering.reader import AnswerReading
from rag.embeddings import Embedder
from rag.filters import SearchFilter
from rag.settings import Settings
from rag.text.analysis import Language, detect_language
from rag.text.messages import unsupported_llm_note
from rag.text.timeparse import parse_date_range
from rag.types import Answer, AnswerDelta, AnswerDone, AnswerEvent, Passage, Turn


class ChainInput(TypedDict):
    """What the chain is invoked with."""

    question: str
    history: Sequence[Turn]
    k: int
    filter: SearchFilter


@dataclass(frozen=True)
class Draft:
    """What is known before the LLM writes: the passages, and the extractive answer from them."""

    question: str
    standalone: str
    lang: Language
    passages: list[Passage]
    extractive: Answer


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
        reading: AnswerReading | None = None,
        archive_span: Callable[[], tuple[date, date] | None] = lambda: None,
    ) -> None:
        self.archive_span = archive_span  # the first and last article dates, for notes
        self.embedder = embedder
        self.reading = reading
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
        if not history or not is_question(question):
            return question  # a greeting or a statement is never turned into a question
        if self.llm is None:
            return condense_without_llm(question, history)
        return rewrite_question(self.llm, question, history)

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
        """Passages for the standalone question, within its scope.

        A date read from the question may be what the story is about ("le 22 juin 1941")
        rather than when it was published: when it leaves nothing, search without it.
        """
        passages = self.search(state["standalone"], state["k"], state["scope"])
        if passages or state["scope"] == state["filter"]:
            return passages
        return self.search(state["standalone"], state["k"], state["filter"])

    def draft(self, state: dict[str, Any]) -> Draft:
        """The extractive answer from the passages: the answer without an LLM, its fallback
        with one."""
        question: str = state["question"]
        passages: list[Passage] = state["passages"]
        lang = detect_language(question)
        reading = self.reading
        calibrated = reading.min_relevance if reading else self.embedder.min_relevance
        extractive = extractive_answer(
            question,
            passages,
            lang=lang,
            idf=self.idf,
            embedder=self.embedder,
            min_relevance=_setting_or(self.settings.min_relevance, calibrated),
            cross_lingual_min_relevance=_setting_or(
                self.settings.cross_lingual_min_relevance,
                self.embedder.cross_lingual_min_relevance,
            ),
            dense_share=self.settings.answer_dense_share,
            max_sentences=self.settings.max_answer_sentences,
            indexed_articles=self.indexed_articles(),
            standalone_question=state["standalone"],
            candidate_sentences=self.settings.answer_candidate_sentences,
            read=reading.read if reading else None,
            reader_share=reading.share if reading else 0.0,
            reader_sentences=self.settings.reader_sentences,
        )
        extractive = note_coverage(extractive, state["scope"], passages, self.archive_span, lang)
        return Draft(question, state["standalone"], lang, passages, extractive)

    def events(self, draft: Draft, *, stream: bool = True) -> Iterator[AnswerEvent]:
        """The LLM's answer as it is written, then the checked `Answer` (at once without LLM).

        With `stream` false the LLM is called without streaming: one delta, its whole reply.
        """
        if self.llm is None or not draft.passages:
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
            reply, draft.passages, self.embedder, unsupported=self.settings.llm_unsupported
        )
        if checked.citations:
            return Answer(
                draft.question,
                checked.text,
                True,
                checked.citations,
                draft.standalone,
                mode="llm",
                relevance=draft.extractive.relevance,
                flagged_sentences=checked.flagged,
            )
        extractive = draft.extractive
        text = extractive.text
        if extractive.found:
            text = f"{unsupported_llm_note(draft.lang)} {text}"
        return replace(extractive, text=text, mode="extractive-fallback")


def _setting_or(value: float | None, default: float) -> float:
    return default if value is None else value


def build_answer_chain(parts: AnswerChainParts) -> Runnable[ChainInput, Draft]:
    """question/history/k/filter -> Draft; `parts.events(draft)` then writes the answer."""
    chain = (
        RunnablePassthrough.assign(standalone=RunnableLambda(parts.condense))
        | RunnablePassthrough.assign(scope=RunnableLambda(parts.scope))
        | RunnablePassthrough.assign(passages=RunnableLambda(parts.retrieve))
        | RunnableLambda(parts.draft)
    )
    return chain.with_config(run_name="newsrag_answer")  # type: ignore[return-value]
