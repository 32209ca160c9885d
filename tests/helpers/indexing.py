"""Helpers for the indexing tests: small batches, the exactly-once check, a terminal process."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import termios
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from ingest.chunking import ArticleChunker
from ingest.consistency import check_consistency
from ingest.pipeline import Ingestor, ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import Article
from tests.helpers.data import orangesum_lines
from tests.helpers.paths import ROOT

# Batches smaller than an article: 2 articles per indexing batch, 1 chunk per embedding call,
# ~200-character chunks (a short article has 2 or 3 of them).
SMALL_BATCHES = {
    "chunk_size": 200,
    "chunk_overlap": 0,
    "index_batch_articles": 2,
    "embedding_batch_size": 1,
}


def small_settings(data_dir: Path, **overrides: int) -> Settings:
    """Settings with `SMALL_BATCHES` (and `overrides`)."""
    return Settings(data_dir=data_dir, **(SMALL_BATCHES | overrides))  # type: ignore[arg-type]


def small_env(data_dir: Path, **overrides: int) -> dict[str, str]:
    """The environment of a `newsrag` subprocess with `SMALL_BATCHES` on `data_dir`.

    One OpenMP thread: on a busy machine, the embedder's threads spin-waiting for each other
    cost several times the CPU of the work itself when each call embeds one chunk.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env.update({f"NEWSRAG_{k.upper()}": str(v) for k, v in (SMALL_BATCHES | overrides).items()})
    env.update({"NEWSRAG_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"})
    return env


def expected_chunks(settings: Settings, articles: list[dict[str, str]]) -> dict[str, int]:
    """How many chunks the chunker makes of each article."""
    chunker = ArticleChunker(settings.chunk_size, settings.chunk_overlap)
    return {
        a["id"]: len(chunker.split(Article(a["id"], a.get("title", ""), a["text"])))
        for a in articles
    }


def assert_indexed_exactly_once(app: Newsrag, expected: dict[str, int]) -> None:
    """Every article of `expected` with exactly its chunks, once, and nothing else; the
    records, ledger and keyword index agreeing with Chroma."""
    found = check_consistency(Ingestor(app).guard.parts)
    assert found.ok, found.problems()
    chunks = list(app.store.iter_chunks(with_text=False))
    assert Counter(c.article_id for c in chunks) == Counter(expected)
    positions: dict[str, list[int]] = defaultdict(list)
    for chunk in chunks:
        positions[chunk.article_id].append(chunk.index)
    assert {a: sorted(p) for a, p in positions.items()} == {
        a: list(range(n)) for a, n in expected.items()
    }
    assert set(app.keywords.current().ids) == {c.id for c in chunks}


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class TerminalProcess:
    """A subprocess whose stderr (and stdout, unless piped) is a pseudo-terminal, as when a
    person runs it; a thread collects what it prints."""

    def __init__(self, args: list[str], env: dict[str, str], *, pipe_stdout: bool = False):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        self.proc = subprocess.Popen(
            args,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdout else slave,
            stderr=slave,
        )
        os.close(slave)
        self._raw = b""
        self._closed = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(master,), daemon=True)
        self._reader.start()

    def _read(self, fd: int) -> None:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO once the process and its children closed the terminal
                data = b""
            with self._changed:
                self._raw += data
                self._closed = not data
                self._changed.notify_all()
            if not data:
                os.close(fd)
                return

    @property
    def text(self) -> str:
        """What the process printed on the terminal so far, without escape sequences."""
        with self._changed:
            return _ANSI.sub("", self._raw.decode("utf-8", errors="replace"))

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 180) -> bool:
        """Wait until `condition(text)` holds (True) or the terminal closes (False)."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or condition(self.text), timeout)
        return condition(self.text)

    def finish(self, timeout: float = 180) -> tuple[int, str]:
        """Wait for the process to exit; its return code and piped stdout."""
        stdout, _ = self.proc.communicate(timeout=timeout)
        self._reader.join(timeout)
        return self.proc.returncode, (stdout or b"").decode("utf-8")


def bar_count(text: str, unit: str) -> int:
    """The last count the progress bar showed for `unit` (articles or chunks), or 0."""
    counts = re.findall(rf"([\d,]+)\s+(?:[\d.,]+|–) {unit}/s", text)
    return int(counts[-1].replace(",", "")) if counts else 0


def one_article_in_overlapping_chunks(
    folder: Path, embedder: Embedder
) -> tuple[Newsrag, dict[str, str]]:
    """A newsrag over one OrangeSum article cut into ~200-character chunks that overlap by 80
    (so that a search brings several back, to be merged), and that article."""
    article = orangesum_lines(1)[0]
    source = folder / "one.jsonl"
    source.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    settings = Settings(data_dir=folder / "data", chunk_size=200, chunk_overlap=80)
    app = Newsrag(settings, embedder=embedder)
    ingest_paths(app, [source])
    return app, article
