"""The `newsrag` command line: ingest, reindex, ask, chat, search, stats, verify, watch, serve.

The writing commands live in `ui.cli_ingest`; they are registered here, in the order `--help`
lists them.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from rag.app import final_answer
from rag.settings import Settings
from rag.types import Answer, AnswerDelta, AnswerEvent
from ui import cli_ingest
from ui.cli_common import (
    EXIT_LOCKED,
    EXIT_PARTIAL,
    JsonFlag,
    Since,
    Sources,
    TopK,
    Until,
    day,
    emit,
    open_app,
)

__all__ = ["EXIT_LOCKED", "EXIT_PARTIAL", "cli", "print_streamed"]

cli = typer.Typer(
    help="newsrag: ask questions about news articles, with cited passages.",
    no_args_is_help=True,
    add_completion=False,
)


@cli.callback()
def main(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log progress.")] = False,
) -> None:
    """newsrag: ask questions about news articles, with cited passages."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("bm25s", "chromadb", "httpx", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
    # Their warnings repeat what ingest reports itself (a page without text, a bad charset).
    for echo in ("trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(echo).setLevel(logging.INFO if verbose else logging.ERROR)


cli.command()(cli_ingest.ingest)
cli.command()(cli_ingest.reindex)


@cli.command()
def ask(
    question: str,
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer a question with numbered citations (an LLM's answer is shown as it is written)."""
    from ui.formatting import answer_json

    events = open_app().stream_answer(
        question, k=k, since=day(since), until=day(until), sources=source or ()
    )
    if as_json:
        emit(answer_json(final_answer(events)))
    else:
        print_streamed(events)


def print_streamed(events: Iterable[AnswerEvent]) -> Answer:
    """Print an LLM's draft as it arrives, then the checked answer and its sources.

    The checked answer is printed again under the draft only when it differs from it (a
    marker dropped or renumbered, a sentence flagged, or the extractive fallback).
    """
    from ui.formatting import answer_text

    draft: list[str] = []
    for event in events:
        if isinstance(event, AnswerDelta):
            typer.echo(event.text, nl=False)  # click flushes after each write
            draft.append(event.text)
            continue
        answer = event.answer
        text = answer_text(answer)
        if draft:
            typer.echo()  # ends the draft's line
            if answer.text == "".join(draft).strip():
                text = text[len(answer.text) :].removeprefix("\n")  # only the sources are new
            else:
                typer.echo()
        if text:
            typer.echo(text)
        return answer
    raise RuntimeError("the answer stream ended without an answer")


@cli.command()
def chat(
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON answer per line (the ask contract).")
    ] = False,
) -> None:
    """A conversation in the terminal: follow-up questions use the earlier turns.

    One question per line; `/new` starts a new conversation, `/quit` or end of input stops.
    """
    from rag.types import Turn
    from ui.formatting import answer_json

    app = open_app()
    history: list[Turn] = []
    interactive = sys.stdin.isatty() and not as_json
    while True:
        try:
            line = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        question = line.strip()
        if question in {"/quit", "/exit"}:
            break
        if question == "/new":
            history.clear()
            if not as_json:
                typer.echo("(new conversation)")
            continue
        if not question:
            continue
        events = app.stream_answer(
            question,
            k=k,
            history=history,
            since=day(since),
            until=day(until),
            sources=source or (),
        )
        if as_json:
            result = final_answer(events)
            typer.echo(json.dumps(answer_json(result), ensure_ascii=False))
        else:
            result = print_streamed(events)
            typer.echo()
        history.append(Turn(question, result.text, result.standalone_question))


@cli.command()
def search(
    query: str,
    k: TopK = None,
    since: Since = None,
    until: Until = None,
    source: Sources = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the ranked passages for a query."""
    from ui.formatting import search_json, search_text

    passages = open_app().search(
        query, k=k, since=day(since), until=day(until), sources=source or ()
    )
    typer.echo(
        json.dumps(search_json(query, passages), ensure_ascii=False, indent=2)
        if as_json
        else search_text(passages)
    )


@cli.command()
def stats(as_json: JsonFlag = False) -> None:
    """Articles, chunks, embedding model, store location and near-duplicate groups."""
    from ui.formatting import stats_json, stats_text

    found = open_app().stats()
    if as_json:
        emit(stats_json(found))
    else:
        typer.echo(stats_text(found))


cli.command()(cli_ingest.verify)
cli.command()(cli_ingest.watch)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Open the chat UI (http://127.0.0.1:7860 by default; NEWSRAG_UI_AUTH asks for a login)."""
    from ui.auth import AuthConfigError, credentials
    from ui.web import launch

    try:
        credentials(Settings())  # a bad login setting stops here, before any model loads
    except AuthConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    app = open_app()
    launch(app, host=host or app.settings.host, port=port or app.settings.port)


if __name__ == "__main__":
    cli()
