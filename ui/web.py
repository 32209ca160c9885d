"""The Gradio chat page: assembles the widgets and wires them to the handlers of `ui/`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.events import api as gradio_api

from rag.app import Newsrag
from ui.api import ASK_API_NAME, ask_endpoint
from ui.assets import ARTICLE_JS, CSS, HEAD, SOURCES_JS
from ui.auth import credentials
from ui.cards import article_html, index_html, index_line, placeholder
from ui.chat import OptionError, ask_options, example_questions, respond_stream
from ui.i18n import Lang, label, pick_language
from ui.state import Exchange
from ui.upload import accepted_suffixes, ingest_uploads, summary_html

logger = logging.getLogger(__name__)
_PROGRESS = gr.Progress()  # Gradio gives a handler with this default its own tracker


def request_language(app: Newsrag, request: gr.Request | None) -> Lang:
    """The page's language: `NEWSRAG_UI_LANGUAGE`, else the browser's Accept-Language."""
    header = request.headers.get("accept-language") if request is not None else None
    return pick_language(app.settings.ui_language, header)


def mode_choices(app: Newsrag, lang: Lang) -> list[tuple[str, str]]:
    """Extractive always; the configured LLM only when there is one."""
    choices = [(label(lang, "mode_extractive"), "extractive")]
    if app.llm is not None:
        model = app.settings.llm or type(app.llm).__name__
        choices.append((label(lang, "mode_llm", model=model), "llm"))
    return choices


@dataclass(frozen=True)
class Widgets:
    """The page's components, for handlers that update many of them."""

    header: gr.Markdown
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask_button: gr.Button
    new_button: gr.Button
    examples: gr.Dataset
    sources_title: gr.Markdown
    sources: gr.HTML
    article_title: gr.Markdown
    article: gr.HTML
    filters: gr.Accordion
    since: gr.DateTime
    until: gr.DateTime
    source_filter: gr.Dropdown
    k: gr.Slider
    mode: gr.Radio
    upload_box: gr.Accordion
    files: gr.File
    upload_summary: gr.HTML
    index_box: gr.Accordion
    index: gr.HTML


def index_updates(app: Newsrag, w: Widgets, lang: Lang) -> dict[Any, Any]:
    """What depends on the index: header line, index panel, source choices, examples."""
    stats = app.stats()
    return {
        w.header: f"# newsrag\n{index_line(stats, lang)}",
        w.index: index_html(stats, lang),
        w.source_filter: gr.update(
            label=label(lang, "source_filter"),
            info=label(lang, "source_filter_info"),
            choices=list(stats.sources),
        ),
        w.examples: gr.Dataset(
            label=label(lang, "examples"),
            samples=[[q] for q in example_questions(app.catalog(), lang)],
            render=False,  # an update, not a new component (this also runs while building)
        ),
    }


def page_texts(app: Newsrag, w: Widgets, lang: Lang) -> dict[Any, Any]:
    """Every label of the page in `lang`, and the index-dependent content."""
    suffixes = " ".join(sorted(accepted_suffixes()))
    size = f"{app.settings.ui_upload_max_bytes / 1e6:g} MB"
    files_info = label(
        lang, "upload_info", suffixes=suffixes, files=app.settings.ui_upload_max_files, size=size
    )
    llm_info = None if app.llm is not None else label(lang, "mode_no_llm")
    updates: dict[Any, Any] = {
        w.chatbot: gr.update(label=label(lang, "conversation")),
        w.question: gr.update(
            label=label(lang, "question"), placeholder=label(lang, "question_placeholder")
        ),
        w.ask_button: gr.update(value=label(lang, "ask")),
        w.new_button: gr.update(value=label(lang, "new_conversation")),
        w.sources_title: f"### {label(lang, 'sources')}",
        w.sources: placeholder(label(lang, "placeholder_sources")),
        w.article_title: f"### {label(lang, 'article')}",
        w.article: placeholder(label(lang, "placeholder_article")),
        w.filters: gr.update(label=label(lang, "filters")),
        w.since: gr.update(label=label(lang, "since"), info=label(lang, "date_info")),
        w.until: gr.update(label=label(lang, "until"), info=label(lang, "date_info")),
        w.k: gr.update(label=label(lang, "passages")),
        w.mode: gr.update(
            label=label(lang, "mode"), choices=mode_choices(app, lang), info=llm_info
        ),
        w.upload_box: gr.update(label=label(lang, "upload")),
        w.files: gr.update(label=f"{label(lang, 'upload_files')} ({files_info})"),
        w.index_box: gr.update(label=label(lang, "index")),
    }
    updates.update(index_updates(app, w, lang))
    return updates


