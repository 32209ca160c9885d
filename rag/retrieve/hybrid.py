"""Hybrid search: BM25 and dense rankings fused by weighted z-scores, then diversified."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

import numpy as np

from rag.embeddings import EmbedderProfile
from rag.filters import SearchFilter
from rag.settings import Settings
from rag.store.chroma import ChromaStore
from rag.store.keyword import KeywordIndex
from rag.store.keyword_keeper import KeywordIndexKeeper
from rag.text.analysis import analyze, decided_language
from rag.text.questionnames import question_names
from rag.types import Passage

# Chunk ids a filtered dense search sends at most; past that, Chroma's `where` clause filters.
MAX_FILTER_IDS = 50_000
# How far below a complete ranking's last hit a candidate missing from it is put (`zscore_fusion`).
_ABSENT_BELOW = 2.0
# The question's neighbourhood: its 11th to 40th nearest chunks by embedding. Fewer than 40
# (a small archive, a narrow filter): no neighbourhood to stand out from.
_NEIGHBOURHOOD = slice(10, 40)


class HybridRetriever:
    """Ranks chunks for a query with both retrievers and returns diversified passages."""

    def __init__(
        self,
        store: ChromaStore,
        keywords: KeywordIndexKeeper,
        settings: Settings,
        profile: EmbedderProfile,
    ) -> None:
        self.store = store
        self.keywords = keywords
        self.settings = settings
        # The embedding side's weight: the setting, else the one measured for the embedder.
        self.dense_weight = (
            profile.dense_weight if settings.dense_weight is None else settings.dense_weight
        )

    def search(
        self,
        query: str,
        k: int | None = None,
        search_filter: SearchFilter | None = None,
        keywords: KeywordIndex | None = None,
        prefer: SearchFilter | None = None,
    ) -> list[Passage]:
        """The top-k passages for `query`, scored by the fusion (higher is better).

        `keywords` is the question's snapshot of the keyword index; without it, the current one.
        `prefer`: a narrower filter (the period a question names) whose chunks are candidates
        too and rank `date_preference` standard deviations higher, while the others still
        compete: a story dated in the question is often told on another day.
        """
        k = k or self.settings.top_k
        search_filter = search_filter or SearchFilter()
        if prefer == search_filter or (prefer is not None and not prefer.active):
            prefer = None
        n = max(self.settings.candidates, 4 * k)
        rankings: list[tuple[float, list[tuple[str, float]]]] = []
        index = keywords or self.keywords.current()
        preferred_ids = index.matching_ids(prefer) if prefer is not None else []
        preferred = set(preferred_ids)
        complete: list[bool] = []
        standout: dict[str, float] = {}
        if self.settings.keyword_weight > 0:
            # a question's words match its own language's articles only; a query of names
            # (no language told) matches any
            only = decided_language(query)
            lang = only or "fr"
            hits = index.search(query, n, lang, search_filter, only)
            complete.append(len(hits) < n and _names_only(query, lang, index))
            if prefer is not None:
                hits = _union(hits, index.search(query, n, lang, prefer, only))
            rankings.append((self.settings.keyword_weight, hits))
        if self.dense_weight > 0:
            dense = self._nearest(query, n, search_filter, index)
            standout = standouts(dense)
            if prefer is not None:
                dense = _union(dense, self._nearest(query, n, prefer, index, preferred_ids))
            rankings.append((self.dense_weight, dense))
        if self.settings.fusion == "zscore":
            fused = zscore_fusion(rankings, complete)
        else:
            fused = self._rrf(rankings)
        for cid in preferred.intersection(fused):
            fused[cid] += self.settings.date_preference
        ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)
        return self._diversify(self._fetch(ranked, fused, 2 * k, standout), k)

    def _nearest(
        self,
        query: str,
        n: int,
        search_filter: SearchFilter,
        index: KeywordIndex,
        allowed: list[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The embedding ranking within the filter. Chroma's metadata filter reads every
        matching row (0.1-0.4 s a query at 20,000 articles); searching among the chunk ids the
        snapshot says pass takes 20-60 ms, up to a list so long that sending it would cost more
        than the filter."""
        if not search_filter.active:
            return self.store.nearest(query, n)
        if allowed is None:
            allowed = index.matching_ids(search_filter)
        if len(allowed) <= MAX_FILTER_IDS:
            return self.store.nearest(query, n, ids=allowed)
        return self.store.nearest(query, n, where=search_filter.where())

    def _fetch(
        self, ranked: list[str], fused: dict[str, float], page: int, standout: dict[str, float]
    ) -> Iterator[Passage]:
        """The ranked chunks' passages with their fused scores (and `standouts`), read from the
        store a page at a time as `_diversify` asks for them: it seldom needs more than the
        first page, and reading a chunk's text and metadata costs more than ranking it. Chunks
        the store no longer holds (an index refreshed between the two reads) are left out."""
        for start in range(0, len(ranked), page):
            ids = ranked[start : start + page]
            found = self.store.get(ids)
            for cid in ids:
                if cid in found:
                    chunk = found[cid]
                    scores = ((chunk.start, chunk.end, fused[cid]),)
                    yield replace(
                        chunk, score=fused[cid], chunk_scores=scores, standout=standout.get(cid)
                    )

    def _rrf(self, rankings: list[tuple[float, list[tuple[str, float]]]]) -> dict[str, float]:
        """Weighted reciprocal-rank fusion (kept for comparison in the benchmark)."""
        fused: dict[str, float] = defaultdict(float)
        for weight, hits in rankings:
            for rank, (chunk_id, _) in enumerate(hits):
                fused[chunk_id] += weight / (self.settings.rrf_k + rank + 1)
        return fused

    def _diversify(self, ranked: Iterable[Passage], k: int) -> list[Passage]:
        """At most N passages per article and one article per near-duplicate group (the
        best-ranked copy); overlapping chunks of one article become one."""
        chosen: list[Passage] = []
        per_article: dict[str, int] = defaultdict(int)
        copy_of_group: dict[str, str] = {}
        for passage in ranked:
            group = passage.duplicate_group or passage.article_id
            if copy_of_group.setdefault(group, passage.article_id) != passage.article_id:
                continue  # another copy of the same text ranked higher
            if _merge_into(chosen, passage):
                continue
            if per_article[passage.article_id] >= self.settings.max_passages_per_article:
                continue
            per_article[passage.article_id] += 1
            chosen.append(passage)
            if len(chosen) == k:
                break
        return chosen


