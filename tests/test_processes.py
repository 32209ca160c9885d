"""Two processes on one local store: a running reader sees what another process ingested."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings

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