def layout(app: Newsrag, lang: Lang) -> Widgets:
    """The page's components, created in the current `gr.Blocks` with labels in `lang`."""
    header = gr.Markdown("# newsrag")
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label=label(lang, "conversation"), height=480, elem_id="chat")
            question = gr.Textbox(label=label(lang, "question"), elem_id="question")
            with gr.Row():
                ask_button = gr.Button(label(lang, "ask"), variant="primary", elem_id="ask")
                new_button = gr.Button(label(lang, "new_conversation"), elem_id="new")
            examples = gr.Dataset(
                components=[question],
                samples=[],
                label=label(lang, "examples"),
                type="values",
                elem_id="examples",
            )
            with gr.Accordion(label(lang, "filters"), open=False, elem_id="filters") as filters:
                with gr.Row():
                    since = gr.DateTime(include_time=False, type="string", elem_id="since")
                    until = gr.DateTime(include_time=False, type="string", elem_id="until")
                source_filter = gr.Dropdown(multiselect=True, choices=[], elem_id="source-filter")
                k = gr.Slider(1, 20, value=app.settings.top_k, step=1, elem_id="passages")
                mode = gr.Radio(
                    mode_choices(app, lang),
                    value="llm" if app.llm is not None else "extractive",
                    elem_id="mode",
                )
            with gr.Accordion(label(lang, "upload"), open=False, elem_id="upload") as upload_box:
                files = gr.File(
                    file_count="multiple",
                    file_types=sorted(accepted_suffixes()),
                    type="filepath",
                    elem_id="files",
                )
                upload_summary = gr.HTML("", elem_id="upload-summary")
            with gr.Accordion(label(lang, "index"), open=False, elem_id="index-box") as index_box:
                index = gr.HTML("", elem_id="index")
        with gr.Column(scale=2):
            sources_title = gr.Markdown(f"### {label(lang, 'sources')}")
            sources = gr.HTML(
                placeholder(label(lang, "placeholder_sources")),
                js_on_load=SOURCES_JS,
                elem_id="sources",
            )
            article_title = gr.Markdown(f"### {label(lang, 'article')}")
            article = gr.HTML(
                placeholder(label(lang, "placeholder_article")),
                js_on_load=ARTICLE_JS,
                elem_id="article",
            )
    return Widgets(
        header, chatbot, question, ask_button, new_button, examples, sources_title, sources,
        article_title, article, filters, since, until, source_filter, k, mode, upload_box,
        files, upload_summary, index_box, index,
    )  # fmt: skip


