"""Do Chroma, the record manager, the article ledger and the keyword index agree?

For each batch of articles an ingest writes, in this order: chunks into Chroma (an embedding
batch at a time), their keys into LangChain's record manager, the incremental cleanup of
replaced chunks (Chroma, then records), the articles' hashes into the ledger; and at the end
of the run the keyword index and the revision stamp that readers watch. A crash (`kill -9`,
power cut) between two of these writes leaves them disagreeing:

| killed                                   | left behind                                    |
|------------------------------------------|------------------------------------------------|
| after a Chroma write, before the records | chunks no record knows (orphans)               |
| after the records, before the cleanup    | an edited article's old and new chunks         |
| mid-cleanup or mid-prune                 | records whose chunk is gone                    |
| after the records, before the ledger     | chunks of an article the ledger does not know  |
| after the ledger, before the publish     | a keyword index and revision behind Chroma     |
| mid-reindex (collection dropped)         | ledger entries without chunks                  |

`repair` deletes orphans and chunkless records, then purges every article whose chunks do not
match its ledger entry (its chunks, records and ledger entry go, so the next ingest of its
file adds it again, embedding it once). The caller then publishes the keyword index. An
`UnfinishedMarker`, written before an ingest's first write and removed after its publish, tells
the next ingest that the last one did not finish.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from langchain_core.indexing import RecordManager

from ingest.ledger import ArticleLedger, LedgerEntry
from ingest.lock import IndexLock
from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex
from rag.store.rows import StoredChunk

log = logging.getLogger(__name__)

_SQL_BATCH = 500
_P = ParamSpec("_P")
_R = TypeVar("_R")


class UnfinishedMarker:
    """A file that exists from an ingest's first write until its changes are published."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        """Whether an ingest wrote something it has not published (or is doing so now)."""
        return self.path.exists()

    def set(self) -> None:
        """Mark the index as being written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        since = datetime.now().isoformat(timespec="seconds")
        self.path.write_text(json.dumps({"pid": os.getpid(), "since": since}))

    def clear(self) -> None:
        """Mark every write as published."""
        self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class IndexParts:
    """Everything an ingest writes, for checking them against each other."""

    store: ChromaStore
    records: RecordManager
    ledger: ArticleLedger
    keyword_folder: Path
    marker: UnfinishedMarker


@dataclass(frozen=True)
class ConsistencyReport:
    """Where the parts of the index disagree (all empty and False when they agree)."""

    chunks: int
    articles: int
    orphan_chunks: tuple[str, ...] = ()  # in Chroma, unknown to the record manager
    records_without_chunks: tuple[str, ...] = ()  # record keys whose chunk is not in Chroma
    articles_without_ledger: tuple[str, ...] = ()  # recorded chunks, no ledger entry
    ledger_without_chunks: tuple[str, ...] = ()  # ledger entries with no recorded chunk
    miscounted_articles: tuple[str, ...] = ()  # chunks missing or duplicated for the ledger
    keyword_missing: tuple[str, ...] = ()  # chunks in Chroma the keyword index lacks
    keyword_extra: tuple[str, ...] = ()  # keyword index entries that are not in Chroma
    keyword_stale: bool = False  # keyword index built for another revision than the store's
    interrupted: bool = False  # the last ingest wrote without publishing

    @property
    def ok(self) -> bool:
        """True when every part agrees with every other."""
        return not self.problems()

    @property
    def broken_articles(self) -> tuple[str, ...]:
        """Articles whose chunks do not match their ledger entry."""
        broken = {*self.articles_without_ledger, *self.ledger_without_chunks}
        return tuple(sorted(broken | set(self.miscounted_articles)))

    def problems(self) -> list[str]:
        """One line per kind of disagreement."""
        listed = [
            (self.orphan_chunks, "chunks in Chroma that the record manager does not know"),
            (self.records_without_chunks, "record-manager keys whose chunk is not in Chroma"),
            (self.articles_without_ledger, "articles with chunks but no ledger entry"),
            (self.ledger_without_chunks, "ledger entries whose article has no chunk"),
            (self.miscounted_articles, "articles whose chunks do not match the ledger"),
            (self.keyword_missing, "chunks missing from the keyword index"),
            (self.keyword_extra, "keyword-index entries that are not in Chroma"),
        ]
        lines = [f"{len(ids)} {what}: {_sample(ids)}" for ids, what in listed if ids]
        if self.keyword_stale:
            lines.append("the keyword index was built for another revision of the store")
        if self.interrupted:
            lines.append("the last ingest was interrupted before publishing its changes")
        return lines

    def as_json(self) -> dict[str, object]:
        """Every field, plus `ok` and the `problems` lines."""
        return {"ok": self.ok, "problems": self.problems(), **asdict(self)}


@dataclass(frozen=True)
class _Survey:
    listing: list[StoredChunk]
    report: ConsistencyReport


def check_consistency(parts: IndexParts) -> ConsistencyReport:
    """Compare Chroma, the record manager, the ledger and the keyword index."""
    return _survey(parts).report


def repair(parts: IndexParts) -> ConsistencyReport:
    """Make Chroma, the records and the ledger agree; returns what was wrong before.

    Publishing the keyword index and the revision is left to the caller (the ingest that
    runs the repair publishes at its end).
    """
    survey = _survey(parts)
    found = survey.report
    if not found.ok:
        parts.marker.set()  # until the caller has published the repaired index
    if found.orphan_chunks:
        parts.store.delete(found.orphan_chunks)
    if found.records_without_chunks:
        parts.records.delete_keys(list(found.records_without_chunks))
    broken = set(found.broken_articles)
    if broken:
        chunk_ids = [c.id for c in survey.listing if c.article_id in broken]
        parts.store.delete(chunk_ids)
        ids = sorted(broken)
        for i in range(0, len(ids), _SQL_BATCH):
            keys = parts.records.list_keys(group_ids=ids[i : i + _SQL_BATCH])
            parts.records.delete_keys(keys)
        parts.ledger.forget(ids)
    return found


def _survey(parts: IndexParts) -> _Survey:
    listing = list(parts.store.iter_chunks(with_text=False))
    chroma_ids = {c.id for c in listing}
    keys = set(parts.records.list_keys())
    ledger = {e.article_id: e for e in parts.ledger.entries()}
    positions: dict[str, list[int]] = defaultdict(list)
    for chunk in listing:
        if chunk.id in keys:
            positions[chunk.article_id].append(chunk.index)
    keyword = KeywordIndex.load(parts.keyword_folder)
    keyword_ids = set(keyword.ids) if keyword else set()
    report = ConsistencyReport(
        chunks=len(chroma_ids),
        articles=len(positions),
        orphan_chunks=tuple(sorted(chroma_ids - keys)),
        records_without_chunks=tuple(sorted(keys - chroma_ids)),
        articles_without_ledger=tuple(sorted(positions.keys() - ledger.keys())),
        ledger_without_chunks=tuple(sorted(ledger.keys() - positions.keys())),
        miscounted_articles=_miscounted(positions, ledger),
        keyword_missing=tuple(sorted(chroma_ids - keyword_ids)),
        keyword_extra=tuple(sorted(keyword_ids - chroma_ids)),
        keyword_stale=(keyword.revision if keyword else "") != parts.store.revision,
        interrupted=parts.marker.exists(),
    )
    return _Survey(listing, report)


def _miscounted(positions: dict[str, list[int]], ledger: dict[str, LedgerEntry]) -> tuple[str, ...]:
    """Articles whose recorded chunks are not exactly positions 0..n-1 of the ledger's n."""
    return tuple(
        sorted(
            article_id
            for article_id, found in positions.items()
            if article_id in ledger and sorted(found) != list(range(ledger[article_id].chunks))
        )
    )


