"""One phase of the ingest benchmark (bench/ingest.py), measured in a process of its own so
that its peak RSS is its own: newsrag's ingest or the naive LangChain pipeline."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

from bench.profiles import DEFAULT_PROFILE, PROFILES

EMBEDDERS, DEFAULT_EMBEDDER = PROFILES, DEFAULT_PROFILE
COLLECTION = "bench"
PHASES = {
    "first": "newsrag: first ingest (fresh data dir)",
    "unchanged": "newsrag: re-ingest, nothing changed",
    "edited": "newsrag: re-ingest, 1% of articles edited",
    "naive": "naive LangChain: splitter 1000/200 + HF MiniLM + Chroma",
}


def newsrag_settings(data_dir: Path, embedder: str, collection: str = COLLECTION) -> Any:
    """Settings for a local, LLM-free newsrag over `data_dir` with the given embedder."""
    from rag.settings import Settings

    return Settings(
        data_dir=data_dir,
        collection=collection,
        embedding_model=EMBEDDERS[embedder][0],
        embedding_runtime=EMBEDDERS[embedder][1],
        chroma_url=None,
        llm=None,
    )


def dir_bytes(folder: Path) -> int:
    """Total size of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, object]:
    """CPU count, platform, Python and the thread-count variable of this run."""
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
        # above the CPU count, other jobs shared the machine: compare CPU-second rates
        "load_average_1m": os.getloadavg()[0],
    }


def cpu_seconds() -> float:
    """CPU seconds this process has used, all threads: unlike wall time, barely changed by
    other processes sharing the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_phase(phase: str, work: Path, embedder: str, folder: str) -> dict[str, object]:
    """Run one phase in this process; returns its measurements."""
    start = time.perf_counter()
    articles = sum(1 for line in (work / "slice.jsonl").open(encoding="utf-8") if line.strip())
    if phase == "naive":
        from langchain_huggingface import HuggingFaceEmbeddings

        from bench.datasets import BenchArticle as Article
        from bench.retrievers import LangchainBaseline
        from rag.embeddings import Embedder
        from rag.models.embedders import resolve_model_path

        records = [json.loads(line) for line in (work / "slice.jsonl").open(encoding="utf-8")]
        items = [Article(r["id"], r.get("title", ""), r["text"]) for r in records]
        hf = HuggingFaceEmbeddings(model_name=resolve_model_path("all-MiniLM-L6-v2"))
        baseline = LangchainBaseline(work / "naive", cast(Embedder, hf))
        hf.embed_query("warm up")
        startup = time.perf_counter() - start
        t0, c0 = time.perf_counter(), cpu_seconds()
        baseline.index(items)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        chunks, total, folder = baseline.collection.count(), baseline.collection.count(), "naive"
        label = PHASES[phase]
    else:
        from ingest.pipeline import ingest_paths
        from rag.app import Newsrag

        app = Newsrag(newsrag_settings(work / folder, embedder))
        app.embedder.embed_query("warm up")  # load the model before timing
        startup = time.perf_counter() - start
        t0, c0 = time.perf_counter(), cpu_seconds()
        report = ingest_paths(app, [work / "slice.jsonl"])
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        if report.errors:
            raise RuntimeError(f"ingest errors: {report.errors[:3]}")
        chunks, total = report.chunks_embedded, app.store.count()
        runtime = getattr(app.embedder, "runtime", "native")
        label = PHASES[phase] + f" [{app.embedder.name}, runtime {runtime}]"
        articles = report.added + report.updated + report.skipped
    return {
        "phase": phase,
        "label": label,
        "embedder": embedder if phase != "naive" else "minilm (torch)",
        "articles": articles,
        "chunks_embedded": chunks,
        "chunks_in_index": total,
        "wall_s": wall,
        "startup_s": startup,
        "articles_per_s": articles / wall if wall else 0.0,
        "chunks_per_s": chunks / wall if wall else 0.0,
        "cpu_s": cpu,
        "chunks_per_cpu_s": chunks / cpu if cpu else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        "data_dir_mb": dir_bytes(work / folder) / 2**20,
    }


def run_phase_subprocess(
    phase: str, work: Path, embedder: str, folder: str = "newsrag"
) -> dict[str, object]:
    """Run one phase in a fresh Python process and return its JSON result."""
    print(f"phase {phase} ({embedder}): {PHASES[phase]}", file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "bench.ingest", "--phase", phase, "--work", str(work)]
    out = subprocess.run(
        [*cmd, "--embedder", embedder, "--folder", folder],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    row = cast(dict[str, object], json.loads(out.strip().splitlines()[-1]))
    with (work / "phases.jsonl").open("a", encoding="utf-8") as log:  # survives an interrupted run
        log.write(json.dumps(row) + "\n")
    return row


def read_phases(work: Path) -> list[dict[str, Any]]:
    """The phase rows a run in `work` has logged so far, in order."""
    return [json.loads(line) for line in (work / "phases.jsonl").open(encoding="utf-8")]
