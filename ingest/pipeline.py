"""Ingest: load articles, chunk the new and changed ones, index them, prune on request."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from langchain_classic.indexes import SQLRecordManager
from langchain_core.documents import Document
from langchain_core.indexing import index

from ingest.chunking import ArticleChunker
from ingest.ledger import ArticleLedger, LedgerEntry
from ingest.loaders import LoadedArticle, LoadError, iter_articles
from ingest.vectorstore import ChunkVectorStore, chunk_to_document
from rag.analysis import detect_language
from rag.app import Newsrag
from rag.types import Article

log = logging.getLogger(__name__)

_LINE_SUFFIX = re.compile(r":(\d+|\[\d+\])$")


@dataclass
class IngestReport:
    """Article-level counts of one ingest run, and the inputs that could not be read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    deleted: int = 0
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    errors: list[LoadError] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The documented `ingest --json` shape."""
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "deleted": self.deleted,
            "errors": [{"path": e.path, "error": e.error} for e in self.errors],
        }


@dataclass(frozen=True)
class _Pending:
    loaded: LoadedArticle
    content_hash: str
    is_update: bool


def content_hash(article: Article) -> str:
    """A hash of everything about an article that ends up in the index."""
    fields = [
        article.id,
        article.title,
        article.text,
        article.date,
        article.source,
        article.url,
        article.lang,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def _inside(path: str, folder: Path) -> bool:
    return Path(_LINE_SUFFIX.sub("", path)).resolve().is_relative_to(folder)


def _chunk_key(doc: Document) -> str:
    meta = doc.metadata
    payload = [
        meta["article_id"],
        meta["index"],
        meta["start"],
        doc.page_content,
        meta["title"],
        meta.get("date"),
        meta.get("source"),
        meta.get("url"),
        meta.get("lang"),
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:32]


class Ingestor:
    """Keeps a `Newsrag` store in step with folders and files of articles."""

    def __init__(self, app: Newsrag) -> None:
        settings = app.settings
        self.app = app
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{(settings.data_dir / 'records.sqlite').resolve()}"
        self.records = SQLRecordManager(f"newsrag/{settings.collection}", db_url=db_url)
        self.records.create_schema()
        self.ledger = ArticleLedger(settings.data_dir / "records.sqlite", settings.collection)
        self.vectorstore = ChunkVectorStore(app.store)
        self.chunker = ArticleChunker(settings.chunk_size, settings.chunk_overlap)

    def ingest(self, paths: Sequence[Path], *, prune: bool = False) -> IngestReport:
        """Index new and changed articles under `paths`; with `prune`, drop vanished ones."""
        report = IngestReport()
        seen: dict[str, str] = {}
        pending: list[_Pending] = []
        data_dir = self.app.settings.data_dir.resolve()
        for item in iter_articles(paths, max_file_bytes=self.app.settings.max_file_bytes):
            if _inside(item.file if isinstance(item, LoadedArticle) else item.path, data_dir):
                continue  # never index newsrag's own files when a parent folder is ingested
            if isinstance(item, LoadError):
                report.errors.append(item)
                continue
            article = item.article
            if article.id in seen:
                report.errors.append(
                    LoadError(
                        item.file,
                        f"duplicate article id {article.id!r}, first seen in {seen[article.id]}",
                    )
                )
                continue
            seen[article.id] = item.file
            if not article.lang:
                item = replace(
                    item,
                    article=replace(
                        article, lang=detect_language(f"{article.title}\n{article.text[:2000]}")
                    ),
                )
            pending.append(_Pending(item, content_hash(item.article), False))
            if len(pending) >= self.app.settings.index_batch_articles:
                self._index_batch(pending, report)
                pending = []
        self._index_batch(pending, report)
        if prune:
            self._prune(paths, set(seen), report)
        if report.added or report.updated or report.deleted:
            self._publish()
        return report

    def reset(self) -> None:
        """Forget everything indexed in this collection (chunks, records, ledger)."""
        self.app.store.reset()
        while keys := self.records.list_keys(limit=5000):
            self.records.delete_keys(keys)
        self.ledger.forget_all()

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
        # One call per batch of whole articles: an article's chunks never span index batches,
        # so incremental cleanup never deletes chunks that a later batch would re-add.
        result = index(
            docs,
            self.records,
            self.vectorstore,
            batch_size=len(docs),
            cleanup="incremental",
            source_id_key="article_id",
            key_encoder=_chunk_key,
        )
        report.chunks_embedded += result["num_added"]
        report.chunks_deleted += result["num_deleted"]
        self.ledger.record(entries)

    def _prune(self, paths: Sequence[Path], seen: set[str], report: IngestReport) -> None:
        unreadable = {_LINE_SUFFIX.sub("", e.path) for e in report.errors}
        unreadable |= {str(Path(p).resolve()) for p in unreadable}
        roots = [Path(p).resolve() for p in paths]
        gone = [
            e.article_id
            for e in self.ledger.under(roots)
            if e.article_id not in seen and e.file not in unreadable
        ]
        if not gone:
            return
        keys = self.records.list_keys(group_ids=gone)
        self.vectorstore.delete(keys)
        self.records.delete_keys(keys)
        self.ledger.forget(gone)
        report.deleted += len(gone)
        report.chunks_deleted += len(keys)

    def _publish(self) -> None:
        """Rebuild the keyword index, then tell readers the collection changed."""
        revision = uuid.uuid4().hex
        self.app.keywords.refresh(revision)
        self.app.store.bump_revision(revision)


def ingest_paths(
    app: Newsrag, paths: Iterable[Path | str], *, prune: bool = False, reset: bool = False
) -> IngestReport:
    """Ingest files and folders into the app's store; `reset` re-embeds everything first."""
    ingestor = Ingestor(app)
    if reset:
        ingestor.reset()
    return ingestor.ingest([Path(p) for p in paths], prune=prune)
