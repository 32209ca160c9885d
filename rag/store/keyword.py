"""BM25 keyword index over chunk texts (bm25s + Snowball), persisted beside the store.

Each chunk's analysed terms are kept as ids in a growing vocabulary, so bringing the index up
to date after an ingest only analyses the chunks it has not seen; BM25 statistics are then
recomputed from the stored term ids, which is fast."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import bm25s
import numpy as np

from rag.filters import SearchFilter, date_number, number_date
from rag.store.rows import StoredChunk
from rag.text.analysis import analyze, as_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexedChunk:
    """What the keyword index keeps of a chunk: term ids, filter fields, article, language."""

    id: str
    terms: np.ndarray
    date_int: int
    source: str | None
    article_id: str = ""
    lang: str | None = None


_MODEL = "bm25"  # the folder, within a saved index, of its BM25 matrices


class Vocabulary:
    """Term <-> id, only ever growing (ids stay valid across refreshes)."""

    def __init__(self, terms: Sequence[str] = ()) -> None:
        self.terms = list(terms)
        self.ids = {t: i for i, t in enumerate(self.terms)}

    def encode(self, tokens: Iterable[str]) -> np.ndarray:
        """Term ids of tokens, adding new terms."""
        out = []
        for token in tokens:
            if token not in self.ids:
                self.ids[token] = len(self.terms)
                self.terms.append(token)
            out.append(self.ids[token])
        return np.asarray(out, dtype=np.int32)


class KeywordIndex:
    """An immutable BM25 index over chunks, in a given order, for one store revision: the
    snapshot a question both searches and weighs its terms with (`Newsrag.snapshot`)."""

    def __init__(
        self,
        chunks: list[IndexedChunk],
        vocabulary: Vocabulary,
        revision: str,
        model: bm25s.BM25 | None = None,
    ) -> None:
        self.chunks = chunks
        self.vocabulary = vocabulary
        self.revision = revision
        self.ids = [c.id for c in chunks]
        self.dates = np.asarray([c.date_int for c in chunks], dtype=np.int64)
        self.sources = [c.source for c in chunks]
        self.langs = np.asarray([as_language(c.lang) if c.lang else "" for c in chunks])
        # distinct articles: what a refusal says the archive holds, read here, not from the store
        self.article_count = len({c.article_id for c in chunks})
        self.model: bm25s.BM25 | None = model if chunks else None
        self._by_article: dict[str, list[int]] | None = None  # built when first asked
        self._by_article_lock = threading.Lock()
        if chunks and model is None:
            self.model = bm25s.BM25()
            # bm25s adds an empty token to the vocabulary it is given: hand it a copy.
            corpus = ([c.terms.tolist() for c in chunks], dict(vocabulary.ids))
            self.model.index(corpus, show_progress=False)

    @classmethod
    def refreshed(
        cls,
        listing: Sequence[StoredChunk],
        fetch_texts: Callable[[list[str]], Iterable[StoredChunk]],
        previous: KeywordIndex | None,
        revision: str,
    ) -> KeywordIndex:
        """An index over `listing`, reusing `previous` terms and analysing only new chunks."""
        vocabulary = Vocabulary(previous.vocabulary.terms if previous else ())
        known = {c.id: c.terms for c in previous.chunks} if previous else {}
        new_ids = [c.id for c in listing if c.id not in known]
        for chunk in fetch_texts(new_ids):
            known[chunk.id] = vocabulary.encode(analyze(chunk.text, chunk.lang))
        chunks = [
            IndexedChunk(c.id, known[c.id], c.date_int, c.source, c.article_id, c.lang)
            for c in listing
            if c.id in known
        ]
        log.info("keyword index: %d chunks, %d analysed anew", len(chunks), len(new_ids))
        return cls(chunks, vocabulary, revision)

    def date_span(self) -> tuple[date, date] | None:
        """The first and last article dates of the indexed chunks (None without dated ones):
        what the archive covers, read from the snapshot rather than from every row's metadata."""
        dated = self.dates[self.dates > 0]
        if not dated.size:
            return None
        try:
            return number_date(int(dated.min())), number_date(int(dated.max()))
        except ValueError:  # a date number no calendar has
            return None

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of an analysed term; unseen terms count as rare."""
        if self.model is None:
            return 1.0
        n_docs, df = int(self.model.scores["num_docs"]), max(1, self._frequency(term))
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    def _frequency(self, term: str) -> int:
        """Indexed chunks holding the analysed term: read from the matrices, since the
        vocabulary keeps the terms of chunks pruned or replaced (it only grows)."""
        if self.model is None or (token_id := self.model.vocab_dict.get(term)) is None:
            return 0
        indptr = self.model.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id])

    def search(
        self,
        query: str,
        k: int,
        lang: str | None = None,
        search_filter: SearchFilter | None = None,
        only: str | None = None,
    ) -> list[tuple[str, float]]:
        """Chunk ids with a positive BM25 score for the query (analysed as `lang`), best first;
        `only`: among the chunks in that language or none (docs/answers.md, across languages)."""
        known = [t for t in analyze(query, lang) if self.knows(t)]
        if self.model is None or not known:
            return []
        scores = np.asarray(self.model.get_scores(known))
        if search_filter is not None and search_filter.active:
            scores = scores * self._mask(search_filter)
        if only is not None:
            scores = scores * ((self.langs == as_language(only)) | (self.langs == ""))
        n = min(k, len(self.ids))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[int(i)], float(scores[i])) for i in top if scores[i] > 0]

    def article_terms(self, article_id: str) -> frozenset[str]:
        """The analysed terms of every indexed chunk of an article (none for one not indexed):
        what the whole article says, where a question's passages are some of its chunks."""
        with self._by_article_lock:
            if self._by_article is None:
                self._by_article = {}
                for i, chunk in enumerate(self.chunks):
                    self._by_article.setdefault(chunk.article_id, []).append(i)
        rows = self._by_article.get(article_id, [])
        terms = self.vocabulary.terms
        return frozenset(terms[t] for i in rows for t in self.chunks[i].terms.tolist())

    def knows(self, term: str) -> bool:
        """Whether some indexed chunk holds the analysed term (not one since pruned)."""
        return self._frequency(term) > 0

    def known_terms(self, query: str, lang: str | None = None) -> list[str]:
        """The query's analysed terms that some indexed chunk holds."""
        return [t for t in analyze(query, lang) if self.knows(t)]

    def matching_ids(self, search_filter: SearchFilter) -> list[str]:
        """Ids of the chunks the filter accepts."""
        return [self.ids[int(i)] for i in np.flatnonzero(self._mask(search_filter))]

    def holds(self, search_filter: SearchFilter) -> bool:
        """Whether the filter accepts some indexed chunk."""
        return bool(self._mask(search_filter).any())

    def _mask(self, search_filter: SearchFilter) -> np.ndarray:
        """1.0 for the chunks the filter accepts, 0.0 for the others."""
        keep = np.ones(len(self.ids), dtype=bool)
        if search_filter.since:
            keep &= self.dates >= date_number(search_filter.since)
        if search_filter.until:
            keep &= (self.dates > 0) & (self.dates <= date_number(search_filter.until))
        if search_filter.sources:
            allowed = set(search_filter.sources)
            keep &= np.fromiter((s in allowed for s in self.sources), bool, len(self.ids))
        return keep.astype(np.float32)

    def save(self, folder: Path) -> None:
        """Write the index to `folder` atomically (a reader never sees half an index).

        Several processes may save at once (an ingest and a UI that refreshed): each writes
        its own temporary folder, and one that loses the swap drops its copy, since every
        copy is checked against the store's revision when it is loaded.
        """
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.mkdir(parents=True)
        lengths = np.asarray([len(c.terms) for c in self.chunks], dtype=np.int64)
        flat = np.concatenate([c.terms for c in self.chunks]) if self.chunks else np.zeros(0)
        np.savez(tmp / "terms.npz", flat=flat.astype(np.int32), lengths=lengths)
        state = {
            "revision": self.revision,
            "ids": self.ids,
            "dates": self.dates.tolist(),
            "sources": self.sources,
            "articles": [c.article_id for c in self.chunks],
            "langs": [c.lang for c in self.chunks],
            "vocabulary": self.vocabulary.terms,
        }
        (tmp / "state.json").write_text(json.dumps(state, ensure_ascii=False))
        if self.model is not None:  # so a new process loads it instead of building it again
            self.model.save(str(tmp / _MODEL), show_progress=False)
        old = tmp.with_name(tmp.name.replace(".tmp-", ".old-"))
        with contextlib.suppress(FileNotFoundError):
            folder.rename(old)
        try:
            tmp.rename(folder)
        except OSError as exc:  # another process put its copy there first
            log.info("keyword index at %s saved by another process (%s)", folder, exc)
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        """The index saved in `folder`, or None when there is none readable."""
        if not (folder / "state.json").exists():
            return None
        try:
            state = json.loads((folder / "state.json").read_text())
            arrays = np.load(folder / "terms.npz")
            lengths = arrays["lengths"]
            # np.split of an empty array still gives one (empty) piece: no chunks, no pieces.
            terms = np.split(arrays["flat"], np.cumsum(lengths)[:-1]) if len(lengths) else []
            # saved before articles and languages were kept: a refresh lists them (not analysed)
            revision = state["revision"] if {"articles", "langs"} <= state.keys() else ""
            articles = state.get("articles") or [""] * len(state["ids"])
            langs = state.get("langs") or [None] * len(state["ids"])
            columns = (state["ids"], terms, state["dates"], state["sources"], articles, langs)
            chunks = [IndexedChunk(*row) for row in zip(*columns, strict=True)]
        except (OSError, ValueError, KeyError) as exc:
            log.warning("keyword index at %s unreadable (%s); it will be rebuilt", folder, exc)
            return None
        model = _saved_model(folder / _MODEL, len(chunks))
        if chunks and model is None:  # the refresh this gets saves the matrices built anew
            revision = ""
        return cls(chunks, Vocabulary(state["vocabulary"]), revision, model)


def _saved_model(folder: Path, chunks: int) -> bm25s.BM25 | None:
    """The BM25 matrices saved with the index (building them takes seconds on a large
    archive), when they are there and cover its `chunks`; None to build them anew."""
    if not chunks or not folder.is_dir():
        return None
    try:
        model = bm25s.BM25.load(str(folder), show_progress=False)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("BM25 matrices at %s unreadable (%s); they will be rebuilt", folder, exc)
        return None
    return model if int(model.scores["num_docs"]) == chunks else None
