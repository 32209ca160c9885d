"""Incremental ingest: nothing embedded twice, edits replace chunks, prune removes, errors kept."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.settings import Settings
from rag.store import EmbedderMismatchError
from tests.conftest import SEED_FILE, SHARED_DATA

ORANGESUM = SHARED_DATA / "news_fr_orangesum_20k.jsonl"


def orangesum_lines(n: int) -> list[dict[str, str]]:
    """The first n OrangeSum articles."""
    with ORANGESUM.open(encoding="utf-8") as f:
        return [json.loads(next(f)) for _ in range(n)]


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    """Write articles as JSON lines."""
    path.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    return path


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
    (seed_dir / "latin1.txt").write_bytes("Titre\nUn été très chaud à Besançon.".encode("latin-1"))
    (seed_dir / "empty.md").write_text("", encoding="utf-8")
    report = ingest_paths(app, [seed_dir])
    assert report.added == 1
    failed = {Path(e.path).name for e in report.errors}
    assert failed == {"binary.txt", "latin1.txt", "empty.md"}
    assert all(e.error for e in report.errors)


def test_articles_spanning_many_small_batches_are_indexed_exactly_once(
    tmp_path: Path, embedder: object
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", index_batch_articles=1, chunk_size=300, chunk_overlap=50
    )
    app = Newsrag(settings, embedder=embedder)  # type: ignore[arg-type]
    source = write_jsonl(tmp_path / "six.jsonl", orangesum_lines(6))
    first = ingest_paths(app, [source])
    count = app.store.count()
    second = ingest_paths(app, [source])
    ids = [c.id for c in app.store.iter_chunks()]
    assert first.added == 6
    assert count == first.chunks_embedded == len(set(ids)) > 6
    assert second.chunks_embedded == 0
    assert app.store.count() == count


def test_reindex_embeds_everything_again(app: Newsrag, seed_dir: Path) -> None:
    ingest_paths(app, [seed_dir])
    count = app.store.count()
    report = ingest_paths(app, [seed_dir], reset=True)
    assert (report.added, report.chunks_embedded) == (1, count)
    assert app.store.count() == count


class OtherEmbedder:
    """A deterministic stand-in for a different embedding model (only its name matters)."""

    name = "fake:other-model"
    unrelated_similarity = 0.0
    min_relevance = 0.5
    dense_weight = 1.0

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


def test_ingest_does_not_read_its_own_data_dir(tmp_path: Path, embedder: object) -> None:
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=embedder)  # type: ignore[arg-type]
    ingest_paths(app, [tmp_path])
    report = ingest_paths(app, [tmp_path])
    assert report.errors == []
    assert report.skipped == 1