def build_ui(app: Newsrag) -> gr.Blocks:
    """The chat page: conversation, filters, upload, index panel, sources and article view."""
    start_lang: Lang = pick_language(app.settings.ui_language, None)

    def chat(
        question: str,
        exchanges: list[Exchange] | None,
        since: object,
        until: object,
        sources: list[str] | None,
        k: float | None,
        mode: str | None,
        request: gr.Request,
    ) -> Iterator[tuple[Any, Any, Any, Any]]:
        if not question.strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        lang = request_language(app, request)
        try:
            options = ask_options(since, until, sources, k, mode, lang)
        except OptionError as exc:
            raise gr.Error(str(exc)) from exc
        history = exchanges or []
        for update in respond_stream(app, question, history, options, lang):
            # the box is left alone while the answer is written, emptied once it is answered
            answered = len(update.exchanges) > len(history)
            box = ("" if answered else question) if update.done else gr.skip()
            yield update.messages, update.exchanges, update.sources, box

    def new_conversation(request: gr.Request) -> tuple[Any, ...]:
        lang = request_language(app, request)
        return (
            [],
            [],
            placeholder(label(lang, "placeholder_sources")),
            "",
            placeholder(label(lang, "placeholder_article")),
        )

    def open_article(event: gr.EventData, request: gr.Request) -> str:
        lang = request_language(app, request)
        article_id = str(getattr(event, "article_id", ""))
        try:  # the span comes from the page: anything unusable highlights nothing
            start, end = int(getattr(event, "start", 0)), int(getattr(event, "end", 0))
        except (TypeError, ValueError):
            start = end = 0
        return article_html(app.article(article_id), article_id, start, end, lang)

    def upload(
        paths: list[str] | None, request: gr.Request, progress: gr.Progress = _PROGRESS
    ) -> dict[Any, Any]:
        lang = request_language(app, request)
        files = [Path(p) for p in paths or []]
        summary = ingest_uploads(app, files, lang, lambda f, text: progress(f, desc=text))
        updates = index_updates(app, w, lang)
        updates[w.upload_summary] = summary_html(summary if files else None, lang)
        updates[w.files] = None
        return updates

    def load(request: gr.Request) -> dict[Any, Any]:
        return page_texts(app, w, request_language(app, request))

    # Gradio keeps its own copy of each upload in its temp folder: dropped after an hour.
    blocks = gr.Blocks(title="newsrag", analytics_enabled=False, delete_cache=(3600, 3600))
    # The page's chat and the /ask API share one pool of answer slots; the rest waits in order.
    answer_slots: dict[str, Any] = {
        "concurrency_limit": app.settings.ui_concurrency,
        "concurrency_id": "answer",
    }
    with blocks:
        w = layout(app, start_lang)
        exchanges = gr.State([])
        every = list(page_texts(app, w, start_lang))
        blocks.load(load, outputs=every, api_visibility="private")
        gr.on(
            [w.ask_button.click, w.question.submit],
            chat,
            inputs=[w.question, exchanges, w.since, w.until, w.source_filter, w.k, w.mode],
            outputs=[w.chatbot, exchanges, w.sources, w.question],
            api_name="chat",
            api_visibility="private",
            **answer_slots,
        )
        w.new_button.click(
            new_conversation,
            outputs=[w.chatbot, exchanges, w.sources, w.question, w.article],
            api_visibility="private",
        )
        w.examples.click(lambda sample: sample[0], w.examples, w.question, api_visibility="private")
        w.sources.click(open_article, outputs=w.article, api_visibility="private")
        w.files.upload(
            upload,
            inputs=w.files,
            outputs=[w.upload_summary, w.index, w.header, w.source_filter, w.examples, w.files],
            api_visibility="private",
        )
        gradio_api(ask_endpoint(app), api_name=ASK_API_NAME, **answer_slots)
    blocks.queue(max_size=app.settings.ui_queue_size)
    return blocks


def _launch_options(app: Newsrag) -> dict[str, Any]:
    return {
        "css": CSS,
        "head": HEAD,
        "auth": credentials(app.settings),
        "max_file_size": app.settings.ui_upload_max_bytes,
        "share": False,
    }


def launch(app: Newsrag, *, host: str, port: int) -> None:
    """Serve the chat on `host:port` until interrupted (no share link)."""
    logger.info("serving the newsrag chat on http://%s:%d", host, port)
    build_ui(app).launch(server_name=host, server_port=port, **_launch_options(app))


def start(app: Newsrag, host: str, port: int) -> tuple[gr.Blocks, str]:
    """Serve the chat in the background; returns the blocks (close with `.close()`) and its URL."""
    blocks = build_ui(app)
    _, url, _ = blocks.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        **_launch_options(app),
    )
    return blocks, url
