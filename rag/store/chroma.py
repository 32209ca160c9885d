"""Thin adapter around a Chroma collection: the only module that sees Chroma's result shapes."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Include
from chromadb.config import Settings as ChromaSettings

from rag.embeddings import Embedder
from rag.errors import (
    ChromaUnreachableError,
    DataDirError,
    EmbedderMismatchError,
    SettingsError,
)
from rag.settings import Settings
from rag.store.hnsw import open_collection
from rag.store.rows import ArticleInfo, StoredChunk, row_passage, stored_chunks
from rag.types import Chunk, Passage

log = logging.getLogger(__name__)

_PAGE = 2000


def open_client(settings: Settings) -> ClientAPI:
    """A Chroma client: HTTP when `chroma_url` is set, else persistent under `data_dir`.

    Raises `ChromaUnreachableError` or `DataDirError` (naming the setting) when it cannot.
    """
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname or url.scheme not in {"http", "https"}:
            raise SettingsError(
                f"NEWSRAG_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL."
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises ValueError or httpx errors, by version
            raise ChromaUnreachableError(
                f"no Chroma server answers at NEWSRAG_CHROMA_URL={settings.chroma_url} "
                f"({type(exc).__name__}). Start it (`chroma run --path DIR --port PORT`) "
                "or unset NEWSRAG_CHROMA_URL to use the local store."
            ) from exc
    path = settings.data_dir / "chroma"
    ensure_writable(path, settings.data_dir)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def ensure_writable(folder: Path, data_dir: Path) -> None:
    """Create `folder` (inside `data_dir`) and write a file in it, or raise `DataDirError`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-probe-{uuid.uuid4().hex[:8]}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise DataDirError(
            f"cannot write to the data dir {data_dir} ({exc.strerror or exc}). "
            "Set NEWSRAG_DATA_DIR to a folder you can write to."
        ) from exc


