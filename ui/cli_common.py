"""What the `newsrag` commands share: option types, exit codes, the app, the writer lock."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

import typer

from rag.app import Newsrag
from rag.settings import Settings
from rag.store import EmbedderMismatchError

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


def open_app() -> Newsrag:
    """The app from the environment's settings; exit 1 on an embedder mismatch."""
    try:
        return Newsrag(Settings())
    except EmbedderMismatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def emit(payload: dict[str, Any]) -> None:
    """Print a JSON payload, indented."""
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def day(value: datetime | None) -> date | None:
    """The date of a `--since`/`--until` option."""
    return value.date() if value else None


def command_line() -> str:
    """This process's command line, as the lock holder's description shows it."""
    return shlex.join(["newsrag", *sys.argv[1:]])


@contextmanager
def writer_lock() -> Iterator[None]:
    """Hold the data dir's writer lock, or exit with EXIT_LOCKED naming its holder.

    Taken before the embedding model loads, so that a refused writer fails at once.
    """
    from ingest.lock import IndexLock, IndexLockedError

    try:
        with IndexLock(Settings().data_dir, command=command_line()):
            yield
    except IndexLockedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_LOCKED) from exc
