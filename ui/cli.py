"""The `newsrag` command line: ingest, reindex, ask, chat, search, stats, verify, watch, serve,
doctor.

The writing commands live in `ui.cli_ingest`, `doctor` in `ui.cli_doctor`; they are registered
here, in the order `--help` lists them. Heavy modules (Chroma, the models, LangChain, Gradio)
are imported inside the commands that need them, so `--help` and `--version` answer at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from rag.errors import EXIT_LOCKED, EXIT_PARTIAL, NewsragError
from ui import cli_doctor, cli_ingest
from ui.cli_common import JsonFlag, Since, Sources, TopK, Until, day, emit, open_app, settings
from ui.logs import NORMAL, QUIET, VERBOSE, configure_logging

if TYPE_CHECKING:
    from rag.types import Answer, AnswerEvent

__all__ = ["EXIT_LOCKED", "EXIT_PARTIAL", "cli", "main", "print_streamed"]


class _Group(typer.core.TyperGroup):
    """Turns a `NewsragError` into one line on stderr and its exit code (a bug keeps its
    traceback; `--verbose` shows the traceback of a `NewsragError` too)."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except NewsragError as exc:
            if ctx.meta.get("newsrag.verbosity", NORMAL) >= VERBOSE:
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


cli = typer.Typer(
    cls=_Group,
    help="newsrag: ask questions about news articles, with cited passages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rich's rendering costs ~0.3 s per --help
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"newsrag {version('newsrag')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("newsrag (not installed)")
        raise typer.Exit()


@cli.callback()
def _main(
    ctx: typer.Context,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Show newsrag's and the libraries' logs.")
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Show only errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """newsrag: ask questions about news articles, with cited passages."""
    verbosity = VERBOSE if verbose else QUIET if quiet else NORMAL
    ctx.meta["newsrag.verbosity"] = verbosity
    configure_logging(verbosity)


def main() -> None:
    """The `newsrag` console script."""
    cli()


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
    from rag.app import final_answer
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
    from rag.types import AnswerDelta
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
    from rag.app import final_answer
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
    from ui.auth import credentials
    from ui.web import launch

    config = settings()
    credentials(config)  # a bad login setting stops here, before any model loads
    app = open_app(config)
    launch(app, host=host or app.settings.host, port=port or app.settings.port)


cli.command()(cli_doctor.doctor)


if __name__ == "__main__":
    main()
