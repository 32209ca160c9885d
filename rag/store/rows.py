"""Chroma's rows as newsrag's types, and newsrag's chunks as Chroma metadata."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rag.types import Chunk, Passage


@dataclass(frozen=True)
class StoredChunk:
    """A chunk's id and what the keyword index needs of it (`text` is title + passage)."""

    id: str
    article_id: str
    text: str
    lang: str | None
    date_int: int = 0
    source: str | None = None
    duplicate_group: str | None = None
    index: int = 0  # the chunk's position in its article


@dataclass(frozen=True)
class ArticleInfo:
    """What the index knows of an article besides its text (read from its chunks' metadata)."""

    id: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    duplicate_group: str | None = None


def chunk_metadata(chunk: Chunk, **extra: str) -> dict[str, str | int]:
    """Chroma metadata of a chunk (no None values; the date also as an int for range filters)."""
    meta: dict[str, str | int] = {
        "article_id": chunk.article_id,
        "chunk_index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
        "title": chunk.title,
        "date_int": int(chunk.date[:10].replace("-", "")) if chunk.date else 0,
    }
    optional = {"date": chunk.date, "source": chunk.source, "url": chunk.url, "lang": chunk.lang}
    meta.update({k: v for k, v in optional.items() if v})
    meta.update(extra)
    return meta


def stored_chunks(
    ids: Sequence[str],
    documents: Sequence[str | None] | None,
    metadatas: Sequence[Mapping[str, Any] | None] | None,
) -> Iterator[StoredChunk]:
    """Chroma's columns of a `get` page, one `StoredChunk` per id."""
    for n, chunk_id in enumerate(ids):
        meta = (metadatas[n] if metadatas else None) or {}
        doc = (documents[n] if documents else None) or ""
        title = str(meta.get("title", ""))
        lang, source = meta.get("lang"), meta.get("source")
        group = meta.get("duplicate_group")
        yield StoredChunk(
            id=chunk_id,
            article_id=str(meta.get("article_id", "")),
            text=f"{title}\n{doc}" if title and documents else doc,
            lang=str(lang) if lang else None,
            date_int=int(str(meta.get("date_int") or 0)),
            source=str(source) if source else None,
            duplicate_group=str(group) if group else None,
            index=int(str(meta.get("chunk_index") or 0)),
        )


def row_passage(
    chunk_id: str, text: str | None, meta: Mapping[str, Any] | None, score: float
) -> Passage:
    """A `Passage` from one row of a Chroma result (missing metadata reads as empty)."""
    meta = meta or {}

    def opt(key: str) -> str | None:
        value = meta.get(key)
        return str(value) if value not in (None, "") else None

    return Passage(
        chunk_id=chunk_id,
        article_id=str(meta.get("article_id", "")),
        title=str(meta.get("title", "")),
        text=text or "",
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        score=score,
        date=opt("date"),
        source=opt("source"),
        url=opt("url"),
        lang=opt("lang"),
        duplicate_group=opt("duplicate_group"),
    )
