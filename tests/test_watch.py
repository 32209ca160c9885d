"""Watch mode: files appearing, changing and disappearing are indexed within seconds, whole,
in batches, while searches keep answering; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from ingest.lock import IndexLock
from ingest.pipeline import Ingestor
from ingest.watch import FolderWatcher, SettlingPaths, WatchBatch
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import PACKAGED_MINILM, Settings
from tests.helpers.paths import ROOT

HAIL = "Grêle à Lyon\nLa préfecture du Rhône annonce un violent épisode de grêle sur Lyon jeudi.\n"
SNOW = "Neige à Grenoble\nDes chutes de neige exceptionnelles bloquent les routes de l'Isère.\n"


@dataclass(frozen=True)
class Seen:
    """A batch, and every indexed article's text right after it."""

    batch: WatchBatch
    texts: dict[str, str]


@dataclass
class Watching:
    """A watch loop running in a thread over `folder`, with what it reported."""

    folder: Path
    app: Newsrag
    seen: queue.Queue[Seen]

    def next_batch(self, timeout: float = 60) -> Seen:
        """Wait for the next batch the loop reports."""
        return self.seen.get(timeout=timeout)


@contextmanager
def watch_loop(folder: Path, app: Newsrag) -> Iterator[Watching]:
    """`FolderWatcher.run` in a thread on `folder`, stopped (and checked) at the end."""
    seen: queue.Queue[Seen] = queue.Queue()

    def report(batch: WatchBatch) -> None:
        texts = {}
        for article_id in app.store.article_ids():
            article = app.article(article_id)
            texts[article_id] = article.text if article else ""
        seen.put(Seen(batch, texts))

    stop = threading.Event()
    watcher = FolderWatcher(Ingestor(app), [folder], report, settle=0.5)
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    state = Watching(folder, app, seen)
    assert state.next_batch().batch.initial
    yield state
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


@pytest.fixture
def watching(tmp_path: Path, fake_embedder: Embedder) -> Iterator[Watching]:
    """The watch loop on an empty folder, with the fake embedder (one article at a time is
    searched for: what is indexed, not how well it ranks)."""
    folder = tmp_path / "news"
    folder.mkdir()
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    with watch_loop(folder, app) as w:
        yield w


def test_a_new_file_is_searchable_within_seconds_edits_replace_it_and_deleting_removes_it(
    watching: Watching,
) -> None:
    article = watching.folder / "meteo" / "lyon.txt"
    article.parent.mkdir()
    written = time.monotonic()
    article.write_text(HAIL, encoding="utf-8")

    added = watching.next_batch()
    assert time.monotonic() - written < 20
    assert (added.batch.report.added, added.batch.files) == (1, 1)
    assert watching.app.search("grêle à Lyon", k=1)[0].article_id == "meteo/lyon.txt"

    article.write_text(SNOW, encoding="utf-8")
    updated = watching.next_batch()
    assert updated.batch.report.updated == 1
    assert updated.texts == {"meteo/lyon.txt": SNOW.split("\n", 1)[1].strip()}

    article.unlink()
    deleted = watching.next_batch()
    assert (deleted.batch.removed, deleted.batch.report.deleted) == (1, 1)
    assert deleted.texts == {}
    assert watching.app.stats().articles == 0