class ChromaStore:
    """Chunks with their embeddings in one Chroma collection."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.embedder = embedder
        self.location = settings.chroma_url or str(settings.data_dir / "chroma")
        self._settings = settings
        self._reopen_lock = threading.Lock()
        self.client = open_client(settings)
        self.collection = self._open_collection(settings.collection)
        self._check_embedder(settings.collection)
        self._seen_revision = self._read_revision()

    def _open_collection(self, name: str) -> Collection:
        ef_search = self._settings.hnsw_ef_search
        return open_collection(self.client, name, self.embedder.name, ef_search)

    def reset(self) -> None:
        """Drop every chunk: delete the collection and create it anew for this embedder."""
        name = self.collection.name
        self.client.delete_collection(name)
        self.collection = self._open_collection(name)

    def _check_embedder(self, name: str) -> None:
        built_by = (self.collection.metadata or {}).get("embedder")
        if built_by and built_by != self.embedder.name and self.collection.count() > 0:
            raise EmbedderMismatchError(
                f"collection {name!r} was built with {built_by}, but NEWSRAG_EMBEDDING_MODEL "
                f"gives {self.embedder.name}. Set NEWSRAG_EMBEDDING_MODEL back, or re-index into a "
                f"new collection: NEWSRAG_COLLECTION=<new name> newsrag ingest <folders>."
            )

    def add(
        self, ids: Sequence[str], chunks: Sequence[Chunk], metadatas: Sequence[Mapping[str, Any]]
    ) -> None:
        """Embed and upsert chunks under the given ids."""
        if not ids:
            return
        vectors = self.embedder.embed_documents([c.embedded_text for c in chunks])
        self.collection.upsert(
            ids=list(ids),
            embeddings=np.asarray(vectors, dtype=np.float32),
            documents=[c.text for c in chunks],
            metadatas=[dict(m) for m in metadatas],
        )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id (unknown ids are ignored)."""
        for i in range(0, len(ids), _PAGE):
            self.collection.delete(ids=list(ids[i : i + _PAGE]))

    def nearest(
        self,
        text: str,
        k: int,
        where: dict[str, Any] | None = None,
        *,
        ids: Sequence[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Ids of the k chunks nearest to `text` with their cosine similarity, best first
        (fewer when the collection holds fewer: Chroma returns what there is, so no count is
        read first), among those matching `where` or, given `ids`, among those chunks only.
        No text is read: reading a chunk's row costs more than the vector search, so the
        caller fetches only the chunks it keeps (`get`)."""
        if ids is not None and not ids:
            return []
        result = self.collection.query(
            query_embeddings=np.asarray([self.embedder.embed_query(text)], dtype=np.float32),
            n_results=k if ids is None else min(k, len(ids)),
            where=where,
            ids=None if ids is None else list(ids),
            include=["distances"],
        )
        dists = (result["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], dists, strict=True)]

    def query(
        self,
        text: str,
        k: int,
        where: dict[str, Any] | None = None,
        *,
        ids: Sequence[str] | None = None,
    ) -> list[Passage]:
        """The passages of `nearest`, scored by cosine similarity, best first."""
        hits = self.nearest(text, k, where, ids=ids)
        found = self.get([i for i, _ in hits])
        return [replace(found[i], score=score) for i, score in hits if i in found]

    def get(self, ids: Sequence[str]) -> dict[str, Passage]:
        """Passages by chunk id (missing ids are left out), with a zero score."""
        if not ids:
            return {}
        result = self.collection.get(ids=list(ids), include=["documents", "metadatas"])
        docs = result["documents"] or []
        metas = result["metadatas"] or []
        return {
            i: row_passage(i, d, m, 0.0) for i, d, m in zip(result["ids"], docs, metas, strict=True)
        }

    def iter_chunks(
        self, where: dict[str, Any] | None = None, *, with_text: bool = True
    ) -> Iterator[StoredChunk]:
        """Every stored chunk (or those matching `where`), page by page.

        Without `with_text` only metadata is read, which is much cheaper on a large store.
        """
        include: Include = ["documents", "metadatas"] if with_text else ["metadatas"]
        offset = 0
        while True:
            page = self.collection.get(where=where, limit=_PAGE, offset=offset, include=include)
            yield from stored_chunks(page["ids"], page["documents"], page["metadatas"])
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def chunks_by_id(self, ids: Sequence[str]) -> Iterator[StoredChunk]:
        """The stored chunks with these ids, texts included."""
        for i in range(0, len(ids), _PAGE):
            page = self.collection.get(
                ids=list(ids[i : i + _PAGE]), include=["documents", "metadatas"]
            )
            yield from stored_chunks(page["ids"], page["documents"], page["metadatas"])

    def articles(self) -> list[ArticleInfo]:
        """One entry per stored article: title, date, source and url (metadata only)."""
        found: dict[str, ArticleInfo] = {}
        offset = 0
        while True:
            page = self.collection.get(limit=_PAGE, offset=offset, include=["metadatas"])
            for meta in page["metadatas"] or []:
                passage = row_passage("", None, meta, 0.0)
                if passage.article_id not in found:
                    found[passage.article_id] = ArticleInfo(
                        passage.article_id,
                        passage.title,
                        passage.date,
                        passage.source,
                        passage.url,
                        passage.duplicate_group,
                    )
            if len(page["ids"]) < _PAGE:
                return list(found.values())
            offset += _PAGE

    def article_passages(self, article_id: str) -> list[Passage]:
        """Every chunk of one article, in text order (empty when the article is unknown)."""
        result = self.collection.get(
            where={"article_id": article_id}, include=["documents", "metadatas"]
        )
        docs = result["documents"] or []
        metas = result["metadatas"] or []
        passages = [
            row_passage(i, d, m, 0.0) for i, d, m in zip(result["ids"], docs, metas, strict=True)
        ]
        return sorted(passages, key=lambda p: (p.start, p.end))

    def set_duplicate_groups(self, groups: Mapping[str, str]) -> int:
        """Set `duplicate_group` on the chunks of these articles (metadata only, no embedding);
        returns how many chunks changed."""
        ids: list[str] = []
        metas: list[Mapping[str, Any]] = []
        articles = sorted(groups)
        for i in range(0, len(articles), 500):
            where: dict[str, Any] = {"article_id": {"$in": articles[i : i + 500]}}
            page = self.collection.get(where=where, include=["metadatas"])
            for chunk_id, meta in zip(page["ids"], page["metadatas"] or [], strict=True):
                wanted = groups[str(meta["article_id"])]
                if meta.get("duplicate_group") != wanted:
                    ids.append(chunk_id)
                    metas.append({**meta, "duplicate_group": wanted})
        for i in range(0, len(ids), _PAGE):
            self.collection.update(ids=ids[i : i + _PAGE], metadatas=metas[i : i + _PAGE])
        return len(ids)

    def article_ids(self) -> set[str]:
        """Ids of every article with at least one stored chunk."""
        return {c.article_id for c in self.iter_chunks(with_text=False)}

    def count(self) -> int:
        """Number of stored chunks."""
        return self.collection.count()

    @property
    def revision(self) -> str:
        """A token that changes whenever an ingest (in any process) changed the collection.

        In local mode a change made by another process also reopens the client: its vector
        index lives in memory and would not show the other process's chunks otherwise. (Chroma
        shares one system per path in a process, so this reloads only once no other store of
        this process holds the same path.)
        """
        revision = self._read_revision()
        with self._reopen_lock:
            if revision != self._seen_revision and not self._settings.chroma_url:
                log.info("collection changed by another process: reopening the local store")
                close = getattr(self.client, "close", None)  # on Client, not on ClientAPI
                if close is not None:
                    close()
                self.client = open_client(self._settings)
                self.collection = self._open_collection(self.collection.name)
            self._seen_revision = revision
        return revision

    def _read_revision(self) -> str:
        fresh = self.client.get_collection(self.collection.name, embedding_function=None)
        return str((fresh.metadata or {}).get("revision", ""))

    def bump_revision(self, revision: str | None = None) -> str:
        """Record that the collection changed; readers rebuild derived indexes on seeing it."""
        revision = revision or uuid.uuid4().hex
        metadata = dict(self.collection.metadata or {})
        metadata.update({"revision": revision, "embedder": self.embedder.name})
        self.collection.modify(metadata=metadata)
        self._seen_revision = revision
        return revision
