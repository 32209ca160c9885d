"""Ingest: load articles, chunk the new and changed ones, index them, prune on request."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from langchain_classic.indexes import SQLRecordManager
from langchain_core.documents import Document
from langchain_core.indexing import index

from ingest.chunking import ArticleChunker
from ingest.consistency import (
    ConsistencyReport,
    IndexGuard,
    IndexParts,
    UnfinishedMarker,
    writes,
)
from ingest.duplicates import DuplicateGroups
from ingest.fetch import is_url
from ingest.hashing import chunk_key, content_hash
from ingest.intake import Intake, real_path, unreadable_files
from ingest.ledger import ArticleLedger, LedgerEntry
from ingest.loaders import LoadedArticle, LoadError, iter_articles
from ingest.lock import IndexLock
from ingest.progress import IngestProgress, ProgressCallback
from ingest.report import IngestReport
from ingest.vectorstore import ChunkVectorStore, chunk_to_document
from rag.app import Newsrag

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Pending:
    loaded: LoadedArticle
    content_hash: str
    is_update: bool


class Ingestor:
    """Keeps a `Newsrag` store in step with folders and files of articles.

    Writes hold the data dir's single-writer lock (`IndexLockedError` if another process
    has it); `progress` hears the running totals after each embedding call and batch.
    """

    def __init__(
        self,
        app: Newsrag,
        *,
        progress: ProgressCallback | None = None,
        command: str | None = None,
    ) -> None:
        settings = app.settings
        self.app = app
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{(settings.data_dir / 'records.sqlite').resolve()}"
        self.records = SQLRecordManager(f"newsrag/{settings.collection}", db_url=db_url)
        self.records.create_schema()
        self.ledger = ArticleLedger(settings.data_dir / "records.sqlite", settings.collection)
        self.vectorstore = ChunkVectorStore(
            app.store, batch_size=settings.embedding_batch_size, on_added=self._embedded
        )
        self.progress = progress
        self._report = IngestReport()
        self._in_flight = 0  # articles of the batch being indexed (counted, not yet done)
        self.chunker = ArticleChunker(settings.chunk_size, settings.chunk_overlap)
        self.duplicates = DuplicateGroups(
            settings.data_dir / "records.sqlite",
            settings.collection,
            settings.duplicate_threshold,
            app.store,
            self.ledger.hashes,
        )
        parts = IndexParts(
            app.store,
            self.records,
            self.ledger,
            app.keywords.folder,
            UnfinishedMarker(settings.data_dir / "unfinished" / settings.collection),
        )
        self.lock = IndexLock(settings.data_dir, command=command)
        self.guard = IndexGuard(parts, self.lock, self._publish, self._purged)

    @writes
    def ingest(
        self,
        paths: Sequence[Path | str],
        *,
        prune: bool = False,
        items: Iterable[LoadedArticle | LoadError] | None = None,
    ) -> IngestReport:
        """Index new and changed articles under `paths`; with `prune`, drop vanished ones.

        Watch mode passes the changed files' articles as `items`, read instead of `paths`
        (which then only say where to prune).
        """
        report = self._report = IngestReport()
        self.duplicates.repair()
        pending: list[_Pending] = []
        intake = Intake(paths, self.app.settings.data_dir.resolve())
        if items is None:
            items = iter_articles(
                paths,
                max_file_bytes=self.app.settings.max_file_bytes,
                fetch_timeout_seconds=self.app.settings.fetch_timeout_seconds,
            )
        for item in items:
            taken = intake.take(item)
            if isinstance(taken, LoadError):
                report.errors.append(taken)
            elif taken is not None:
                pending.append(_Pending(taken, content_hash(taken.article), False))
            if len(pending) >= self.app.settings.index_batch_articles:
                self._index_batch(pending, report)
                pending = []
        self._index_batch(pending, report)
        if prune:
            self._prune(paths, set(intake.seen), report)
        repaired = self.guard.finish()  # publishes the keyword index if anything was written
        report.repaired = repaired.problems() if repaired else []
        return report

    @writes
    def repair(self) -> ConsistencyReport:
        """Repair what an interrupted ingest left, publish, and return what was wrong."""
        found = self.guard.finish()  # entering repaired if the last write was interrupted
        if found is None:
            found = self.guard.repair()
            self.guard.finish()
        return found

    @writes
    def reset(self) -> None:
        """Forget everything indexed in this collection (chunks, records, ledger)."""
        self.guard.will_write()
        self.app.store.reset()
        while keys := self.records.list_keys(limit=5000):
            self.records.delete_keys(keys)
        self.ledger.forget_all()
        self.duplicates.forget_all()

    def _index_batch(self, batch: list[_Pending], report: IngestReport) -> None:
        if not batch:
            return
        known = self.ledger.hashes([p.loaded.article.id for p in batch])
        changed: list[_Pending] = []
        for p in batch:
            previous = known.get(p.loaded.article.id)
            if previous == p.content_hash:
                report.skipped += 1
            else:
                changed.append(replace(p, is_update=previous is not None))
        self._tell()
        docs: list[Document] = []
        entries: list[LedgerEntry] = []
        for p in changed:
            chunks = self.chunker.split(p.loaded.article)
            if not chunks:
                report.errors.append(
                    LoadError(
                        p.loaded.file, f"article {p.loaded.article.id!r} has no text to index"
                    )
                )
                continue
            docs.extend(chunk_to_document(c, p.loaded.file) for c in chunks)
            entries.append(
                LedgerEntry(p.loaded.article.id, p.content_hash, p.loaded.file, len(chunks))
            )
            report.updated += p.is_update
            report.added += not p.is_update
        if not docs:
            return
        self.duplicates.label(docs, (p.loaded.article for p in changed))
        # One call per batch of whole articles: an article's chunks never span index batches,
        # so incremental cleanup never deletes chunks that a later batch would re-add.
        self.guard.will_write()
        self._in_flight = len(entries)
        result = index(
            docs,
            self.records,
            self.vectorstore,
            batch_size=len(docs),
            cleanup="incremental",
            source_id_key="article_id",
            key_encoder=chunk_key,
        )
        report.chunks_unchanged += result["num_skipped"]  # embedded as they happen
        report.chunks_deleted += result["num_deleted"]
        self.ledger.record(entries)
        self._in_flight = 0
        log.info(
            "indexed %d articles (%d chunks embedded so far)", len(entries), report.chunks_embedded
        )
        self._tell()
        self.duplicates.sync()  # kept chunks of edited articles, and regrouped older articles

    def _prune(self, paths: Sequence[Path | str], seen: set[str], report: IngestReport) -> None:
        unreadable = unreadable_files(report.errors)
        roots = [real_path(p) for p in paths if not is_url(p)]  # a feed's old entries stay
        gone = [
            e.article_id
            for e in self.ledger.under(roots)
            if e.article_id not in seen and e.file not in unreadable
        ]
        if not gone:
            return
        self.guard.will_write()
        keys = self.records.list_keys(group_ids=gone)
        self.vectorstore.delete(keys)
        self.records.delete_keys(keys)
        self.ledger.forget(gone)
        self.duplicates.forget(gone)
        self.duplicates.sync()
        report.deleted += len(gone)
        report.chunks_deleted += len(keys)
        self._tell()

    def _embedded(self, chunks: int) -> None:
        self._report.chunks_embedded += chunks
        self._tell()

    def _tell(self) -> None:
        if self.progress is None:
            return
        report = self._report
        self.progress(
            IngestProgress(
                articles=report.added + report.updated + report.skipped - self._in_flight,
                skipped=report.skipped,
                deleted=report.deleted,
                chunks_embedded=report.chunks_embedded,
                chunks_unchanged=report.chunks_unchanged,
            )
        )

    def _purged(self, article_ids: Sequence[str]) -> None:
        """Articles a repair removed (to be indexed again) leave their duplicate groups."""
        self.duplicates.forget(article_ids)
        self.duplicates.sync()

    def _publish(self) -> None:
        """Rebuild the keyword index, then tell readers the collection changed."""
        revision = uuid.uuid4().hex
        self.app.keywords.refresh(revision)
        self.app.store.bump_revision(revision)


def ingest_paths(
    app: Newsrag,
    paths: Iterable[Path | str],
    *,
    prune: bool = False,
    reset: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files, folders and http(s) URLs into the app's store; `reset` re-embeds
    everything first. Raises `IndexLockedError` if another process is writing."""
    ingestor = Ingestor(app, progress=progress)
    with ingestor.lock:  # reset and ingest as one write
        if reset:
            ingestor.reset()
        return ingestor.ingest([p if is_url(p) else Path(p) for p in paths], prune=prune)
