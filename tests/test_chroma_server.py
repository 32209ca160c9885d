"""NEWSRAG_CHROMA_URL: ingest and answer against a real `chroma run` server."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.support import free_port

CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on a free loopback port, stopped after the module."""
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(folder / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "server.log").read_text()) from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_ingest_and_answer_through_a_chroma_server(
    chroma_url: str, tmp_path: Path, embedder: Embedder, seed_dir: Path
) -> None:
    writer = Newsrag(
        Settings(data_dir=tmp_path / "writer", chroma_url=chroma_url, collection="shared"),
        embedder=embedder,
    )
    first = ingest_paths(writer, [seed_dir])
    again = ingest_paths(writer, [seed_dir])
    assert (first.added, again.skipped, again.chunks_embedded) == (1, 1, 0)
    assert writer.stats().store == chroma_url

    # Another process (own data dir, so no local keyword index yet) sees the same collection.
    reader = Newsrag(
        Settings(data_dir=tmp_path / "reader", chroma_url=chroma_url, collection="shared"),
        embedder=embedder,
    )
    answer = reader.answer("Combien de pays sont représentés à Paris ?")
    assert answer.found
    assert "31" in answer.text
    assert reader.stats().chunks == writer.stats().chunks

    (seed_dir / "extra.txt").write_text(
        "Météo à Lyon\nLa préfecture du Rhône annonce un épisode de grêle sur Lyon jeudi soir.",
        encoding="utf-8",
    )
    ingest_paths(writer, [seed_dir])
    later = reader.answer("Quel épisode météo est annoncé à Lyon ?")
    assert later.found
    assert "grêle" in later.text
