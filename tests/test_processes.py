"""Two processes on one local store: a running reader sees what another process ingested,
keeps answering while it ingests, and a second writer is refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.data import short_articles, write_jsonl
from tests.helpers.indexing import TerminalProcess, bar_count, small_env
from tests.helpers.paths import ROOT
from ui.cli import EXIT_LOCKED

LYON = "Météo à Lyon\nLa préfecture du Rhône annonce un épisode de grêle sur Lyon jeudi soir.\n"


def test_a_running_reader_sees_articles_ingested_by_another_process(
    tmp_path: Path, seed_dir: Path, embedder: Embedder
) -> None:
    data_dir = tmp_path / "data"
    env = {**os.environ, "NEWSRAG_DATA_DIR": str(data_dir)}
    cli = [sys.executable, "-m", "ui.cli", "ingest"]
    root = Path(__file__).resolve().parent.parent
    subprocess.run([*cli, str(seed_dir)], env=env, cwd=root, check=True, capture_output=True)

    reader = Newsrag(Settings(data_dir=data_dir), embedder=embedder)
    assert all(p.article_id != "lyon.txt" for p in reader.search("grêle à Lyon", k=3))

    more = tmp_path / "more"
    more.mkdir()
    (more / "lyon.txt").write_text(LYON, encoding="utf-8")
    subprocess.run([*cli, str(more)], env=env, cwd=root, check=True, capture_output=True)

    assert reader.search("grêle à Lyon", k=3)[0].article_id == "lyon.txt"
    # both rankings see it: the in-memory vector index was reloaded, the BM25 index refreshed
    assert reader.store.query("grêle à Lyon", 1)[0].article_id == "lyon.txt"
    [(keyword_hit, _)] = reader.keywords.current().search("grêle Lyon", 1)
    assert reader.store.get([keyword_hit])[keyword_hit].article_id == "lyon.txt"
    assert reader.stats().articles == 2


def test_while_an_ingest_runs_queries_are_answered_and_a_second_ingest_is_refused(
    tmp_path: Path, seed_dir: Path, embedder: Embedder
) -> None:
    data_dir = tmp_path / "data"
    reader = Newsrag(Settings(data_dir=data_dir), embedder=embedder)
    ingest_paths(reader, [seed_dir])
    corpus = write_jsonl(tmp_path / "news.jsonl", short_articles(80))  # killed long before the end
    cli = [sys.executable, "-m", "ui.cli", "ingest"]
    first = TerminalProcess([*cli, str(corpus)], small_env(data_dir))
    try:
        assert first.wait_for(lambda bar: bar_count(bar, "articles") >= 2), first.text

        answer = reader.answer("Combien de pays sont représentés à Paris ?")
        assert answer.found
        assert "31" in answer.text
        second = subprocess.run(
            [*cli, str(seed_dir)],
            env=small_env(data_dir),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert first.proc.poll() is None, "the first ingest ended too soon for this test"
    finally:
        first.proc.send_signal(signal.SIGKILL)
        first.finish()
    assert second.returncode == EXIT_LOCKED
    assert f"another ingest holds the index lock of {data_dir}: pid {first.proc.pid}" in (
        second.stderr
    )
    assert f"`newsrag ingest {corpus}`" in second.stderr
