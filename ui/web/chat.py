"""The chat turn: a question in, the answer streamed as chat messages, its sources beside it."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rag.answering.chain import AnswerStream
from rag.app import Newsrag
from rag.store.rows import ArticleInfo
from ui.web.answers import answer_markup
from ui.web.cards import placeholder, sources_html
from ui.web.filters import OptionError, count_within, describe, parse_day, show_day
from ui.web.i18n import Lang, label
from ui.web.state import AskOptions, Exchange, turns_of

logger = logging.getLogger(__name__)

Message = dict[str, str]
_EXAMPLES = 3
_TITLE_CHARS = 70


@dataclass(frozen=True)
class ChatUpdate:
    """One state of the chat while an answer is written; `done` on the last one."""

    messages: list[Message]
    exchanges: list[Exchange]
    sources: str
    done: bool = False


def as_text(text: str) -> str:
    """`text` as HTML that shows it as written: escaped, line breaks kept (the Chatbot renders
    no markdown, so `![..](..)` and `[..](..)` stay text)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def messages_for(exchanges: Sequence[Exchange], lang: Lang = "en") -> list[Message]:
    """The Chatbot messages (`{"role", "content"}`) of a conversation, `[n]` as links."""
    messages: list[Message] = []
    for turn, exchange in enumerate(exchanges):
        messages.append({"role": "user", "content": as_text(exchange.question)})
        messages.append({"role": "assistant", "content": answer_markup(exchange, turn, lang)})
    return messages


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
    since_name, until_name = fields or (None, None)
    first = parse_day(since, "since", lang, since_name)
    last = parse_day(until, "until", lang, until_name)
    if first and last and first > last:
        shown = {"since": show_day(first, lang), "until": show_day(last, lang)}
        raise OptionError(label(lang, "bad_range", **shown), "until")
    return AskOptions(
        since=first,
        until=last,
        sources=tuple(sources or ()),
        k=int(k) if k else None,
        use_llm=mode != "extractive",
    )


def respond_stream(
    app: Newsrag,
    question: str,
    exchanges: Sequence[Exchange],
    options: AskOptions,
    lang: Lang,
) -> Iterator[ChatUpdate]:
    """Answer `question` after `exchanges` as it is written: the question at once, then the
    LLM's draft growing, then the checked answer with its sources (or a refusal and the
    closest articles it retrieved)."""
    history = list(exchanges)
    question = question.strip()
    if not question:
        yield ChatUpdate(
            messages_for(history, lang), history, sources_html(history, lang), done=True
        )
        return
    asked = messages_for(history, lang)
    asked.append({"role": "user", "content": as_text(question)})
    writing = placeholder(label(lang, "writing"))
    yield ChatUpdate(asked, history, writing)
    draft = ""
    try:
        stream = AnswerStream(
            app.stream_answer(
                question,
                history=turns_of(history),
                k=options.k,
                since=options.since,
                until=options.until,
                sources=options.sources,
                use_llm=options.use_llm,
            )
        )
        for piece in stream:
            draft += piece
            drafted = {"role": "assistant", "content": as_text(draft)}
            yield ChatUpdate([*asked, drafted], history, writing)
        answer = stream.answer
    except Exception as exc:
        logger.exception("answering %r failed", question)
        failed = {"role": "assistant", "content": html.escape(label(lang, "failed", error=exc))}
        yield ChatUpdate(
            [*asked, failed], history, placeholder(label(lang, "failed_sources")), done=True
        )
        return
    exchange = Exchange(question, answer)
    if not answer.found and options.filtered:
        scope = ", ".join(text for _, text in describe(options, lang))
        exchange = Exchange(question, answer, scope, count_within(app.catalog(), options))
    answered = [*history, exchange]
    yield ChatUpdate(
        messages_for(answered, lang), answered, sources_html(answered, lang), done=True
    )


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
