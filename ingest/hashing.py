"""Content hashes: of an article (has it changed?) and of a chunk (its record-manager key)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from langchain_core.documents import Document

from rag.store.rows import chunk_from_fields
from rag.types import Article


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


def chunk_key(doc: Document) -> str:
    """The record-manager key of a chunk document: a hash of its chunk's fields, in their order.

    `end` is left out: `start` and the text imply it (and the first indexes' keys, which
    must stay valid, left it out).
    """
    chunk = chunk_from_fields(doc.page_content, doc.metadata)
    payload = [value for name, value in asdict(chunk).items() if name != "end"]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:32]
