"""The LangChain `VectorStore` face of the Chroma adapter, for LangChain's indexing API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from rag.store.chroma import ChromaStore
from rag.store.rows import chunk_fields, chunk_from_fields, chunk_metadata
from rag.types import Chunk


def chunk_to_document(chunk: Chunk, file: str) -> Document:
    """A LangChain document carrying every chunk field in its metadata."""
    return Document(page_content=chunk.text, metadata={**chunk_fields(chunk), "file": file})


def document_to_chunk(doc: Document) -> Chunk:
    """The inverse of `chunk_to_document`."""
    return chunk_from_fields(doc.page_content, doc.metadata)


class ChunkVectorStore(VectorStore):
    """Writes documents made by `chunk_to_document` into the Chroma adapter."""

    def __init__(
        self,
        store: ChromaStore,
        *,
        batch_size: int = 32,
        on_added: Callable[[int], None] | None = None,
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.on_added = on_added

    def add_documents(self, documents: list[Document], **kwargs: Any) -> list[str]:
        """Embed and store documents under the ids the indexing API chose.

        Chunks are embedded and written `batch_size` at a time, shortest first, and
        `on_added` hears of each write, so a long batch shows progress. (A crash between two
        writes leaves chunks that the record manager does not know yet; the next ingest
        removes them.)
        """
        ids: list[str] = list(kwargs["ids"])
        chunks = [document_to_chunk(d) for d in documents]
        metas = [
            chunk_metadata(
                c,
                file=str(d.metadata.get("file", "")),
                # set by ingest.duplicates before indexing; a lone article is its own group
                duplicate_group=str(d.metadata.get("duplicate_group") or c.article_id),
            )
            for c, d in zip(chunks, documents, strict=True)
        ]
        # Similar lengths share an embedding call, so little of it goes on padding.
        order = sorted(range(len(ids)), key=lambda i: len(chunks[i].embedded_text))
        for start in range(0, len(order), self.batch_size):
            part = order[start : start + self.batch_size]
            self.store.add(
                [ids[i] for i in part], [chunks[i] for i in part], [metas[i] for i in part]
            )
            if self.on_added is not None:
                self.on_added(len(part))
        return ids

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        """Delete chunks by id."""
        if ids:
            self.store.delete(ids)
        return True

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        """Not used: newsrag searches through `rag.retrieve.hybrid`."""
        raise NotImplementedError("search through rag.search()")

    @classmethod
    def from_texts(
        cls,
        texts: list[str],
        embedding: Embeddings,
        metadatas: list[dict[Any, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> ChunkVectorStore:
        """Not supported: build it from a `ChromaStore`."""
        raise NotImplementedError("construct ChunkVectorStore(store)")

    def add_texts(
        self,
        texts: Iterable[str],
        metadatas: list[dict[Any, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> list[str]:
        """Add texts whose metadata holds the chunk fields."""
        docs = [
            Document(page_content=t, metadata=m)
            for t, m in zip(texts, metadatas or [], strict=True)
        ]
        return self.add_documents(docs, ids=ids)


__all__: Sequence[str] = ["ChunkVectorStore", "chunk_to_document", "document_to_chunk"]
