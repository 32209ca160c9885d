"""How widely Chroma must search its HNSW graph (`ef_search`) to return the exact nearest chunks.

    .venv/bin/python -m bench.hnsw_breadth --data-dir DIR [--ef 100,200,400,800] [--titles 500]

On a kept store (DIR holds `chroma/`, as a newsrag data dir does; collection `--collection`),
each breadth is set on the collection (what newsrag does when it opens it) and tried in a fresh
process: the share of the exact 40 nearest chunks (brute force over every stored vector) that
the search returns, for the handwritten news questions of `bench/` and for article titles, and
the search time. The collection keeps its first breadth afterwards. Report:
bench/results/hnsw-breadth-<chunks>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from bench.reports import command_line, write_report
from rag.models.embedders import build_embedder
from rag.settings import Settings

K = 40  # the dense candidates retrieval asks for (Settings.candidates)
QUESTION_FILES = (
    "questions_orangesum",
    "questions_orangesum_heldout",
    "questions_orangesum_heldout2",
)


def _collection(data_dir: str, name: str) -> Any:
    client = chromadb.PersistentClient(
        path=str(Path(data_dir) / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return client.get_collection(name)


def _queries(collection: Any, titles: int) -> dict[str, list[str]]:
    bench = Path(__file__).resolve().parent
    questions = [
        json.loads(line)["question"]
        for name in QUESTION_FILES
        for line in (bench / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    seen: dict[str, None] = {}
    for offset in range(0, collection.count(), 5000):
        for meta in collection.get(limit=5000, offset=offset, include=["metadatas"])["metadatas"]:
            if meta and meta.get("title"):
                seen[str(meta["title"])] = None
    return {"questions": questions, "titles": list(seen)[:: max(1, len(seen) // titles)][:titles]}


def _measure(data_dir: str, name: str, ef: int, titles: int) -> dict[str, Any]:
    """One breadth, in a fresh process (a loaded graph keeps the breadth it was loaded with)."""
    collection = _collection(data_dir, name)
    collection.modify(configuration={"hnsw": {"ef_search": ef}})
    ids, vectors = [], []
    for offset in range(0, collection.count(), 5000):
        page = collection.get(limit=5000, offset=offset, include=["embeddings"])
        ids += page["ids"]
        vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
    matrix = np.vstack(vectors)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    embedder = build_embedder(Settings())
    row: dict[str, Any] = {"ef_search": ef, "chunks": len(ids)}
    for kind, texts in _queries(collection, titles).items():
        shares, times = [], []
        for text in texts:
            query = np.asarray(embedder.embed_query(text), dtype=np.float32)
            exact = {ids[i] for i in np.argsort(-(matrix @ query))[:K]}
            start = time.perf_counter()
            found = collection.query(query_embeddings=[query.tolist()], n_results=K)
            times.append((time.perf_counter() - start) * 1000)
            shares.append(len(exact & set(found["ids"][0])) / K)
        row[kind] = {
            "queries": len(texts),
            "recall_mean": round(float(np.mean(shares)), 4),
            "recall_min": round(float(np.min(shares)), 3),
            "full_share": round(float(np.mean([s == 1.0 for s in shares])), 3),
            "p50_ms": round(float(np.percentile(times, 50)), 2),
            "p95_ms": round(float(np.percentile(times, 95)), 2),
        }
    return row


def render(result: dict[str, Any]) -> str:
    """The report as Markdown."""
    lines = [
        f"## HNSW search breadth: {result['chunks']:,} chunks",
        "",
        f"`{result['command']}`; share of the exact {K} nearest chunks returned (mean, worst "
        "query, share of queries with all of them) and search time of one query.",
        "",
        "| ef_search | queries | recall mean | worst | all 40 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        for kind in ("questions", "titles"):
            r = row[kind]
            lines.append(
                f"| {row['ef_search']} | {r['queries']} {kind} | {r['recall_mean']:.3f} | "
                f"{r['recall_min']:.3f} | {r['full_share']:.3f} | {r['p50_ms']} | {r['p95_ms']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Measure each breadth in its own process, then write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--collection", default=Settings.model_construct().collection)
    parser.add_argument("--ef", default="100,200,400,800")
    parser.add_argument("--titles", type=int, default=500)
    args = parser.parse_args()
    before = _collection(args.data_dir, args.collection).configuration["hnsw"]["ef_search"]
    spawn = multiprocessing.get_context("spawn")
    rows = []
    for ef in [int(v) for v in args.ef.split(",")]:
        with spawn.Pool(1) as pool:
            rows.append(pool.apply(_measure, (args.data_dir, args.collection, ef, args.titles)))
    with spawn.Pool(1) as pool:  # leave the store as it was found
        pool.apply(_restore, (args.data_dir, args.collection, before))
    result = {"command": command_line("bench.hnsw_breadth"), "chunks": rows[0]["chunks"]}
    result["rows"] = rows
    report = render(result)
    print(report)
    write_report(f"hnsw-breadth-{result['chunks']}", report, result)


def _restore(data_dir: str, name: str, ef: int) -> None:
    _collection(data_dir, name).modify(configuration={"hnsw": {"ef_search": ef}})


if __name__ == "__main__":
    main()
