"""The single-writer lock: a second writer is refused with the holder's name, a killed holder
blocks nobody, readers never wait for it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.lock import IndexLock, IndexLockedError
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from tests.helpers.paths import ROOT
from ui.cli import EXIT_LOCKED, cli

Holder = Callable[[Path], "subprocess.Popen[str]"]

HOLD = """
import sys
from pathlib import Path
from ingest.lock import IndexLock
with IndexLock(Path(sys.argv[1]), command="newsrag ingest held-by-test"):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes stdin, or kills this process
"""


@pytest.fixture
def hold_lock() -> Iterator[Holder]:
    """Start processes that hold a data dir's lock; they are stopped after the test."""
    started: list[subprocess.Popen[str]] = []

    def start(data_dir: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(data_dir)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_a_second_writer_is_refused_with_the_holders_pid_host_and_command(
    tmp_path: Path, hold_lock: Holder
) -> None:
    holder = hold_lock(tmp_path)
    with pytest.raises(IndexLockedError) as refused:
        IndexLock(tmp_path).acquire()
    assert refused.value.holder is not None
    assert refused.value.holder.pid == holder.pid
    message = str(refused.value)
    assert f"pid {holder.pid} on " in message
    assert "`newsrag ingest held-by-test`, since " in message


def test_the_lock_of_a_process_killed_with_sigkill_blocks_nobody(
    tmp_path: Path, hold_lock: Holder
) -> None:
    holder = hold_lock(tmp_path)
    holder.kill()  # SIGKILL: no clean-up runs, the holder file still names the dead process
    holder.wait()
    with IndexLock(tmp_path, command="after the kill") as lock:
        taken_over = lock.holder()
    assert taken_over is not None
    assert taken_over.command == "after the kill"


def test_nested_holders_share_the_lock_and_another_thread_is_refused(tmp_path: Path) -> None:
    refusals: list[IndexLockedError] = []

    def other_writer() -> None:
        try:
            with IndexLock(tmp_path):
                pass
        except IndexLockedError as exc:
            refusals.append(exc)

    with IndexLock(tmp_path, command="outer"), IndexLock(tmp_path, command="inner") as inner:
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
        holder = inner.holder()
    assert holder is not None
    assert holder.command == "outer"  # the nested acquisition did not rewrite the holder
    assert len(refusals) == 1
    with IndexLock(tmp_path):  # released by the outermost exit
        pass


@pytest.mark.parametrize(
    "command", [["ingest", "seeds"], ["ingest", "seeds", "--prune"], ["reindex", "x"], ["verify"]]
)
def test_writing_commands_exit_3_naming_the_holder(
    command: list[str],
    tmp_path: Path,
    hold_lock: Holder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "locked-data"
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(data_dir))
    holder = hold_lock(data_dir)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == EXIT_LOCKED == 3
    assert f"another ingest holds the index lock of {data_dir}: pid {holder.pid}" in result.stderr
    assert result.stdout == ""


def test_readers_answer_while_a_writer_holds_the_lock_and_writes_wait_for_it(
    app: Newsrag, seed_dir: Path, hold_lock: Holder
) -> None:
    ingest_paths(app, [seed_dir])
    chunks = app.store.count()
    hold_lock(app.settings.data_dir)
    answer = app.answer("Combien de pays sont représentés à Paris ?")
    assert answer.found
    assert "31" in answer.text
    (seed_dir / "new.txt").write_text("Titre\nUn article de plus.\n", encoding="utf-8")
    with pytest.raises(IndexLockedError):
        ingest_paths(app, [seed_dir])
    assert app.store.count() == chunks  # the refused ingest wrote nothing
