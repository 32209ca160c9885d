"""A word longer than a chunk (issue 17): cut into chunks of the chunk size with exact spans,
and indexed whole."""

from __future__ import annotations

import itertools
from pathlib import Path

from ingest.chunking import ArticleChunker
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import Article


def test_a_10_mb_word_is_cut_into_chunks_of_the_chunk_size_with_exact_spans(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data", chunk_size=1000, chunk_overlap=200)
    text = "Début du texte. " + "x" * 10_500_000 + " Fin du texte."
    chunks = ArticleChunker(settings.chunk_size, settings.chunk_overlap).split(
        Article("mot", "Un mot immense", text)
    )

    assert max(len(c.text) for c in chunks) <= 2 * settings.chunk_size
    assert all(c.text == text[c.start : c.end] for c in chunks)
    assert (chunks[0].start, chunks[-1].end) == (0, len(text))
    assert all(b.start <= a.end for a, b in itertools.pairwise(chunks))  # no gap, no text lost


def test_a_long_word_is_indexed_in_capped_chunks_that_rebuild_the_article(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    text = "Un mot sans espace suit. " + "abc" * 50_000 + " Et la fin."
    (tmp_path / "mot.txt").write_text(f"Mot immense\n{text}\n", encoding="utf-8")

    report = ingest_paths(app, [tmp_path / "mot.txt"])

    assert (report.added, report.errors) == (1, [])
    passages = app.store.article_passages("mot.txt")
    assert len(passages) > 150
    assert max(len(p.text) for p in passages) <= 2 * app.settings.chunk_size
    assert all(p.text == text[p.start : p.end] for p in passages)
    assert app.article("mot.txt").text == text  # type: ignore[union-attr]
