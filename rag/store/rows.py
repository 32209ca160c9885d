"""The one chunk schema: `rag.types.Chunk`'s fields as Chroma metadata and back, and Chroma's
rows as newsrag's types.

Every mapping here is derived from `dataclasses.fields(Chunk)`, so a field added to `Chunk` is
written, read back and hashed without another list of names to keep in step.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from typing import Any, get_type_hints

from rag.types import Chunk, Passage

# Chroma's name for a chunk field, where it differs (kept as the first indexes wrote it).
_STORED_NAME = {"index": "chunk_index"}


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


def _reader(kind: object) -> Callable[[Any], Any]:
    """How to read a stored value back as a field of this type (missing reads as empty)."""
    if kind is int:
        return lambda value: int(value or 0)
    if kind is str:
        return lambda value: "" if value is None else str(value)
    if isinstance(kind, types.UnionType) and set(kind.__args__) == {str, type(None)}:
        return lambda value: None if value in (None, "") else str(value)
    raise TypeError(f"rag.store.rows cannot store a Chunk field of type {kind}")


_HINTS = get_type_hints(Chunk)
# Metadata fields: every field but the text, which Chroma keeps as the row's document.
_META = tuple(f for f in fields(Chunk) if f.name != "text")
# (field, Chroma key, reader) of each metadata field, worked out once: rows are read by the 100,000.
_READ = tuple((f.name, _STORED_NAME.get(f.name, f.name), _reader(_HINTS[f.name])) for f in _META)
_PASSAGE_FIELDS = tuple(f.name for f in fields(Passage) if f.name in _HINTS and f.name != "text")


def chunk_fields(chunk: Chunk) -> dict[str, Any]:
    """Every field of a chunk but its text, by name (a LangChain document's metadata)."""
    return {f.name: getattr(chunk, f.name) for f in _META}


def chunk_from_fields(text: str, values: Mapping[str, Any]) -> Chunk:
    """The inverse of `chunk_fields`: a missing optional field takes its default, other keys
    of `values` are ignored."""
    present = {f.name: values[f.name] for f in _META if f.name in values or f.default is MISSING}
    return Chunk(text=text, **present)


def chunk_metadata(chunk: Chunk, **extra: str) -> dict[str, str | int]:
    """Chroma metadata of a chunk (no None values; the date also as an int for range filters)."""
    meta: dict[str, str | int] = {
        _STORED_NAME.get(f.name, f.name): getattr(chunk, f.name)
        for f in _META
        if f.default is MISSING
    }
    meta["date_int"] = int(chunk.date[:10].replace("-", "")) if chunk.date else 0
    for f in _META:
        value = getattr(chunk, f.name)
        if f.default is not MISSING and value:
            meta[_STORED_NAME.get(f.name, f.name)] = value
    meta.update(extra)
    return meta


def chunk_from_metadata(text: str | None, meta: Mapping[str, Any] | None) -> Chunk:
    """The chunk of one Chroma row (the inverse of `chunk_metadata`; missing reads as empty)."""
    return Chunk(text=text or "", **_read_fields(meta or {}))


def _read_fields(meta: Mapping[str, Any]) -> dict[str, Any]:
    return {name: read(meta.get(key)) for name, key, read in _READ}


def stored_chunks(
    ids: Sequence[str],
    documents: Sequence[str | None] | None,
    metadatas: Sequence[Mapping[str, Any] | None] | None,
) -> Iterator[StoredChunk]:
    """Chroma's columns of a `get` page, one `StoredChunk` per id."""
    for n, chunk_id in enumerate(ids):
        meta = (metadatas[n] if metadatas else None) or {}
        chunk = chunk_from_metadata(documents[n] if documents else None, meta)
        group = meta.get("duplicate_group")
        yield StoredChunk(
            id=chunk_id,
            article_id=chunk.article_id,
            text=chunk.embedded_text if documents else "",
            lang=chunk.lang,
            date_int=int(str(meta.get("date_int") or 0)),
            source=chunk.source,
            duplicate_group=str(group) if group else None,
            index=chunk.index,
        )


def row_passage(
    chunk_id: str, text: str | None, meta: Mapping[str, Any] | None, score: float
) -> Passage:
    """A `Passage` from one row of a Chroma result (missing metadata reads as empty)."""
    meta = meta or {}
    values = _read_fields(meta)
    group = meta.get("duplicate_group")
    return Passage(
        chunk_id=chunk_id,
        text=text or "",
        score=score,
        duplicate_group=str(group) if group not in (None, "") else None,
        **{name: values[name] for name in _PASSAGE_FIELDS},
    )
