"""Chroma searches its HNSW graph `hnsw_ef_search` wide, in new stores and in stores built
before the setting existed (Chroma's default then: 100)."""

from __future__ import annotations

import chromadb
from chromadb.config import Settings as ChromaSettings

from rag.embeddings import Embedder
from rag.settings import Settings
from rag.store.chroma import ChromaStore


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
