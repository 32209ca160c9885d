"""The Gradio chat: questions in, answers with `[n]` markers out, the cited passages beside them."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from rag.app import IndexStats, Newsrag
from rag.types import Answer, AnswerDone, Citation, Turn
from ui.formatting import answer_json

logger = logging.getLogger(__name__)

SEED_EXAMPLES = [
    "Combien de pays sont représentés à Paris ?",
    "Qui est le secrétaire général de l'OTAN ?",
    "Combien de soldats la Corée du Nord a-t-elle envoyés ?",
]

Message = dict[str, str]

PLACEHOLDER_HTML = "<p>Ask a question: the sources of the answer show here.</p>"
NO_SOURCE_HTML = "<p>No source was used: the articles do not answer this question.</p>"
FAILED_HTML = "<p>No source: the answer failed.</p>"
WRITING_HTML = "<p>Writing the answer: its sources show once its citations are checked.</p>"

_CSS = """
.newsrag-source blockquote { white-space: pre-wrap; margin: 0.3em 0 1em 0; }
.newsrag-source mark { padding: 0 0.1em; }
"""


def index_line(stats: IndexStats) -> str:
    """`N articles · M passages · embedding model · store`, as shown under the title."""
    return (
        f"{stats.articles} articles · {stats.chunks} passages · "
        f"{stats.embedding_model} · {stats.store}"
    )


def messages_for(turns: Sequence[Turn]) -> list[Message]:
    """The Chatbot messages (`{"role", "content"}`) of a conversation."""
    messages: list[Message] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn.question})
        messages.append({"role": "assistant", "content": turn.answer})
    return messages


def highlighted_passage(citation: Citation) -> str:
    """The cited chunk, HTML-escaped, with its quote in `<mark>` (the quote alone if not in it)."""
    quote = citation.quote
    at = citation.passage.find(quote) if quote else -1
    if at < 0:
        return f"<mark>{html.escape(quote)}</mark>" if quote else html.escape(citation.passage)
    before, after = citation.passage[:at], citation.passage[at + len(quote) :]
    return f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}"


def _source_title(citation: Citation) -> str:
    label = html.escape(citation.title)
    url = citation.url or ""
    if url.startswith(("http://", "https://")):
        href = html.escape(url)
        label = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{label}</a>'
    date = html.escape(citation.date or "date unknown")
    source = html.escape(citation.source or citation.article_id)
    return f'{label}<br><small class="newsrag-meta">{date} · {source}</small>'


def sources_html(answer: Answer) -> str:
    """The sources panel for one answer: `[n]`, title — date — source, and the quoted passage."""
    if not answer.found or not answer.citations:
        return NO_SOURCE_HTML
    items = [
        f'<div class="newsrag-source"><p><strong>[{c.n}]</strong> {_source_title(c)}</p>'
        f"<blockquote>{highlighted_passage(c)}</blockquote></div>"
        for c in answer.citations
    ]
    return "\n".join(items)


@dataclass(frozen=True)
class ChatUpdate:
    """One state of the chat while an answer is written; `done` on the last one."""

    messages: list[Message]
    turns: list[Turn]
    sources: str
    done: bool = False


def respond_stream(app: Newsrag, question: str, turns: Sequence[Turn]) -> Iterator[ChatUpdate]:
    """Answer `question` in the conversation `turns` as it is written: the question at once,
    then the LLM's draft growing, then the checked answer, the new turns and its sources."""
    history = list(turns)
    question = question.strip()
    if not question:
        yield ChatUpdate(messages_for(history), history, PLACEHOLDER_HTML, done=True)
        return
    asked = [*messages_for(history), {"role": "user", "content": question}]
    yield ChatUpdate(asked, history, WRITING_HTML)
    draft = ""
    try:
        for event in app.stream_answer(question, history=history):
            if isinstance(event, AnswerDone):
                answer = event.answer
                break
            draft += event.text
            yield ChatUpdate(
                [*asked, {"role": "assistant", "content": draft}], history, WRITING_HTML
            )
        else:
            raise RuntimeError("the answer stream ended without an answer")
    except Exception as exc:
        logger.exception("answering %r failed", question)
        failed = [*asked, {"role": "assistant", "content": f"⚠️ The answer failed: {exc}"}]
        yield ChatUpdate(failed, history, FAILED_HTML, done=True)
        return
    answered = [*history, Turn(question, answer.text, answer.standalone_question)]
    yield ChatUpdate(messages_for(answered), answered, sources_html(answer), done=True)


