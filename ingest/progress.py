"""Ingest progress: running totals sent to an observer, and a terminal bar that shows them.

The pipeline only calls a `ProgressCallback` with `IngestProgress` snapshots; the command line
decides whether to show a `ProgressBar` (on a terminal, not with `--json`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


@dataclass(frozen=True)
class IngestProgress:
    """Running totals of one ingest, sent after every embedding call and every batch."""

    articles: int  # articles done: indexed (added or updated) or skipped
    skipped: int  # unchanged articles: neither chunked nor embedded
    deleted: int
    chunks_embedded: int
    chunks_unchanged: int  # chunks of changed articles whose text was already indexed


ProgressCallback = Callable[[IngestProgress], None]


class ProgressBar:
    """Articles/s and chunks/s on a terminal (rich); a context manager fed by `update`."""

    def __init__(self, console: Console | None = None) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<8}"),
            BarColumn(bar_width=24),
            TextColumn("{task.completed:>9,.0f}"),
            _RateColumn(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
        )
        self._articles = self._progress.add_task("articles", total=None, note="", unit="articles")
        self._chunks = self._progress.add_task("chunks", total=None, note="", unit="chunks")

    def update(self, progress: IngestProgress) -> None:
        """Show the latest totals (rates are measured between updates)."""
        self._progress.update(
            self._articles,
            completed=progress.articles,
            note=f"{progress.skipped:,} unchanged, {progress.deleted:,} deleted",
        )
        self._progress.update(
            self._chunks,
            completed=progress.chunks_embedded,
            note=f"embedded, {progress.chunks_unchanged:,} unchanged",
        )

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()


class _RateColumn(ProgressColumn):
    """`12.3 articles/s`: the recent rate, or the mean rate until there is one."""

    def render(self, task: Task) -> Text:
        """The task's rate in its unit per second."""
        speed = task.speed
        if speed is None and task.elapsed:
            speed = task.completed / task.elapsed
        unit = task.fields["unit"]
        return Text(f"{speed:>7,.1f} {unit}/s" if speed is not None else f"      – {unit}/s")