def _sample(ids: Sequence[str], shown: int = 5) -> str:
    more = f", ... ({len(ids) - shown} more)" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


class IndexGuard:
    """What every writer does around its writes: hold the lock; on taking it, repair what an
    interrupted writer left; mark the index unfinished before writing; publish (keyword index,
    revision) before clearing the mark."""

    def __init__(
        self,
        parts: IndexParts,
        lock: IndexLock,
        publish: Callable[[], None],
        on_purged: Callable[[Sequence[str]], None] = lambda ids: None,
    ) -> None:
        self.parts = parts
        self.lock = lock
        self._publish = publish
        self._on_purged = on_purged
        self._depth = 0
        self._marked = False  # the mark is ours, from writes that have not failed
        self._repaired: ConsistencyReport | None = None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer lock, repairing first if an earlier write was interrupted."""
        with self.lock:
            if self._depth == 0 and not self._marked and self.parts.marker.exists():
                self.repair()
            self._depth += 1
            try:
                yield
            except BaseException:
                self._marked = False  # interrupted: the next writer (maybe us) repairs
                raise
            finally:
                self._depth -= 1

    def repair(self) -> ConsistencyReport:
        """Repair now (the caller holds the lock); `finish` publishes the result."""
        found = repair(self.parts)
        self._marked = self.parts.marker.exists()
        if found.broken_articles:
            self._on_purged(found.broken_articles)
        if not found.ok:
            log.warning("repaired what an interrupted ingest left: %s", "; ".join(found.problems()))
        self._repaired = found
        return found

    def will_write(self) -> None:
        """Call before each write: marks the index unfinished until `finish`."""
        if not self._marked or not self.parts.marker.exists():
            self.parts.marker.set()
            self._marked = True

    def finish(self) -> ConsistencyReport | None:
        """Publish what was written (if anything) and clear the unfinished mark; returns what
        a repair found since the last `finish`, if one ran."""
        if self._marked:
            self._publish()
            self.parts.marker.clear()
            self._marked = False
        repaired, self._repaired = self._repaired, None
        return repaired


class Guarded(Protocol):
    """A writer with an `IndexGuard`."""

    guard: IndexGuard


_W = TypeVar("_W", bound=Guarded)


def writes(method: Callable[Concatenate[_W, _P], _R]) -> Callable[Concatenate[_W, _P], _R]:
    """Run a writer's method inside `self.guard.writing()` (lock held, crash repaired)."""

    @functools.wraps(method)
    def guarded(self: _W, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self.guard.writing():
            return method(self, *args, **kwargs)

    return guarded