def respond(
    app: Newsrag, question: str, turns: Sequence[Turn]
) -> tuple[list[Message], list[Turn], str]:
    """Answer `question` in the conversation `turns`: chat messages, new turns, sources panel."""
    *_, last = respond_stream(app, question, turns)
    return last.messages, last.turns, last.sources


def ask(app: Newsrag, question: str) -> dict[str, Any]:
    """One question, no history: the `answer_json` dict served as the `/ask` API endpoint."""
    if not question.strip():
        raise gr.Error("The question is empty.")
    try:
        answer = app.answer(question)
    except Exception as exc:
        logger.exception("answering %r failed", question)
        raise gr.Error(f"The answer failed: {exc}") from exc
    return answer_json(answer)


def build_ui(app: Newsrag) -> gr.Blocks:
    """The chat page: conversation, question box, examples, and the last answer's sources."""

    def chat(question: str, turns: list[Turn]) -> Iterator[tuple[Any, Any, Any, Any]]:
        if not question.strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = turns or []
        for update in respond_stream(app, question, history):
            # the box is left alone while the answer is written, emptied once it is answered
            answered = len(update.turns) > len(history)
            box = ("" if answered else question) if update.done else gr.skip()
            yield update.messages, update.turns, update.sources, box

    def new_conversation() -> tuple[list[Message], list[Turn], str, str]:
        return [], [], PLACEHOLDER_HTML, ""

    def current_index() -> str:
        return index_line(app.stats())

    def ask_api(question: str) -> dict[str, Any]:
        return ask(app, question)

    blocks = gr.Blocks(title="newsrag", analytics_enabled=False)
    with blocks:
        gr.Markdown("# newsrag")
        index = gr.Markdown()
        turns = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", height=480)
                question = gr.Textbox(
                    label="Question", placeholder="Posez une question sur les articles…"
                )
                with gr.Row():
                    ask_button = gr.Button("Ask", variant="primary")
                    clear_button = gr.Button("New conversation")
                gr.Examples(SEED_EXAMPLES, inputs=question)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(PLACEHOLDER_HTML, js_on_load=None)
        gr.on(
            [ask_button.click, question.submit],
            chat,
            inputs=[question, turns],
            outputs=[chatbot, turns, sources, question],
            api_name="chat",
            api_visibility="private",
        )
        clear_button.click(
            new_conversation,
            outputs=[chatbot, turns, sources, question],
            api_name="new_conversation",
            api_visibility="private",
        )
        blocks.load(current_index, outputs=index, api_visibility="private")
        # API only (gradio_client): hidden components, so `/ask` takes a string, returns JSON.
        api_question = gr.Textbox(label="question", visible=False)
        api_answer = gr.JSON(label="answer", visible=False)
        api_question.submit(ask_api, api_question, api_answer, api_name="ask")
    return blocks


def launch(app: Newsrag, *, host: str, port: int, **kwargs: Any) -> None:
    """Serve the chat on `host:port` until interrupted (no share link)."""
    logger.info("serving the newsrag chat on http://%s:%d", host, port)
    kwargs.setdefault("css", _CSS)
    build_ui(app).launch(server_name=host, server_port=port, share=False, **kwargs)


def start(app: Newsrag, host: str, port: int) -> tuple[gr.Blocks, str]:
    """Serve the chat in the background; returns the blocks (close with `.close()`) and its URL."""
    blocks = build_ui(app)
    _, url, _ = blocks.launch(
        server_name=host,
        server_port=port,
        share=False,
        css=_CSS,
        prevent_thread_lock=True,
        quiet=True,
    )
    return blocks, url
