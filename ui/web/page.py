"""The chat page's components and their texts in the page's language."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from rag.app import Newsrag
from ui.settings import UISettings
from ui.web.assets import ARTICLE_JS, CHIPS_JS, EXAMPLES_JS, SOURCES_JS
from ui.web.cards import index_html, index_line, placeholder
from ui.web.chat import example_questions
from ui.web.datepicker import picker_html
from ui.web.gradio_words import words_html
from ui.web.i18n import Lang, label
from ui.web.upload import accepted_suffixes


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
    chips: gr.HTML
    chatbot: gr.Chatbot
    undo: gr.Button
    question: gr.Textbox
    ask_button: gr.Button
    new_button: gr.Button
    examples: gr.HTML
    sources_title: gr.Markdown
    sources: gr.HTML
    article_title: gr.Markdown
    article: gr.HTML
    filters: gr.Accordion
    since: gr.Textbox
    until: gr.Textbox
    date_error: gr.HTML
    picker: gr.HTML
    source_filter: gr.Dropdown
    k: gr.Slider
    mode: gr.Radio
    upload_box: gr.Accordion
    files: gr.File
    upload_summary: gr.HTML
    index_box: gr.Accordion
    index: gr.HTML


def examples_html(questions: Sequence[str], lang: Lang) -> str:
    """The example questions as buttons, whole (a click asks the question at once)."""
    if not questions:
        return ""
    items = "".join(
        f'<li><button type="button" class="newsrag-example" data-question="{html.escape(q)}">'
        f"{html.escape(q)}</button></li>"
        for q in questions
    )
    title = html.escape(label(lang, "examples"))
    return (
        f'<div class="newsrag-examples"><p class="newsrag-examples-title">{title}</p>'
        f"<ul>{items}</ul></div>"
    )


def header_text(line: str) -> str:
    """The page's title and the index line under it (no model, no paths)."""
    return f"# newsrag\n{line}"


def size_text(ui: UISettings, lang: Lang) -> str:
    """The upload size limit per file, in MB (Mo in French)."""
    size = f"{ui.ui_upload_max_bytes / 1e6:g}"
    return f"{size.replace('.', ',') if lang == 'fr' else size} {label(lang, 'size_unit')}"


def index_updates(app: Newsrag, ui: UISettings, w: Widgets, lang: Lang) -> dict[Any, Any]:
    """What depends on the index: header line, index panel, source choices, examples."""
    stats = app.stats()
    return {
        w.header: header_text(index_line(stats, lang)),
        w.index: index_html(stats, lang),
        w.source_filter: gr.update(
            label=label(lang, "source_filter"),
            info=label(lang, "source_filter_info"),
            choices=list(stats.sources),
        ),
        w.examples: examples_html(example_questions(app.catalog(), lang), lang),
        w.picker: picker_html(stats.last_date, lang) + words_html(lang, size_text(ui, lang)),
    }


def page_texts(app: Newsrag, ui: UISettings, w: Widgets, lang: Lang) -> dict[Any, Any]:
    """Every label of the page in `lang`, and the index-dependent content."""
    suffixes = " ".join(sorted(accepted_suffixes()))
    size = size_text(ui, lang)
    files_info = label(
        lang, "upload_info", suffixes=suffixes, files=ui.ui_upload_max_files, size=size
    )
    llm_info = None if app.llm is not None else label(lang, "mode_no_llm")
    date_info, date_placeholder = label(lang, "date_info"), label(lang, "date_placeholder")
    updates: dict[Any, Any] = {
        w.chatbot: gr.update(label=label(lang, "conversation"), placeholder=welcome(lang)),
        w.undo: gr.update(value=label(lang, "undo")),
        w.question: gr.update(
            label=label(lang, "question"), placeholder=label(lang, "question_placeholder")
        ),
        w.ask_button: gr.update(value=label(lang, "ask")),
        w.new_button: gr.update(value=label(lang, "new_conversation")),
        w.sources_title: f"## {label(lang, 'sources')}",
        w.sources: placeholder(label(lang, "placeholder_sources")),
        w.article_title: f"## {label(lang, 'article')}",
        w.article: placeholder(label(lang, "placeholder_article")),
        w.filters: gr.update(label=label(lang, "filters")),
        w.since: gr.update(
            label=label(lang, "since"), info=date_info, placeholder=date_placeholder
        ),
        w.until: gr.update(
            label=label(lang, "until"), info=date_info, placeholder=date_placeholder
        ),
        w.k: gr.update(label=label(lang, "passages")),
        w.mode: gr.update(
            label=label(lang, "mode"), choices=mode_choices(app, lang), info=llm_info
        ),
        w.upload_box: gr.update(label=label(lang, "upload")),
        w.files: gr.update(label=f"{label(lang, 'upload_files')} ({files_info})"),
        w.index_box: gr.update(label=label(lang, "index")),
    }
    updates.update(index_updates(app, ui, w, lang))
    return updates


