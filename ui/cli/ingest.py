"""The writing commands: ingest, reindex, verify and watch (registered in `ui.cli.main`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ui.cli.common import (
    EXIT_PARTIAL,
    JsonFlag,
    Paths,
    command_line,
    emit,
    open_app,
    settings,
    writer_lock,
)


def run_ingest(paths: list[str], *, prune: bool, reset: bool, as_json: bool) -> None:
    """Ingest (with `reset`, re-embed) PATHS under the writer lock and print the report."""
    from ingest.pipeline import ingest_paths
    from ingest.progress import ProgressBar
    from ui.formatting import ingest_json, ingest_text

    config = settings()
    with writer_lock(config):
        if as_json or not sys.stderr.isatty():  # a bar only for a person at a terminal
            report = ingest_paths(open_app(config), paths, prune=prune, reset=reset)
        else:
            with ProgressBar() as bar:
                report = ingest_paths(
                    open_app(config), paths, prune=prune, reset=reset, progress=bar.update
                )
    if as_json:
        emit(ingest_json(report))
    else:
        typer.echo(ingest_text(report))
    if report.errors:
        raise typer.Exit(EXIT_PARTIAL)


def ingest(
    paths: Paths,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove articles no longer found under PATHS.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Index new and changed articles (unchanged ones are not embedded again)."""
    run_ingest(paths, prune=prune, reset=False, as_json=as_json)


def reindex(paths: Paths, as_json: JsonFlag = False) -> None:
    """Drop the collection and embed PATHS again (after changing the embedding model)."""
    run_ingest(paths, prune=False, reset=True, as_json=as_json)


def verify(
    repair: Annotated[
        bool, typer.Option("--repair", help="Repair what an interrupted ingest left.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Check that Chroma, the records, the ledger and the keyword index agree (exit 1 if not)."""
    from ingest.consistency import check_consistency
    from ingest.pipeline import Ingestor

    config = settings()
    with writer_lock(config):
        ingestor = Ingestor(open_app(config))
        repaired = ingestor.repair().problems() if repair else []
        found = check_consistency(ingestor.guard.parts)
    if as_json:
        emit({**found.as_json(), "repaired": repaired})
    else:
        lines = [f"repaired: {line}" for line in repaired] + found.problems()
        summary = f"{found.articles} articles, {found.chunks} chunks"
        typer.echo("\n".join(lines or [f"consistent: {summary}"]))
    if not found.ok:
        raise typer.Exit(1)


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
    ingestor = Ingestor(open_app(), command=command_line())
    with stop_on_signals(stop):
        FolderWatcher(ingestor, folders, report, settle=interval).run(stop)
