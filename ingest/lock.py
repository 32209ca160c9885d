"""The single-writer lock of a data dir: one ingest, reindex, prune or watch at a time.

It is an `flock` on `ingest.lock` in the data dir (the `filelock` library), so the kernel
releases it when its holder dies, even by `kill -9`: a stale lock never blocks. Who holds it
(pid, host, command, start time) is written beside it, in `ingest.lock.json`, for the message
a refused writer prints. Readers (search, answers, the UI) never take it.

The lock is per data dir. With a Chroma server, writers on other machines have their own data
dirs and are not stopped by it: run one writer per collection.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import socket
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from rag import errors

log = logging.getLogger(__name__)

LOCK_FILE = "ingest.lock"
HOLDER_FILE = "ingest.lock.json"


@dataclass(frozen=True)
class LockHolder:
    """The process that holds (or last held) the index lock."""

    pid: int
    host: str
    command: str
    started: str  # ISO datetime, local time

    def describe(self) -> str:
        """`pid 1234 on host, `newsrag ingest seeds`, since 12:03:04`."""
        started = datetime.fromisoformat(self.started)
        since = started.strftime(
            "%H:%M:%S" if started.date() == datetime.now().date() else "%Y-%m-%d %H:%M:%S"
        )
        return f"pid {self.pid} on {self.host}, `{self.command}`, since {since}"


class IndexLockedError(errors.IndexLockedError):
    """Another process holds the data dir's index lock (exit code 3 on the command line)."""

    def __init__(self, data_dir: Path, holder: LockHolder | None) -> None:
        self.data_dir = data_dir
        self.holder = holder
        who = holder.describe() if holder else "holder unknown"
        super().__init__(
            f"another ingest holds the index lock of {data_dir}: {who}. "
            "Wait for it to finish, or stop it; a killed ingest's lock is freed at once."
        )


def current_command() -> str:
    """This process's command line, as a holder description."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return shlex.join([name, *sys.argv[1:]])


class IndexLock:
    """Context manager for the data dir's writer lock; raises `IndexLockedError` at once if
    another process (or another thread) holds it. Re-entrant in one thread, across instances."""

    def __init__(self, data_dir: Path, *, command: str | None = None) -> None:
        self.data_dir = data_dir
        self.command = command or current_command()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.DataDirError(
                f"cannot create the data dir {data_dir} ({exc.strerror or exc}). "
                "Set NEWSRAG_DATA_DIR to a folder you can write to."
            ) from exc
        # One FileLock object per path in this process, so nested holders share the flock.
        self._lock = FileLock(str(data_dir / LOCK_FILE), timeout=0, is_singleton=True)

    @property
    def holder_file(self) -> Path:
        """Where the holder's description is written."""
        return self.data_dir / HOLDER_FILE

    def acquire(self) -> None:
        """Take the lock, or raise `IndexLockedError` naming its holder."""
        try:
            self._lock.acquire()
        except Timeout:
            raise IndexLockedError(self.data_dir, self.holder()) from None
        except OSError as exc:  # a read-only data dir, or a lock file we may not open
            raise errors.DataDirError(
                f"cannot write the lock file in the data dir {self.data_dir} "
                f"({exc.strerror or exc}). Set NEWSRAG_DATA_DIR to a folder you can write to."
            ) from exc
        if self._lock.lock_counter == 1:
            self._write_holder()

    def release(self) -> None:
        """Give the lock back (the outermost release frees it for other processes)."""
        self._lock.release()

    def holder(self) -> LockHolder | None:
        """Who holds or last held the lock, as written beside it (None if unreadable)."""
        try:
            return LockHolder(**json.loads(self.holder_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            log.debug("no readable lock holder at %s: %s", self.holder_file, exc)
            return None

    def _write_holder(self) -> None:
        holder = LockHolder(
            pid=os.getpid(),
            host=socket.gethostname(),
            command=self.command,
            started=datetime.now().isoformat(timespec="seconds"),
        )
        tmp = self.holder_file.with_name(f"{HOLDER_FILE}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(holder)), encoding="utf-8")
        tmp.replace(self.holder_file)  # readers never see half a description

    def __enter__(self) -> IndexLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
