"""How widely Chroma searches its HNSW graph for a question's nearest chunks (`ef_search`).

At 20,000 OrangeSum articles (55,464 chunks), Chroma's default of 100 returned 86% of the exact
40 nearest chunks that retrieval asks for (224 news questions; 35% for the worst); 400 returns
97%, for a millisecond or two more a search (`bench/hnsw_breadth.py`, docs/quality.md). Chroma
stores the value with the collection and it only sets how a search runs, so a store built with
another one is changed in place when opened: nothing is re-embedded.
"""

from __future__ import annotations

import logging
import time

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import ChromaError

log = logging.getLogger(__name__)

# Waits before trying again when another connection holds Chroma's SQLite write lock for a
# moment (« database is locked »): about 1.5 s in all, then the store keeps its breadth.
_LOCKED_WAITS = (0.1, 0.2, 0.4, 0.8)


def open_collection(client: ClientAPI, name: str, embedder: str, ef_search: int) -> Collection:
    """The collection `name`, created for `embedder` (cosine distance) when it is missing, and
    searched `ef_search` wide."""
    collection = client.get_or_create_collection(
        name,
        configuration={"hnsw": {"space": "cosine", "ef_search": ef_search}},
        metadata={"embedder": embedder},
        embedding_function=None,
    )
    search_widely(collection, ef_search)
    return collection


def search_widely(collection: Collection, ef_search: int) -> None:
    """Make `collection` search `ef_search` wide when it was built with another breadth. A
    write lock held a moment by another connection is waited out; a store that cannot be
    written keeps its own breadth, with a warning: it still answers."""
    stored = (collection.configuration or {}).get("hnsw") or {}
    if stored.get("ef_search") == ef_search:
        return
    for wait in (*_LOCKED_WAITS, None):
        try:
            collection.modify(configuration={"hnsw": {"ef_search": ef_search}})
            return
        except (ChromaError, OSError) as error:
            if wait is None or "locked" not in str(error):
                log.warning("collection %r keeps ef_search=%s: %s", collection.name, stored, error)
                return
            time.sleep(wait)
