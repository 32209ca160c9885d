"""One process's keyword index, kept in step with the store's revision (`rag.store.keyword`)."""

from __future__ import annotations

import threading
from pathlib import Path

from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex


class KeywordIndexKeeper:
    """Keeps one process's keyword index in step with the store's revision."""

    def __init__(self, store: ChromaStore, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._index: KeywordIndex | None = None
        self._lock = threading.Lock()

    def current(self) -> KeywordIndex:
        """The index for the store's current revision: in memory, on disk, or refreshed."""
        revision = self.store.revision
        with self._lock:
            if self._index is not None and self._index.revision == revision:
                return self._index
            if self._index is None:
                self._index = KeywordIndex.load(self.folder)
            if self._index is None or self._index.revision != revision:
                self._refresh(revision)
            assert self._index is not None
            return self._index

    def refresh(self, revision: str | None = None) -> KeywordIndex:
        """Bring the index up to date with the store and persist it."""
        with self._lock:
            if self._index is None:
                self._index = KeywordIndex.load(self.folder)
            return self._refresh(revision or self.store.revision)

    def _refresh(self, revision: str) -> KeywordIndex:
        listing = list(self.store.iter_chunks(with_text=False))
        index = KeywordIndex.refreshed(listing, self.store.chunks_by_id, self._index, revision)
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        index.save(self.folder)
        self._index = index
        return index
