"""The chat turn: a question in, the answer streamed as chat messages, its sources beside it."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rag.app import Newsrag
from rag.store_rows import ArticleInfo
from rag.types import AnswerDone, Passage
from ui.cards import answer_markup, placeholder, sources_html
from ui.i18n import Lang, label
from ui.state import AskOptions, Exchange, turns_of

logger = logging.getLogger(__name__)

Message = dict[str, str]
_EXAMPLES = 3
_TITLE_CHARS = 70


class OptionError(ValueError):
    """A filter the user typed cannot be used; the message names the field."""


@dataclass(frozen=True)
class ChatUpdate:
    """One state of the chat while an answer is written; `done` on the last one."""

    messages: list[Message]
    exchanges: list[Exchange]
    sources: str
    done: bool = False


def messages_for(exchanges: Sequence[Exchange]) -> list[Message]:
    """The Chatbot messages (`{"role", "content"}`) of a conversation, `[n]` as links."""
    messages: list[Message] = []
    for turn, exchange in enumerate(exchanges):
        messages.append({"role": "user", "content": html.escape(exchange.question, quote=False)})
        messages.append({"role": "assistant", "content": answer_markup(exchange.answer, turn)})
    return messages


def parse_day(value: object, field: str, lang: Lang) -> date | None:
    """A date filter as typed or picked (`YYYY-MM-DD`, a datetime, a timestamp); empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value).date()
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise OptionError(label(lang, "bad_date", field=field, value=text)) from None


def ask_options(
    since: object,
    until: object,
    sources: Sequence[str] | None,
    k: float | None,
    mode: str | None,
    lang: Lang,
    fields: tuple[str, str] | None = None,
) -> AskOptions:
    """The filter widgets' values as `AskOptions`; a bad date raises `OptionError` naming its
    field (`fields`, else the date widgets' labels)."""
    since_field, until_field = fields or (label(lang, "since"), label(lang, "until"))
    first = parse_day(since, since_field, lang)
    last = parse_day(until, until_field, lang)
    if first and last and first > last:
        raise OptionError(label(lang, "bad_range", since=first, until=last))
    return AskOptions(
        since=first,
        until=last,
        sources=tuple(sources or ()),
        k=int(k) if k else None,
        use_llm=mode != "extractive",
    )


def _closest(app: Newsrag, query: str, options: AskOptions) -> tuple[Passage, ...]:
    try:
        found = app.search(
            query, k=options.k, since=options.since, until=options.until, sources=options.sources
        )
    except Exception:
        logger.exception("searching the closest articles for %r failed", query)
        return ()
    return tuple(found)


def respond_stream(
    app: Newsrag,
    question: str,
    exchanges: Sequence[Exchange],
    options: AskOptions,
    lang: Lang,
) -> Iterator[ChatUpdate]:
    """Answer `question` after `exchanges` as it is written: the question at once, then the
    LLM's draft growing, then the checked answer with its sources (or a refusal and the
    closest articles)."""
    history = list(exchanges)
    question = question.strip()
    if not question:
        yield ChatUpdate(messages_for(history), history, sources_html(history, lang), done=True)
        return
    asked = messages_for(history)
    asked.append({"role": "user", "content": html.escape(question, quote=False)})
    writing = placeholder(label(lang, "writing"))
    yield ChatUpdate(asked, history, writing)
    draft = ""
    try:
        events = app.stream_answer(
            question,
            history=turns_of(history),
            k=options.k,
            since=options.since,
            until=options.until,
            sources=options.sources,
            use_llm=options.use_llm,
        )
        for event in events:
            if isinstance(event, AnswerDone):
                answer = event.answer
                break
            draft += event.text
            drafted = {"role": "assistant", "content": html.escape(draft, quote=False)}
            yield ChatUpdate([*asked, drafted], history, writing)
        else:
            raise RuntimeError("the answer stream ended without an answer")
    except Exception as exc:
        logger.exception("answering %r failed", question)
        failed = {"role": "assistant", "content": html.escape(label(lang, "failed", error=exc))}
        yield ChatUpdate(
            [*asked, failed], history, placeholder(label(lang, "failed_sources")), done=True
        )
        return
    closest: tuple[Passage, ...] = ()
    if not answer.found:
        closest = _closest(app, answer.standalone_question or question, options)
    answered = [*history, Exchange(question, answer, closest)]
    yield ChatUpdate(messages_for(answered), answered, sources_html(answered, lang), done=True)


def respond(
    app: Newsrag,
    question: str,
    exchanges: Sequence[Exchange],
    options: AskOptions | None = None,
    lang: Lang = "en",
) -> ChatUpdate:
    """`respond_stream` run to its end: the final state of the chat."""
    *_, last = respond_stream(app, question, exchanges, options or AskOptions(), lang)
    return last


def short_title(title: str, limit: int = _TITLE_CHARS) -> str:
    """The title's first sentence, cut at a word boundary to `limit` characters."""
    first = title.strip().split(". ")[0].strip().rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def example_questions(catalog: Sequence[ArticleInfo], lang: Lang) -> list[str]:
    """Questions about the most recent indexed articles (dated first, then by title; a title
    shared by several copies of a story is asked about once)."""
    dated = sorted((a for a in catalog if a.date), key=lambda a: a.date or "", reverse=True)
    undated = sorted((a for a in catalog if not a.date), key=lambda a: a.title)
    titles = dict.fromkeys(short_title(a.title) for a in [*dated, *undated] if a.title.strip())
    return [label(lang, "example_question", title=t) for t in list(titles)[:_EXAMPLES]]
