"""The Gradio chat page: wires the components of `ui/web/page.py` to the handlers of `ui/web/`,
built from the app and the UI settings, and serves it."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.events import api as gradio_api

from rag.app import Newsrag
from ui.settings import UISettings
from ui.web.api import ASK_API_NAME, ask_endpoint
from ui.web.assets import CSS, HEAD
from ui.web.auth import credentials, guard_middleware
from ui.web.cards import article_html, placeholder, sources_html
from ui.web.chat import ask_options, messages_for, respond_stream
from ui.web.datepicker import PICKER_CSS, PICKER_HEAD
from ui.web.filters import OptionError, chips_html
from ui.web.gradio_words import WORDS_HEAD, gradio_translations
from ui.web.i18n import Lang, label, pick_language
from ui.web.page import index_updates, layout, mode_choices, page_texts
from ui.web.state import Exchange
from ui.web.upload import ingest_uploads, summary_html

__all__ = ["build_ui", "launch", "layout", "mode_choices", "page_texts", "start"]

logger = logging.getLogger(__name__)
_PROGRESS = gr.Progress()  # Gradio gives a handler with this default its own tracker


def request_language(ui: UISettings, request: gr.Request | None) -> Lang:
    """The page's language: `NEWSRAG_UI_LANGUAGE`, else the browser's Accept-Language."""
    header = request.headers.get("accept-language") if request is not None else None
    return pick_language(ui.ui_language, header)


def date_error_html(error: OptionError | None) -> str:
    """The message beside the date fields (`role=alert`, so it is read out), or nothing."""
    if error is None:
        return ""
    return (
        f'<p class="newsrag-field-error" role="alert" data-field="{error.field}">'
        f"{html.escape(str(error))}</p>"
    )


def filter_state(
    since: object, until: object, sources: list[str] | None, lang: Lang
) -> tuple[str, str]:
    """The chips of the filters that are valid, and the error of the first bad date field
    (the chips keep showing the other filters while a date is being corrected)."""
    error: OptionError | None = None
    dates = {"since": since, "until": until}
    for _ in range(3):  # at most both date fields are left out
        try:
            options = ask_options(dates["since"], dates["until"], sources, None, None, lang)
        except OptionError as exc:
            error = error or exc
            dates[exc.field] = ""
            continue
        return chips_html(options, lang), date_error_html(error)
    return chips_html(None, lang), date_error_html(error)


def build_ui(app: Newsrag, ui: UISettings) -> gr.Blocks:
    """The chat page: conversation, filters, upload, index panel, sources and article view."""
    start_lang: Lang = pick_language(ui.ui_language, None)

    def chat(
        question: str,
        exchanges: list[Exchange] | None,
        since: object,
        until: object,
        sources: list[str] | None,
        k: float | None,
        mode: str | None,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        keep = (gr.skip(),) * 4
        if not question.strip():
            yield (*keep, gr.skip(), gr.skip(), gr.skip())
            return
        lang = request_language(ui, request)
        try:
            options = ask_options(since, until, sources, k, mode, lang)
        except OptionError:  # shown beside the date fields, the filters opened
            chips, error = filter_state(since, until, sources, lang)
            yield (*keep, error, gr.update(open=True), chips)
            return
        history = exchanges or []
        chips = chips_html(options, lang)
        for update in respond_stream(app, question, history, options, lang):
            # the box is left alone while the answer is written, emptied once it is answered
            answered = len(update.exchanges) > len(history)
            box = ("" if answered else question) if update.done else gr.skip()
            fields = ("", gr.skip(), chips)
            yield update.messages, update.exchanges, update.sources, box, *fields

    def new_conversation(
        exchanges: list[Exchange] | None, previous: list[Exchange] | None, request: gr.Request
    ) -> tuple[Any, ...]:
        lang = request_language(ui, request)
        kept = exchanges or previous or []  # what Undo brings back
        return (  # the question box is left alone: a draft typed meanwhile is kept
            [],
            [],
            placeholder(label(lang, "placeholder_sources")),
            gr.skip(),
            placeholder(label(lang, "placeholder_article")),
            kept,
            gr.update(visible=bool(kept)),
        )

    def undo(previous: list[Exchange] | None, request: gr.Request) -> tuple[Any, ...]:
        lang = request_language(ui, request)
        kept = previous or []
        return (
            messages_for(kept, lang),
            kept,
            sources_html(kept, lang),
            [],
            gr.update(visible=False),
        )

    def check_filters(
        since: object, until: object, sources: list[str] | None, request: gr.Request
    ) -> tuple[str, str]:
        return filter_state(since, until, sources, request_language(ui, request))

    def remove_filter(
        event: gr.EventData,
        since: object,
        until: object,
        sources: list[str] | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        removed = str(getattr(event, "filter", ""))
        since = "" if removed == "since" else since
        until = "" if removed == "until" else until
        sources = [] if removed == "sources" else sources
        chips, error = filter_state(since, until, sources, request_language(ui, request))
        return since, until, sources, chips, error

    def pick_example(event: gr.EventData) -> str:
        return str(getattr(event, "question", ""))

    def open_article(event: gr.EventData, request: gr.Request) -> str:
        lang = request_language(ui, request)
        article_id = str(getattr(event, "article_id", ""))
        try:  # the span comes from the page: anything unusable highlights nothing
            start, end = int(getattr(event, "start", 0)), int(getattr(event, "end", 0))
        except (TypeError, ValueError):
            start = end = 0
        return article_html(app.article(article_id), article_id, start, end, lang)

    def upload(
        paths: list[str] | None, request: gr.Request, progress: gr.Progress = _PROGRESS
    ) -> dict[Any, Any]:
        lang = request_language(ui, request)
        files = [Path(p) for p in paths or []]
        summary = ingest_uploads(app, ui, files, lang, lambda f, text: progress(f, desc=text))
        updates = index_updates(app, ui, w, lang)
        updates[w.upload_summary] = summary_html(summary if files else None, lang)
        updates[w.files] = None
        return updates

    def load(request: gr.Request) -> dict[Any, Any]:
        return page_texts(app, ui, w, request_language(ui, request))

    # Gradio keeps its own copy of each upload in its temp folder: dropped after an hour.
    blocks = gr.Blocks(title="newsrag", analytics_enabled=False, delete_cache=(3600, 3600))
    # The page's chat and the /ask API share one pool of answer slots; the rest waits in order.
    answer_slots: dict[str, Any] = {
        "concurrency_limit": ui.ui_concurrency,
        "concurrency_id": "answer",
    }
    private: dict[str, Any] = {"api_visibility": "private"}
    with blocks:
        w = layout(app, start_lang)
        exchanges = gr.State([])
        previous = gr.State([])  # the conversation before the last "New conversation"
        every = list(page_texts(app, ui, w, start_lang))
        blocks.load(load, outputs=every, **private)
        filters = [w.since, w.until, w.source_filter]
        chat_io: dict[str, Any] = {
            "inputs": [w.question, exchanges, *filters, w.k, w.mode],
            "outputs": [
                w.chatbot, exchanges, w.sources, w.question, w.date_error, w.filters, w.chips
            ],
        }  # fmt: skip
        gr.on(
            [w.ask_button.click, w.question.submit],
            chat,
            api_name="chat",
            **chat_io,
            **private,
            **answer_slots,
        )
        # An example fills the box, then is asked at once.
        w.examples.click(pick_example, outputs=w.question, **private).then(
            chat, **chat_io, **private, **answer_slots
        )
        # The chat's trash is the same action as "New conversation", with the same Undo.
        reset_outputs = [
            w.chatbot, exchanges, w.sources, w.question, w.article, previous, w.undo
        ]  # fmt: skip
        for clear in (w.new_button.click, w.chatbot.clear):
            clear(new_conversation, [exchanges, previous], reset_outputs, **private)
        w.undo.click(undo, previous, [w.chatbot, exchanges, w.sources, previous, w.undo], **private)
        gr.on(
            [w.since.blur, w.since.submit, w.until.blur, w.until.submit, w.source_filter.change],
            check_filters,
            inputs=filters,
            outputs=[w.chips, w.date_error],
            **private,
        )
        w.chips.click(
            remove_filter, inputs=filters, outputs=[*filters, w.chips, w.date_error], **private
        )
        w.sources.click(open_article, outputs=w.article, **private)
        upload_outputs = [
            w.upload_summary, w.index, w.header, w.source_filter, w.examples, w.picker, w.files
        ]  # fmt: skip
        w.files.upload(upload, inputs=w.files, outputs=upload_outputs, **private)
        gradio_api(ask_endpoint(app), api_name=ASK_API_NAME, **answer_slots)
    blocks.queue(max_size=ui.ui_queue_size)
    return blocks


def _launch_options(ui: UISettings) -> dict[str, Any]:
    return {
        "css": CSS + PICKER_CSS,
        "head": HEAD + PICKER_HEAD + WORDS_HEAD,
        "auth": credentials(ui),
        "max_file_size": ui.ui_upload_max_bytes,
        "i18n": gradio_translations(ui.ui_language),
        "share": False,
        "footer_links": ["api", "settings"],  # no link off the page but articles' own
        "app_kwargs": {"middleware": [guard_middleware(ui)]},
    }


def launch(app: Newsrag, ui: UISettings, *, host: str, port: int) -> None:
    """Serve the chat on `host:port` until interrupted (no share link)."""
    blocks = build_ui(app, ui)
    # Gradio's own banner is replaced by one line of newsrag's (quiet by default, as the CLI).
    print(f"newsrag chat on http://{host}:{port} (Ctrl-C to stop)", flush=True)
    blocks.launch(server_name=host, server_port=port, quiet=True, **_launch_options(ui))


def start(app: Newsrag, ui: UISettings, host: str, port: int) -> tuple[gr.Blocks, str]:
    """Serve the chat in the background; returns the blocks (close with `.close()`) and its URL."""
    blocks = build_ui(app, ui)
    _, url, _ = blocks.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        **_launch_options(ui),
    )
    return blocks, url