def test_a_file_written_in_two_halves_is_only_ever_indexed_whole(watching: Watching) -> None:
    body = " ".join(
        f"Phrase numéro {n} du long compte rendu du conseil municipal." for n in range(60)
    )
    text = f"Conseil municipal\n{body}\n"
    with (watching.folder / "conseil.txt").open("w", encoding="utf-8") as f:
        f.write(text[: len(text) // 2])
        f.flush()
        time.sleep(0.2)  # a slow writer pausing mid-file, shorter than the settle time
        f.write(text[len(text) // 2 :])

    first = watching.next_batch()
    assert (first.batch.report.added, first.batch.report.updated) == (1, 0)
    assert first.texts == {"conseil.txt": body}


def test_an_article_removed_from_a_jsonl_file_is_pruned_and_the_others_kept(
    watching: Watching,
) -> None:
    feed = watching.folder / "feed.jsonl"
    records = [{"id": f"wire-{n}", "title": f"Dépêche {n}", "text": f"Texte {n}."} for n in (1, 2)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert watching.next_batch().texts == {"wire-1": "Texte 1.", "wire-2": "Texte 2."}

    feed.write_text(json.dumps(records[1]) + "\n", encoding="utf-8")
    pruned = watching.next_batch()
    assert (pruned.batch.report.deleted, pruned.batch.report.skipped) == (1, 1)
    assert pruned.texts == {"wire-2": "Texte 2."}


def test_watch_keeps_running_when_a_badly_named_file_or_a_lone_surrogate_is_dropped_in(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    with watch_loop(folder, app) as watching:
        # watchfiles itself fails on a name that is not UTF-8: the loop restarts and rescans
        with open(bytes(folder) + b"/bad\xff\xfename.txt", "wb") as handle:
            handle.write(HAIL.encode())
        rescan = watching.next_batch()
        assert (rescan.batch.initial, rescan.batch.report.added) == (False, 1)
        assert rescan.texts == {"bad\\xff\\xfename.txt": HAIL.split("\n", 1)[1].strip()}

        (folder / "wires.jsonl").write_text(
            '{"id": "w1", "text": "demi-emoji \\ud83d ici"}\n{"id": "w2", "text": "Valide."}\n',
            encoding="utf-8",
        )
        lines = watching.next_batch().batch.report
        assert lines.added == 1
        assert [(e.path, e.error.split(":")[0]) for e in lines.errors] == [
            (f"{folder.resolve()}/wires.jsonl:1", "field 'text' is not valid Unicode")
        ]

        (folder / "grenoble.txt").write_text(SNOW, encoding="utf-8")
        later = watching.next_batch()
        assert later.batch.report.added == 1
        assert set(later.texts) == {"bad\\xff\\xfename.txt", "w2", "grenoble.txt"}


def test_changes_wait_while_another_writer_holds_the_index_lock(
    watching: Watching, caplog: pytest.LogCaptureFixture
) -> None:
    with IndexLock(watching.app.settings.data_dir, command="newsrag ingest elsewhere/"):
        (watching.folder / "lyon.txt").write_text(HAIL, encoding="utf-8")
        deadline = time.monotonic() + 60
        while not any("index locked by" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline
            assert watching.seen.empty()
            time.sleep(0.05)
        assert "newsrag ingest elsewhere/" in caplog.text
    assert watching.next_batch().texts.keys() == {"lyon.txt"}


def test_a_folder_moved_in_is_indexed_and_one_moved_out_is_pruned(
    watching: Watching, tmp_path: Path
) -> None:
    outside = tmp_path / "archive"
    (outside / "2024").mkdir(parents=True)
    (outside / "2024" / "hail.txt").write_text(HAIL, encoding="utf-8")
    (outside / "2024" / ".draft.txt").write_text(SNOW, encoding="utf-8")  # hidden: skipped

    (outside / "2024").rename(watching.folder / "2024")
    moved_in = watching.next_batch()
    assert moved_in.texts.keys() == {"2024/hail.txt"}

    (watching.folder / "2024").rename(outside / "2024")
    moved_out = watching.next_batch()
    assert (moved_out.batch.removed, moved_out.batch.report.deleted) == (1, 1)
    assert moved_out.texts == {}


def test_settling_paths_wait_for_a_quiet_period_and_hand_out_a_burst_at_once(
    tmp_path: Path,
) -> None:
    now = [0.0]
    paths = SettlingPaths(settle=1.0, max_wait=5.0, clock=lambda: now[0])
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    for f in files:
        f.write_text("x", encoding="utf-8")
    paths.add(files)
    assert paths.take() == []  # first look: sizes and mtimes noted
    now[0] = 0.9
    assert paths.take() == []
    files[2].write_text("xy", encoding="utf-8")  # still being written
    now[0] = 1.5
    assert paths.take() == []  # two are settled, but the burst is not over
    now[0] = 2.5
    assert paths.take() == files
    assert len(paths) == 0


def _read_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def test_the_watch_command_batches_a_burst_answers_searches_meanwhile_and_stops_on_ctrl_c(
    tmp_path: Path, minilm: Embedder
) -> None:
    folder, data_dir = tmp_path / "news", tmp_path / "data"
    folder.mkdir()
    (folder / "lyon.txt").write_text(HAIL, encoding="utf-8")
    env = {
        **os.environ,
        "NEWSRAG_DATA_DIR": str(data_dir),
        "NEWSRAG_EMBEDDING_MODEL": PACKAGED_MINILM,
        "NEWSRAG_EMBEDDING_RUNTIME": "native",  # the `minilm` fixture's, which reads meanwhile
        "NEWSRAG_INDEX_BATCH_ARTICLES": "20",  # the burst is written in steps a reader can see
    }
    command = [sys.executable, "-m", "ui.cli", "watch", str(folder), "--json", "--interval", "0.5"]
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        initial = json.loads(lines.get(timeout=180))
        assert (initial["initial"], initial["added"]) == (True, 1)
        reader = Newsrag(Settings(data_dir=data_dir), embedder=minilm)
        before = reader.store.count()

        burst = 200
        for n in range(burst):
            (folder / f"depeche-{n:03d}.txt").write_text(
                f"Dépêche {n}\nLe conseil {n} a voté le budget numéro {n * 7 + 3}.\n",
                encoding="utf-8",
            )
        batches: list[dict[str, object]] = []
        answered_mid_batch = 0
        deadline = time.monotonic() + 300
        while sum(int(str(b["added"])) for b in batches) < burst:
            assert time.monotonic() < deadline, batches
            chunks = reader.store.count()
            results = reader.search("grêle à Lyon", k=3)  # the UI's query path, no lock taken
            assert results
            answered_mid_batch += before < chunks < before + burst
            try:
                batches.append(json.loads(lines.get(timeout=0.05)))
            except queue.Empty:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""

        assert answered_mid_batch > 0
        assert len(batches) <= 4  # 200 files: a few ingest passes, not one per file
        assert sum(int(str(b["files"])) for b in batches) == burst
        indexed = reader.store.article_ids()
        assert {f"depeche-{n:03d}.txt" for n in range(burst)} <= indexed

        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=90) == 0
        assert time.monotonic() - signalled < 90
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
