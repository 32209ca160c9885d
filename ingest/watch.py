"""Watch mode: keep folders indexed as their files appear, change and disappear.

watchfiles reports changed paths; each path then has to keep the same size and mtime for
`settle` seconds before it is read, so a file still being written is never indexed half-way.
The settled paths go through one `Ingestor.ingest` pass (whole articles batched per
embedding call, one keyword-index publish), so a burst of a thousand files makes a few passes,
not a thousand. Deleted files and folders are pruned in the same pass. Each pass takes the
data dir's writer lock; while another writer holds it, the paths wait for the next try.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import FrameType

from watchfiles import Change, DefaultFilter, watch
from watchfiles._rust_notify import WatchfilesRustInternalError

from ingest.formats.common import escape_surrogates
from ingest.loaders import SUPPORTED_SUFFIXES, load_file, walk
from ingest.lock import IndexLockedError
from ingest.pipeline import Ingestor
from ingest.report import IngestReport

log = logging.getLogger(__name__)

_Stat = tuple[int, int, bool] | None  # size, mtime in ns, is a folder; None: missing


@dataclass(frozen=True)
class WatchBatch:
    """One ingest pass of watch mode: how many paths it read and pruned, and its counts."""

    files: int
    removed: int
    report: IngestReport
    seconds: float
    initial: bool = False

    def as_json(self) -> dict[str, object]:
        """The `watch --json` line: the `ingest --json` counts plus the batch's own."""
        return {
            "initial": self.initial,
            "files": self.files,
            "removed": self.removed,
            **self.report.as_json(),
            "chunks_embedded": self.report.chunks_embedded,
            "seconds": round(self.seconds, 3),
        }


