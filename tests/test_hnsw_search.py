"""Chroma searches its HNSW graph `hnsw_ef_search` wide, in new stores and in stores built
before the setting existed (Chroma's default then: 100)."""

from __future__ import annotations

import logging
from typing import Any, cast

import chromadb
import pytest
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, InternalError

import rag.store.hnsw
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.hnsw import search_widely

LOCKED = "Database error: error returned from database: (code: 5) database is locked"


def ef_search(store: ChromaStore) -> object:
    return (store.collection.configuration or {}).get("hnsw", {}).get("ef_search")


def test_a_new_store_is_searched_as_widely_as_the_setting_says(
    settings: Settings, fake_embedder: Embedder
) -> None:
    assert ef_search(ChromaStore(settings, fake_embedder)) == 400
    wider = settings.model_copy(update={"hnsw_ef_search": 800})
    assert ef_search(ChromaStore(wider, fake_embedder)) == 800  # changed in place on open


def test_a_store_built_with_chromas_default_breadth_is_widened_without_reindexing(
    settings: Settings, fake_embedder: Embedder
) -> None:
    path = str(settings.data_dir / "chroma")
    old = chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))
    collection = old.get_or_create_collection(
        settings.collection,
        configuration={"hnsw": {"space": "cosine"}},  # as stores were built until 2026-12-03
        metadata={"embedder": fake_embedder.name},
        embedding_function=None,
    )
    vector = fake_embedder.embed_query("Le président a été réélu.")
    collection.add(ids=["a"], embeddings=[vector], documents=["Le président a été réélu."])
    assert collection.configuration["hnsw"]["ef_search"] == 100

    store = ChromaStore(settings, fake_embedder)
    assert ef_search(store) == 400
    assert store.collection.count() == 1
    found = store.collection.query(query_embeddings=[vector], n_results=1)
    assert found["ids"] == [["a"]]


class LockedCollection:
    """A collection whose database another connection holds locked for its first `locked`
    writes, then frees; or that fails every write with `error`."""

    name = "newsrag"

    def __init__(self, locked: int, error: ChromaError | None = None) -> None:
        self.configuration: dict[str, Any] = {"hnsw": {"space": "cosine", "ef_search": 100}}
        self.locked, self.error, self.writes = locked, error, 0

    def modify(self, configuration: dict[str, Any]) -> None:
        self.writes += 1
        if self.error is not None:
            raise self.error
        if self.writes <= self.locked:
            raise InternalError(LOCKED)
        self.configuration["hnsw"].update(configuration["hnsw"])


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The waits between tries, made instant."""
    monkeypatch.setattr(rag.store.hnsw, "_LOCKED_WAITS", (0.0, 0.0, 0.0, 0.0))


@pytest.mark.usefixtures("no_waits")
def test_a_write_lock_held_a_moment_is_waited_out(caplog: pytest.LogCaptureFixture) -> None:
    collection = LockedCollection(locked=2)
    with caplog.at_level(logging.WARNING):
        search_widely(cast(Collection, collection), 400)
    assert collection.configuration["hnsw"]["ef_search"] == 400
    assert collection.writes == 3
    assert not caplog.records


@pytest.mark.usefixtures("no_waits")
def test_a_store_locked_for_good_or_read_only_keeps_its_breadth_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    locked = LockedCollection(locked=99)
    read_only = LockedCollection(
        locked=0, error=InternalError("attempt to write a readonly database")
    )
    with caplog.at_level(logging.WARNING):
        search_widely(cast(Collection, locked), 400)
        search_widely(cast(Collection, read_only), 400)
    assert locked.configuration["hnsw"]["ef_search"] == 100
    assert locked.writes == 5  # tried once, then after each wait
    assert read_only.writes == 1  # not a lock: not tried again
    assert [r.getMessage().startswith("collection 'newsrag' keeps") for r in caplog.records] == [
        True,
        True,
    ]
