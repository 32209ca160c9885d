"""What the `newsrag` commands share: option types, exit codes, settings, the app, the writer
lock.

Nothing heavy is imported at module level: `newsrag --help` must not load Chroma or a model.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rag.errors import EXIT_LOCKED, EXIT_PARTIAL, EXIT_USER_ERROR

if TYPE_CHECKING:
    from rag.app import Newsrag
    from rag.settings import Settings
    from ui.settings import UISettings

__all__ = ["EXIT_LOCKED", "EXIT_PARTIAL", "EXIT_USER_ERROR"]

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


def settings() -> Settings:
    """The environment's settings; a bad value stops the command with a `SettingsError`."""
    from rag.settings import load_settings

    return load_settings()


def ui_settings() -> UISettings:
    """The chat UI's settings from the environment; a bad value raises a `SettingsError`."""
    from ui.settings import load_ui_settings

    return load_ui_settings()


def open_app(config: Settings | None = None) -> Newsrag:
    """The app for `config` (read from the environment when not given); its errors are
    `NewsragError`s, shown in one line."""
    from rag.app import Newsrag

    return Newsrag(config or settings())


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
def writer_lock(config: Settings) -> Iterator[None]:
    """Hold the data dir's writer lock; `IndexLockedError` (exit 3) names its holder.

    Taken before the embedding model loads, so that a refused writer fails at once.
    """
    from ingest.lock import IndexLock

    with IndexLock(config.data_dir, command=command_line()):
        yield
