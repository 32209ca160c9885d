"""Hybrid search: BM25 and dense rankings fused by weighted reciprocal rank, diversified."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from rag.analysis import detect_language
from rag.keyword import KeywordIndexKeeper
from rag.settings import Settings
from rag.store import ChromaStore
from rag.types import Passage


class HybridRetriever:
    """Ranks chunks for a query with both retrievers and returns diversified passages."""

    def __init__(
        self, store: ChromaStore, keywords: KeywordIndexKeeper, settings: Settings
    ) -> None:
        self.store = store
        self.keywords = keywords
        self.settings = settings

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        """The top-k passages for `query`, scored by fused rank (higher is better)."""
        k = k or self.settings.top_k
        n = max(self.settings.candidates, 4 * k)
        lang = detect_language(query)
        fused: dict[str, float] = defaultdict(float)
        keyword_hits = self.keywords.current().search(query, n, lang)
        for rank, (chunk_id, _) in enumerate(keyword_hits):
            fused[chunk_id] += self.settings.keyword_weight / (self.settings.rrf_k + rank + 1)
        dense = self.store.query(query, n) if self.settings.dense_weight > 0 else []
        for rank, passage in enumerate(dense):
            fused[passage.chunk_id] += self.settings.dense_weight / (self.settings.rrf_k + rank + 1)
        known = {p.chunk_id: p for p in dense}
        missing = [cid for cid in fused if cid not in known]
        known.update(self.store.get(missing))
        ranked = sorted(
            (cid for cid in fused if cid in known), key=lambda cid: fused[cid], reverse=True
        )
        return self._diversify([replace(known[cid], score=fused[cid]) for cid in ranked], k)

    def _diversify(self, ranked: list[Passage], k: int) -> list[Passage]:
        per_article: dict[str, int] = defaultdict(int)
        chosen: list[Passage] = []
        for passage in ranked:
            if per_article[passage.article_id] >= self.settings.max_passages_per_article:
                continue
            per_article[passage.article_id] += 1
            chosen.append(passage)
            if len(chosen) == k:
                break
        return chosen
