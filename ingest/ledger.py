"""Which articles are indexed, from which file, with which content hash (a table in SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LedgerEntry:
    """One indexed article."""

    article_id: str
    content_hash: str
    file: str
    chunks: int


class ArticleLedger:
    """Article-level bookkeeping beside LangChain's chunk-level record manager."""

    def __init__(self, path: Path, collection: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._collection = collection
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS newsrag_articles ("
                " collection TEXT NOT NULL, article_id TEXT NOT NULL, content_hash TEXT NOT NULL,"
                " file TEXT NOT NULL, chunks INTEGER NOT NULL,"
                " PRIMARY KEY (collection, article_id))"
            )

    def hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of those of `article_ids` that are indexed."""
        found: dict[str, str] = {}
        for i in range(0, len(article_ids), 500):
            part = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT article_id, content_hash FROM newsrag_articles "
                f"WHERE collection = ? AND article_id IN ({marks})",
                [self._collection, *part],
            )
            found.update(dict(rows.fetchall()))
        return found

    def record(self, entries: Iterable[LedgerEntry]) -> None:
        """Insert or replace entries."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO newsrag_articles VALUES (?, ?, ?, ?, ?)",
                [
                    (self._collection, e.article_id, e.content_hash, e.file, e.chunks)
                    for e in entries
                ],
            )

    def under(self, paths: Iterable[Path]) -> list[LedgerEntry]:
        """Entries whose file is one of `paths` or lies below one of them."""
        entries: list[LedgerEntry] = []
        for path in paths:
            text = str(path)
            prefix = text.rstrip("/") + "/"
            rows = self._db.execute(
                "SELECT article_id, content_hash, file, chunks FROM newsrag_articles "
                "WHERE collection = ? AND (file = ? OR substr(file, 1, ?) = ?)",
                [self._collection, text, len(prefix), prefix],
            )
            entries.extend(LedgerEntry(*row) for row in rows.fetchall())
        return entries

    def entries(self) -> list[LedgerEntry]:
        """Every entry of this collection."""
        rows = self._db.execute(
            "SELECT article_id, content_hash, file, chunks FROM newsrag_articles "
            "WHERE collection = ?",
            [self._collection],
        )
        return [LedgerEntry(*row) for row in rows.fetchall()]

    def forget(self, article_ids: Sequence[str]) -> None:
        """Remove entries."""
        with self._db:
            self._db.executemany(
                "DELETE FROM newsrag_articles WHERE collection = ? AND article_id = ?",
                [(self._collection, a) for a in article_ids],
            )

    def forget_all(self) -> None:
        """Remove every entry of this collection."""
        with self._db:
            self._db.execute(
                "DELETE FROM newsrag_articles WHERE collection = ?", [self._collection]
            )

    def count(self) -> int:
        """Number of indexed articles."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM newsrag_articles WHERE collection = ?", [self._collection]
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()
