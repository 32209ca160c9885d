"""Content hashes: of an article (has it changed?) and of a chunk (its record-manager key)."""

from __future__ import annotations

import hashlib
import json

from langchain_core.documents import Document

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
    """The record-manager key of a chunk document: a hash of its text and metadata."""
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
