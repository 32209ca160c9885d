"""Near-duplicate articles (wire copies): MinHash over word shingles, LSH, groups in SQLite.

Two articles are near-duplicates when the estimated Jaccard similarity of their sets of
word 3-shingles (title + text, case- and accent-folded) reaches the threshold. A group is a
connected component of that relation and is named after its earliest-indexed member, so a
later copy joins the group without touching the chunks of the articles already in it. Every
chunk carries its article's group in its Chroma metadata (`duplicate_group`; a lone article is
its own group), which is what retrieval and `stats` read, also on a Chroma server.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from datasketch import LeanMinHash, MinHashLSH
from langchain_core.documents import Document

from ingest.minhash import NUM_PERM, from_blob, signature, to_blob
from rag.store.chroma import ChromaStore
from rag.types import Article

log = logging.getLogger(__name__)

_CANDIDATE_MARGIN = 0.2


class DuplicateGroups:
    """Signatures and groups of the indexed articles, kept beside the ledger in SQLite.

    `assign` (new and edited articles) and `forget` (deleted ones) regroup only the articles
    whose groups they can touch; `sync` then writes changed groups into the chunks' metadata
    (no re-embedding). Rows are marked unsynced before Chroma is written, so a crash in
    between is repaired by the next `repair`.
    """

    def __init__(
        self,
        path: Path,
        collection: str,
        threshold: float,
        store: ChromaStore,
        indexed: Callable[[Sequence[str]], Mapping[str, str]],
    ) -> None:
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._collection = collection
        self.threshold = threshold
        self._store = store
        self._indexed = indexed
        self._loaded = False
        self._version = 0  # bumped by every write, so another writer's changes reload us
        self._sigs: dict[str, LeanMinHash] = {}
        self._seq: dict[str, int] = {}
        self._group: dict[str, str] = {}
        self._members: dict[str, set[str]] = defaultdict(set)
        self._lsh = self._new_lsh()
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS newsrag_duplicates ("
                " collection TEXT NOT NULL, article_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                " signature BLOB, group_id TEXT NOT NULL, synced INTEGER NOT NULL,"
                " PRIMARY KEY (collection, article_id))"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS newsrag_duplicate_params ("
                " collection TEXT PRIMARY KEY, threshold REAL NOT NULL, version INTEGER NOT NULL)"
            )

    def label(self, documents: Sequence[Document], articles: Iterable[Article]) -> None:
        """Group the articles that have documents and put each one's group in their metadata."""
        wanted = {d.metadata["article_id"] for d in documents}
        groups = self.assign([a for a in articles if a.id in wanted])
        for doc in documents:
            doc.metadata["duplicate_group"] = groups[doc.metadata["article_id"]]

    def assign(self, articles: Sequence[Article]) -> dict[str, str]:
        """Store the signatures of new and edited articles and regroup; returns their groups."""
        self._load()
        next_seq = max(self._seq.values(), default=0) + 1
        for article in articles:
            if article.id in self._sigs:
                self._lsh.remove(article.id)
                del self._sigs[article.id]
            if article.id not in self._seq:
                self._seq[article.id] = next_seq
                next_seq += 1
            sig = signature(article)
            if sig is not None:
                self._sigs[article.id] = sig
                self._lsh.insert(article.id, sig, check_duplication=False)
        ids = [a.id for a in articles]
        changed = self._regroup(ids)
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO newsrag_duplicates VALUES (?, ?, ?, ?, ?, 0)",
                [(self._collection, i, self._seq[i], self._blob(i), self._group[i]) for i in ids],
            )
            self._mark_unsynced(changed - set(ids))
            self._bump()
        return {i: self._group[i] for i in ids}

    def forget(self, article_ids: Sequence[str]) -> None:
        """Drop deleted articles and regroup the rest of their groups."""
        self._load()
        neighbours: set[str] = set()
        for article_id in article_ids:
            if article_id not in self._seq:
                continue
            group = self._group.pop(article_id)
            self._members[group].discard(article_id)
            neighbours |= self._members[group]
            if not self._members[group]:
                del self._members[group]
            del self._seq[article_id]
            if self._sigs.pop(article_id, None) is not None:
                self._lsh.remove(article_id)
        changed = self._regroup(sorted(neighbours))
        with self._db:
            self._db.executemany(
                "DELETE FROM newsrag_duplicates WHERE collection = ? AND article_id = ?",
                [(self._collection, a) for a in article_ids],
            )
            self._mark_unsynced(changed)
            self._bump()

    def forget_all(self) -> None:
        """Drop every signature and group of this collection."""
        with self._db:
            for table in ("newsrag_duplicates", "newsrag_duplicate_params"):
                self._db.execute(f"DELETE FROM {table} WHERE collection = ?", [self._collection])
        self._loaded = False
        self._reset_memory()

    def repair(self) -> None:
        """Forget rows of articles that never made it into the ledger (an ingest killed
        between grouping and indexing), then write any unsynced group into Chroma."""
        rows = self._db.execute(
            "SELECT article_id FROM newsrag_duplicates WHERE collection = ?", [self._collection]
        )
        ids = [r[0] for r in rows.fetchall()]
        known = self._indexed(ids)
        orphans = [i for i in ids if i not in known]
        if orphans:
            log.info("forgetting %d near-duplicate rows of unindexed articles", len(orphans))
            self.forget(orphans)
        self.sync()

    def sync(self) -> int:
        """Write unsynced groups into the chunks' metadata; returns the chunks updated."""
        rows = self._db.execute(
            "SELECT article_id, group_id FROM newsrag_duplicates"
            " WHERE collection = ? AND synced = 0",
            [self._collection],
        ).fetchall()
        if not rows:
            return 0
        updated = self._store.set_duplicate_groups(dict(rows))
        with self._db:
            self._db.executemany(
                "UPDATE newsrag_duplicates SET synced = 1"
                " WHERE collection = ? AND article_id = ? AND group_id = ?",
                [(self._collection, a, g) for a, g in rows],
            )
        return updated

    def groups(self) -> dict[str, set[str]]:
        """Groups of two or more articles, by group id."""
        self._load()
        return {g: set(m) for g, m in self._members.items() if len(m) > 1}

    def _regroup(self, seeds: Iterable[str]) -> set[str]:
        """Recompute the components that contain `seeds` or their old groups; returns the
        articles whose group changed. Components not reached keep their (still valid) groups."""
        affected: set[str] = set()
        for seed in seeds:
            if seed in self._seq:
                affected |= self._members.get(self._group.get(seed, seed), set()) | {seed}
        changed: set[str] = set()
        done: set[str] = set()
        for start in sorted(affected, key=self._seq.__getitem__):
            if start in done:
                continue
            component = self._component(start)
            leader = min(component, key=self._seq.__getitem__)
            for member in component:
                old = self._group.get(member)
                if old != leader:
                    if old is not None:
                        self._members[old].discard(member)
                        if not self._members[old]:
                            del self._members[old]
                    self._group[member] = leader
                    self._members[leader].add(member)
                    changed.add(member)
            done |= component
        return changed

    def _component(self, start: str) -> set[str]:
        """Articles reachable from `start` through near-duplicate links (breadth first)."""
        component, queue = {start}, deque([start])
        while queue:
            current = queue.popleft()
            sig = self._sigs.get(current)
            if sig is None:
                continue
            for other in self._lsh.query(sig):
                # LSH only proposes candidates: keep those whose estimate reaches the threshold
                if other not in component and sig.jaccard(self._sigs[other]) >= self.threshold:
                    component.add(other)
                    queue.append(other)
        return component

    def _blob(self, article_id: str) -> bytes | None:
        sig = self._sigs.get(article_id)
        return to_blob(sig) if sig is not None else None

    def _bump(self) -> None:
        self._db.execute(
            "UPDATE newsrag_duplicate_params SET version = version + 1 WHERE collection = ?",
            [self._collection],
        )
        self._version += 1

    def _mark_unsynced(self, article_ids: Iterable[str]) -> None:
        self._db.executemany(
            "UPDATE newsrag_duplicates SET group_id = ?, synced = 0"
            " WHERE collection = ? AND article_id = ?",
            [(self._group[a], self._collection, a) for a in article_ids],
        )

    def _new_lsh(self) -> MinHashLSH:
        # Candidates come from a lower LSH threshold, then each is checked against the real
        # one: tuned at the threshold itself, LSH missed 6 of the 32 OrangeSum pairs >= 0.8.
        return MinHashLSH(threshold=max(0.1, self.threshold - _CANDIDATE_MARGIN), num_perm=NUM_PERM)

    def _reset_memory(self) -> None:
        self._sigs.clear()
        self._seq.clear()
        self._group.clear()
        self._members.clear()
        self._lsh = self._new_lsh()

    def _load(self) -> None:
        """Read signatures and groups, unless what is in memory is current; regroup everything
        when the threshold changed since the groups were made."""
        stored = self._db.execute(
            "SELECT threshold, version FROM newsrag_duplicate_params WHERE collection = ?",
            [self._collection],
        ).fetchone()
        if self._loaded and stored is not None and stored[1] == self._version:
            return
        self._reset_memory()
        rows = self._db.execute(
            "SELECT article_id, seq, signature, group_id FROM newsrag_duplicates"
            " WHERE collection = ?",
            [self._collection],
        )
        with self._lsh.insertion_session() as session:
            for article_id, seq, blob, group in rows.fetchall():
                self._seq[article_id] = seq
                self._group[article_id] = group
                self._members[group].add(article_id)
                if blob is not None:
                    self._sigs[article_id] = from_blob(blob)
                    session.insert(article_id, self._sigs[article_id], check_duplication=False)
        self._loaded = True
        self._version = stored[1] if stored is not None else 0
        if stored is not None and stored[0] == self.threshold:
            return
        changed = self._regroup(list(self._seq)) if stored is not None else set()
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO newsrag_duplicate_params VALUES (?, ?, ?)",
                [self._collection, self.threshold, self._version + 1],
            )
            self._version += 1
            self._mark_unsynced(changed)
