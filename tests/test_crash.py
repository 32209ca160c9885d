"""Crash safety: wherever an ingest dies, the next one leaves every article indexed exactly once.

A real `newsrag ingest` is killed with SIGKILL mid-run; other crash points are reached by a
progress observer that raises (nothing of the ingest runs after it, as with a kill), or by
doing the first half of a write the way the pipeline does and stopping there.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.consistency import check_consistency
from ingest.ledger import ArticleLedger
from ingest.pipeline import Ingestor, ingest_paths
from ingest.progress import IngestProgress
from ingest.report import IngestReport
from ingest.vectorstore import chunk_to_document
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import Article
from tests.helpers.data import short_articles, write_jsonl
from tests.helpers.indexing import (
    TerminalProcess,
    assert_indexed_exactly_once,
    bar_count,
    expected_chunks,
    small_env,
    small_settings,
)
from ui.cli import cli

ARTICLES = 12


def _first_batch_chunks(chunks: dict[str, int]) -> int:
    return sum(list(chunks.values())[:2])  # SMALL_BATCHES: 2 articles per batch


def test_an_ingest_killed_with_sigkill_mid_batch_is_repaired_by_the_next_one(
    tmp_path: Path, embedder: Embedder
) -> None:
    # (The other points where a kill can land are reached below, more cheaply, in-process.)
    data_dir = tmp_path / "data"
    articles = short_articles(ARTICLES)
    corpus = write_jsonl(tmp_path / "news.jsonl", articles)
    settings = small_settings(data_dir)
    expected = expected_chunks(settings, articles)
    first_batch = _first_batch_chunks(expected)
    command = [sys.executable, "-m", "ui.cli", "ingest", str(corpus)]

    run = TerminalProcess(command, small_env(data_dir))
    # killed once batch 2 has chunks in Chroma and none yet in the record manager
    assert run.wait_for(lambda bar: bar_count(bar, "chunks") > first_batch), run.text
    run.proc.send_signal(signal.SIGKILL)
    assert run.finish()[0] == -signal.SIGKILL
    assert "articles/s" in run.text  # the progress bar, on a terminal
    indexed = ArticleLedger(data_dir / "records.sqlite", settings.collection).count()
    assert 0 < indexed < ARTICLES  # killed part-way

    app = Newsrag(settings, embedder=embedder)
    assert check_consistency(Ingestor(app).guard.parts).interrupted

    rerun_env = small_env(data_dir, embedding_batch_size=32)  # the same chunks, fewer calls
    again = TerminalProcess([*command, "--json"], rerun_env, pipe_stdout=True)
    code, stdout = again.finish()
    assert code == 0, again.text
    report = json.loads(stdout)  # stdout is the JSON alone
    assert report["added"] + report["skipped"] == ARTICLES
    assert report["skipped"] <= indexed
    assert report["repaired"]  # says what the killed run had left
    assert "articles/s" not in again.text  # no progress bar with --json, even on a terminal
    assert "chunks/s" not in again.text

    assert_indexed_exactly_once(app, expected)
    for article in articles:
        assert app.search(article["title"], k=1)[0].article_id == article["id"]
    third = ingest_paths(app, [corpus])
    assert (third.skipped, third.chunks_embedded, third.repaired) == (ARTICLES, 0, [])


class SimulatedCrash(Exception):
    """Raised by a progress observer: the ingest stops there, as if killed."""


def crash_when(condition: Callable[[IngestProgress], bool]) -> Callable[[IngestProgress], None]:
    """A progress observer that crashes the ingest once `condition` holds."""

    def observe(progress: IngestProgress) -> None:
        if condition(progress):
            raise SimulatedCrash(progress)

    return observe


@pytest.fixture
def small_app(tmp_path: Path, fake_embedder: Embedder) -> Newsrag:
    """An app with 2 articles per indexing batch, each batch embedded in one call."""
    settings = small_settings(tmp_path / "data", embedding_batch_size=32)
    return Newsrag(settings, embedder=fake_embedder)


@dataclass
class IndexedCorpus:
    """Three short articles in one file, ingested once, and an `Ingestor` to break the index."""

    app: Newsrag
    articles: list[dict[str, str]]
    corpus: Path
    ingestor: Ingestor

    def ingest_again(self) -> IngestReport:
        """Ingest the file again and check that every article is indexed exactly once."""
        report = ingest_paths(self.app, [self.corpus])
        assert_indexed_exactly_once(self.app, expected_chunks(self.app.settings, self.articles))
        return report


@pytest.fixture
def indexed(small_app: Newsrag, tmp_path: Path) -> IndexedCorpus:
    """Three articles indexed by `small_app`."""
    articles = short_articles(3)
    corpus = write_jsonl(tmp_path / "news.jsonl", articles)
    ingest_paths(small_app, [corpus])
    return IndexedCorpus(small_app, articles, corpus, Ingestor(small_app))


def test_a_crash_after_an_edited_articles_chunks_are_written_is_repaired(
    small_app: Newsrag, tmp_path: Path
) -> None:
    articles = short_articles(4)
    corpus = write_jsonl(tmp_path / "news.jsonl", articles)
    ingest_paths(small_app, [corpus])
    articles[1] = {**articles[1], "text": "Une dépêche réécrite. " + articles[1]["text"]}
    write_jsonl(corpus, articles)
    with pytest.raises(SimulatedCrash):
        ingest_paths(small_app, [corpus], progress=crash_when(lambda p: p.chunks_embedded > 0))
    found = check_consistency(Ingestor(small_app).guard.parts)
    assert found.orphan_chunks  # the new chunk is in Chroma, not in the records
    assert found.interrupted

    report = ingest_paths(small_app, [corpus])
    assert (report.added, report.updated, report.skipped) == (0, 1, 3)
    assert report.repaired
    assert_indexed_exactly_once(small_app, expected_chunks(small_app.settings, articles))
    assert "Une dépêche réécrite." in small_app.search("dépêche réécrite", k=1)[0].text


def test_a_crash_after_a_batch_but_before_the_keyword_index_is_published_is_repaired(
    small_app: Newsrag, tmp_path: Path
) -> None:
    articles = short_articles(4)
    corpus = write_jsonl(tmp_path / "news.jsonl", articles)
    with pytest.raises(SimulatedCrash):
        ingest_paths(small_app, [corpus], progress=crash_when(lambda p: p.articles == 2))
    found = check_consistency(Ingestor(small_app).guard.parts)
    assert found.keyword_missing  # batch 1 is in Chroma, not yet in the keyword index
    # Nothing left to index in the articles already done: the keyword index must still be
    # published, which a plain "nothing changed, nothing to publish" ingest would not do.
    report = ingest_paths(small_app, [write_jsonl(tmp_path / "first.jsonl", articles[:2])])
    assert (report.added, report.skipped) == (0, 2)
    assert_indexed_exactly_once(small_app, expected_chunks(small_app.settings, articles[:2]))


def test_a_crash_in_the_middle_of_a_prune_is_repaired(small_app: Newsrag, tmp_path: Path) -> None:
    articles = short_articles(4)
    folder = tmp_path / "news"
    folder.mkdir()
    write_jsonl(folder / "keep.jsonl", articles[:3])
    gone = write_jsonl(folder / "gone.jsonl", articles[3:])
    ingest_paths(small_app, [folder])
    gone.unlink()
    ingestor = Ingestor(small_app)
    with ingestor.lock:  # what `_prune` does first: the chunks go, records and ledger stay
        ingestor.guard.will_write()
        ingestor.vectorstore.delete(ingestor.records.list_keys(group_ids=[articles[3]["id"]]))
    found = check_consistency(ingestor.guard.parts)
    assert found.records_without_chunks
    assert found.ledger_without_chunks == (articles[3]["id"],)

    report = ingest_paths(small_app, [folder], prune=True)
    assert (report.skipped, report.deleted) == (3, 0)  # the repair already forgot it
    assert_indexed_exactly_once(small_app, expected_chunks(small_app.settings, articles[:3]))


def test_a_crash_between_the_records_and_the_cleanup_of_an_edit_is_repaired(
    indexed: IndexedCorpus,
) -> None:
    ingestor, first = indexed.ingestor, indexed.articles[0]
    edited = Article(first["id"], first["title"], "Tout autre texte. " * 12)
    docs = [chunk_to_document(c, str(indexed.corpus)) for c in ingestor.chunker.split(edited)]
    keys = [f"stale-{n}" for n in range(len(docs))]
    with ingestor.lock:  # index() wrote the new chunks and their records, then died
        ingestor.guard.will_write()
        ingestor.vectorstore.add_documents(docs, ids=keys)
        ingestor.records.update(keys, group_ids=[edited.id] * len(keys))
    found = check_consistency(ingestor.guard.parts)
    assert found.miscounted_articles == (edited.id,)  # old and new chunks side by side

    report = indexed.ingest_again()
    assert (report.added, report.skipped) == (1, 2)  # purged, then indexed again


def test_a_crash_after_the_records_but_before_the_ledger_is_repaired(
    indexed: IndexedCorpus,
) -> None:
    ingestor, last_id = indexed.ingestor, indexed.articles[2]["id"]
    with ingestor.lock:
        ingestor.guard.will_write()
        ingestor.ledger.forget([last_id])
    assert check_consistency(ingestor.guard.parts).articles_without_ledger == (last_id,)

    report = indexed.ingest_again()
    assert (report.added, report.skipped) == (1, 2)


def test_a_reindex_killed_after_dropping_the_collection_embeds_everything_again(
    indexed: IndexedCorpus,
) -> None:
    ingestor = indexed.ingestor
    with ingestor.lock:  # reset() dropped the collection, then died
        ingestor.guard.will_write()
        indexed.app.store.reset()
    found = check_consistency(ingestor.guard.parts)
    assert len(found.ledger_without_chunks) == 3

    report = indexed.ingest_again()
    assert report.added == 3  # not "3 skipped" over an empty collection


def test_verify_reports_an_interrupted_ingest_and_repair_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "cli-data"
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(data_dir))
    corpus = write_jsonl(tmp_path / "news.jsonl", short_articles(2, chars=200))
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus)]).exit_code == 0
    clean = runner.invoke(cli, ["verify", "--json"])
    assert clean.exit_code == 0
    assert json.loads(clean.stdout)["ok"] is True

    ingestor = Ingestor(Newsrag(Settings(data_dir=data_dir)))
    with ingestor.lock:  # an interrupted ingest forgot an article's ledger entry
        ingestor.guard.will_write()
        ingestor.ledger.forget([ingestor.ledger.entries()[0].article_id])
    broken = runner.invoke(cli, ["verify"])
    assert broken.exit_code == 1
    assert "1 articles with chunks but no ledger entry" in broken.stdout
    assert "interrupted" in broken.stdout

    fixed = runner.invoke(cli, ["verify", "--repair", "--json"])
    assert fixed.exit_code == 0
    payload = json.loads(fixed.stdout)
    assert payload["ok"] is True
    assert payload["repaired"]
    assert payload["articles"] == 1  # the purged article comes back with the next ingest
