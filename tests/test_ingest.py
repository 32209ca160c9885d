"""Incremental ingest: nothing embedded twice, edits replace chunks, prune removes, errors kept."""

from __future__ import annotations

import io
import itertools
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from rich.console import Console

from ingest.pipeline import ingest_paths
from ingest.progress import IngestProgress, ProgressBar
from rag.app import Newsrag
from rag.embeddings import Embedder, EmbedderProfile
from rag.settings import Settings
from rag.store.chroma import EmbedderMismatchError
from tests.helpers.data import orangesum_lines, short_articles, write_jsonl
from tests.helpers.indexing import assert_indexed_exactly_once, expected_chunks, small_settings
from tests.helpers.paths import SEED_FILE


@pytest.fixture
def app(settings: Settings, fake_embedder: Embedder) -> Newsrag:
    """An empty newsrag with the fake embedder: the pipeline is tested here, not retrieval."""
    return Newsrag(settings, embedder=fake_embedder)


def chunk_texts(app: Newsrag) -> list[str]:
    """Every stored chunk's text."""
    return [c.text for c in app.store.iter_chunks()]


def test_second_ingest_of_unchanged_articles_embeds_nothing(app: Newsrag, seed_dir: Path) -> None:
    first = ingest_paths(app, [seed_dir])
    chunks = app.store.count()
    second = ingest_paths(app, [seed_dir])
    assert (first.added, first.chunks_embedded) == (1, chunks)
    assert (second.added, second.updated, second.skipped, second.chunks_embedded) == (0, 0, 1, 0)
    assert app.store.count() == chunks


def test_edited_article_replaces_its_chunks(app: Newsrag, seed_dir: Path) -> None:
    article = seed_dir / SEED_FILE.name
    ingest_paths(app, [seed_dir])
    chunks = app.store.count()
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("31 pays", "32 pays"), encoding="utf-8")
    report = ingest_paths(app, [seed_dir])
    assert (report.added, report.updated, report.skipped) == (0, 1, 0)
    assert 0 < report.chunks_embedded < chunks  # only the chunks whose text changed
    assert app.store.count() == chunks
    stored = " ".join(chunk_texts(app))
    assert "32 pays" in stored
    assert "31 pays" not in stored
    assert "32" in app.answer("Combien de pays sont représentés à Paris ?").text


