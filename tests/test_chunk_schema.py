"""The chunk's fields, written once in `rag.types.Chunk`: stored, read back and hashed alike."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from ingest.hashing import chunk_key
from ingest.vectorstore import chunk_to_document, document_to_chunk
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.rows import chunk_from_metadata, chunk_metadata
from rag.types import Chunk, Passage

FIXED = Chunk(
    article_id="afp-2016-05-02-001",
    index=3,
    start=120,
    end=153,
    text="Le président a été réélu à Paris.",
    title="Élection présidentielle",
    date="2016-05-02T10:00:00+02:00",
    source="afp",
    url="https://example.org/a",
    lang="fr",
)
BARE = Chunk(article_id="a1", index=0, start=0, end=6, text="Texte.", title="")


def every_field_set() -> Chunk:
    """A chunk whose every field holds a distinct, non-default value (new fields included)."""
    values: dict[str, Any] = {}
    for n, (name, kind) in enumerate(get_type_hints(Chunk).items()):
        if kind is int:
            values[name] = 10 + n
        elif kind in (str, str | None):
            values[name] = f"{name} n°{n}"
        else:
            pytest.fail(f"no test value for Chunk.{name}: {kind}")
    return Chunk(**{**values, "date": "2016-05-02T10:00:00+02:00"})


def test_a_fixed_chunk_keeps_the_record_key_of_existing_indexes() -> None:
    # Computed by the code that built the existing indexes: a new key re-embeds everything.
    assert chunk_key(chunk_to_document(FIXED, "/data/a.jsonl")) == (
        "7b13af3d709e0ee9d4417237220de4dd"
    )
    assert chunk_key(chunk_to_document(BARE, "/data/a.jsonl")) == (
        "c865db2dbd1e73930322c4e94078f3e2"
    )


def test_a_fixed_chunk_keeps_the_stored_metadata_of_existing_indexes() -> None:
    meta = chunk_metadata(FIXED, file="/data/a.jsonl", duplicate_group="g")
    assert list(meta.items()) == [
        ("article_id", "afp-2016-05-02-001"),
        ("chunk_index", 3),
        ("start", 120),
        ("end", 153),
        ("title", "Élection présidentielle"),
        ("date_int", 20160502),
        ("date", "2016-05-02T10:00:00+02:00"),
        ("source", "afp"),
        ("url", "https://example.org/a"),
        ("lang", "fr"),
        ("file", "/data/a.jsonl"),
        ("duplicate_group", "g"),
    ]
    assert list(chunk_metadata(BARE).items()) == [
        ("article_id", "a1"),
        ("chunk_index", 0),
        ("start", 0),
        ("end", 6),
        ("title", ""),
        ("date_int", 0),
    ]


def test_every_chunk_field_round_trips_through_a_langchain_document() -> None:
    chunk = every_field_set()
    assert document_to_chunk(chunk_to_document(chunk, "f.txt")) == chunk


def test_every_chunk_field_but_end_changes_the_record_key() -> None:
    chunk = every_field_set()
    key = chunk_key(chunk_to_document(chunk, "f.txt"))
    for field in fields(Chunk):
        value = getattr(chunk, field.name)
        other = replace(chunk, **{field.name: value + 1 if isinstance(value, int) else value + "!"})
        changed = chunk_key(chunk_to_document(other, "f.txt")) != key
        assert changed == (field.name != "end"), field.name


def test_every_chunk_field_round_trips_through_the_chroma_store(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    store = ChromaStore(Settings(data_dir=tmp_path / "data"), fake_embedder)
    chunk = every_field_set()
    store.add(["c1"], [chunk], [chunk_metadata(chunk, duplicate_group="g")])
    row = store.collection.get(ids=["c1"], include=["documents", "metadatas"])
    assert chunk_from_metadata(row["documents"][0], row["metadatas"][0]) == chunk
    passage = store.get(["c1"])["c1"]
    shared = [f.name for f in fields(Passage) if f.name in get_type_hints(Chunk)]
    assert {n: getattr(passage, n) for n in shared} == {n: getattr(chunk, n) for n in shared}
    assert passage.duplicate_group == "g"
    [stored] = store.iter_chunks()
    assert (stored.article_id, stored.index, stored.lang, stored.source, stored.text) == (
        chunk.article_id,
        chunk.index,
        chunk.lang,
        chunk.source,
        chunk.embedded_text,
    )