class SettlingPaths:
    """Changed paths waiting until their size and mtime stay the same for `settle` seconds.

    Settled paths are handed out together once no other waiting path is still changing, or
    after `max_wait` more seconds, so that one file written forever cannot hold back the rest.
    """

    def __init__(
        self, settle: float, max_wait: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.settle = settle
        self.max_wait = max_wait
        self._clock = clock
        self._waiting: dict[Path, tuple[_Stat | str, float]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, paths: Iterator[Path] | Sequence[Path]) -> None:
        """Paths that changed (seen again: they keep waiting from their last change)."""
        now = self._clock()
        for path in paths:
            self._waiting.setdefault(path, ("unseen", now))

    def take(self) -> list[Path]:
        """The settled paths, if it is time to hand them out (they stop waiting)."""
        now = self._clock()
        settled: list[Path] = []
        changing = False
        oldest = now
        for path, (seen, since) in list(self._waiting.items()):
            current = _stat(path)
            if current != seen:
                self._waiting[path] = (current, now)
                changing = True
            elif now - since >= self.settle:
                settled.append(path)
                oldest = min(oldest, since + self.settle)
            else:
                changing = True
        if not settled or (changing and now - oldest < self.max_wait):
            return []
        for path in settled:
            del self._waiting[path]
        return sorted(settled)


def _stat(path: Path) -> _Stat:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, path.is_dir()


class FolderWatcher:
    """Runs the watch loop for an `Ingestor` over folders; reports each batch to `on_batch`."""

    def __init__(
        self,
        ingestor: Ingestor,
        folders: Sequence[Path],
        on_batch: Callable[[WatchBatch], None],
        *,
        settle: float = 1.0,
    ) -> None:
        self.ingestor = ingestor
        self.folders = [Path(f).resolve() for f in folders]
        self.on_batch = on_batch
        self.paths = SettlingPaths(settle, max_wait=max(5.0, 10 * settle))
        self._data_dir = ingestor.app.settings.data_dir.resolve()
        self._default_filter = DefaultFilter()
        self._locked_by: str | None = None
        self._indexed = False  # whether a whole pass (the initial batch) went through

    def run(self, stop: threading.Event) -> None:
        """Index the folders once (pruning what vanished), then every change until `stop`.

        When watchfiles fails on a change (it cannot name a file whose name is not valid
        UTF-8), the watcher starts again and the folders are ingested whole once more, which
        reads that file too (under an escaped id) and every change the failure hid.
        """
        self.ingestor.app.embedder.embed_query("warm up")  # so the first change is not slow
        while not stop.is_set():
            try:
                self._watch(stop)
            except WatchfilesRustInternalError as exc:
                log.warning("the file watcher failed (%s): restarting it, then rescanning", exc)
                continue
            break
        log.info("watch stopped")

    def _watch(self, stop: threading.Event) -> None:
        """One watcher's life: a whole pass once it is up, then every settled change."""
        tick = max(50, int(self.paths.settle * 250))  # ms between checks of waiting paths
        started = False
        for changes in watch(
            *self.folders,
            watch_filter=self._wanted,
            stop_event=stop,
            rust_timeout=tick,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if not started:  # the watcher is up: what changes from now on is not missed
                started = self._whole_pass()
            self.paths.add(Path(raw) for _, raw in changes)
            settled = self.paths.take()
            if settled and not self._ingest(settled):
                self.paths.add(settled)  # the lock was taken: try again at the next tick
            if stop.is_set():
                break

    def _whole_pass(self) -> bool:
        """Ingest the folders whole, pruning what vanished; False while the lock is taken.
        The first one to get through is the `initial` batch."""
        clock = time.monotonic()
        try:
            report = self.ingestor.ingest(self.folders, prune=True)
        except IndexLockedError as exc:
            self._waiting_for_lock(exc)
            return False
        batch = WatchBatch(0, 0, report, time.monotonic() - clock, initial=not self._indexed)
        self._indexed = True
        self.on_batch(batch)
        return True

    def _ingest(self, paths: list[Path]) -> bool:
        """One ingest pass over settled paths; False when another writer holds the lock."""
        present = [p for p in paths if p.exists()]
        # a deleted path counts only if articles were indexed from it (not editor temp files)
        removed = [
            p
            for p in paths
            if not p.exists() and self.ingestor.ledger.under([Path(escape_surrogates(p))])
        ]
        files = sorted({f for p in present for f in self._files(p)})
        if not files and not removed:
            return True
        max_bytes = self.ingestor.app.settings.max_file_bytes
        items = chain.from_iterable(
            load_file(f, self._root(f), max_file_bytes=max_bytes) for f in files
        )
        clock = time.monotonic()
        try:
            # pruning under the read files too drops the articles a .jsonl file no longer has
            report = self.ingestor.ingest([*files, *removed], prune=True, items=items)
        except IndexLockedError as exc:
            self._waiting_for_lock(exc)
            return False
        self._locked_by = None
        self.on_batch(WatchBatch(len(files), len(removed), report, time.monotonic() - clock))
        return True

    def _root(self, path: Path) -> Path:
        """The watched folder a path is under: article ids are relative to it, as with
        `newsrag ingest FOLDER`."""
        return next(f for f in self.folders if path.is_relative_to(f))

    def _files(self, path: Path) -> list[Path]:
        """A changed file, or the supported files of a folder that appeared."""
        if not path.is_dir():
            return [path]
        # the walk of `newsrag ingest`: iterative, hidden entries and symlinked folders skipped
        return [f for f in walk(path) if isinstance(f, Path) and f.is_file()]

    def _wanted(self, change: Change, raw: str) -> bool:
        """Supported files and new folders under a watched folder, outside hidden entries and
        newsrag's data dir; any deletion (a folder's included)."""
        path = Path(raw)
        if not self._default_filter(change, raw) or path.is_relative_to(self._data_dir):
            return False
        root = next((f for f in self.folders if path.is_relative_to(f)), None)
        if root is None:
            return False
        if change == Change.deleted:
            return not _hidden(path, root)
        if os.path.isdir(path):
            return change == Change.added and not _hidden(path, root)
        return self._supported(path, root)

    @staticmethod
    def _supported(path: Path, root: Path) -> bool:
        return path.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(path, root)

    def _waiting_for_lock(self, exc: IndexLockedError) -> None:
        holder = exc.holder.describe() if exc.holder else "unknown holder"
        if holder != self._locked_by:
            log.warning("index locked by %s: changes wait for it", holder)
            self._locked_by = holder


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Inside (main thread only): SIGINT or SIGTERM sets `stop`, so the batch under way
    finishes and the loop ends; a second SIGINT raises KeyboardInterrupt, abandoning the
    batch (the next ingest repairs what it left)."""

    def first(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        log.warning("stopping after the current batch (Ctrl-C again to abort it)")
        stop.set()

    previous = {sig: signal.signal(sig, first) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