def _union(
    first: list[tuple[str, float]], second: list[tuple[str, float]]
) -> list[tuple[str, float]]:
    """Both rankings' hits once each (a chunk scores the same in both), best first."""
    merged = dict(first) | dict(second)
    return sorted(merged.items(), key=lambda hit: hit[1], reverse=True)


def standouts(dense: list[tuple[str, float]]) -> dict[str, float]:
    """How far each chunk's embedding similarity stands above the mean of the question's
    neighbourhood (`_NEIGHBOURHOOD`); empty when the ranking is shorter than that.

    When the archive holds the question's article, its nearest chunk stands out from the
    chunks about neighbouring stories; when it does not, the nearest is one of many alike.
    An absolute similarity cannot tell the two apart across languages, where no key term
    matches and a larger archive brings closer neighbours to every question
    (docs/answers.md, "How far the nearest chunk stands out").
    """
    if len(dense) < _NEIGHBOURHOOD.stop:
        return {}
    background = float(np.mean([score for _, score in dense[_NEIGHBOURHOOD]]))
    return {cid: score - background for cid, score in dense}


def _names_only(query: str, lang: str, index: KeywordIndex) -> bool:
    """Whether the only terms of `query` the keyword index knows are its names: a German
    question on French news matches « Bescond » and nothing else."""
    known = index.known_terms(query, lang)
    names = set(analyze(" ".join(question_names(query, lang)), lang))
    return bool(known) and all(term in names for term in known)


def zscore_fusion(
    rankings: list[tuple[float, list[tuple[str, float]]]], complete: Sequence[bool] = ()
) -> dict[str, float]:
    """Weighted sum of each ranking's standardised scores over the union of candidates.

    Scores are made comparable per query by their z-score within the candidate list; a
    candidate missing from a list gets that list's lowest z-score, so it is not rewarded for
    being absent. Unlike rank fusion, a clear score gap in one ranking survives the fusion.
    A ranking flagged in `complete` holds every match there is (a keyword list shorter than
    asked for, matching only the question's names): a candidate missing from it is known not
    to match, and gets `_ABSENT_BELOW` standard deviations less than its last hit (level with
    it, a German question's « Bescond » article ranked 14th at 20,000 articles).
    """
    fused: dict[str, float] = defaultdict(float)
    padded = [*complete, *[False] * (len(rankings) - len(complete))]
    lists = [(w, hits) for w, hits in rankings if hits]
    flags = [flag for flag, (_, hits) in zip(padded, rankings, strict=True) if hits]
    standardised = []
    for weight, hits in lists:
        scores = np.asarray([score for _, score in hits], dtype=np.float64)
        spread = float(scores.std()) if len(scores) > 1 else 0.0
        z = (scores - scores.mean()) / spread if spread > 1e-9 else np.zeros_like(scores)
        standardised.append((weight, dict(zip((cid for cid, _ in hits), z, strict=True))))
    everyone = {cid for _, z_by_id in standardised for cid in z_by_id}
    for (weight, z_by_id), whole in zip(standardised, flags, strict=True):
        floor = min(z_by_id.values()) - (_ABSENT_BELOW if whole else 0.0)
        for cid in everyone:
            fused[cid] += weight * z_by_id.get(cid, floor)
    return fused


def _merge_into(chosen: list[Passage], passage: Passage) -> bool:
    """Fold `passage` into the chosen passages of its article that it overlaps or touches."""
    merged = passage
    touching = [
        i
        for i, kept in enumerate(chosen)
        if kept.article_id == passage.article_id and _joinable(kept, passage)
    ]
    if not touching:
        return False
    for i in touching:
        merged = _join(chosen[i], merged)
    chosen[touching[0]] = replace(
        merged, chunk_id=chosen[touching[0]].chunk_id, score=chosen[touching[0]].score
    )
    for i in reversed(touching[1:]):
        del chosen[i]
    return True


def _joinable(a: Passage, b: Passage) -> bool:
    return a.start <= b.end and b.start <= a.end


def _join(a: Passage, b: Passage) -> Passage:
    """One passage covering both (they overlap or touch, so the text stays exact)."""
    first, second = sorted((a, b), key=lambda p: p.start)
    chunks = a.chunk_scores + b.chunk_scores
    known = [p.standout for p in (a, b) if p.standout is not None]
    standout = max(known) if known else None
    if second.end <= first.end:
        return replace(first, score=max(a.score, b.score), chunk_scores=chunks, standout=standout)
    text = first.text + second.text[first.end - second.start :]
    return replace(
        first,
        text=text,
        end=second.end,
        score=max(a.score, b.score),
        chunk_scores=chunks,
        standout=standout,
    )