def test_new_article_in_the_folder_is_the_only_one_embedded(app: Newsrag, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    articles = orangesum_lines(4)
    write_jsonl(folder / "a.jsonl", articles[:3])
    ingest_paths(app, [folder])
    before = app.store.count()
    write_jsonl(folder / "b.jsonl", articles[3:])
    report = ingest_paths(app, [folder])
    new_chunks = app.store.count() - before
    assert (report.added, report.skipped) == (1, 3)
    assert report.chunks_embedded == new_chunks > 0
    assert app.stats().articles == 4


def test_new_article_is_found_by_keyword_search_right_after_ingest(
    app: Newsrag, tmp_path: Path
) -> None:
    article = orangesum_lines(1)[0]
    ingest_paths(app, [write_jsonl(tmp_path / "one.jsonl", [article])])
    passages = app.search(article["title"].split(":")[0], k=1)
    assert passages[0].article_id == article["id"]


def test_prune_removes_articles_whose_file_was_deleted(app: Newsrag, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    articles = orangesum_lines(2)
    write_jsonl(folder / "keep.jsonl", articles[:1])
    gone = write_jsonl(folder / "gone.jsonl", articles[1:])
    ingest_paths(app, [folder])
    gone.unlink()
    without_prune = ingest_paths(app, [folder])
    assert without_prune.deleted == 0
    assert app.stats().articles == 2
    pruned = ingest_paths(app, [folder], prune=True)
    assert pruned.deleted == 1
    assert {c.article_id for c in app.store.iter_chunks()} == {articles[0]["id"]}
    assert all(p.article_id != articles[1]["id"] for p in app.search(articles[1]["title"], k=5))


def test_prune_keeps_articles_of_a_file_that_became_unreadable(
    app: Newsrag, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    broken = write_jsonl(folder / "a.jsonl", orangesum_lines(1))
    ingest_paths(app, [folder])
    broken.write_bytes(b"\xff\xfe\x00garbage")
    report = ingest_paths(app, [folder], prune=True)
    assert report.deleted == 0
    assert report.errors
    assert app.stats().articles == 1


def test_prune_only_touches_the_given_folder(app: Newsrag, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    articles = orangesum_lines(2)
    write_jsonl(first / "a.jsonl", articles[:1])
    write_jsonl(second / "b.jsonl", articles[1:])
    ingest_paths(app, [first])
    ingest_paths(app, [second])
    report = ingest_paths(app, [second], prune=True)
    assert report.deleted == 0
    assert app.stats().articles == 2


def test_bad_files_are_reported_and_the_good_ones_indexed(app: Newsrag, seed_dir: Path) -> None:
    (seed_dir / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    # Latin-1 is decoded now (tests/test_formats.py); damaged UTF-8 is still refused.
    (seed_dir / "damaged.txt").write_bytes("Titre\nUn été à Besançon ".encode() + b"\xc3\x28")
    (seed_dir / "empty.md").write_text("", encoding="utf-8")
    report = ingest_paths(app, [seed_dir])
    assert report.added == 1
    failed = {Path(e.path).name for e in report.errors}
    assert failed == {"binary.txt", "damaged.txt", "empty.md"}
    assert all(e.error for e in report.errors)


@pytest.mark.parametrize("articles_per_batch", [1, 64])
def test_batches_smaller_than_an_article_index_it_exactly_once_through_edits_and_deletions(
    articles_per_batch: int, tmp_path: Path, fake_embedder: Embedder
) -> None:
    # One chunk per embedding call, articles of 2 chunks: every article spans embedding calls;
    # with 64 articles per batch, they all arrive in one indexing call.
    settings = small_settings(tmp_path / "data", index_batch_articles=articles_per_batch)
    app = Newsrag(settings, embedder=fake_embedder)
    folder = tmp_path / "news"
    folder.mkdir()
    articles = short_articles(5)
    main = write_jsonl(folder / "main.jsonl", articles[:3])
    other = write_jsonl(folder / "other.jsonl", articles[3:])
    first = ingest_paths(app, [folder])
    expected = expected_chunks(settings, articles)
    assert min(expected.values()) > settings.embedding_batch_size
    assert (first.added, first.updated, first.skipped, first.deleted) == (5, 0, 0, 0)
    assert first.chunks_embedded == sum(expected.values())
    assert_indexed_exactly_once(app, expected)

    edited = [{**a, "text": a["text"] + " Mise à jour."} for a in articles[1:3]]
    new = short_articles(1, start=50)
    write_jsonl(main, [articles[0], *edited, *new])
    other.unlink()
    second = ingest_paths(app, [folder], prune=True)
    assert (second.added, second.updated, second.skipped, second.deleted) == (1, 2, 1, 2)
    now = expected_chunks(settings, [articles[0], *edited, *new])
    assert_indexed_exactly_once(app, now)
    changed = sum(now[a["id"]] for a in [*edited, *new])
    assert second.chunks_embedded + second.chunks_unchanged == changed
    assert second.chunks_unchanged >= len(edited)  # their first chunks were not embedded again

    third = ingest_paths(app, [folder], prune=True)
    assert (third.added, third.updated, third.skipped, third.deleted) == (0, 0, 4, 0)
    assert third.chunks_embedded == 0


def test_the_progress_observer_hears_every_embedding_call_and_every_finished_batch(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    settings = small_settings(tmp_path / "data")  # 2 articles per batch, 1 chunk per call
    app = Newsrag(settings, embedder=fake_embedder)
    articles = short_articles(3)
    source = write_jsonl(tmp_path / "news.jsonl", articles)
    heard: list[IngestProgress] = []
    report = ingest_paths(app, [source], progress=heard.append)
    chunks = expected_chunks(settings, articles)
    steps = [b.chunks_embedded - a.chunks_embedded for a, b in itertools.pairwise(heard)]
    assert sorted(set(steps)) == [0, 1]  # one chunk per embedding call
    assert heard[-1].chunks_embedded == report.chunks_embedded == sum(chunks.values())
    batch_done = [p for a, p in itertools.pairwise(heard) if p.articles > a.articles]
    first_batch = chunks[articles[0]["id"]] + chunks[articles[1]["id"]]
    assert [(p.articles, p.chunks_embedded) for p in batch_done] == [
        (2, first_batch),
        (3, sum(chunks.values())),
    ]

    write_jsonl(source, [*articles[:2], {**articles[2], "text": articles[2]["text"] + " Fin."}])
    heard.clear()
    again = ingest_paths(app, [source], progress=heard.append)
    last = heard[-1]
    assert (last.articles, last.skipped, last.deleted) == (3, 2, 0)
    assert last.chunks_embedded + last.chunks_unchanged == chunks[articles[2]["id"]]
    assert (last.chunks_embedded, last.chunks_unchanged) == (
        again.chunks_embedded,
        again.chunks_unchanged,
    )


def test_the_progress_bar_shows_articles_and_chunks_per_second() -> None:
    screen = io.StringIO()
    with ProgressBar(Console(file=screen, force_terminal=True, width=160)) as bar:
        for n in range(1, 4):
            bar.update(IngestProgress(n * 10, n * 4, n, n * 25, n * 2))
    shown = screen.getvalue()
    assert "articles/s" in shown
    assert "chunks/s" in shown
    assert "30" in shown  # the last counts
    assert "75" in shown
    assert "12 unchanged, 3 deleted" in shown
    assert "embedded, 6 unchanged" in shown


def test_reindex_embeds_everything_again(app: Newsrag, seed_dir: Path) -> None:
    ingest_paths(app, [seed_dir])
    count = app.store.count()
    report = ingest_paths(app, [seed_dir], reset=True)
    assert (report.added, report.chunks_embedded) == (1, count)
    assert app.store.count() == count


class OtherEmbedder:
    """A deterministic stand-in for a different embedding model (only its name matters)."""

    name = "fake:other-model"
    profile = EmbedderProfile(
        unrelated_similarity=0.0,
        min_relevance=0.5,
        cross_lingual_min_relevance=0.5,
        dense_weight=1.0,
    )

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [[float(len(t) % 7), 1.0, 0.5] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_querying_with_another_embedder_is_refused_with_a_reindex_hint(
    app: Newsrag, seed_dir: Path
) -> None:
    ingest_paths(app, [seed_dir])
    with pytest.raises(EmbedderMismatchError, match="re-index"):
        Newsrag(app.settings, embedder=OtherEmbedder())


def test_ingest_does_not_read_its_own_data_dir(tmp_path: Path, fake_embedder: Embedder) -> None:
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    ingest_paths(app, [tmp_path])
    report = ingest_paths(app, [tmp_path])
    assert report.errors == []
    assert report.skipped == 1
