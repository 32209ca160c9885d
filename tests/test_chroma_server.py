"""NEWSRAG_CHROMA_URL: ingest and answer against a real `chroma run` server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.data import write_jsonl
from tests.helpers.network import free_port

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


def test_date_and_source_filters_search_the_server_among_the_chunks_that_pass(
    chroma_url: str, tmp_path: Path, embedder: Embedder
) -> None:
    news = [
        {"id": "a", "title": "Grêle à Lyon", "text": "La grêle a frappé Lyon jeudi soir.",
         "date": "2024-05-02", "source": "agence-a"},
        {"id": "b", "title": "Grêle à Lyon", "text": "La grêle frappera Lyon ce soir.",
         "date": "2019-06-03", "source": "agence-b"},
    ]  # fmt: skip
    write_jsonl(tmp_path / "news.jsonl", news)
    app = Newsrag(
        Settings(data_dir=tmp_path / "data", chroma_url=chroma_url, collection="dated"),
        embedder=embedder,
    )
    assert ingest_paths(app, [tmp_path / "news.jsonl"]).added == 2
    dense_only = Newsrag(app.settings.model_copy(update={"keyword_weight": 0.0}), embedder=embedder)
    for searcher in (app, dense_only):
        assert {p.article_id for p in searcher.search("grêle Lyon", since=date(2024, 1, 1))} == {
            "a"
        }
        assert {p.article_id for p in searcher.search("grêle", sources=["agence-b"])} == {"b"}
        assert searcher.search("grêle Lyon", until=date(2010, 1, 1)) == []


def _cli_ingest(chroma_url: str, data_dir: Path, *args: str) -> dict[str, object]:
    """`newsrag ingest ... --json` in its own process, against the server."""
    env = {
        **os.environ,
        "NEWSRAG_CHROMA_URL": chroma_url,
        "NEWSRAG_DATA_DIR": str(data_dir),
        "NEWSRAG_COLLECTION": "two-processes",
        "OMP_NUM_THREADS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", *args, "--json"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, object] = json.loads(done.stdout)
    return report


def test_edits_and_prunes_by_an_ingest_process_reach_a_serving_process(
    chroma_url: str, tmp_path: Path, embedder: Embedder
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "lyon.txt").write_text(
        "Météo à Lyon\nLa préfecture du Rhône annonce un épisode de grêle sur Lyon jeudi soir.",
        encoding="utf-8",
    )
    (articles / "rome.txt").write_text(
        "Transports à Rome\nLes conducteurs de tramway de Rome font grève pendant trois jours.",
        encoding="utf-8",
    )
    worker = tmp_path / "worker"
    first = _cli_ingest(chroma_url, worker, str(articles))
    assert (first["added"], first["errors"]) == (2, [])

    server = Newsrag(
        Settings(data_dir=tmp_path / "ui", chroma_url=chroma_url, collection="two-processes"),
        embedder=embedder,
    )
    assert "grêle" in server.answer("Quel épisode météo est annoncé à Lyon ?").text
    assert server.search("grève des tramways à Rome", k=1)[0].article_id == "rome.txt"

    (articles / "lyon.txt").write_text(
        "Météo à Lyon\nLa préfecture du Rhône annonce de violents orages sur Lyon jeudi soir.",
        encoding="utf-8",
    )
    (articles / "rome.txt").unlink()
    second = _cli_ingest(chroma_url, worker, str(articles), "--prune")
    assert (second["added"], second["updated"], second["deleted"]) == (0, 1, 1)

    assert "orages" in server.answer("Quel épisode météo est annoncé à Lyon ?").text
    texts = " ".join(p.text for p in server.search("grêle grève tramway Rome Lyon", k=5))
    assert "grêle" not in texts
    assert "tramway" not in texts
    # the serving process's keyword index follows the server's collection exactly
    keyword_ids = set(server.keywords.current().ids)
    assert keyword_ids == {c.id for c in server.store.iter_chunks(with_text=False)}
    assert server.stats().articles == 1
