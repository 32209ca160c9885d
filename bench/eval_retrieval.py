"""Side-by-side retrieval benchmark: a LangChain-tutorial baseline against newsrag's retrievers.

    .venv/bin/python -m bench.eval_retrieval [--dataset piaf|orangesum|all] [--full]
        [--limit-queries N] [--seed 13] [--rows keyword,dense-e5,...] [--dense-weights 0.1,1.0]
        [--index-dir DIR [--adopt-ingest KEPT_INGEST_RUN]]

Tables go to stdout and to bench/results/retrieval-<dataset>.md and .json.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from bench.datasets import (
    CROSS_LINGUAL_CHECKS,
    Dataset,
    Query,
    load_orangesum,
    load_piaf,
    sample_queries,
    seed_article,
    write_jsonl,
)
from bench.kept_indexes import adopt_ingest_run
from bench.reports import command_line, write_report
from bench.retrievers import ROWS, Retriever, build_retrievers


@dataclass(frozen=True)
class Metrics:
    """Article-level ranking quality and search latency over a set of queries."""

    queries: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    latency_p50_ms: float
    latency_p95_ms: float
    mean_articles: float  # distinct articles among the results, on average


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def dedupe(ids: Sequence[str]) -> list[str]:
    """Ids in first-seen order without repeats."""
    return list(dict.fromkeys(ids))


def evaluate(search: Callable[[str, int], list[str]], queries: list[Query], k: int = 10) -> Metrics:
    """Recall@1/5/10, MRR@10 and latency of `search`, which returns article ids best first.

    Each search call is timed, after one untimed warm-up query.
    """
    if queries:
        search(queries[0].text, k)
    hits = {1: 0, 5: 0, 10: 0}
    reciprocal = 0.0
    latencies: list[float] = []
    returned = 0
    for query in queries:
        start = time.perf_counter()
        ids = search(query.text, k)
        latencies.append((time.perf_counter() - start) * 1000)
        ranked = dedupe(ids)[:k]
        returned += len(ranked)
        if query.gold_article_id in ranked:
            rank = ranked.index(query.gold_article_id) + 1
            reciprocal += 1 / rank if rank <= 10 else 0.0
            for cutoff in hits:
                hits[cutoff] += rank <= cutoff
    n = max(len(queries), 1)
    return Metrics(
        queries=len(queries),
        recall_at_1=hits[1] / n,
        recall_at_5=hits[5] / n,
        recall_at_10=hits[10] / n,
        mrr_at_10=reciprocal / n,
        latency_p50_ms=_percentile(latencies, 0.5),
        latency_p95_ms=_percentile(latencies, 0.95),
        mean_articles=returned / n,
    )


def cross_lingual(passages: Callable[[str, int], list[str]]) -> dict[str, float]:
    """hit@1 and hit@5 of the seed-article checks: the expected text in a top passage."""
    at1 = at5 = 0
    for check in CROSS_LINGUAL_CHECKS:
        texts = passages(check.question, 5)
        at1 += bool(texts) and check.expected in texts[0]
        at5 += any(check.expected in t for t in texts[:5])
    n = len(CROSS_LINGUAL_CHECKS)
    return {"hit_at_1": at1 / n, "hit_at_5": at5 / n}


def load_dataset(name: str, *, full: bool, seed: int) -> Dataset:
    """The named dataset at its benchmark size (OrangeSum: 2,000 articles, all with `full`)."""
    if name == "piaf":
        return load_piaf(seed=seed)
    return load_orangesum(sample=None if full else 2000, seed=seed)


def run_dataset(dataset: Dataset, args: argparse.Namespace) -> dict[str, object]:
    """Index the dataset (plus the seed article) once per embedder and evaluate every row."""
    queries = sample_queries(dataset.queries, args.limit_queries, args.seed)
    articles = [*dataset.articles, seed_article()]
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="newsrag-bench-") as tmp:
        size = "full" if args.full else "default"
        folder = Path(args.index_dir) / f"{dataset.name}-{size}" if args.index_dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        notes = list(dataset.notes)
        if args.adopt_ingest and dataset.name == "orangesum":
            adopted = adopt_ingest_run(
                Path(args.adopt_ingest), folder, full=args.full, seed=args.seed
            )
            print(f"  adopted from {args.adopt_ingest}: {adopted}", file=sys.stderr, flush=True)
            notes.append(
                f"Indexes of `python -m bench.ingest --keep {args.adopt_ingest}` reused "
                "(1%-edited articles brought back, the seed article added); index s is the "
                "first ingest time that run measured."
            )
        jsonl = write_jsonl(articles, folder / f"{dataset.name}.jsonl")
        for retriever in build_retrievers(folder, jsonl, articles, args.rows, args.weights):
            rows.append(_evaluate_row(retriever, queries))
            print(f"  done: {retriever.label}", file=sys.stderr, flush=True)
    return {
        "dataset": dataset.name,
        "command": command_line("bench.eval_retrieval"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "sizes": {
            "articles": len(dataset.articles),
            "indexed_articles": len(articles),
            "queries_total": len(dataset.queries),
            "queries_evaluated": len(queries),
        },
        "settings": {
            "k": 10,
            "seed": args.seed,
            "full": args.full,
            "rows": args.rows,
            "index_dir": args.index_dir,
        },
        "notes": [
            *notes,
            "The seed article (seeds/000_*.txt) is added to the index for the cross-lingual "
            "checks; it answers none of the dataset's queries.",
        ],
        "rows": rows,
    }


def _evaluate_row(retriever: Retriever, queries: list[Query]) -> dict[str, object]:
    print(f"evaluating {retriever.label} on {len(queries)} queries", file=sys.stderr, flush=True)
    metrics = evaluate(retriever.search, queries, k=10)
    return {
        "retriever": retriever.label,
        "key": retriever.key,
        **asdict(metrics),
        "index_seconds": retriever.index_seconds,
        "chunks": retriever.chunks,
        "index_note": retriever.note,
        "cross_lingual": cross_lingual(retriever.passages),
    }


def render_markdown(result: dict[str, object]) -> str:
    """The result of one dataset as a Markdown report."""
    sizes = result["sizes"]
    assert isinstance(sizes, dict)
    rows = result["rows"]
    assert isinstance(rows, list)
    lines = [
        f"## Retrieval: {result['dataset']}",
        "",
        f"`{result['command']}` on {result['date']}, {os.cpu_count()} CPUs; "
        f"{sizes['articles']} articles (+ seed article), "
        f"{sizes['queries_evaluated']} of {sizes['queries_total']} queries.",
        "",
        "| retriever | R@1 | R@5 | R@10 | MRR@10 | p50 ms | p95 ms | index s | chunks "
        "| art./query |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        mark = "*" if r["index_note"] else ""
        lines.append(
            f"| {r['retriever']} | {r['recall_at_1']:.3f} | {r['recall_at_5']:.3f} "
            f"| {r['recall_at_10']:.3f} | {r['mrr_at_10']:.3f} | {r['latency_p50_ms']:.1f} "
            f"| {r['latency_p95_ms']:.1f} | {r['index_seconds']:.0f}{mark} | {r['chunks']} "
            f"| {r['mean_articles']:.1f} |"
        )
    n = len(CROSS_LINGUAL_CHECKS)
    langs = ", ".join(sorted({c.lang for c in CROSS_LINGUAL_CHECKS}))
    lines += [
        "",
        f"Cross-lingual checks ({n} {langs} questions on the French seed article; a hit = "
        "the expected French text is in a top passage):",
        "",
        "| retriever | hit@1 | hit@5 |",
        "|---|---|---|",
    ]
    lines += [
        f"| {r['retriever']} | {r['cross_lingual']['hit_at_1']:.2f} "
        f"| {r['cross_lingual']['hit_at_5']:.2f} |"
        for r in rows
    ]
    given = result["notes"]
    assert isinstance(given, list)
    notes = [str(note) for note in given]
    notes += sorted({f"* {r['index_note']}" for r in rows if r["index_note"]})
    lines += ["", *[f"- {note}" for note in notes], ""]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=["piaf", "orangesum", "all"], default="all")
    parser.add_argument("--full", action="store_true", help="all 20,000 OrangeSum articles")
    parser.add_argument("--limit-queries", type=int, default=None, metavar="N")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--rows",
        type=lambda s: [r.strip() for r in s.split(",") if r.strip()],
        default=list(ROWS),
        help=f"comma-separated subset of: {', '.join(ROWS)}",
    )
    parser.add_argument(
        "--dense-weights",
        "--weights",
        dest="weights",
        type=lambda s: [float(w) for w in s.split(",") if w.strip()],
        default=[],
        help="extra hybrid rows, one per dense_weight (same index, no re-indexing)",
    )
    parser.add_argument(
        "--index-dir",
        default=None,
        metavar="DIR",
        help="keep the indexes in DIR and reuse them on the next run (unchanged articles are "
        "not re-embedded; the first ingest time is remembered)",
    )
    parser.add_argument(
        "--adopt-ingest",
        default=None,
        metavar="DIR",
        help="with --index-dir: reuse the OrangeSum indexes of `bench.ingest --keep DIR` "
        "(same --full and --seed) instead of building them again",
    )
    args = parser.parse_args(argv)
    if args.adopt_ingest and not args.index_dir:
        parser.error("--adopt-ingest needs --index-dir")
    unknown = set(args.rows) - set(ROWS)
    if unknown:
        parser.error(f"unknown rows {sorted(unknown)}; choose from {', '.join(ROWS)}")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and write the reports."""
    args = parse_args(argv)
    names = ["piaf", "orangesum"] if args.dataset == "all" else [args.dataset]
    for name in names:
        print(f"loading {name}", file=sys.stderr, flush=True)
        result = run_dataset(load_dataset(name, full=args.full, seed=args.seed), args)
        report = render_markdown(result)
        print(report, flush=True)
        stem = f"retrieval-{name}{'-full' if args.full and name == 'orangesum' else ''}"
        write_report(stem, report, result)


if __name__ == "__main__":
    main()
