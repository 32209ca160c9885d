"""The `newsrag` command line: ingest, reindex, ask, chat, search, stats, verify, watch, serve."""

from __future__ import annotations

import json
import logging
import shlex
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from rag.app import Newsrag, final_answer
from rag.settings import Settings
from rag.store import EmbedderMismatchError
from rag.types import Answer, AnswerDelta, AnswerEvent

cli = typer.Typer(
    help="newsrag: ask questions about news articles, with cited passages.",
    no_args_is_help=True,
    add_completion=False,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the documented JSON contract.")]
TopK = Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50, help="Passages to use.")]
Paths = Annotated[
    list[str], typer.Argument(help="Files, folders or http(s) URLs of articles and feeds.")
]
Since = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Only articles dated on or after this day."),
]
Until = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Only articles dated on or before this day."),
]
Sources = Annotated[
    list[str] | None, typer.Option("--source", help="Only articles from this source (repeatable).")
]

EXIT_PARTIAL = 2
EXIT_LOCKED = 3  # another process holds the data dir's writer lock


def _app() -> Newsrag:
    try:
        return Newsrag(Settings())
    except EmbedderMismatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def _emit(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


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


@contextmanager
def _writer_lock() -> Iterator[None]:
    """Hold the data dir's writer lock, or exit with EXIT_LOCKED naming its holder.

    Taken before the embedding model loads, so that a refused writer fails at once.
    """
    from ingest.lock import IndexLock, IndexLockedError

    try:
        with IndexLock(Settings().data_dir, command=shlex.join(["newsrag", *sys.argv[1:]])):
            yield
    except IndexLockedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_LOCKED) from exc


def _run_ingest(paths: list[str], *, prune: bool, reset: bool, as_json: bool) -> None:
    from ingest.pipeline import ingest_paths
    from ingest.progress import ProgressBar
    from ui.formatting import ingest_json, ingest_text

    with _writer_lock():
        if as_json or not sys.stderr.isatty():  # a bar only for a person at a terminal
            report = ingest_paths(_app(), paths, prune=prune, reset=reset)
        else:
            with ProgressBar() as bar:
                report = ingest_paths(_app(), paths, prune=prune, reset=reset, progress=bar.update)
    if as_json:
        _emit(ingest_json(report))
    else:
        typer.echo(ingest_text(report))
    if report.errors:
        raise typer.Exit(EXIT_PARTIAL)


@cli.command()
def ingest(
    paths: Paths,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove articles no longer found under PATHS.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Index new and changed articles (unchanged ones are not embedded again)."""
    _run_ingest(paths, prune=prune, reset=False, as_json=as_json)


@cli.command()
def reindex(paths: Paths, as_json: JsonFlag = False) -> None:
    """Drop the collection and embed PATHS again (after changing the embedding model)."""
    _run_ingest(paths, prune=False, reset=True, as_json=as_json)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


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

    events = _app().stream_answer(
        question, k=k, since=_day(since), until=_day(until), sources=source or ()
    )
    if as_json:
        _emit(answer_json(final_answer(events)))
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

    app = _app()
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
            since=_day(since),
            until=_day(until),
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

    passages = _app().search(query, k=k, since=_day(since), until=_day(until), sources=source or ())
    typer.echo(
        json.dumps(search_json(query, passages), ensure_ascii=False, indent=2)
        if as_json
        else search_text(passages)
    )


@cli.command()
def stats(as_json: JsonFlag = False) -> None:
    """Articles, chunks, embedding model, store location and near-duplicate groups."""
    from ui.formatting import stats_json, stats_text

    found = _app().stats()
    if as_json:
        _emit(stats_json(found))
    else:
        typer.echo(stats_text(found))


@cli.command()
def verify(
    repair: Annotated[
        bool, typer.Option("--repair", help="Repair what an interrupted ingest left.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Check that Chroma, the records, the ledger and the keyword index agree (exit 1 if not)."""
    from ingest.consistency import check_consistency
    from ingest.pipeline import Ingestor

    with _writer_lock():
        ingestor = Ingestor(_app())
        repaired = ingestor.repair().problems() if repair else []
        found = check_consistency(ingestor.guard.parts)
    if as_json:
        _emit({**found.as_json(), "repaired": repaired})
    else:
        lines = [f"repaired: {line}" for line in repaired] + found.problems()
        summary = f"{found.articles} articles, {found.chunks} chunks"
        typer.echo("\n".join(lines or [f"consistent: {summary}"]))
    if not found.ok:
        raise typer.Exit(1)


@cli.command()
def watch(
    folders: Annotated[
        list[Path],
        typer.Argument(help="Folders to keep indexed.", exists=True, file_okay=False),
    ],
    interval: Annotated[
        float,
        typer.Option(
            min=0.05, help="Seconds a changed file must keep its size and mtime before it is read."
        ),
    ] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per batch.")] = False,
) -> None:
    """Index FOLDERS, then keep them indexed: new, changed and deleted files, in batches.

    Ctrl-C (or SIGTERM) stops after the current batch; a second Ctrl-C abandons it.
    """
    import threading

    from ingest.pipeline import Ingestor
    from ingest.watch import FolderWatcher, WatchBatch, stop_on_signals
    from ui.formatting import watch_text

    def report(batch: WatchBatch) -> None:
        line = json.dumps(batch.as_json(), ensure_ascii=False) if as_json else watch_text(batch)
        typer.echo(line)

    stop = threading.Event()
    ingestor = Ingestor(_app(), command=shlex.join(["newsrag", *sys.argv[1:]]))
    with stop_on_signals(stop):
        FolderWatcher(ingestor, folders, report, settle=interval).run(stop)


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
    app = _app()
    launch(app, host=host or app.settings.host, port=port or app.settings.port)


if __name__ == "__main__":
    cli()
