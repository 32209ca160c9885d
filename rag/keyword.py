"""BM25 keyword index over chunk texts (bm25s + Snowball), persisted beside the store."""

from __future__ import annotations

import json
import logging
import math
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np

from rag.analysis import analyze
from rag.filters import SearchFilter, date_number
from rag.store import ChromaStore, StoredChunk

log = logging.getLogger(__name__)


class KeywordIndex:
    """An immutable BM25 index: chunk ids in index order, their filter fields, the model."""

    def __init__(
        self,
        ids: list[str],
        model: bm25s.BM25 | None,
        revision: str,
        dates: list[int] | None = None,
        sources: list[str | None] | None = None,
    ) -> None:
        self.ids = ids
        self.model = model
        self.revision = revision
        self.dates = np.asarray(dates if dates is not None else [0] * len(ids), dtype=np.int64)
        self.sources = sources if sources is not None else [None] * len(ids)

    @classmethod
    def build(cls, chunks: Iterable[StoredChunk], revision: str) -> KeywordIndex:
        """Analyse each chunk in its own language and index the tokens."""
        ids: list[str] = []
        tokens: list[list[str]] = []
        dates: list[int] = []
        sources: list[str | None] = []
        for chunk in chunks:
            ids.append(chunk.id)
            tokens.append(analyze(chunk.text, chunk.lang))
            dates.append(chunk.date_int)
            sources.append(chunk.source)
        if not ids:
            return cls([], None, revision)
        model = bm25s.BM25()
        model.index(tokens, show_progress=False)
        return cls(ids, model, revision, dates, sources)

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of an analysed term; unseen terms count as rare."""
        if self.model is None:
            return 1.0
        n_docs = int(self.model.scores["num_docs"])
        token_id = self.model.vocab_dict.get(term)
        indptr = self.model.scores["indptr"]
        df = 1 if token_id is None else max(1, int(indptr[token_id + 1] - indptr[token_id]))
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    def search(
        self,
        query: str,
        k: int,
        lang: str | None = None,
        search_filter: SearchFilter | None = None,
    ) -> list[tuple[str, float]]:
        """Chunk ids with a positive BM25 score for the query, best first."""
        terms = analyze(query, lang)
        if self.model is None or not terms:
            return []
        vocab = self.model.vocab_dict
        known = [t for t in terms if t in vocab]
        if not known:
            return []
        scores = np.asarray(self.model.get_scores(known))
        if search_filter is not None and search_filter.active:
            scores = scores * self._mask(search_filter)
        n = min(k, len(self.ids))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[int(i)], float(scores[i])) for i in top if scores[i] > 0]

    def _mask(self, search_filter: SearchFilter) -> np.ndarray:
        """1.0 for the chunks the filter accepts, 0.0 for the others."""
        keep = np.ones(len(self.ids), dtype=bool)
        if search_filter.since:
            keep &= self.dates >= date_number(search_filter.since)
        if search_filter.until:
            keep &= (self.dates > 0) & (self.dates <= date_number(search_filter.until))
        if search_filter.sources:
            allowed = set(search_filter.sources)
            keep &= np.fromiter((s in allowed for s in self.sources), bool, len(self.ids))
        return keep.astype(np.float32)

    def save(self, folder: Path) -> None:
        """Write the index to `folder` atomically (a reader never sees half an index)."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.model is not None:
            self.model.save(str(tmp / "bm25"), show_progress=False)
        state = {
            "revision": self.revision,
            "ids": self.ids,
            "dates": self.dates.tolist(),
            "sources": self.sources,
        }
        (tmp / "state.json").write_text(json.dumps(state))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        """The index saved in `folder`, or None when there is none readable."""
        try:
            state = json.loads((folder / "state.json").read_text())
            model = (
                bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
                if (folder / "bm25").exists()
                else None
            )
        except (OSError, ValueError) as exc:
            log.warning("keyword index at %s unreadable (%s); it will be rebuilt", folder, exc)
            return None
        return cls(
            list(state["ids"]),
            model,
            str(state["revision"]),
            list(state.get("dates", [0] * len(state["ids"]))),
            list(state.get("sources", [None] * len(state["ids"]))),
        )


class KeywordIndexKeeper:
    """Keeps one process's keyword index in step with the store's revision."""

    def __init__(self, store: ChromaStore, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._index: KeywordIndex | None = None
        self._lock = threading.Lock()

    def current(self) -> KeywordIndex:
        """The index for the store's current revision: loaded from disk, or rebuilt and saved."""
        revision = self.store.revision
        with self._lock:
            if self._index is not None and self._index.revision == revision:
                return self._index
            loaded = KeywordIndex.load(self.folder)
            if loaded is None or loaded.revision != revision:
                loaded = self.rebuild(revision)
            self._index = loaded
            return loaded

    def rebuild(self, revision: str | None = None) -> KeywordIndex:
        """Rebuild from every chunk in the store and persist it."""
        index = KeywordIndex.build(self.store.iter_chunks(), revision or self.store.revision)
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self.save(index)
        self._index = index
        return index

    def save(self, index: KeywordIndex) -> None:
        """Persist an index for other processes to load."""
        index.save(self.folder)
        log.info("keyword index: %d chunks, revision %s", len(index.ids), index.revision[:8])