def welcome(lang: Lang) -> str:
    """What the empty chat shows: what to do, and that answers cite their sources."""
    return f'<p class="newsrag-welcome">{label(lang, "welcome")}</p>'


def layout(app: Newsrag, lang: Lang) -> Widgets:
    """The page's components, created in the current `gr.Blocks` with labels in `lang`."""
    header = gr.Markdown("# newsrag", elem_id="header")
    with gr.Row(elem_id="page"):
        with gr.Column(scale=3, min_width=300):
            chips = gr.HTML("", elem_id="active-filters", js_on_load=CHIPS_JS)
            # Messages are HTML that ui/ escapes: no markdown, no LaTeX, so nothing an article
            # or an LLM writes becomes an image fetch or a live link.
            chatbot = gr.Chatbot(
                label=label(lang, "conversation"),
                height="min(480px, 50vh)",
                elem_id="chat",
                render_markdown=False,
                latex_delimiters=[],
                buttons=[],
                feedback_options=None,
                autoscroll=False,
                placeholder=welcome(lang),
            )
            undo = gr.Button(label(lang, "undo"), visible=False, size="sm", elem_id="undo")
            examples = gr.HTML("", elem_id="examples", js_on_load=EXAMPLES_JS)
            question = gr.Textbox(label=label(lang, "question"), elem_id="question")
            with gr.Row():
                ask_button = gr.Button(label(lang, "ask"), variant="primary", elem_id="ask")
                new_button = gr.Button(label(lang, "new_conversation"), elem_id="new")
            with gr.Accordion(label(lang, "filters"), open=False, elem_id="filters") as filters:
                with gr.Row():
                    since = gr.Textbox(max_lines=1, elem_id="since")
                    until = gr.Textbox(max_lines=1, elem_id="until")
                date_error = gr.HTML("", elem_id="date-error")
                source_filter = gr.Dropdown(multiselect=True, choices=[], elem_id="source-filter")
                k = gr.Slider(1, 20, value=app.settings.top_k, step=1, elem_id="passages")
                mode = gr.Radio(
                    mode_choices(app, lang),
                    value="llm" if app.llm is not None else "extractive",
                    elem_id="mode",
                )
            with gr.Accordion(label(lang, "upload"), open=False, elem_id="upload") as upload_box:
                # No `file_types`: Gradio would refuse other types in English; the upload
                # summary gives the reason in the page's language.
                files = gr.File(file_count="multiple", type="filepath", elem_id="files")
                upload_summary = gr.HTML("", elem_id="upload-summary")
            with gr.Accordion(label(lang, "index"), open=False, elem_id="index-box") as index_box:
                index = gr.HTML("", elem_id="index")
            # the calendar's and Gradio's messages' settings (hidden), outside closed sections
            picker = gr.HTML("", elem_id="page-settings", padding=False)
        with gr.Column(scale=2, min_width=300):
            sources_title = gr.Markdown(f"## {label(lang, 'sources')}")
            sources = gr.HTML(
                placeholder(label(lang, "placeholder_sources")),
                js_on_load=SOURCES_JS,
                elem_id="sources",
            )
            article_title = gr.Markdown(f"## {label(lang, 'article')}")
            article = gr.HTML(
                placeholder(label(lang, "placeholder_article")),
                js_on_load=ARTICLE_JS,
                elem_id="article",
            )
    return Widgets(
        header, chips, chatbot, undo, question, ask_button, new_button, examples, sources_title,
        sources, article_title, article, filters, since, until, date_error, picker,
        source_filter, k, mode, upload_box, files, upload_summary, index_box, index,
    )  # fmt: skip
